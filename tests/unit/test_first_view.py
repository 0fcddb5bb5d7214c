"""The first view (read straight from the file at start-up) equals what the services give,
and is refused wherever the normal opening has work to do or something to say."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from psm_desktop.services import EditContext, Services
from psm_desktop.services.first_view import FirstView, first_view
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo


def _assert_same_as_services(path: Path) -> None:
    view = first_view(path)
    assert view is not None
    db = open_database(path, create=False, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        rows = services.actions.list_actions()
        assert rows and view.rows == rows  # same rows, same order
        assert view.axes == services.plan.axes()
        assert view.strategies == services.plan.strategies()
        assert view.zones == services.plan.zones()  # the filter choices
        assert view.stakeholder_names == services.stakeholders.names()
        assert view.plan == services.plan.plan()
        assert view.last_change == services.history.last_id()
        for row in rows:
            assert view.detail(row.id) == services.actions.get(row.id), row.code
    finally:
        view.close()
        db.close()


def test_the_built_in_plan_reads_as_the_services_give_it(db_path: Path) -> None:
    _assert_same_as_services(db_path)


def test_the_demo_plan_reads_as_the_services_give_it(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    build_demo(path, 400)  # deadlines, assignments, zones, goals, budgets, notes
    _assert_same_as_services(path)


def test_the_first_view_writes_nothing(db_path: Path) -> None:
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    view = first_view(db_path)
    assert view is not None
    view.detail(view.rows[0].id)
    view.close()
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_an_action_gone_is_not_found(db_path: Path) -> None:
    from psm_desktop.errors import NotFoundError

    view = first_view(db_path)
    assert isinstance(view, FirstView)
    with pytest.raises(NotFoundError, match="non esiste più"):
        view.detail(999_999)
    view.close()


def _revision(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def test_refused_for_what_the_normal_opening_must_handle(db_path: Path, tmp_path: Path) -> None:
    assert first_view(db_path) is not None  # the control: the same file, untouched, reads
    first_view(db_path).close()  # type: ignore[union-attr]
    missing = tmp_path / "missing.sqlite"
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    text = tmp_path / "text.sqlite"
    text.write_text("non è un database", encoding="utf-8")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE action (id INTEGER)")
    connection.close()
    newer = tmp_path / "newer.sqlite"
    shutil.copyfile(db_path, newer)
    _revision(newer, "ffffffffffff")  # a later release's schema
    older = tmp_path / "older.sqlite"
    shutil.copyfile(db_path, older)
    _revision(older, "0001")  # to migrate: the normal opening copies it first
    other_app = tmp_path / "other-app.sqlite"
    shutil.copyfile(db_path, other_app)
    with sqlite3.connect(other_app) as connection:
        connection.execute("UPDATE psm_meta SET value = 'altro' WHERE key = 'app'")
    connection.close()
    journal = tmp_path / "journal.sqlite"
    shutil.copyfile(db_path, journal)
    Path(f"{journal}-journal").write_bytes(b"\0" * 512)  # an interrupted write to recover
    corrupt = tmp_path / "corrupt.sqlite"
    data = bytearray(db_path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # the header kept, the pages destroyed
    corrupt.write_bytes(bytes(data))
    for path in (missing, empty, text, foreign, newer, older, other_app, journal, corrupt):
        before = path.read_bytes() if path.exists() else None
        assert first_view(path) is None, path.name
        assert (path.read_bytes() if path.exists() else None) == before, path.name
    assert first_view("postgresql://ufficio@server/psm") is None  # a server: the normal path


def test_several_leads_and_closed_late_actions_read_as_the_services_give_them(
    tmp_path: Path,
) -> None:
    """The first view joins the leads' names and works out 'in ritardo' itself: an action
    with two leads, a completed one past its end and an open one past a deadline."""
    path = tmp_path / "demo.sqlite"
    build_demo(path, 60)
    with sqlite3.connect(path) as c:
        first, second, third = (r[0] for r in c.execute("SELECT id FROM action LIMIT 3"))
        lead = c.execute(
            "SELECT stakeholder_id FROM assignment WHERE action_id = ? AND role = 'responsabile'",
            (first,),
        ).fetchone()[0]
        other = c.execute(
            "SELECT id FROM stakeholder WHERE id NOT IN"
            " (SELECT stakeholder_id FROM assignment WHERE action_id = ?) LIMIT 1",
            (first,),
        ).fetchone()[0]
        c.execute(
            "INSERT INTO assignment (action_id, stakeholder_id, role, version)"
            " VALUES (?, ?, 'responsabile', 1)",
            (first, other),
        )
        assert lead != other
        c.execute(
            "UPDATE action SET status = 'completata', start_date = '2020-01-01',"
            " end_date = '2020-06-30' WHERE id = ?",
            (second,),
        )
        c.execute("UPDATE action SET status = 'in_corso', end_date = NULL WHERE id = ?", (third,))
        c.execute(
            "INSERT INTO deadline (action_id, title, due_date, notes, version)"
            " VALUES (?, 'Scaduta', '2021-03-01', '', 1)",
            (third,),
        )
    _assert_same_as_services(path)
    view = first_view(path)
    assert view is not None
    try:
        rows = {r.id: r for r in view.rows}
        assert rows[first].lead is not None and ", " in rows[first].lead
        assert not rows[second].overdue and rows[third].overdue
    finally:
        view.close()


def test_what_only_the_filters_read_is_read_when_first_asked_for(tmp_path: Path) -> None:
    """The stakeholders', zones' and goals' ids and the search text are left out of the
    first view's rows (start-up), read on the first filter, and read before the file is
    let go: the rows stay whole after close() (the plan screen keeps them)."""
    from psm_desktop.services.dto import LAZY_FIELDS, ActionRow
    from psm_desktop.services.filters import ActionFilter, filter_rows

    path = tmp_path / "demo.sqlite"
    build_demo(path, 200)
    view = first_view(path)
    assert view is not None
    row = view.rows[0]
    for name in LAZY_FIELDS:
        with pytest.raises(AttributeError):
            getattr(ActionRow, name).__get__(row)  # the slot itself: not read yet
    with_stakeholder = next(r for r in view.rows if r.stakeholder_ids)
    wanted = next(iter(with_stakeholder.stakeholder_ids))
    found = filter_rows(view.rows, ActionFilter(stakeholder_id=wanted), view.today)
    assert with_stakeholder in found
    with_cup = next(r for r in view.rows if r.cup)  # the office fields: read at the same time
    assert with_cup in filter_rows(view.rows, ActionFilter(cup=with_cup.cup), view.today)
    assert {r.competence for r in view.rows} > {None}
    assert row.code.casefold() in row.haystack
    untouched = view.rows[-1]
    assert view.close() is True
    db = open_database(path, create=False, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        assert untouched == services.actions.rows_by_id([untouched.id])[0]  # after close()
    finally:
        db.close()
    with pytest.raises(AttributeError):
        row.no_such_field  # noqa: B018  # unknown names still fail


def test_a_first_view_whose_filter_ids_cannot_be_read_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked by a writer meanwhile: the filter says so (Italian), and close() tells the
    window that the rows are not whole (it reads the plan again once open)."""
    from psm_desktop.errors import UserError
    from psm_desktop.storage.first_view import FirstViewReader

    path = tmp_path / "demo.sqlite"
    build_demo(path, 50)
    view = first_view(path)
    assert view is not None
    monkeypatch.setattr(FirstViewReader, "filter_ids", lambda _self: None)
    with pytest.raises(UserError, match="occupato"):
        view.rows[0].stakeholder_ids  # noqa: B018
    assert view.close() is False


def test_an_action_of_no_strategy_leaves_the_file_to_the_normal_opening(tmp_path: Path) -> None:
    """A damaged file (an action whose strategy is gone): no first view, no crash; the
    normal opening says what is wrong."""
    path = tmp_path / "demo.sqlite"
    build_demo(path, 20)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(
            "UPDATE action SET strategy_id = 99999 WHERE id = (SELECT min(id) FROM action)"
        )
    connection.close()
    assert first_view(path) is None
