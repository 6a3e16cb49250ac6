"""CPU time from /proc: a server process, and the PostgreSQL backends serving it.

A process's CPU is utime + stime of /proc/PID/stat (every thread; clock ticks, 10 ms on
Linux). The backends serving a server are found by their client socket: the server's TCP
connections to PostgreSQL's port (its /proc/PID/fd sockets looked up in /proc/PID/net/tcp)
give local ports, and pg_stat_activity names the backend whose client_port is one of them.
Nothing else on the machine is counted, unlike a sum over every postgres process, which on a
shared machine would take in other sessions' queries. A backend that connects during the
window counts whole (its start-up included); one that exits during it is lost, so the bench
reads after a warm-up, when the pools are full.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """utime + stime of the process, seconds; 0 when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # the command name, in parentheses, may hold spaces: the fields start after its ')'
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) * TICK_S


def child_pids(pid: int) -> list[int]:
    """The process's children (nginx's workers beside its master)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += [int(child) for child in task.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return children


def process_tree_cpu_s(pid: int) -> float:
    """utime + stime of the process and of its children still running."""
    return process_cpu_s(pid) + sum(process_cpu_s(child) for child in child_pids(pid))


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def client_ports(pid: int, server_port: int) -> set[int]:
    """Local ports of the process's TCP connections to `server_port` (IPv4 and IPv6)."""
    inodes = _socket_inodes(pid)
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if inode in inodes and int(remote.rsplit(":", 1)[1], 16) == server_port:
                ports.add(int(local.rsplit(":", 1)[1], 16))
    return ports


async def backend_pids(database_url: str, pid: int, server_port: int = 5432) -> list[int]:
    """The PostgreSQL backends whose client is process `pid`."""
    ports = client_ports(pid, server_port)
    if not ports:
        return []
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])", list(ports)
        )
    finally:
        await connection.close()
    return [int(row["pid"]) for row in rows]


@dataclass
class CpuReading:
    server_s: float
    backends_s: dict[int, float]


async def read(database_url: str | None, pid: int) -> CpuReading:
    """The server's CPU, and each of its PostgreSQL backends' (none without a database URL)."""
    backends = await backend_pids(database_url, pid) if database_url else []
    return CpuReading(process_cpu_s(pid), {b: process_cpu_s(b) for b in backends})


@dataclass
class CpuUsed:
    """CPU spent over a window, milliseconds per request."""

    server_ms: float
    postgres_ms: float
    backends: int

    def as_dict(self) -> dict[str, float]:
        return {
            "server_ms_per_request": round(self.server_ms, 3),
            "postgres_ms_per_request": round(self.postgres_ms, 3),
            "backends": self.backends,
        }


def used(before: CpuReading, after: CpuReading, requests: int) -> CpuUsed:
    per = 1000 / max(1, requests)
    server = (after.server_s - before.server_s) * per
    postgres = sum(s - before.backends_s.get(b, 0.0) for b, s in after.backends_s.items()) * per
    return CpuUsed(server, postgres, len(after.backends_s))
