"""The Struttura menu: what each entry does to the item chosen in the plan tree.

The item is the one selected in the tree, or else the action shown in the editor. Moves
and deletes show the renumbering (and what goes with a delete) before anything is written;
each edit then runs as an undoable command (structure_commands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psm_desktop.errors import UserError
from psm_desktop.services.code_changes import ACTION, AXIS, STRATEGY
from psm_desktop.services.dto import ActionRow, AxisInfo, StrategyInfo
from psm_desktop.services.structure_service import NodeInfo, StructureService
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.session import ServiceCommand
from psm_desktop.ui.core.undo_commands import EditActionCommand
from psm_desktop.ui.models.plan_tree_drop import DropTarget
from psm_desktop.ui.plan import structure_dialogs
from psm_desktop.ui.plan.structure_commands import (
    ARTICLE,
    CreateNodeCommand,
    DeleteNodeCommand,
    EditNodeCommand,
    MoveNodeCommand,
    axis_links_command,
    edit_plan_command,
)

if TYPE_CHECKING:
    from psm_desktop.ui.plan.plan_screen import PlanScreen

TITLED = ("Titolo", "Descrizione")
ACTION_TEXTS = ("Azione", "Titolo breve")


class StructureMenu:
    def __init__(self, plan: PlanScreen) -> None:
        self.plan = plan

    @property
    def _structure(self) -> StructureService:
        return self.plan.session.services.structure

    # --- what is chosen -------------------------------------------------------------------

    def chosen(self) -> NodeInfo | None:
        """The item selected in the tree (or the action in the editor), freshly read."""
        rows = self.plan.tree.selectionModel().selectedRows()
        node = self.plan.tree_model.node(rows[0]) if rows else None
        kind, entity_id = None, None
        if node is not None:
            obj = node.obj
            if isinstance(obj, AxisInfo):
                kind, entity_id = AXIS, obj.id
            elif isinstance(obj, StrategyInfo):
                kind, entity_id = STRATEGY, obj.id
            elif isinstance(obj, ActionRow):
                kind, entity_id = ACTION, obj.id
        elif self.plan.editor.action_id is not None:
            kind, entity_id = ACTION, self.plan.editor.action_id
        if kind is None or entity_id is None:
            return None
        try:
            return self._structure.node(kind, entity_id)
        except UserError as error:
            messages.user_error(self.plan, error)
            return None

    def _need(self) -> NodeInfo | None:
        node = self.chosen()
        if node is None:
            messages.info(self.plan, "Scegli prima un asse, una strategia o un'azione nell'albero.")
        return node

    def _run(self, command: ServiceCommand) -> bool:
        return self.plan.session.execute(command)

    # --- create ---------------------------------------------------------------------------

    def new_axis(self) -> None:
        texts = structure_dialogs.ask_texts(self.plan, "Nuovo asse", TITLED)
        if texts:
            self._run(CreateNodeCommand(self.plan.session, AXIS, None, *texts))

    def new_strategy(self) -> None:
        node = self.chosen()
        if node is not None and node.kind == ACTION and node.parent_id is not None:
            node = self._structure.node(STRATEGY, node.parent_id)
        if node is None:
            messages.info(self.plan, "Scegli prima nell'albero l'asse della nuova strategia.")
            return
        # After the strategy chosen, or last in the axis chosen.
        axis_id, position = (
            (node.id, None) if node.kind == AXIS else (node.parent_id, node.position + 1)
        )
        texts = structure_dialogs.ask_texts(self.plan, "Nuova strategia", TITLED)
        if texts:
            self._run(CreateNodeCommand(self.plan.session, STRATEGY, axis_id, *texts, position))

    def new_action(self) -> None:
        node = self.chosen()
        if node is None or node.kind == AXIS:
            messages.info(self.plan, "Scegli prima nell'albero la strategia della nuova azione.")
            return
        strategy_id, position = (
            (node.id, None) if node.kind == STRATEGY else (node.parent_id, node.position + 1)
        )
        texts = structure_dialogs.ask_texts(self.plan, "Nuova azione", ACTION_TEXTS)
        if texts and texts[0]:
            self._run(CreateNodeCommand(self.plan.session, ACTION, strategy_id, *texts, position))

    # --- edit -----------------------------------------------------------------------------

    def edit(self) -> None:
        node = self._need()
        if node is None:
            return
        caption = f"Modifica {ARTICLE[node.kind]} {node.code}"
        session = self.plan.session
        if node.kind == ACTION:
            detail = session.services.actions.get(node.id)
            texts = structure_dialogs.ask_texts(
                self.plan, caption, ACTION_TEXTS, (detail.text, detail.short_title or "")
            )
            if texts is None:
                return
            old = {"text": detail.text, "short_title": detail.short_title}
            new = {"text": texts[0], "short_title": texts[1] or None}
            if new != old:
                session.note_action(detail)
                self._run(EditActionCommand(session, node.id, node.code, old, new))
            return
        texts = structure_dialogs.ask_texts(
            self.plan, caption, TITLED, (node.title, node.description)
        )
        if texts is None:
            return
        old_t = {"title": node.title, "description": node.description}
        new_t = {"title": texts[0], "description": texts[1]}
        if new_t != old_t:
            self._run(EditNodeCommand(session, node, old_t, new_t))

    def edit_plan(self) -> None:
        session = self.plan.session
        info = session.services.plan.plan()
        new = structure_dialogs.ask_plan_data(self.plan, info)
        if new is None:
            return
        old = {name: getattr(info, name) for name in new}
        changed = {n: v for n, v in new.items() if v != old[n]}
        if changed:
            before = {n: old[n] for n in changed}
            self._run(edit_plan_command(session, before, changed))

    def edit_axis_links(self) -> None:
        from psm_desktop.ui.plan import axis_links_dialog

        session = self.plan.session
        old = session.services.axis_links.links()
        new = axis_links_dialog.ask_axis_links(self.plan, session.services.plan.axes(), old)
        if new is not None and new != old:
            self._run(axis_links_command(session, old, new))

    # --- move -----------------------------------------------------------------------------

    def move_up(self) -> None:
        self._step(-1)

    def move_down(self) -> None:
        self._step(+1)

    def _step(self, delta: int) -> None:
        node = self._need()
        if node is None:
            return
        position = node.position + delta
        if position < 1 or position > self._siblings(node):
            edge = "in cima" if delta < 0 else "in fondo"
            messages.info(self.plan, f"{_capital(node)} {node.code} è già {edge}.")
            return
        self._move(node, node.parent_id, position)

    def _siblings(self, node: NodeInfo) -> int:
        """How many items share the node's parent (the axes, for an axis)."""
        if node.kind == AXIS:
            return self.plan.tree_model.rowCount()
        outline = self._structure.axis_outline(int(node.code.split(".")[0]))
        if outline is None:
            return 0
        if node.kind == STRATEGY:
            return len(outline.strategies)
        owner = (s for s in outline.strategies if s.node.id == node.parent_id)
        return len(next(owner).actions)

    def move_to(self) -> None:
        node = self._need()
        if node is None:
            return
        services = self.plan.session.services
        if node.kind == AXIS:
            messages.info(self.plan, "Un asse si sposta con Sposta su e Sposta giù.")
            return
        if node.kind == STRATEGY:
            axes = [a for a in services.plan.axes() if a.id != node.parent_id]
            labels = [f"Asse {a.number} – {a.title}" for a in axes]
            ids = [a.id for a in axes]
            what = "l'asse"
        else:
            strategies = [s for s in services.plan.strategies() if s.id != node.parent_id]
            labels = [f"Strategia {s.code} – {s.title}" for s in strategies]
            ids = [s.id for s in strategies]
            what = "la strategia"
        if not ids:
            messages.info(self.plan, f"Non c'è un'altra destinazione per {ARTICLE[node.kind]}.")
            return
        caption = f"Sposta {ARTICLE[node.kind]} {node.code}"
        index = structure_dialogs.ask_choice(self.plan, caption, f"Scegli {what}:", labels)
        if index is not None:
            self._move(node, ids[index], None)

    def move_dropped(self, target: DropTarget) -> None:
        """A node dropped in the tree: confirm the renumbering, then move it."""
        try:
            node = self._structure.node(target.kind, target.entity_id)
        except UserError as error:
            messages.user_error(self.plan, error)
            return
        parent_id = None if node.kind == AXIS else target.parent_id
        self._move(node, parent_id, target.position)

    def _move(self, node: NodeInfo, parent_id: int | None, position: int | None) -> None:
        structure = self._structure
        try:
            if node.kind == AXIS:
                assert position is not None
                changes = structure.preview_move_axis(node.id, position)
            elif node.kind == STRATEGY:
                assert parent_id is not None
                changes = structure.preview_move_strategy(node.id, parent_id, position)
            else:
                assert parent_id is not None
                changes = structure.preview_move_action(node.id, parent_id, position)
        except UserError as error:
            messages.user_error(self.plan, error)
            return
        mine = next((c for c in changes if c.entity_id == node.id and c.entity == node.kind), None)
        target = f" in {mine.new_code}" if mine else ""
        if mine is not None:  # the moved item first, then the siblings renumbered with it
            changes = (mine, *(c for c in changes if c is not mine))
        text = (
            f"Spostare {ARTICLE[node.kind]} {node.code}{target}?\n\n"
            + structure_dialogs.changes_text(changes)
        )
        if not messages.confirm(self.plan, text, "Sposta"):
            return
        final = position if position is not None else _last_position(mine, node)
        self._run(MoveNodeCommand(self.plan.session, node, parent_id, final))

    # --- delete ---------------------------------------------------------------------------

    def delete(self) -> None:
        node = self._need()
        if node is None:
            return
        structure = self._structure
        try:
            if node.kind == AXIS:
                summary = structure.preview_delete_axis(node.id)
            elif node.kind == STRATEGY:
                summary = structure.preview_delete_strategy(node.id)
            else:
                summary = structure.preview_delete_action(node.id)
        except UserError as error:
            messages.user_error(self.plan, error)
            return
        parts = [f"Eliminare {ARTICLE[node.kind]} {node.code} «{_short(node.title)}»?"]
        if summary.contents():
            parts.append(
                f"Con {'essa' if node.kind != AXIS else 'esso'} si eliminano: {summary.contents()}."
            )
        if summary.history:
            parts.append(
                f"Le {summary.history} voci dello storico restano nel registro delle modifiche."
                if summary.history > 1
                else "La voce dello storico resta nel registro delle modifiche."
            )
        parts.append(structure_dialogs.changes_text(summary.code_changes))
        parts.append("Puoi annullare l'eliminazione con Modifica › Annulla.")
        if messages.confirm(self.plan, "\n\n".join(parts), "Elimina"):
            self._run(DeleteNodeCommand(self.plan.session, node))


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _last_position(mine: object, node: NodeInfo) -> int:
    """The position a move 'to the end' of another parent lands on (its new code's tail)."""
    code = getattr(mine, "new_code", node.code)
    return int(code.rsplit(".", 1)[-1])


def _capital(node: NodeInfo) -> str:
    article = ARTICLE[node.kind]
    return article[0].upper() + article[1:]
