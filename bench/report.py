"""Measures, and the table and JSON they end up in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

NOT_AVAILABLE = "not available yet"


@dataclass
class Measure:
    case: str
    engine: str
    what: str
    value: str
    target: str = ""
    # None: no target, or nothing measured
    met: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)


def not_available(case: str, engine: str, what: str, why: str) -> Measure:
    return Measure(case, engine, what, NOT_AVAILABLE, met=None, data={"reason": why})


def failed(case: str, engine: str, what: str, error: BaseException) -> Measure:
    message = f"{type(error).__name__}: {error}".splitlines()[0][:160]
    return Measure(case, engine, what, f"failed ({message})", met=False)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(measures: list[Measure]) -> str:
    lines = [
        "| Case | Engine | Measure | Value | Target | Met |",
        "|---|---|---|---|---|---|",
    ]
    for m in measures:
        met = "" if m.met is None else ("yes" if m.met else "**no**")
        cells = (m.case, m.engine, m.what, m.value, m.target, met)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)


def write_results(
    directory: Path,
    measures: list[Measure],
    meta: dict[str, Any],
    notes: list[str],
    sections: list[str] | None = None,
) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    header = (
        f"# wax benchmark ({meta['plan']}, {meta['started']})\n\n"
        f"Commit `{meta['commit']}` on `{meta['branch']}`; load from {meta['load_generator']}; "
        f"{meta['cpus']} CPUs, load average {meta['loadavg_start']} at the start.\n"
        "Throughput and latency are ratios against measures taken in the same run; "
        "absolute figures drift on a shared machine.\n\n"
    )
    table = markdown_table(measures)
    extra = "".join(f"\n- {note}" for note in notes)
    text = header + table + "\n" + (f"\nNotes:{extra}\n" if notes else "")
    text += "".join(f"\n{section}\n" for section in sections or [])
    (directory / "latest.md").write_text(text)
    payload = {
        "meta": meta,
        "measures": [asdict(m) for m in measures],
        "notes": notes,
        "sections": sections or [],
    }
    (directory / "latest.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return text


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
