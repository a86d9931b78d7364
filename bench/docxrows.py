#!/usr/bin/env python3
"""Writes a Word plan (.docx) whose follow-up table has N rows, for the linear-time measurement of the
.docx reader (bench/docx.sh): 10 000 and 100 000 rows must cost about ten times apart, not a hundred.

Only the standard library (zipfile): the document has the template's first part and the Uppföljning
part, styled as DocxLayout says (LagkollAvsnitt, LagkollTabellrubrik), one table of N rows.

    bench/docxrows.py --rows 100000 --out /tmp/rows-100000.docx
"""
import argparse
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def p(text, style=None):
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"


def row(cells):
    return "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in cells) + "</w:tr>"


def document(rows):
    parts = [
        p("Kommun och dokument", "LagkollAvsnitt"),
        p("Dokumentet", "LagkollTabellrubrik"),
        "<w:tbl>",
        row(["Kommunens namn", "Lund"]),
        row(["Kommunkod (SCB)", "1281"]),
        row(["Län", "Skåne län"]),
        row(["Upprättad", "2026-11-01"]),
        row(["Formatversion", "1"]),
        "</w:tbl>",
        p("Uppföljning (6 §)", "LagkollAvsnitt"),
        p("Uppföljningar", "LagkollTabellrubrik"),
        "<w:tbl>",
        row(["Id", "Datum", "Typ", "Resultat"]),
    ]
    for number in range(rows):
        parts.append(row([f"U{number}", "2026-05-01", "process", f"Uppföljning nummer {number} av åtgärderna."]))
    parts.append("</w:tbl>")
    body = "".join(parts)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document(args.rows))


if __name__ == "__main__":
    main()
