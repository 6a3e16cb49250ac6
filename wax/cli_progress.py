"""A job's progress on a terminal: a bar redrawn in place, or plain lines when not a tty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TextIO, TypeVar

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
