"""What reportlab can give a PDF towards accessibility: the title shown in the viewer's title
bar (DisplayDocTitle) and XMP metadata (title, author, subject, language) beside the
document information and the catalogue's /Lang. Open-source reportlab cannot tag a PDF,
so the accessible publication is the web site (exchange/web)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import XMP


def _xmp(title: str, author: str, subject: str, lang: str) -> str:
    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        "<dc:format>application/pdf</dc:format>"
        f"<dc:title>{alt(title)}</dc:title>"
        + (
            f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
            if author
            else ""
        )
        + (f"<dc:description>{alt(subject)}</dc:description>" if subject else "")
        + f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "<pdf:Producer>ReportLab</pdf:Producer>"
        "<xmp:CreatorTool>PSM Desktop</xmp:CreatorTool>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def add_metadata(canvas: Any, title: str, author: str, subject: str, lang: str) -> None:
    """Ask viewers to show the title, and add the XMP metadata stream to the catalogue."""
    canvas.setViewerPreference("DisplayDocTitle", "true")
    packet = _xmp(title, author, subject, lang).encode("utf-8")  # XMP is UTF-8
    canvas.setCatalogEntry("Metadata", XMP(creator=lambda _doc: packet))
