"""Node.js clients run by the suite against a live wax.

The packages are pinned in tests/node/package.json + package-lock.json and
installed once per session, with `npm ci`, into tests/.node/ (ignored by git).
Scripts are CommonJS files in tests/node/; they find the packages through
NODE_PATH and read where wax is and how to get in from the environment:

    WAX_URL     http://127.0.0.1:PORT
    WAX_WS_URL  ws://127.0.0.1:PORT
    WAX_TOKEN   a bearer token

A script reports by printing one JSON document as its last line of output.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.servers import LiveServer

SOURCES = Path(__file__).parent / "node"
INSTALL = Path(__file__).parent / ".node"
MANIFESTS = ("package.json", "package-lock.json")
NPM_TIMEOUT = 600


class NodeScriptFailed(AssertionError):
    pass


@dataclass
class NodeResult:
    returncode: int
    stdout: str
    stderr: str

    def report(self) -> Any:
        """The JSON document the script printed last."""
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        if not lines:
            raise NodeScriptFailed(f"the script printed nothing\n{self.stderr}")
        return json.loads(lines[-1])


def require_node() -> tuple[str, str]:
    """node and npm, or the test is skipped saying what is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if not path)
        pytest.skip(f"{missing} not found: install Node.js >= 20 and npm to run this test")
    return node, npm


def install_packages(npm: str) -> Path:
    """`npm ci` into tests/.node/ unless the same lock file is already installed there."""
    INSTALL.mkdir(exist_ok=True)
    installed = all(
        (INSTALL / name).exists() and (INSTALL / name).read_bytes() == (SOURCES / name).read_bytes()
        for name in MANIFESTS
    )
    if not (installed and (INSTALL / "node_modules").is_dir()):
        for name in MANIFESTS:
            shutil.copyfile(SOURCES / name, INSTALL / name)
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=INSTALL,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            (INSTALL / "package-lock.json").unlink(missing_ok=True)
            raise RuntimeError(f"npm ci in {INSTALL} failed:\n{done.stdout}\n{done.stderr}")
    return INSTALL / "node_modules"


@dataclass
class NodeRunner:
    node: str
    node_modules: Path

    async def run(
        self,
        script: str,
        server: LiveServer,
        token: str | None = None,
        *,
        env: dict[str, str] | None = None,
        timeout: float = 120,
        check: bool = True,
    ) -> NodeResult:
        """Run tests/node/<script> against `server`; fails the test if it exits non-zero."""
        environment = {
            **os.environ,
            "NODE_PATH": str(self.node_modules),
            "WAX_URL": server.url,
            "WAX_WS_URL": server.ws_url,
            **({"WAX_TOKEN": token} if token else {}),
            **(env or {}),
        }
        process = await asyncio.create_subprocess_exec(
            self.node,
            str(SOURCES / script),
            env=environment,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise NodeScriptFailed(f"{script} did not finish within {timeout} s") from None
        result = NodeResult(process.returncode or 0, stdout.decode(), stderr.decode())
        if check and result.returncode != 0:
            raise NodeScriptFailed(
                f"{script} exited with {result.returncode}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        return result


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def require_chromium() -> str:
    """A Chromium executable ($WAX_CHROMIUM or on PATH), or the test is skipped saying so."""
    candidates = [os.environ.get("WAX_CHROMIUM", ""), *CHROMIUM_NAMES]
    for candidate in filter(None, candidates):
        path = shutil.which(candidate)
        if path:
            return path
    pytest.skip(
        "no Chromium found (looked for $WAX_CHROMIUM, " + ", ".join(CHROMIUM_NAMES) + "): "
        "install it (Debian: apt-get install chromium) to run this test"
    )
