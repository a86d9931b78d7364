import Foundation
import Testing
import XMLTestSupport

@testable import PlanDocument

/// The writer of the Word form: a valid package, the same bytes for the same tree, plan text as data.
@Suite("Word writer")
struct DocxWriterTests {
  static let repository = DocxLayoutTests.repository

  // MARK: - The writer

  static func parts(of docx: [UInt8]) throws -> [String: [UInt8]] {
    let archive = try ZipArchive(docx)
    var parts: [String: [UInt8]] = [:]
    for entry in archive.entries { parts[entry.name] = try archive.contents(of: entry) }
    return parts
  }

  static func plan(_ json: String) throws -> Node {
    try DocumentReader.parse(Array(json.utf8), file: "t.json", format: .json).root
  }

  @Test func templateIsAWellFormedPackageWithEveryPartOfTheLaw() throws {
    let docx = try PlanTemplate.renderDocx(kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    let parts = try Self.parts(of: docx)
    #expect(
      Set(parts.keys)
        == [
          "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
          "word/styles.xml", "word/settings.xml", "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
        ])
    for (name, bytes) in parts {
      #expect(XMLEventScanner().scan(String(decoding: bytes, as: UTF8.self)) == nil, "\(name) is not well-formed")
    }
    let document = String(decoding: parts["word/document.xml"]!, as: UTF8.self)
    var headings: [String] = []
    var inHeading = false
    var text = ""
    let scanner = XMLEventScanner()
    scanner.onStart = { element in
      if element.name == "pStyle", element.attributes["val"] == DocxLayout.Style.part { inHeading = true }
    }
    scanner.onText = { text += $0 }
    scanner.onEnd = { name in
      guard name == "p" else { return }
      if inHeading { headings.append(text) }
      inHeading = false
      text = ""
    }
    #expect(scanner.scan(document) == nil)
    #expect(headings == DocxLayout.parts.map(\.heading.sv))
    // A4 portrait for the body, and the styles the reader keys on are defined.
    #expect(document.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#))
    let styles = String(decoding: parts["word/styles.xml"]!, as: UTF8.self)
    for style in DocxLayout.Style.structural + DocxLayout.Style.ignored {
      #expect(styles.contains(#"w:styleId="\#(style)""#), "style \(style)")
    }
    #expect(document.contains("ANGE:"))
  }

  @Test func theSameTreeGivesTheSameBytes() throws {
    let root = try Self.plan(try String(contentsOfFile: Self.repository + "/samples/komplett.json", encoding: .utf8))
    #expect(try DocxWriter.render(root) == DocxWriter.render(root))
  }

  @Test func planTextIsEscapedDataNeverMarkup() throws {
    let hostile = #"</w:t></w:r><w:fldSimple w:instr=\"HYPERLINK evil\"/> & \u0001 \r x]]>"#
    let root = try Self.plan(
      #"{"formatversion": "1", "kommun": {"namn": "\#(hostile)", "kod": "1282"}, "upprattad": "2026-01-01"}"#)
    let parts = try Self.parts(of: try DocxWriter.render(root))
    let document = String(decoding: parts["word/document.xml"]!, as: UTF8.self)
    #expect(XMLEventScanner().scan(document) == nil)
    #expect(!document.contains("<w:fldSimple"))
    var texts: [String] = []
    let scanner = XMLEventScanner()
    scanner.onText = { texts.append($0) }
    _ = scanner.scan(document)
    let all = texts.joined()
    #expect(all.contains(#"</w:t></w:r><w:fldSimple w:instr="HYPERLINK evil"/> & \#u{FFFD} "#))
    // Nothing from the plan reaches the properties.
    #expect(!String(decoding: parts["docProps/core.xml"]!, as: UTF8.self).contains("HYPERLINK"))
  }

  /// One escaping for every XML lagkoll writes: a control character from a JSON plan (JSON may hold
  /// one, XML 1.0 cannot) becomes U+FFFD in the plan's XML form as in its Word form, so both read back.
  @Test func theXMLFormOfAPlanWithAControlCharacterReadsBack() throws {
    let root = try Self.plan(
      #"{"formatversion": "1", "kommun": {"namn": "a\u0001b\r\"<", "kod": "1282"}, "upprattad": "2026-01-01"}"#)
    let xml = PlanSerializer.xml(root)
    #expect(xml.contains("<namn>a\u{FFFD}b&#13;\"&lt;</namn>"))
    let back = try DocumentReader.parse(Array(xml.utf8), file: "t.xml", format: .xml).root
    #expect(back["kommun"]?["namn"]?.scalarText == "a\u{FFFD}b\r\"<")
    #expect(XMLText.escaped("\"\t\n", quotes: true) == "&quot;\t\n")
    #expect(XMLText.escaped("\"\t\n", attribute: true) == "&quot;&#9;&#10;")
  }

  @Test func anActionWithSeveralGoalsSpansTheirRows() throws {
    let root = try Self.plan(
      #"""
      {"formatversion": "1", "atgardsplan": {"atgarder": [
        {"id": "A1", "rubrik": "Ett", "mal": [{"beskrivning": "m1"}, {"beskrivning": "m2"}, {"beskrivning": "m3"}]},
        {"id": "A2", "rubrik": "Två", "mal": []}]}}
      """#)
    let document = String(
      decoding: try Self.parts(of: try DocxWriter.render(root))["word/document.xml"]!, as: UTF8.self)
    // A1: three rows, its own ten cells merged down; A2: one row with empty goal cells.
    #expect(document.components(separatedBy: #"<w:vMerge w:val="restart"/>"#).count - 1 == 10)
    #expect(document.components(separatedBy: "<w:vMerge/>").count - 1 == 20)
    #expect(document.contains(#"w:orient="landscape""#))
  }
}
