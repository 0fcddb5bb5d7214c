"""The plan's structure as a workbook: export it, read it back, preview and apply the import."""

from psm_desktop.exchange.structure.apply import (
    StructureImportResult,
    apply_structure_import,
    prepare_structure_import,
    preview_structure,
)
from psm_desktop.exchange.structure.content import PlanStructure
from psm_desktop.exchange.structure.export import StructureExport, export_structure
from psm_desktop.exchange.structure.preview import StructurePreview, structure_lines
from psm_desktop.exchange.structure.reading import StructureWorkbookError, read_structure

__all__ = [
    "PlanStructure",
    "StructureExport",
    "StructureImportResult",
    "StructurePreview",
    "StructureWorkbookError",
    "apply_structure_import",
    "export_structure",
    "prepare_structure_import",
    "preview_structure",
    "read_structure",
    "structure_lines",
]
