"""Counts are shown with the right Italian number: '1 azione', '1 scadenza', '1 conflitto'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psm_desktop.errors import InUseError
from psm_desktop.model import Role
from psm_desktop.services import Services

ROOT = Path(__file__).resolve().parents[2] / "psm_desktop"
NOUNS = (
    "azioni|scadenze|soggetti|conflitti|modifiche|assegnazioni|elementi|eliminazioni|schede"
    "|testi|giorni|strategie|riferimenti|completate|righe|problemi|errori"
)
# A number in an f-string followed by a plural noun: wrong when the number is 1.
# (Constants in capitals, such as HORIZON_DAYS, are never 1.)
COUNTED = re.compile(rf"\{{(?![A-Z_]+\}})[^{{}}]+\}}(?:</b>)?\s+(?:{NOUNS})\b")


def test_no_count_is_written_with_a_fixed_plural() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COUNTED.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "use formatting.plural():\n" + "\n".join(offenders)


def test_deleting_a_stakeholder_with_one_action_says_one_action(services: Services) -> None:
    stakeholder = services.stakeholders.create("Comune di Alpette")
    action = services.actions.list_actions()[0]
    services.assignments.assign(action.id, stakeholder.id, Role.PARTNER)
    with pytest.raises(InUseError) as info:
        services.stakeholders.delete(stakeholder.id)
    assert "assegnato a 1 azione (" in info.value.message
