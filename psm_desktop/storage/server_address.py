"""Where a plan on a PostgreSQL server is: host, port, database and user, as the window's
*Apri database sul server…* asks for them, and the URL the engine and the recent files use.

A URL kept or shown anywhere (settings, recent files, title) never carries the password:
it comes from libpq's ~/.pgpass / PGPASSFILE, or from the system keyring (credentials.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from psm_desktop.errors import DatabaseError

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    host: str  # a name, an address, or a folder holding the server's Unix socket
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        """postgresql://user@host:port/database (a socket folder goes in ?host=)."""
        socket = self.host.startswith("/")
        url = URL.create(
            "postgresql",
            username=self.user or None,
            password=password or None,
            host=None if socket else (self.host or None),
            port=None if socket and self.port == DEFAULT_PORT else self.port,
            database=self.database,
            query={"host": self.host} if socket else {},
        )
        return url.render_as_string(hide_password=False)

    def label(self) -> str:
        """user@host/database, as the window's title names the server."""
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        return f"{self.user}@{self.host or 'localhost'}{port}/{self.database}"

    def key(self) -> str:
        """The name the password is kept under in the system keyring."""
        return f"{self.user}@{self.host or 'localhost'}:{self.port}/{self.database}"


def parse(url: str) -> tuple[ServerAddress, str | None]:
    """The address in a server URL, and the password written in it (if any)."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise DatabaseError(f"L'indirizzo del server {url} non è valido.") from exc
    host = parsed.host or str(parsed.query.get("host") or "")
    address = ServerAddress(
        host=host,
        port=parsed.port or DEFAULT_PORT,
        database=parsed.database or "",
        user=parsed.username or "",
    )
    return address, parsed.password if isinstance(parsed.password, str) else None
