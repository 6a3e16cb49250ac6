"""PostGraphile 5 beside wax: installed with npm into build/postgraphile, started on the bench's
PostgreSQL database.

No PostGraphile code is committed: `install` writes a package.json pinning postgraphile 5.1.5
and postgraphile-plugin-connection-filter 4.0.1 (the `updated_at` range filter) and runs
`npm install` there; PostGraphile 5.1.5 needs Node.js 22 (on 20 every query fails), so when
the machine's node is older the npm package node-linux-<arch>@22 brings one into the same
folder without touching the machine's. bench/postgraphile_server.mjs, copied beside the
packages, starts the server. Anything missing raises NotAvailable with the reason.
"""

from __future__ import annotations

import asyncio
import json
import platform
import shutil
import subprocess
from pathlib import Path

from bench.context import NotAvailable
from bench.databases import log
from bench.servers import Server, free_port, start

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "build" / "postgraphile"
SERVER_SCRIPT = Path(__file__).resolve().parent / "postgraphile_server.mjs"
PACKAGES = {"postgraphile": "5.1.5", "postgraphile-plugin-connection-filter": "4.0.1"}
NODE_MAJOR = 22
NPM_TIMEOUT_S = 600
ARCHES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def _node_major(node: str) -> int:
    done = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    try:
        return int(done.stdout.strip().lstrip("v").split(".")[0])
    except ValueError:
        return 0


def _installed_version(package: str) -> str | None:
    manifest = BUILD / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text())["version"])
    except (FileNotFoundError, KeyError, ValueError):
        return None


def _node_package() -> str:
    arch = ARCHES.get(platform.machine().lower())
    if arch is None:
        raise NotAvailable(f"no Node.js {NODE_MAJOR} package for {platform.machine()}")
    return f"node-linux-{arch}"


def _wanted() -> tuple[dict[str, str], Path | None]:
    """The packages to install, and the node binary to use (None: the one npm installs)."""
    system_node = shutil.which("node")
    if system_node and _node_major(system_node) >= NODE_MAJOR:
        return dict(PACKAGES), Path(system_node)
    return {**PACKAGES, _node_package(): str(NODE_MAJOR)}, None


def _install_sync() -> Path:
    packages, node = _wanted()
    node = node or BUILD / "node_modules" / _node_package() / "bin" / "node"
    exact = {name: version for name, version in packages.items() if "." in version}
    current = all(_installed_version(name) == version for name, version in exact.items())
    if not current or not node.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise NotAvailable("npm is not on PATH (PostGraphile is installed with npm)")
        BUILD.mkdir(parents=True, exist_ok=True)
        manifest = {"name": "wax-bench-postgraphile", "private": True, "dependencies": packages}
        (BUILD / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
        log(f"installing {', '.join(f'{k}@{v}' for k, v in packages.items())} with npm")
        argv = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"]
        try:
            done = subprocess.run(
                argv, cwd=BUILD, capture_output=True, text=True, timeout=NPM_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise NotAvailable(f"npm install took over {NPM_TIMEOUT_S} s") from None
        if done.returncode != 0:
            tail = " ".join((done.stderr or done.stdout).split())[-300:]
            raise NotAvailable(f"npm install failed: {tail}")
    if not node.exists() or _node_major(str(node)) < NODE_MAJOR:
        raise NotAvailable(f"no Node.js {NODE_MAJOR} at {node}")
    shutil.copyfile(SERVER_SCRIPT, BUILD / "server.mjs")
    return node


async def install() -> Path:
    """PostGraphile in build/postgraphile (npm install when missing); the node to run it with."""
    return await asyncio.to_thread(_install_sync)


def version_line(node: Path) -> str:
    versions = ", ".join(f"{name} {_installed_version(name)}" for name in PACKAGES)
    done = subprocess.run([str(node), "--version"], capture_output=True, text=True, check=False)
    return f"{versions}; Node.js {done.stdout.strip()}"


async def start_postgraphile(name: str, database_url: str, workdir: Path, node: Path) -> Server:
    """One PostGraphile process on `database_url` (amber preset, connection filter, production)."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "GRAPHILE_ENV": "production",
        "NODE_ENV": "production",
    }
    argv = [str(node), str(BUILD / "server.mjs")]
    # GET /graphql answers 405 once the schema is built and the server listens
    return await start(name, argv, env, workdir, port, ready_path="/graphql")
