"""Run the Alembic migrations kept in `database/migrations` from code.

Alembic is imported only when a migration really runs: opening a database that is already
at the head (every start-up but the first after an update) reads the revision graph from
the migration files directly, which is far cheaper than importing Alembic.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from psm_desktop.resources import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _revision_graph(folder: Path) -> dict[str, tuple[str, ...]]:
    """revision -> the revisions it follows, read from the `versions/*.py` files."""
    graph: dict[str, tuple[str, ...]] = {}
    for script in sorted((folder / "versions").glob("*.py")):
        values = _assignments(script.read_text(encoding="utf-8"))
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        down = values.get("down_revision")
        if down is None:
            parents: tuple[str, ...] = ()
        elif isinstance(down, str):
            parents = (down,)
        else:
            parents = tuple(str(d) for d in down)  # type: ignore[attr-defined]
        graph[revision] = parents
    return graph


_NAMES = ("revision", "down_revision")


def _assignments(source: str) -> dict[str, object]:
    """The module-level `revision = ...` and `down_revision = ...` of a migration script.

    Only their own lines are parsed when each is one line (as Alembic writes them): parsing
    every script whole cost ~6 ms of each start-up. Anything else: the whole script."""
    values: dict[str, object] = {}
    for line in source.splitlines():
        if line.startswith(_NAMES):
            try:
                values.update(_assigned(ast.parse(line).body))
            except SyntaxError:  # spread over several lines
                break
    else:
        if "revision" in values and "down_revision" in values:
            return values
    return _assigned(ast.parse(source).body)


def _assigned(body: list[ast.stmt]) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in _NAMES:
                values[target.id] = ast.literal_eval(node.value)
    return values


def head_revision() -> str:
    graph = _revision_graph(migrations_dir())
    followed = {parent for parents in graph.values() for parent in parents}
    heads = sorted(set(graph) - followed)
    assert len(heads) == 1, f"the migrations must have exactly one head, found {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revision_graph(migrations_dir()))


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
