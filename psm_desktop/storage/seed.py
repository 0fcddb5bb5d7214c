"""Load the plan shipped in `database/seed/` into a new database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from psm_desktop.model import (
    Action,
    Axis,
    Plan,
    Stakeholder,
    StakeholderKind,
    Strategy,
    Zone,
)
from psm_desktop.resources import seed_file


def read_seed(path: Path | None = None) -> dict[str, Any]:
    with (path or seed_file()).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    if data.get("format") != "psm-desktop-seed":
        raise ValueError(f"{path}: not a PSM Desktop seed file")
    return data


def seed_plan(session: Session, data: dict[str, Any], *, with_actions: bool = True) -> Plan:
    """Insert the plan, its zones, axes, strategies and actions, and the seed stakeholders."""
    plan_data = data["plan"]
    updated_on = plan_data.get("updated_on")
    plan = Plan(
        code=plan_data["code"],
        title=plan_data["title"],
        issuer=plan_data.get("issuer", ""),
        period=plan_data.get("period", ""),
        updated_on=dt.date.fromisoformat(updated_on) if updated_on else None,
    )
    session.add(plan)
    zones = {name: Zone(position=i, name=name) for i, name in enumerate(data["zones"], start=1)}
    session.add_all(zones.values())
    session.flush()  # zone ids are needed by the stakeholders below
    for axis_data in data["axes"]:
        axis = Axis(
            number=axis_data["number"],
            title=axis_data["title"],
            description=axis_data.get("description", ""),
        )
        plan.axes.append(axis)
        for s_pos, strategy_data in enumerate(axis_data.get("strategies", []), start=1):
            strategy = Strategy(
                code=strategy_data["code"],
                position=s_pos,
                title=strategy_data["title"],
                description=strategy_data.get("description", ""),
            )
            axis.strategies.append(strategy)
            if not with_actions:
                continue
            for a_pos, action_data in enumerate(strategy_data.get("actions", []), start=1):
                strategy.actions.append(
                    Action(code=action_data["code"], position=a_pos, text=action_data["text"])
                )
    for sh in data.get("stakeholders", []):
        zone = zones.get(sh.get("zone", ""))
        session.add(
            Stakeholder(
                name=sh["name"],
                kind=StakeholderKind(sh.get("kind", "altro")),
                zone_id=zone.id if zone is not None else None,
                notes=sh.get("notes", ""),
            )
        )
    session.flush()
    return plan
