"""nginx (Debian's package) serving a folder, started by the bench for case 9.

A minimal configuration written into the bench's workdir: its own prefix, pid file, error
log and temporary paths, no root privileges needed (a port above 1024), one worker like
`wax serve`, sendfile and tcp_nopush on as in Debian's /etc/nginx/nginx.conf, no access
log (wax runs without one).
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
from pathlib import Path

from bench import servers
from bench.context import NotAvailable

CONFIG = """\
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
daemon off;
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    access_log off;
    types {{
        audio/wav wav;
    }}
    default_type application/octet-stream;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            root {root};
        }}
    }}
}}
"""


def nginx_binary() -> str:
    """Debian's nginx, or NotAvailable saying how to get it."""
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )
    if found is None:
        raise NotAvailable("nginx is not installed (apt-get install nginx)")
    return found


def version_line(binary: str) -> str:
    done = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip().removeprefix("nginx version: ") or "nginx"


def write_config(prefix: Path, root: Path, port: int) -> Path:
    prefix.mkdir(parents=True, exist_ok=True)
    # started as root, nginx's worker would become `nobody`, who cannot read the workdir
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    config = prefix / "nginx.conf"
    config.write_text(CONFIG.format(user=user, prefix=prefix, port=port, root=root))
    return config


async def start_nginx(name: str, root: Path, workdir: Path) -> servers.Server:
    """nginx serving `root` on a free port, in the foreground (SIGINT stops it)."""
    binary = nginx_binary()
    port = servers.free_port()
    prefix = workdir / name
    config = write_config(prefix, root, port)
    argv = [binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    return await servers.start(name, argv, {}, workdir, port, ready_path="/ready")
