"""A job's progress on a terminal: a bar redrawn in place, or plain lines when not a tty."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from typing import Generic, TextIO, TypeVar

from wax.models.sync_runs import STATUS_SUCCEEDED

P = TypeVar("P")

BAR_WIDTH = 24


def bar(fraction: float) -> str:
    filled = round(BAR_WIDTH * min(max(fraction, 0.0), 1.0))
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]"


def print_errors(errors: tuple[str, ...], stream: TextIO) -> None:
    for error in errors:
        print(f"  - {error}", file=stream)


class ProgressView(Generic[P]):
    """A bar redrawn in place on a terminal; one plain line per change otherwise.

    `describe` words a progress on one line, `fraction` says how far along it is (0 to 1).
    """

    def __init__(
        self, stream: TextIO, describe: Callable[[P], str], fraction: Callable[[P], float]
    ) -> None:
        self.stream = stream
        self.describe = describe
        self.fraction = fraction
        self.live = stream.isatty()
        self._last_line = ""

    def show(self, progress: P) -> None:
        line = self.describe(progress)
        if line == self._last_line:
            return
        self._last_line = line
        if self.live:
            self.stream.write(f"\r\x1b[2K{bar(self.fraction(progress))} {line}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self._last_line:
            self.stream.write("\n")
            self.stream.flush()


async def follow(view: ProgressView[P], updates: AsyncIterator[P], last: P) -> P:
    """Show each update of a job until it ends; its last progress."""
    async for progress in updates:
        view.show(progress)
        last = progress
    view.close()
    return last


def ended(job: str, status: str, summary: str, errors: tuple[str, ...]) -> int:
    """The summary, then the errors: listed after a success (exit 0), on stderr otherwise (1)."""
    print(summary, flush=True)
    if status == STATUS_SUCCEEDED:
        if errors:
            print("Errors:")
            print_errors(errors, sys.stdout)
        return 0
    print(f"wax: the {job} {status}:", file=sys.stderr)
    print_errors(errors, sys.stderr)
    return 1
