"""The one edit pattern every entity shares: validate -> compare -> set -> change-log.

Each service describes its entity once (`EntityKind`: model, change-log name, field labels,
messages) and an `EntityEditor` does the rest, so the rules (stale versions refused, one
log entry per changed field, one flush per edit) live in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from psm_desktop.errors import NotFoundError, StaleWriteError
from psm_desktop.services import changelog
from psm_desktop.services.context import EditContext


class Identified(Protocol):
    id: Any


T = TypeVar("T", bound=Identified)

Validate = Callable[[Session, T, Mapping[str, Any]], dict[str, Any]]


def _getattr(session: Session, obj: Any, name: str) -> Any:
    return getattr(obj, name)


def _setattr(session: Session, obj: Any, name: str, value: Any) -> None:
    setattr(obj, name, value)


def _as_is(session: Session, name: str, value: Any) -> Any:
    return value


@dataclass(frozen=True)
class EntityKind(Generic[T]):
    """How one entity is named and stored; the services declare one each."""

    model: type[T]
    entity: str  # its name in the change log: "azione", "soggetto", "strategia"...
    labels: Mapping[str, str]  # field -> Italian label in the change log
    not_found: str  # the message when the row is gone
    describe: Callable[[T], str]  # "L'azione 1.1.1": the subject of the stale-write message
    log_label: Callable[[T], str]  # the entity_label of its change-log entries
    action_id: Callable[[T], int | None] = field(default=lambda obj: None)
    # Reading, writing and showing a field; plain attributes unless the entity says otherwise
    # (sets of sectors, a zone's name instead of its id).
    current: Callable[[Session, T, str], Any] = _getattr
    assign: Callable[[Session, T, str, Any], None] = _setattr
    shown: Callable[[Session, str, Any], Any] = _as_is
    label_of: Callable[[str], str] | None = None  # field -> label when not a key of `labels`
    touch: Callable[[T], None] | None = None  # called once when an edit changed something


class EntityEditor(Generic[T]):
    def __init__(self, kind: EntityKind[T], ctx: EditContext) -> None:
        self.kind = kind
        self.ctx = ctx

    def load(self, session: Session, entity_id: int, expected_version: int | None) -> T:
        """The row, or NotFoundError; StaleWriteError if it changed since `expected_version`."""
        obj = session.get(self.kind.model, entity_id)
        if obj is None:
            raise NotFoundError(self.kind.not_found)
        if expected_version is not None and getattr(obj, "version", None) != expected_version:
            raise StaleWriteError(self.kind.describe(obj))
        return obj

    def edit(
        self,
        session: Session,
        entity_id: int,
        expected_version: int | None,
        changes: Mapping[str, Any],
        validate: Validate[T],
    ) -> tuple[T, list[str]]:
        """Load, validate (raising with every problem), apply; the row and the changed fields."""
        obj = self.load(session, entity_id, expected_version)
        clean = validate(session, obj, changes)
        return obj, self.apply(session, obj, clean)

    def apply(self, session: Session, obj: T, clean: Mapping[str, Any]) -> list[str]:
        """Set each validated value that differs, logging old -> new; flush once.

        No autoflush while fields are set: one flush at the end bumps `version` once and
        turns a concurrent change into StaleWriteError.
        """
        kind = self.kind
        changed: list[str] = []
        with session.no_autoflush:
            for name, new in clean.items():
                old = kind.current(session, obj, name)
                if old == new:
                    continue
                kind.assign(session, obj, name, new)
                self.log(
                    session,
                    obj,
                    self.label(name),
                    kind.shown(session, name, old),
                    kind.shown(session, name, new),
                )
                changed.append(name)
        if changed and kind.touch is not None:
            kind.touch(obj)
        self.flush(session, obj)
        return changed

    def label(self, name: str) -> str:
        if self.kind.label_of is not None:
            return self.kind.label_of(name)
        return self.kind.labels[name]

    def flush(self, session: Session, obj: T) -> None:
        described = self.kind.describe(obj)  # a failed flush expires the object: read it first
        try:
            session.flush()
        except StaleDataError as exc:
            raise StaleWriteError(described) from exc

    def log(self, session: Session, obj: T, field_label: str, old: object, new: object) -> None:
        changelog.record(
            session,
            self.ctx,
            entity=self.kind.entity,
            entity_id=obj.id,
            label=self.kind.log_label(obj),
            action_id=self.kind.action_id(obj),
            field=field_label,
            old=old,
            new=new,
        )

    def created(self, session: Session, obj: T, shown: object) -> None:
        """Log the creation of `obj` (flushed, so it has an id)."""
        self.log(session, obj, "creazione", None, shown)

    def deleted(self, session: Session, obj: T, shown: object) -> None:
        """Log and delete `obj`."""
        self.log(session, obj, "eliminazione", shown, None)
        session.delete(obj)
