"""wax.music_files is a library of its own: it leans on mutagen and the standard library only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import wax.music_files

PACKAGE = Path(wax.music_files.__file__).parent


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            roots.add(node.module)
    return roots


def test_music_files_imports_no_database_no_web_framework_and_nothing_else_of_wax() -> None:
    imported = {module for path in PACKAGE.rglob("*.py") for module in imported_roots(path)}
    foreign = {
        module
        for module in imported
        if module.split(".")[0] not in sys.stdlib_module_names | {"mutagen"}
    }

    assert "mutagen" in {module.split(".")[0] for module in imported}
    assert foreign == set()
