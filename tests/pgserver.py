"""A real PostgreSQL server for the tests, started in a temporary folder.

One server per test session (initdb + pg_ctl from the Debian `postgresql` package),
listening only on a Unix socket inside its folder; a seeded template database is made
once, and each test gets its own copy of it (CREATE DATABASE ... TEMPLATE, a file copy
on the server: far cheaper than running the migrations and the seed again).

As root (CI, containers) PostgreSQL refuses to run: the server then runs as the
`postgres` user the Debian package creates (or `nobody`), through `runuser`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SUPERUSER = "psm_test_admin"


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl, else PATH's."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def missing_reason() -> str | None:
    """Why no server can be started here, or None."""
    if find_bin_dir() is None:
        return (
            "PostgreSQL non installato: mancano initdb e pg_ctl "
            "(apt-get install postgresql) — test sul server saltati"
        )
    return None


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root and no unprivileged user to start PostgreSQL with")


class PgServer:
    """A throwaway cluster: `start()`, `url(db, user)`, `new_database()`, `stop()`.

    Tests run it without flushing to disk (fsync off); `durable` keeps a real server's
    settings, for benchmarks that compare it with SQLite writing with synchronous=FULL.
    """

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        bin_dir = find_bin_dir()
        assert bin_dir is not None
        self.bin_dir = bin_dir
        self.user = _run_as()
        # Not under pytest's tmp folder: as root that is mode 700, closed to the server user.
        self.folder = Path(tempfile.mkdtemp(prefix="psm-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def _cmd(self, *args: str) -> list[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            return ["runuser", "-u", self.user, "--", *command]
        return command

    def start(self) -> None:
        subprocess.run(
            self._cmd(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            cwd=self.folder,
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' "
            "-c max_connections=200"
        )
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            self._cmd(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ),
            check=True,
            capture_output=True,
            cwd=self.folder,
        )

    def stop(self) -> None:
        try:
            subprocess.run(
                self._cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"),
                check=False,
                capture_output=True,
                cwd=self.folder,
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str, user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run `sql` as the superuser, outside a transaction (CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        name = "t_" + uuid.uuid4().hex[:16]
        suffix = f" TEMPLATE {template}" if template else ""
        self.admin(f"CREATE DATABASE {name}{suffix}")
        return name
