import DocxTestSupport
import Foundation
import PlanDocument
import Testing

@Suite("Word documents (.docx) read into the common tree")
struct DocxReaderTests {
  func read(_ bytes: [UInt8]) throws -> Document {
    try DocumentReader.parse(bytes, file: "plan.docx", format: .docx)
  }

  func readBody(_ body: String) throws -> Document { try read(WordML.docx(body)) }

  func unreadable(_ bytes: [UInt8], format: SourceFormat? = .docx) -> ReadError? {
    do {
      _ = try DocumentReader.parse(bytes, file: "plan.docx", format: format)
      return nil
    } catch {
      return error
    }
  }

  func text(_ document: Document, _ pointer: String) -> String? {
    document.root.node(at: JSONPointer(parsing: pointer)!)?.scalarText
  }

  @Test func fieldsAndListTablesMakeTheTree() throws {
    let document = try readBody(
      WordML.kommun + WordML.part("Åtgärdsplan (5 §)") + WordML.caption("Åtgärder")
        + WordML.table([
          WordML.atgarderHeader, ["A1", "Belysning", "Tekniska nämnden", "Bättre ljus", "2027-01-01"],
          ["", "", "", "Färre brott", "2027-06-01"], ["A2", "Vandring", "Socialnämnden", "", ""],
        ]))
    #expect(document.format == .docx)
    #expect(text(document, "/kommun/kod") == "1281")
    #expect(text(document, "/formatversion") == "1")
    #expect(text(document, "/atgardsplan/atgarder/0/ansvarig") == "Tekniska nämnden")
    #expect(text(document, "/atgardsplan/atgarder/0/mal/1/beskrivning") == "Färre brott")
    #expect(text(document, "/atgardsplan/atgarder/1/id") == "A2")
    // A required inner list with no inner item is an empty list.
    #expect(document.root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder/1/mal")!)?.childCount == 0)
    // Members in the format's order: formatversion before kommun, as the XML and JSON forms have them.
    #expect(document.root.members?.map(\.key).prefix(3) == ["formatversion", "kommun", "upprattad"])
    let ansvarig = try #require(document.root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder/1/ansvarig")!))
    let word = try #require(document.wordLocation(of: ansvarig.location))
    #expect(word.text(.sv) == "Åtgärdsplan (5 §) › Åtgärder, rad 3, kolumn Ansvarig")
    #expect(word.text(.en) == "Åtgärdsplan (5 §) › Åtgärder, row 3, column Ansvarig")
    let kod = try #require(document.root.node(at: JSONPointer(parsing: "/kommun/kod")!))
    #expect(
      document.wordLocation(of: kod.location)?.text(.sv) == "Kommun och dokument › Dokumentet, raden Kommunkod (SCB)")
    #expect(document.wordLocation(of: kod.location)?.paragraph == 7)
  }

  @Test func whatWordUsersDoIsReadAsTheyMeanIt() throws {
    let ansvarig =
      // Text split over runs, a field's result (its instruction dropped), a simple field, a tab, a line
      // break, a tracked insertion (kept) and deletion (dropped), a comment (ignored).
      "<w:p><w:r><w:t>Tek</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>niska</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
      + "<w:commentRangeStart w:id=\"0\"/><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>MERGEFIELD namn</w:instrText></w:r>"
      + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>nämnden</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
      + "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>"
      + "<w:ins w:id=\"1\" w:author=\"A\"><w:r><w:tab/><w:t>och</w:t><w:br/><w:t>polisen</w:t></w:r></w:ins>"
      + "<w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>RADERAT</w:delText></w:r></w:del>"
      + "<w:moveFrom w:id=\"3\" w:author=\"A\"><w:r><w:t>FLYTTAT</w:t></w:r></w:moveFrom></w:p>"
    let rubrik =
      "<w:p><w:fldSimple w:instr=\" DOCPROPERTY x \"><w:r><w:t>Belys</w:t></w:r></w:fldSimple>"
      + "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent><w:r><w:t>ning</w:t></w:r></w:sdtContent></w:sdt>"
      + "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>TEXTRUTA</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>"
    let placeholder =
      "<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Klicka här för att ange text.</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    let merged = "<w:vMerge/>"
    let document = try readBody(
      WordML.kommun + WordML.part("Åtgärdsplan (5 §)") + WordML.p("Mina egna anteckningar.")
        + WordML.caption("Åtgärder")
        + WordML.tableOfRows([
          WordML.row(WordML.atgarderHeader),
          WordML.row(["A1", WordML.cell(rubrik), WordML.cell(ansvarig), "Bättre ljus", "2027-01-01"]),
          // An empty row, a copied header row, a deleted row, an inserted row, a merged continuation.
          WordML.row(["", "", "", "", ""]),
          WordML.row(WordML.atgarderHeader),
          WordML.row(["A9", "Borttagen", "x", "", ""], properties: "<w:del w:id=\"4\" w:author=\"A\"/>"),
          WordML.row(
            ["A2", WordML.cell(placeholder), "Socialnämnden", "Mål", "2027-02-01"],
            properties: "<w:ins w:id=\"5\" w:author=\"A\"/>"),
          WordML.row(["", "", WordML.cell("", properties: merged), "Mål två", "2027-03-01"]),
        ]))
    #expect(text(document, "/atgardsplan/atgarder/0/rubrik") == "Belysning")
    #expect(text(document, "/atgardsplan/atgarder/0/ansvarig") == "Tekniska nämnden\toch\npolisen")
    #expect(document.root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder")!)?.childCount == 2)
    #expect(text(document, "/atgardsplan/atgarder/1/id") == "A2")
    #expect(text(document, "/atgardsplan/atgarder/1/rubrik") == nil)
    // The row under A2 whose own cells are empty or merged into A2's adds a second mål to A2.
    #expect(text(document, "/atgardsplan/atgarder/1/mal/1/beskrivning") == "Mål två")
    #expect(document.diagnostics.contains { $0.kind == .unacceptedChanges })
  }

  @Test func aMergedCellRepeatsTheCellAboveInAPlainList() throws {
    let document = try readBody(
      WordML.kommun + WordML.part("Uppföljning (6 §)") + WordML.caption("Uppföljningar")
        + WordML.tableOfRows([
          WordML.row(["Id", "Datum", "Typ", "Resultat"]),
          WordML.row(["U1", WordML.cell("2026-05-01", properties: "<w:vMerge w:val=\"restart\"/>"), "process", "Gott"]),
          WordML.row(["U2", WordML.cell("", properties: "<w:vMerge/>"), "effekt", "Bättre"]),
          // A cell spanning two grid columns goes to the column where it starts.
          WordML.row(["U3", "2026-06-01", WordML.cell("produktion", properties: "<w:gridSpan w:val=\"2\"/>")]),
        ]))
    #expect(text(document, "/uppfoljningar/1/datum") == "2026-05-01")
    #expect(text(document, "/uppfoljningar/2/typ") == "produktion")
    #expect(text(document, "/uppfoljningar/2/resultat") == nil)
  }

  @Test func unknownHeadingsColumnsAndRowsAreReportedNotDropped() throws {
    let document = try readBody(
      WordML.kommun + WordML.part("Min egen rubrik") + WordML.part("Uppföljning (6 §)")
        + WordML.caption("Uppföljningar")
        + WordML.table([["Id", "Kommentar"], ["U1", "x"]]) + WordML.table([["lös tabell"]]))
    let messages = document.diagnostics.map(\.message.sv)
    #expect(messages.contains { $0.contains("\"Min egen rubrik\"") })
    #expect(messages.contains { $0.contains("kolumnen \"Kommentar\"") })
    #expect(messages.contains { $0.contains("har ingen tabellrubrik") })
  }

  @Test func aDocumentNotFromTheTemplateIsUnreadable() throws {
    let error = try #require(unreadable(WordML.docx(WordML.p("Protokoll", "Heading1") + WordML.p("Text"))))
    #expect(error.kind == .malformed)
    #expect(error.message.sv.contains("ingen plan ur lagkolls Word-mall"))
    #expect(error.message.sv.contains("Kommun och dokument"))
  }

  @Test func aNewerFormatVersionIsRefusedWithTheVersion() throws {
    let body = WordML.kommun.replacingOccurrences(
      of: "<w:t xml:space=\"preserve\">1</w:t>", with: "<w:t xml:space=\"preserve\">2.0</w:t>")
    let error = try #require(unreadable(WordML.docx(body)))
    #expect(error.kind == .unsupportedVersion)
    #expect(error.message.sv.contains("\"2.0\""))
  }

  @Test func aNewerLayoutOfTheTemplateIsRefusedWithItsVersion() throws {
    let custom =
      #"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#
      + #"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
      + #"<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="lagkoll-docx-layout"><vt:lpwstr>VERSION</vt:lpwstr></property></Properties>"#
    let newer = WordML.docx(
      WordML.kommun, extra: [("docProps/custom.xml", Array(custom.replacingOccurrences(of: "VERSION", with: "2").utf8))]
    )
    let error = try #require(unreadable(newer))
    #expect(error.kind == .unsupportedVersion)
    #expect(error.message.sv.contains("(2)"))
    let same = WordML.docx(
      WordML.kommun, extra: [("docProps/custom.xml", Array(custom.replacingOccurrences(of: "VERSION", with: "1").utf8))]
    )
    #expect(unreadable(same) == nil)
  }

  @Test func aWordDocumentIsRecognisedByItsContent() throws {
    let document = try DocumentReader.parse(WordML.docx(WordML.kommun), file: "plan", format: nil)
    #expect(document.format == .docx)
    #expect(DocumentReader.format(forPath: "Plan.DOCX") == .docx)
  }

  @Test func theRuleExamplesFormReadsAMainPartAlone() throws {
    let parsed = try DocxReader.parse(mainPart: Array(WordML.document(WordML.kommun).utf8))
    #expect(parsed.root["kommun"]?["namn"]?.string == "Lund")
  }
}
