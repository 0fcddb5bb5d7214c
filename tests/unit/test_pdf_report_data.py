"""Bulk details for printed documents: the same as the editor's, in a handful of queries."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event

from psm_desktop.services import Services
from psm_desktop.services.report_data import ReportDataService
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo


def test_bulk_details_equal_the_editors_and_need_few_queries(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    build_demo(path, 700)  # more ids than one IN (...) chunk
    db = open_database(path, auto_backup=False)
    try:
        services = Services(db)
        rows = services.actions.list_actions()
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", count)
        details = ReportDataService(db).action_details(reversed([r.id for r in rows]))
        event.remove(db.engine, "before_cursor_execute", count)
        assert len(statements) <= 16, len(statements)  # 7 queries per chunk of 500, not 700x
        assert [d.code for d in details] == [r.code for r in rows]  # plan order
        for detail in details[::37]:
            assert detail == services.actions.get(detail.id)
    finally:
        db.close()


def test_unknown_ids_are_skipped_and_links_are_derived(services: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(action.id, None, {"linked_axes": [1, 2, 5]})
    other = services.actions.get_by_code("1.2.1")
    services.actions.update(other.id, None, {"linked_axes": [5]})
    data = ReportDataService(services.db)
    assert [d.code for d in data.action_details([999_999, action.id])] == ["1.1.1"]
    assert data.action_details([]) == []
    assert data.derived_axis_links(1) == {2: 1, 5: 2}  # its own axis is not a link
    assert data.derived_axis_links(2) == {}


def test_axis_rows_are_the_axis_rows_of_the_action_list(services: Services) -> None:
    data = ReportDataService(services.db)
    every = services.actions.list_actions()
    assert data.axis_rows(1) == [r for r in every if r.axis_number == 1]
    assert data.axis_rows(2) == []
