"""Errors the user can fix, each with an Italian message that names the place.

Bugs are ordinary exceptions and are never caught here: only `UserError` subclasses
are shown to the user as plain messages (CLI on stderr, GUI in a dialog).
"""

from __future__ import annotations

from dataclasses import dataclass

# The command line's exit code for a problem the user can fix (argparse's own for usage).
EXIT_USER_ERROR = 2


class UserError(Exception):
    """A problem the user can fix; `str(error)` is the Italian message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseError(UserError):
    """The database file cannot be used as it is."""


class NotAPsmDatabaseError(DatabaseError):
    """The file is not a PSM Desktop database (or is corrupt); it is never written to."""


class NewerSchemaError(DatabaseError):
    """The file was written by a newer version of the application; it is left untouched."""


class DatabaseLockedError(DatabaseError):
    """Another program holds a lock on the file."""


class ReadOnlyDatabaseError(DatabaseError):
    """The database was opened read-only (someone else has it open): nothing is written."""


class ServerPasswordError(DatabaseError):
    """The server wants a password it was not given (`needed`) or refused the one given."""

    def __init__(self, message: str, *, needed: bool) -> None:
        super().__init__(message)
        self.needed = needed


class ConnectionLostError(DatabaseError):
    """The server holding the plan cannot be reached just now (network, restart)."""


class PermissionDeniedError(DatabaseError):
    """The server refused a change this user may not make (its role or office)."""


class NotFoundError(UserError):
    """A record asked for does not exist (any more)."""


class StaleWriteError(UserError):
    """The record changed since it was read: the write is refused, the caller should reload."""

    def __init__(self, entity_label: str) -> None:
        super().__init__(
            f"{entity_label}: i dati sono stati modificati da un'altra finestra o da un altro "
            "programma dopo che li avevi aperti. La tua modifica non è stata salvata: "
            "ricarica i dati e riprova."
        )
        self.entity_label = entity_label


class InUseError(UserError):
    """A record cannot be deleted because others refer to it."""


@dataclass(frozen=True)
class Problem:
    """One problem in user input: where it is and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ValidationError(UserError):
    """Input that breaks a rule; lists every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = str(self.problems[0])
        else:
            text = "Sono stati trovati questi problemi:\n" + "\n".join(
                f"- {p}" for p in self.problems
            )
        super().__init__(text)
