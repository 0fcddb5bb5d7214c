"""Everything one publication shows, gathered once: the period's state, its roll-up, the
public bodies' roles and deadlines, and the settings.

A closed period is published from its snapshot alone (state and public facts, frozen at the
close), so editing a deadline or a role afterwards changes nothing. A period closed by an
earlier release has a snapshot without the public facts: its publication takes the plan's
title and texts as they are today, and publishes no roles and no deadlines rather than
today's ones, saying so where they would be (NOT_RECORDED); reopening and closing the
period again records them as they are then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from psm_desktop.errors import UserError
from psm_desktop.exchange.web.settings import PublishSettings
from psm_desktop.formatting import format_date
from psm_desktop.model import PeriodKind
from psm_desktop.services import Services
from psm_desktop.services.monitoring.state import ActionState, IndicatorState, PlanState
from psm_desktop.services.monitoring.summary import HealthReport, HealthSummary, summarize
from psm_desktop.services.publication_data import (
    PublicAssignment,
    PublicDeadline,
    PublicPlan,
    public_plan,
)

# What the pages and the data's README say of a period closed by an earlier release.
NOT_RECORDED = (
    "Gli enti pubblici coinvolti e le scadenze non sono stati registrati alla chiusura di "
    "questo periodo di monitoraggio: non sono pubblicati."
)


@dataclass(frozen=True)
class SiteData:
    plan: PublicPlan
    state: PlanState
    report: HealthReport
    settings: PublishSettings
    provisional: bool
    period_kind: PeriodKind | None
    modified: dt.date  # when the data last changed: the period's closing day, or today
    # False: a snapshot of an earlier release, without public bodies and deadlines.
    recorded: bool = True

    @property
    def date_label(self) -> str:
        return f"Stato al {format_date(self.state.reference_date)}"

    @property
    def publisher(self) -> str:
        return self.settings.office or self.plan.issuer or "Amministrazione"

    def axis_summary(self, number: int) -> HealthSummary:
        return next(a for a in self.report.axes if a.code == str(number))

    def strategy_summary(self, code: str) -> HealthSummary:
        return next(s for s in self.report.strategies if s.code == code)

    def axis_title(self, number: int) -> str:
        return dict(self.state.axes)[number]

    def axis_description(self, number: int) -> str:
        return dict(self.plan.axis_descriptions).get(number, "")

    def strategy_description(self, code: str) -> str:
        return dict(self.plan.strategy_descriptions).get(code, "")

    def linked_axes(self, number: int) -> tuple[int, ...]:
        return dict(self.plan.axis_links).get(number, ())

    def strategies_of(self, number: int) -> list[tuple[str, str]]:
        return [(c, t) for c, t, a in self.state.strategies if a == number]

    def actions_of_strategy(self, code: str) -> list[ActionState]:
        return [a for a in self.state.actions if a.strategy == code]

    def indicators_of(self, kind: str, owner: str) -> list[IndicatorState]:
        return [i for i in self.state.indicators if i.owner_kind == kind and i.owner == owner]

    def assignments_of(self, code: str) -> list[PublicAssignment]:
        return [a for a in self.plan.assignments if a.action == code]

    @property
    def deadlines(self) -> tuple[PublicDeadline, ...]:
        """Deadlines as they stood at the reference date: done later means not yet done."""
        at = self.state.reference_date
        return tuple(
            replace(d, completed_on=None) if d.completed_on and d.completed_on > at else d
            for d in self.plan.deadlines
        )

    def deadlines_of(self, code: str) -> list[PublicDeadline]:
        return [d for d in self.deadlines if d.action == code]

    def leads_of(self, code: str) -> str:
        return "; ".join(
            a.body for a in self.plan.assignments if a.action == code and a.role == "responsabile"
        )


def load_site_data(
    services: Services,
    period: str | None,
    settings: PublishSettings,
    *,
    provisional: bool = False,
    today: dt.date | None = None,
) -> SiteData:
    """The data of a closed period, or (only when asked for) a provisional publication.

    An open period, or no period at all, changes every day: publishing it needs
    `provisional`, and every page then says so.
    """
    today = today or dt.date.today()
    kind: PeriodKind | None = None
    if period is None:
        if not provisional:
            raise UserError(
                "Indicare il periodo di monitoraggio da pubblicare (--period), oppure chiedere "
                "una pubblicazione provvisoria con i dati di oggi (--provvisorio)."
            )
        state = services.periods.state(None, today)
        modified = today
    else:
        info = services.periods.get(period)
        kind = info.kind
        if not info.closed and not provisional:
            raise UserError(
                f"Il periodo «{info.name}» è ancora aperto: chiudilo prima di pubblicarlo, "
                "oppure chiedi una pubblicazione provvisoria (--provvisorio)."
            )
        state = services.periods.state(info.name)
        modified = info.closed_at.date() if info.closed and info.closed_at else today
        provisional = not info.closed  # a closed period is final whatever was asked
    plan = state.public
    recorded = plan is not None or not state.closed
    if plan is None:
        plan = public_plan(services.db)
        if not recorded:  # never today's roles and deadlines under a past period's date
            plan = replace(plan, assignments=(), deadlines=())
    return SiteData(
        plan=plan,
        state=state,
        report=summarize(state),
        settings=settings.checked(),
        provisional=provisional,
        period_kind=kind,
        modified=modified,
        recorded=recorded,
    )
