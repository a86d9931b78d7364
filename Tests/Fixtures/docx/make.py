#!/usr/bin/env python3
"""Makes the Word fixtures of the .docx reader's tests with real writers, as a coordinator would:

  pythondocx-ifylld.docx     lagkoll's Word template (lagkoll init --format docx) filled in with
                             python-docx: fields typed into the labelled cells; rows of the åtgärder
                             table added with add_row (what Tab in the last cell does), one row copied
                             and inserted in the middle, one left empty; a second mål on its own row.
  libreoffice-omsparad.docx  the same document opened and saved again by LibreOffice (headless), which
                             rewrites every part in its own way.
  libreoffice-via-odt.docx   the same document saved as .odt and back to .docx by LibreOffice.

    python3 Tests/Fixtures/docx/make.py            # runs lagkoll init itself (swift run)
    python3 Tests/Fixtures/docx/make.py mall.docx  # or fills a template made before

Needs python-docx (pip install python-docx) and LibreOffice (Debian: libreoffice-writer-nogui).
Tests/PlanDocumentTests/DocxFixtureTests.swift reads the results and says what each must hold.
"""
import copy
import os
import shutil
import subprocess
import sys
import tempfile

import docx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def normalized(text):
    return " ".join(text.split()).lower()


def table_after(document, caption, occurrence=0):
    """The table that follows the paragraph whose text is `caption` (the n-th such caption)."""
    seen = -1
    found = False
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            text = "".join(t.text or "" for t in element.iter(W + "t"))
            if normalized(text) == normalized(caption):
                seen += 1
                found = seen == occurrence
        elif element.tag == W + "tbl" and found:
            return docx.table.Table(element, document.element.body)
    raise SystemExit(f"no table after the caption {caption!r} in the template")


def fill_fields(table, values):
    for row in table.rows:
        label = row.cells[0].text.strip()
        if label in values:
            row.cells[1].text = values[label]


def column_index(table, label):
    for index, cell in enumerate(table.rows[0].cells):
        if normalized(cell.text) == normalized(label):
            return index
    raise SystemExit(f"no column {label!r}")


def fill_row(table, row, values):
    for label, value in values.items():
        row.cells[column_index(table, label)].text = value


def fill(template, target):
    document = docx.Document(template)
    fill_fields(table_after(document, "Dokumentet"), {"Upprättad": "2026-11-20"})
    fill_fields(
        table_after(document, "Beslut om åtgärdsplanen"),
        {"Beslutande organ": "kommunfullmäktige", "Beslutsdatum": "2026-10-12", "Diarienummer": "KS 2026/118"},
    )
    atgarder = table_after(document, "Åtgärder")
    first = atgarder.rows[1]
    fill_row(atgarder, first, {
        "Id": "A1", "Åtgärd": "Belysning i Stadsparken", "Ansvarig": "Tekniska nämnden",
        "Operativt mål": "Färre anmälda rån i parken", "Måldatum": "2027-12-31", "Start": "2027-01-01",
        "Slut": "2027-12-31",
    })
    # Tab in the last cell: a new row at the end, formatted as the one above.
    second = atgarder.add_row()
    fill_row(atgarder, second, {"Operativt mål": "Fler som känner sig trygga", "Måldatum": "2027-12-31"})
    third = atgarder.add_row()
    fill_row(atgarder, third, {
        "Id": "A3", "Åtgärd": "Trygghetsvandringar", "Ansvarig": "Socialnämnden", "Operativt mål": "Fyra vandringar",
        "Måldatum": "2027-06-30", "Start": "2027-02-01", "Slut": "2027-11-30",
    })
    atgarder.add_row()  # an empty row left at the end
    # A copied row inserted in the middle (copy and paste of a whole row), then edited.
    copied = copy.deepcopy(third._tr)
    third._tr.addprevious(copied)
    inserted = docx.table._Row(copied, atgarder)
    fill_row(atgarder, inserted, {"Id": "A2", "Åtgärd": "Fältassistenter i centrum", "Operativt mål": "Kvällar med fältassistenter"})
    document.save(target)


def libreoffice(source, target, via_odt=False):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as work:
        profile = f"-env:UserInstallation=file://{work}/profile"
        current = source
        steps = ["odt", "docx"] if via_odt else ["docx:MS Word 2007 XML"]
        for number, step in enumerate(steps):
            outdir = os.path.join(work, f"step{number}")
            os.makedirs(outdir)
            subprocess.run([soffice, profile, "--headless", "--convert-to", step, "--outdir", outdir, current],
                           check=True, stdout=subprocess.DEVNULL, timeout=180)
            current = os.path.join(outdir, os.listdir(outdir)[0])
        shutil.copyfile(current, target)


def main():
    if len(sys.argv) > 1:
        template = sys.argv[1]
    else:
        template = os.path.join(tempfile.mkdtemp(), "mall.docx")
        subprocess.run(["swift", "run", "lagkoll", "init", "--format", "docx", "--kommun", "1281", "--output", template],
                       cwd=ROOT, check=True)
    filled = os.path.join(HERE, "pythondocx-ifylld.docx")
    fill(template, filled)
    libreoffice(filled, os.path.join(HERE, "libreoffice-omsparad.docx"))
    libreoffice(filled, os.path.join(HERE, "libreoffice-via-odt.docx"), via_odt=True)


if __name__ == "__main__":
    main()
