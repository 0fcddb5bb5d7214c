"""Read back a generated PDF with pypdf: text, fonts, outline, metadata, for assertions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


@dataclass(frozen=True)
class PdfFont:
    name: str  # /BaseFont
    subtype: str
    embedded: bool  # has a /FontFile2 (TrueType) in its descriptor


@dataclass(frozen=True)
class PdfContent:
    pages: list[str]  # extracted text of each page
    fonts: list[PdfFont]
    outline: list[tuple[int, str]]  # (level, title) in document order
    metadata: dict[str, str]
    targets: list[tuple[str, int]]  # (title, 0-based page index) of every bookmark

    @property
    def text(self) -> str:
        """All the text with every run of whitespace made one space (lines rejoined)."""
        return flat(" ".join(self.pages))


def flat(text: str) -> str:
    return " ".join(text.split())


def read_pdf(path: Path) -> PdfContent:
    reader = PdfReader(str(path))
    pages = [page.extract_text() or "" for page in reader.pages]
    fonts: dict[int, PdfFont] = {}
    for page in reader.pages:
        _collect_fonts(page.get("/Resources"), fonts, set())
    outline: list[tuple[int, str]] = []
    targets: list[tuple[str, int]] = []
    _walk_outline(reader, reader.outline, 0, outline, targets)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return PdfContent(
        pages=pages, fonts=list(fonts.values()), outline=outline, metadata=meta, targets=targets
    )


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _collect_fonts(resources: Any, out: dict[int, PdfFont], seen: set[int]) -> None:
    """Every font of the page, also inside form XObjects (logos, reused drawings)."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for ref in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(ref)
        descriptors = [_resolve(font.get("/FontDescriptor"))]
        for descendant in _resolve(font.get("/DescendantFonts")) or []:
            descriptors.append(_resolve(_resolve(descendant).get("/FontDescriptor")))
        embedded = any(d is not None and "/FontFile2" in d for d in descriptors)
        name = str(font.get("/BaseFont"))
        out[id(font)] = PdfFont(name=name, subtype=str(font.get("/Subtype")), embedded=embedded)
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        _collect_fonts(_resolve(xobject).get("/Resources"), out, seen)


def _walk_outline(
    reader: PdfReader,
    items: list[Any],
    level: int,
    out: list[tuple[int, str]],
    targets: list[tuple[str, int]],
) -> None:
    for item in items:
        if isinstance(item, list):
            _walk_outline(reader, item, level + 1, out, targets)
        else:
            out.append((level, str(item.title)))
            page = reader.get_destination_page_number(item)
            targets.append((str(item.title), -1 if page is None else page))
