"""`wax discogs sync`: the two-way Discogs sync from a terminal, with a live progress bar.

It runs the sync in this process, through the same job runner as the server;
when a server (or another command) is already syncing the same database, it
follows that sync instead of starting a second one.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from wax.models.sync_runs import STATUS_SUCCEEDED
from wax.resolvers import discogs_sync
from wax.resolvers.discogs_sync import SyncProgress
from wax.services import open_services
from wax.settings import Settings

BAR_WIDTH = 24


def register(commands: Any) -> None:
    discogs = commands.add_parser("discogs", help="work with Discogs")
    actions = discogs.add_subparsers(dest="action", required=True, metavar="ACTION")
    sync = actions.add_parser(
        "sync",
        help="two-way sync with the Discogs collection (or follow the sync already running)",
    )
    sync.set_defaults(handler=sync_command)


async def sync_command(args: argparse.Namespace, settings: Settings) -> int:
    view = ProgressView(sys.stdout)
    async with open_services(settings) as services:
        handle = await services.discogs_sync.start_or_attach()
        last = SyncProgress()
        async for progress in handle.updates():
            view.show(progress)
            last = progress
        run = await discogs_sync.get_sync_run(handle.run_id)
    view.close()
    succeeded = run.status == STATUS_SUCCEEDED
    print(summary(last, run.status))
    if last.errors:
        print("Errors:" if succeeded else "Why:", file=sys.stdout if succeeded else sys.stderr)
        for error in last.errors:
            print(f"  - {error}", file=sys.stdout if succeeded else sys.stderr)
    return 0 if succeeded else 1


def summary(progress: SyncProgress, status: str) -> str:
    counts = (
        f"pulled {progress.pulled}, pushed {progress.pushed}, skipped {progress.skipped}"
        f" ({progress.total_discogs_items} items in the Discogs collection)"
    )
    return f"Sync {status}: {counts}."


def describe(progress: SyncProgress) -> str:
    seen = progress.pulled + progress.skipped
    of_total = f"{seen}/{progress.total_discogs_items}" if progress.total_discogs_items else "…"
    return (
        f"{progress.phase:<4}  {of_total} items  pulled {progress.pulled}"
        f"  skipped {progress.skipped}  pushed {progress.pushed}  errors {len(progress.errors)}"
    )


def bar(progress: SyncProgress) -> str:
    total = progress.total_discogs_items
    done = progress.phase != "pull" or (total > 0 and progress.pulled + progress.skipped >= total)
    fraction = 1.0 if done else (progress.pulled + progress.skipped) / total if total else 0.0
    filled = round(BAR_WIDTH * min(fraction, 1.0))
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]"


class ProgressView:
    """A bar redrawn in place on a terminal; one plain line per change otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self._last_line = ""

    def show(self, progress: SyncProgress) -> None:
        line = describe(progress)
        if line == self._last_line:
            return
        self._last_line = line
        if self.live:
            self.stream.write(f"\r\x1b[2K{bar(progress)} {line}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self._last_line:
            self.stream.write("\n")
            self.stream.flush()
