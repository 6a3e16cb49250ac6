"""`wax discogs sync`: the two-way Discogs sync from a terminal, with a live progress bar.

It runs the sync in this process, through the same job runner as the server;
when a server (or another command) is already syncing the same database, it
follows that sync instead of starting a second one.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from wax.cli_progress import ProgressView, ended, follow
from wax.resolvers import discogs_sync
from wax.resolvers.discogs_sync import SyncProgress
from wax.resolvers.discogs_sync.jobs import RemoteSync
from wax.services import open_services
from wax.settings import Settings


def register(commands: Any) -> None:
    discogs = commands.add_parser("discogs", help="work with Discogs")
    actions = discogs.add_subparsers(dest="action", required=True, metavar="ACTION")
    sync = actions.add_parser(
        "sync",
        help="two-way sync with the Discogs collection (or follow the sync already running)",
    )
    sync.set_defaults(handler=sync_command)


async def sync_command(args: argparse.Namespace, settings: Settings) -> int:
    view = ProgressView(sys.stdout, describe, fraction)
    async with open_services(settings) as services:
        handle = await services.discogs_sync.start_or_attach()
        if isinstance(handle, RemoteSync):
            print("Another wax process is running a sync; following it.", flush=True)
        last = await follow(view, handle.updates(), SyncProgress())
        run = await discogs_sync.get_sync_run(handle.run_id)
    return ended("Discogs sync", run.status, summary(last, run.status), last.errors)


def summary(progress: SyncProgress, status: str) -> str:
    counts = (
        f"pulled {progress.pulled}, pushed {progress.pushed}, skipped {progress.skipped}"
        f" ({progress.total_discogs_items} items in the Discogs collection)"
    )
    return f"Sync {status}: {counts}."


def describe(progress: SyncProgress) -> str:
    seen = progress.pulled + progress.skipped
    of_total = f"{seen}/{progress.total_discogs_items or '?'}"
    return (
        f"{progress.phase:<4}  {of_total} items  pulled {progress.pulled}"
        f"  skipped {progress.skipped}  pushed {progress.pushed}  errors {len(progress.errors)}"
    )


def fraction(progress: SyncProgress) -> float:
    total = progress.total_discogs_items
    done = progress.phase != "pull" or (total > 0 and progress.pulled + progress.skipped >= total)
    return 1.0 if done else (progress.pulled + progress.skipped) / total if total else 0.0
