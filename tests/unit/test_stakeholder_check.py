"""StakeholderService.check: validation without writing, for forms that stay open."""

from __future__ import annotations

import pytest

from psm_desktop.errors import ValidationError
from psm_desktop.services import Services


def test_check_reports_problems_and_writes_nothing(services: Services) -> None:
    before = len(services.stakeholders.search())
    with pytest.raises(ValidationError) as info:
        services.stakeholders.check({"name": " ", "email": "non-una-mail"})
    wheres = {p.where for p in info.value.problems}
    assert {"Nome", "E-mail"} <= wheres
    services.stakeholders.check({"name": "Comune di Prova", "kind": "comune"})
    assert len(services.stakeholders.search()) == before


def test_check_duplicate_name_allowed_for_the_same_stakeholder(services: Services) -> None:
    first = services.stakeholders.create("Comune di Alfa")
    with pytest.raises(ValidationError):
        services.stakeholders.check({"name": "comune di alfa"})
    services.stakeholders.check({"name": "Comune di Alfa"}, first.id)
