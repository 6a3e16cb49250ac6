"""wax's dependencies point down: app -> domain (resolvers, models, discogs) -> foundation.

The imports are read from the source with ast (function-level and TYPE_CHECKING imports
count too), so a dependency hidden inside a function is found like any other.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import wax

DOMAIN = ("wax.resolvers", "wax.models", "wax.discogs", "wax.music_files")
# what the domain may lean on; a new module below the domain is added here, deliberately
FOUNDATION = (
    "wax.errors",
    "wax.settings",
    "wax.database",
    "wax.database_checks",
    "wax.database_clients",
    "wax.tortoise_internals",
    "wax.music_files",  # reading music files: pure, like the Discogs client
)
# the Discogs client is a library of its own: it raises its own errors and takes plain values
NOT_FOR_DISCOGS = ("wax.settings", "wax.errors")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    path: Path  # relative to the directory holding the package
    line: int
    target: str  # the wax module imported

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.module} imports {self.target}"


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path) -> list[Import]:
    """Every import of a module of the package at `root` by a module of it."""
    paths = sorted(root.rglob("*.py"))
    modules = {module_name(root, path) for path in paths}
    found: list[Import] = []
    for path in paths:
        name = module_name(root, path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, package, modules):
                if target == root.name or target.startswith(root.name + "."):
                    found.append(
                        Import(
                            name, path.relative_to(root.parent), getattr(node, "lineno", 0), target
                        )
                    )
    return found


def _targets(node: ast.AST, package: str, modules: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        # `from wax import services` imports the module wax.services
        submodules = [f"{base}.{alias.name}" for alias in node.names]
        return [sub for sub in submodules if sub in modules] or [base]
    if isinstance(node, ast.Call) and _is_dynamic_import(node.func):
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [first.value]
    return []


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in {"__import__", "import_module"}
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def upward_imports(found: list[Import]) -> list[Import]:
    """Imports by the domain of anything but the domain and the foundation."""
    return [
        each
        for each in found
        if within(each.module, DOMAIN)
        and not within(each.target, DOMAIN + FOUNDATION)
        and each.target != "wax"
    ]


def app_imports_in_discogs(found: list[Import]) -> list[Import]:
    return [
        each
        for each in found
        if within(each.module, ("wax.discogs",)) and within(each.target, NOT_FOR_DISCOGS)
    ]


def foundation_imports_above_it(found: list[Import]) -> list[Import]:
    return [
        each
        for each in found
        if within(each.module, FOUNDATION)
        and not within(each.target, FOUNDATION)
        and each.target != "wax"
    ]


WAX = Path(wax.__file__).parent


def report(violations: list[Import]) -> str:
    return "\n".join(str(each) for each in violations)


def test_resolvers_models_and_discogs_import_nothing_above_them() -> None:
    violations = upward_imports(imports_of(WAX))

    assert not violations, "the domain imports the app layer:\n" + report(violations)


def test_the_discogs_client_imports_neither_wax_settings_nor_wax_errors() -> None:
    violations = app_imports_in_discogs(imports_of(WAX))

    assert not violations, "wax.discogs depends on the app:\n" + report(violations)


def test_errors_settings_and_the_database_import_neither_the_domain_nor_the_app() -> None:
    violations = foundation_imports_above_it(imports_of(WAX))

    assert not violations, "the foundation imports from above it:\n" + report(violations)


def test_the_walk_sees_the_real_modules_of_every_layer() -> None:
    importers = {each.module for each in imports_of(WAX)}

    for package in (*DOMAIN, "wax.services", "wax.schema", "wax.rest_compat"):
        assert any(within(module, (package,)) for module in importers), package


def write(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


def test_an_upward_import_is_named_with_its_module_and_line_however_it_is_spelled(
    tmp_path: Path,
) -> None:
    root = tmp_path / "wax"
    for package in ("", "resolvers/", "discogs/", "schema/", "models/"):
        write(root, f"{package}__init__.py", "")
    write(root, "services.py", "")
    write(root, "errors.py", "")
    write(root, "schema/types.py", "")
    write(
        root,
        "resolvers/records.py",
        "from wax.models import base\n"
        "from wax.errors import NotFound\n"
        "\n"
        "def later():\n"
        "    from wax import services\n"
        "    from ..schema.types import Record\n",
    )
    write(
        root,
        "models/base.py",
        "import typing\nif typing.TYPE_CHECKING:\n    import wax.schema\n",
    )
    write(
        root,
        "discogs/errors.py",
        "import importlib\n"
        "from wax.errors import NotFound\n"
        "importlib.import_module('wax.services')\n",
    )

    found = imports_of(root)
    upward = {str(each) for each in upward_imports(found)}
    into_the_app = [str(each) for each in app_imports_in_discogs(found)]

    assert upward == {
        "wax/resolvers/records.py:5: wax.resolvers.records imports wax.services",
        "wax/resolvers/records.py:6: wax.resolvers.records imports wax.schema.types",
        "wax/models/base.py:3: wax.models.base imports wax.schema",
        "wax/discogs/errors.py:3: wax.discogs.errors imports wax.services",
    }
    assert into_the_app == ["wax/discogs/errors.py:2: wax.discogs.errors imports wax.errors"]
