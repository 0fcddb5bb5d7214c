"""The first screen's data read straight from a plan file, before SQLAlchemy is loaded.

Start-up shows the plan (tree, table, filter choices, an action in the editor) from this
read, then opens the file the normal way (`database.open_database`: recovery of an
interrupted write, migrations, daily copy, presence record) and makes it editable. So this
read must never show what the normal opening would not: it answers only for a file that is
a PSM plan already at the current schema, with no interrupted write pending, and else
returns None (the window then waits for the normal opening, which says what is wrong).

Read-only (`mode=ro`: SQLite never writes, not even to recover a journal), with the stdlib
`sqlite3`; the queries are those of `services.queries` and `services.action_service`
written out for SQLite, and return plain tuples: `services.first_view` makes the rows.
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from psm_desktop.storage import migrations
from psm_desktop.storage.sqlite_uri import file_uri

APP_ID = "psm-desktop"
LEAD_ROLE = "responsabile"
NAME_SEPARATOR = "\x1f"  # between the leads' names (as services.queries joins them)
# Files beside the database that mean an interrupted write: the normal opening recovers it.
PENDING_SUFFIXES = ("-journal", "-wal")  # rollback journal (storage.journal), write-ahead log
# An action: its columns, its tags, its assignments, its deadlines.
Detail = tuple[tuple[Any, ...], list[tuple[str, str]], list[tuple[Any, ...]], list[tuple[Any, ...]]]

# The rows' query of services.queries, in parts: its correlated subqueries cost three times
# more than these grouped reads joined in Python (10,000 actions). The action table alone:
# each strategy's axis, code and place come from the strategies read beside it, and
# sorting in Python by the positions costs less than SQLite sorting the wide rows. Every
# column costs about a millisecond for 10,000 rows: what only the filters read is apart.
ROWS_SQL = """
SELECT id, code, text, short_title, strategy_id, status, progress, priority, start_date,
 end_date, version, position
FROM action
"""
# The stakeholders' ids from the (action, stakeholder) index alone; the leads as ids, named
# from the stakeholders read beside them (one string per name, not one per row).
STAKEHOLDERS_SQL = (
    "SELECT action_id, group_concat(CAST(stakeholder_id AS VARCHAR), ',') FROM assignment"
    " GROUP BY action_id"
)
LEADS_SQL = "SELECT action_id, stakeholder_id FROM assignment WHERE role = ?"
# The read-only connection's page cache (KiB, negative) and memory map: the first view
# reads every action, assignment and deadline page once; more cache than SQLite's default
# 2 MB and no copy through read() cost a tenth less on the 10,000-action demo.
CACHE_PRAGMAS = ("PRAGMA cache_size = -65536", "PRAGMA mmap_size = 268435456")
DUE_SQL = (  # action id -> its open deadlines' dates, joined
    "SELECT action_id, group_concat(CAST(due_date AS VARCHAR), ',') FROM deadline"
    " WHERE completed_on IS NULL GROUP BY action_id"
)
# What only the filters read (not the table nor the tree): read when first asked for,
# after the plan is shown. Action id -> the joined ids of its stakeholders, zones, goals.
FILTER_IDS_SQL = (
    STAKEHOLDERS_SQL,
    "SELECT action_id, group_concat(CAST(zone_id AS VARCHAR), ',') FROM action_zone"
    " GROUP BY action_id",
    "SELECT action_id, group_concat(CAST(goal AS VARCHAR), ',') FROM action_sdg GROUP BY action_id",
)
# And the office fields the filters read, for the actions that have any.
OFFICE_FIELDS_SQL = (
    "SELECT id, cup, pnrr, competence FROM action"
    " WHERE cup IS NOT NULL OR pnrr IS NOT NULL OR competence IS NOT NULL"
)
FilterIds = tuple[dict[int, str], dict[int, str], dict[int, str], dict[int, tuple[Any, ...]]]
DETAIL_SQL = """
SELECT action.id, action.code, action.text, action.short_title, axis.number, axis.title,
 strategy.code, strategy.title, action.status, action.progress, action.priority,
 action.start_date, action.end_date, action.budget, action.funding_source, action.notes,
 action.updated_at, action.version, action.cup, action.pnrr, action.dup_objective,
 action.competence
FROM action JOIN strategy ON action.strategy_id = strategy.id
JOIN axis ON strategy.axis_id = axis.id WHERE action.id = ?
"""

TAGS_SQL = """
SELECT 's', sector FROM action_sector WHERE action_id = :id
UNION ALL SELECT 'z', zone.name FROM zone JOIN action_zone ON action_zone.zone_id = zone.id
 WHERE action_zone.action_id = :id
UNION ALL SELECT 'a', CAST(axis.number AS VARCHAR) FROM axis
 JOIN action_axis_link ON action_axis_link.axis_id = axis.id
 WHERE action_axis_link.action_id = :id
UNION ALL SELECT 'g', CAST(goal AS VARCHAR) FROM action_sdg WHERE action_id = :id
"""

ASSIGNMENTS_SQL = """
SELECT assignment.id, assignment.action_id, stakeholder.id, stakeholder.name,
 stakeholder.kind, assignment.role, assignment.version
FROM assignment JOIN stakeholder ON assignment.stakeholder_id = stakeholder.id
WHERE assignment.action_id = ?
"""

DEADLINES_SQL = """
SELECT deadline.id, deadline.action_id, action.code, action.text, axis.number,
 deadline.title, deadline.due_date, deadline.completed_on, deadline.stakeholder_id,
 stakeholder.name, deadline.notes, deadline.version
FROM deadline JOIN action ON deadline.action_id = action.id
JOIN strategy ON action.strategy_id = strategy.id JOIN axis ON strategy.axis_id = axis.id
LEFT OUTER JOIN stakeholder ON deadline.stakeholder_id = stakeholder.id
WHERE deadline.action_id = ?
ORDER BY deadline.completed_on IS NOT NULL, deadline.due_date, action.code, deadline.id
"""


class ActionRows(NamedTuple):
    """The actions' columns (ROWS_SQL) in plan order, and by action id: the leads' names
    (LEADS_SQL, joined by NAME_SEPARATOR) and the open deadlines (DUE_SQL). What the
    filters need comes apart: `FirstViewReader.filter_ids`."""

    rows: list[tuple[Any, ...]]
    leads: dict[int, str]
    due: dict[int, str]


class FirstViewData(NamedTuple):
    """What the first screen shows, as stored (text dates and enum values)."""

    database_id: str
    plan: tuple[Any, ...] | None  # id, code, title, issuer, period, updated_on
    axes: list[tuple[Any, ...]]  # id, number, title, description (by number)
    axis_links: list[tuple[int, int]]  # axis id, linked axis id
    strategies: list[tuple[Any, ...]]  # id, axis number, code, title, description
    zones: list[tuple[int, str]]  # in their order
    stakeholders: list[tuple[int, str]]  # by name, case ignored
    actions: ActionRows
    last_change: int | None  # the change log's newest id: was the file changed since?


class FirstViewReader:
    """A read-only connection to a plan file: the first view, then any action's detail
    until the normal opening is done (`close()`)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def read(self) -> FirstViewData:
        c = self._connection
        c.execute("BEGIN")  # one snapshot for every query (a shared lock while it lasts)
        try:
            meta = dict(c.execute("SELECT key, value FROM psm_meta").fetchall())
            strategies = c.execute(
                "SELECT strategy.id, axis.number, strategy.code, strategy.title,"
                " strategy.description FROM strategy JOIN axis ON strategy.axis_id = axis.id"
                " ORDER BY axis.number, strategy.position"
            ).fetchall()
            stakeholders = c.execute(
                "SELECT id, name FROM stakeholder ORDER BY lower(name)"
            ).fetchall()
            return FirstViewData(
                database_id=str(meta.get("database_id", "")),
                plan=c.execute(
                    "SELECT id, code, title, issuer, period, updated_on FROM plan ORDER BY id"
                ).fetchone(),
                axes=c.execute(
                    "SELECT id, number, title, description FROM axis ORDER BY number"
                ).fetchall(),
                axis_links=c.execute("SELECT axis_id, linked_axis_id FROM axis_link").fetchall(),
                strategies=strategies,
                zones=c.execute("SELECT id, name FROM zone ORDER BY position").fetchall(),
                stakeholders=stakeholders,
                actions=self._rows(strategies, stakeholders),
                last_change=c.execute("SELECT max(id) FROM change_log").fetchone()[0],
            )
        finally:
            c.execute("COMMIT")

    def _rows(
        self, strategies: list[tuple[Any, ...]], stakeholders: list[tuple[int, str]]
    ) -> ActionRows:
        """Every action's columns (ROWS_SQL, in plan order) and, by action id, what the rows'
        query of `services.queries` joins beside them."""
        c = self._connection
        names = dict(stakeholders)
        leads: dict[int, str] = {}
        for aid, stakeholder_id in c.execute(LEADS_SQL, (LEAD_ROLE,)).fetchall():
            name = names[stakeholder_id]
            leads[aid] = f"{leads[aid]}{NAME_SEPARATOR}{name}" if aid in leads else name
        due = dict(c.execute(DUE_SQL).fetchall())
        return ActionRows(_in_plan_order(c.execute(ROWS_SQL).fetchall(), strategies), leads, due)

    def filter_ids(self) -> FilterIds | None:
        """By action id, the joined ids of its stakeholders, zones and goals
        (FILTER_IDS_SQL), and its CUP, PNRR measure and competence (OFFICE_FIELDS_SQL):
        only the filters read them. None if the file cannot be read just now (locked by a
        writer, closed)."""
        try:
            c = self._connection
            c.execute("BEGIN")
            try:
                found = [dict(c.execute(sql).fetchall()) for sql in FILTER_IDS_SQL]
                office = {row[0]: row[1:] for row in c.execute(OFFICE_FIELDS_SQL)}
            finally:
                c.execute("COMMIT")
        except sqlite3.Error:
            return None
        return found[0], found[1], found[2], office

    def detail(
        self, action_id: int
    ) -> (
        tuple[tuple[Any, ...], list[tuple[str, str]], list[tuple[Any, ...]], list[tuple[Any, ...]]]
        | None
    ):
        """An action's columns (DETAIL_SQL), its tags (kind, value: s sector, z zone,
        a linked axis, g goal), assignments and deadlines; None if it does not exist."""
        c = self._connection
        c.execute("BEGIN")
        try:
            row = c.execute(DETAIL_SQL, (action_id,)).fetchone()
            if row is None:
                return None
            return (
                row,
                c.execute(TAGS_SQL, {"id": action_id}).fetchall(),
                c.execute(ASSIGNMENTS_SQL, (action_id,)).fetchall(),
                c.execute(DEADLINES_SQL, (action_id,)).fetchall(),
            )
        finally:
            c.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()


def _in_plan_order(
    rows: list[tuple[Any, ...]], strategies: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """The strategies come by axis and position; within each, the actions by position (and
    id): each strategy's rows apart, then sorted by a key read in C (a third of the time of
    one sort keyed in Python). LookupError for an action of no strategy (a damaged file)."""
    by_strategy: dict[int, list[tuple[Any, ...]]] = {s[0]: [] for s in strategies}
    for row in rows:
        by_strategy[row[4]].append(row)  # KeyError (a LookupError) for an unknown one
    ordered: list[tuple[Any, ...]] = []
    for bucket in by_strategy.values():
        bucket.sort(key=_POSITION_THEN_ID)
        ordered.extend(bucket)
    return ordered


_POSITION_THEN_ID = itemgetter(11, 0)


def open_reader(location: Path | str) -> FirstViewReader | None:
    """A reader on `location` if it is a PSM plan file at the current schema with no
    interrupted write pending; None for anything else (a server, a new, foreign, newer,
    older or damaged file): the normal opening deals with those."""
    if not isinstance(location, Path):
        return None  # a server's URL: the normal path
    path = location.expanduser()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        if any(Path(f"{path}{suffix}").exists() for suffix in PENDING_SUFFIXES):
            return None
        connection = sqlite3.connect(file_uri(path, "ro"), uri=True, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        connection.execute("PRAGMA query_only = ON")
        for pragma in CACHE_PRAGMAS:
            connection.execute(pragma)
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        if not {"psm_meta", "alembic_version", "action", "plan"} <= tables:
            raise LookupError("not a PSM plan")
        app = connection.execute("SELECT value FROM psm_meta WHERE key = 'app'").fetchone()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if app != (APP_ID,) or revision != [(migrations.head_revision(),)]:
            raise LookupError("another application, or a schema to migrate")
    except (LookupError, sqlite3.Error):
        connection.close()
        return None
    return FirstViewReader(connection)


def read_first_view(location: Path | str) -> tuple[FirstViewReader, FirstViewData] | None:
    """The reader and the first view of `location`, or None (see `open_reader`)."""
    reader = open_reader(location)
    if reader is None:
        return None
    try:
        return reader, reader.read()
    except (sqlite3.Error, LookupError):  # damaged, or locked by a writer
        reader.close()
        return None
