"""The 17 goals of the UN Agenda 2030 (Sustainable Development Goals), by their official
Italian names (as the Italian UN information centre and ASviS publish them)."""

from __future__ import annotations

SDG_NAMES: dict[int, str] = {
    1: "Sconfiggere la povertà",
    2: "Sconfiggere la fame",
    3: "Salute e benessere",
    4: "Istruzione di qualità",
    5: "Parità di genere",
    6: "Acqua pulita e servizi igienico-sanitari",
    7: "Energia pulita e accessibile",
    8: "Lavoro dignitoso e crescita economica",
    9: "Imprese, innovazione e infrastrutture",
    10: "Ridurre le disuguaglianze",
    11: "Città e comunità sostenibili",
    12: "Consumo e produzione responsabili",
    13: "Lotta contro il cambiamento climatico",
    14: "Vita sott'acqua",
    15: "Vita sulla terra",
    16: "Pace, giustizia e istituzioni solide",
    17: "Partnership per gli obiettivi",
}


def sdg_label(goal: int) -> str:
    """'3 - Salute e benessere': the goal as users read it in lists and sheets."""
    return f"{goal} - {SDG_NAMES[goal]}"
