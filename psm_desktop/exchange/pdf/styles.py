"""Paragraph styles and colours of the documents, derived from the theme."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from psm_desktop.exchange.pdf.fonts import FontSet, register_fonts
from psm_desktop.exchange.pdf.theme import Theme
from psm_desktop.model import Status


@dataclass(frozen=True)
class Styles:
    theme: Theme
    fonts: FontSet
    body: ParagraphStyle
    lead: ParagraphStyle
    body_bullet: ParagraphStyle
    note: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_header: ParagraphStyle
    cell_header_right: ParagraphStyle
    continued: ParagraphStyle
    kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle

    def color(self, key: str) -> colors.Color:
        return colors.HexColor(self.theme.colors[key])

    def status_color(self, status: Status) -> colors.Color:
        return colors.HexColor(self.theme.status_color(status))


def build_styles(theme: Theme) -> Styles:
    fonts = register_fonts(theme)
    size = theme.font_size
    text = colors.HexColor(theme.colors["text"])
    primary = colors.HexColor(theme.colors["primary"])
    muted = colors.HexColor(theme.colors["muted"])
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        bulletFontName=fonts.regular,  # the default would be Helvetica, not embedded
        fontSize=size,
        leading=size * 1.38,
        textColor=text,
        spaceAfter=size * 0.5,
        alignment=TA_LEFT,
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, spaceAfter=0
    )
    return Styles(
        theme=theme,
        fonts=fonts,
        body=body,
        lead=ParagraphStyle(
            "lead", parent=body, fontSize=size * 1.12, leading=size * 1.55, spaceAfter=size * 0.4
        ),
        body_bullet=ParagraphStyle(
            "body_bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=size * 0.3
        ),
        note=ParagraphStyle("note", parent=body, spaceAfter=0),
        small=ParagraphStyle(
            "small", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, textColor=muted
        ),
        label=ParagraphStyle(
            "label",
            parent=body,
            fontName=fonts.bold,
            fontSize=size - 2,
            leading=(size - 2) * 1.3,
            textColor=muted,
            spaceAfter=1,
        ),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_header=ParagraphStyle(
            "cell_header", parent=cell, fontName=fonts.bold, textColor=primary
        ),
        cell_header_right=ParagraphStyle(
            "cell_header_right",
            parent=cell,
            fontName=fonts.bold,
            textColor=primary,
            alignment=TA_RIGHT,
        ),
        continued=ParagraphStyle(
            "continued",
            parent=cell,
            fontName=fonts.italic,
            textColor=muted,
            spaceAfter=0,
            leading=(size - 1.5) * 1.6,
        ),
        kicker=ParagraphStyle(
            "kicker",
            parent=body,
            fontName=fonts.bold,
            fontSize=size - 0.5,
            leading=size * 1.3,
            textColor=colors.HexColor(theme.colors["accent"]),
            spaceAfter=4,
        ),
        cover_title=ParagraphStyle(
            "cover_title",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 2.6,
            leading=size * 3.1,
            textColor=primary,
            spaceAfter=size,
        ),
        cover_subtitle=ParagraphStyle(
            "cover_subtitle",
            parent=body,
            fontSize=size * 1.35,
            leading=size * 1.8,
            textColor=muted,
            spaceAfter=size,
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 1.45,
            leading=size * 1.85,
            textColor=primary,
            spaceBefore=0,
            spaceAfter=size * 0.7,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 1.2,
            leading=size * 1.55,
            textColor=primary,
            spaceBefore=size * 1.2,
            spaceAfter=size * 0.5,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=fonts.bold,
            fontSize=size,
            leading=size * 1.35,
            textColor=primary,
            spaceBefore=size * 1.1,
            spaceAfter=size * 0.35,
        ),
    )
