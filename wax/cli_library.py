"""`wax library scan [--full]`: the library scan from a terminal, with a live progress bar.

It runs the scan in this process, through the same job runner as the server; when a server
(or another command) is already scanning the same database, it follows that scan instead of
starting a second one.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from wax.cli_progress import ProgressView, ended, follow
from wax.resolvers import library_scan
from wax.resolvers.library_scan import ScanProgress
from wax.services import open_services
from wax.settings import Settings


def register(commands: Any) -> None:
    library = commands.add_parser("library", help="work with the music library")
    actions = library.add_subparsers(dest="action", required=True, metavar="ACTION")
    scan = actions.add_parser(
        "scan",
        help="scan WAX_MUSIC_DIR into the library (or follow the scan already running)",
    )
    scan.add_argument(
        "--full",
        action="store_true",
        help="re-read every file, not only new and changed ones (for tag editors that keep "
        "the modification time)",
    )
    scan.set_defaults(handler=scan_command)


async def scan_command(args: argparse.Namespace, settings: Settings) -> int:
    view = ProgressView(sys.stdout, describe, fraction)
    async with open_services(settings) as services:
        started = await services.library_scan.start_or_attach(full=args.full)
        if started.is_remote:
            print("Another wax process is running a scan; following it.", flush=True)
        last = await follow(view, started.updates(), ScanProgress())
        run = await library_scan.get_scan_run(started.run_id)
    return ended("library scan", run.status, summary(last, run.status), last.errors)


def summary(progress: ScanProgress, status: str) -> str:
    return (
        f"Scan {status}: {progress.new_songs} new, {progress.updated_songs} updated,"
        f" {progress.removed_songs} removed, {len(progress.errors)} errors"
        f" ({progress.scanned_files} of {progress.total_files} files scanned)."
    )


def describe(progress: ScanProgress) -> str:
    return (
        f"{progress.scanned_files}/{progress.total_files or '?'} files"
        f"  new {progress.new_songs}  updated {progress.updated_songs}"
        f"  removed {progress.removed_songs}  errors {len(progress.errors)}"
    )


def fraction(progress: ScanProgress) -> float:
    total = progress.total_files
    return 1.0 if progress.is_done else progress.scanned_files / total if total else 0.0
