"""The links between axes: written as a whole, logged per link, refused when stale."""

from __future__ import annotations

import pytest

from psm_desktop.errors import StaleWriteError, ValidationError
from psm_desktop.services import Services


def axis_ids(services: Services) -> dict[int, int]:
    return {a.number: a.id for a in services.plan.axes()}


def test_links_added_renoted_removed_and_logged(services: Services) -> None:
    ids = axis_ids(services)
    before = services.axis_links.links()
    one_two, one_three = (ids[1], ids[2]), (ids[1], ids[3])
    new = dict(before) | {one_two: "filiere e innovazione", one_three: ""}
    assert services.axis_links.set_links(before, new) == len(set(new) - set(before)) + sum(
        1 for k in before if before[k] != new[k]
    )
    assert services.axis_links.links() == new
    assert next(a for a in services.plan.axes() if a.number == 1).linked_axes[:2] == (2, 3)
    renoted = dict(new) | {one_two: "altro"}
    del renoted[one_three]
    assert services.axis_links.set_links(new, renoted) == 2
    assert services.axis_links.links() == renoted
    recent = services.history.recent()
    fields = {(c.field, c.old_value, c.new_value) for c in recent if c.entity_label == "Asse 1"}
    assert ("Collegamento con l'Asse 2", "sì (filiere e innovazione)", "sì (altro)") in fields
    assert ("Collegamento con l'Asse 3", "sì", "nessuno") in fields


def test_a_write_based_on_old_links_is_refused(services: Services) -> None:
    ids = axis_ids(services)
    before = services.axis_links.links()
    services.axis_links.set_links(before, dict(before) | {(ids[4], ids[5]): ""})
    with pytest.raises(StaleWriteError):
        services.axis_links.set_links(before, dict(before) | {(ids[4], ids[6]): ""})


def test_an_axis_linked_to_itself_or_a_long_note_is_refused(services: Services) -> None:
    ids = axis_ids(services)
    before = services.axis_links.links()
    with pytest.raises(ValidationError, match="sé stesso"):
        services.axis_links.set_links(before, {(ids[2], ids[2]): ""})
    with pytest.raises(ValidationError, match="Nota del collegamento Asse 2 → Asse 3"):
        services.axis_links.set_links(before, {(ids[2], ids[3]): "x" * 1_001})
    assert services.axis_links.links() == before
