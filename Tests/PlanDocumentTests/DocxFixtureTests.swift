import Foundation
import Testing

@testable import PlanDocument

/// Documents from real writers (Tests/Fixtures/docx, made by its make.py): lagkoll's template filled in
/// with python-docx as a user would (rows added with add_row, a row copied and inserted, an empty row),
/// and the same document re-saved by LibreOffice, directly and through .odt. Each reads to the values
/// typed in, and the three read to the same tree.
@Suite("Word documents from python-docx and LibreOffice")
struct DocxFixtureTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/docx")
  static let names = ["pythondocx-ifylld.docx", "libreoffice-omsparad.docx", "libreoffice-via-odt.docx"]

  static func read(_ name: String) throws -> Document {
    try DocumentReader.read(file: folder.appendingPathComponent(name).path)
  }

  static func text(_ document: Document, _ pointer: String) -> String? {
    document.root.node(at: JSONPointer(parsing: pointer)!)?.scalarText
  }

  /// Every node's pointer and value, in order: the tree as the rules see it, without its locations.
  static func tree(_ document: Document) -> [String] {
    var lines: [String] = []
    document.root.walk { pointer, node, _ in lines.append("\(pointer) \(node.kind) \(node.scalarText ?? "")") }
    return lines
  }

  @Test(arguments: names)
  func readsWhatWasTypedIn(name: String) throws {
    let document = try Self.read(name)
    #expect(document.format == .docx)
    #expect(Self.text(document, "/kommun/kod") == "1281")
    #expect(Self.text(document, "/upprattad") == "2026-11-20")
    #expect(Self.text(document, "/atgardsplan/beslut/organ") == "kommunfullmaktige")
    #expect(Self.text(document, "/atgardsplan/beslut/diarienummer") == "KS 2026/118")
    let atgarder = try #require(document.root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder")!))
    // A1 (with a second mål on the row added under it), A2 (the copied row), A3; the empty row is no item.
    #expect(atgarder.childCount == 3, "\(Self.tree(document).filter { $0.hasPrefix("/atgardsplan/atgarder") })")
    #expect(Self.text(document, "/atgardsplan/atgarder/0/id") == "A1")
    #expect(Self.text(document, "/atgardsplan/atgarder/0/rubrik") == "Belysning i Stadsparken")
    #expect(Self.text(document, "/atgardsplan/atgarder/0/mal/1/beskrivning") == "Fler som känner sig trygga")
    #expect(Self.text(document, "/atgardsplan/atgarder/1/id") == "A2")
    #expect(Self.text(document, "/atgardsplan/atgarder/1/ansvarig") == "Socialnämnden")
    #expect(Self.text(document, "/atgardsplan/atgarder/1/mal/0/beskrivning") == "Kvällar med fältassistenter")
    #expect(Self.text(document, "/atgardsplan/atgarder/2/rubrik") == "Trygghetsvandringar")
    // Each action's place names its row in the table.
    let ansvarig = try #require(document.root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder/2/ansvarig")!))
    #expect(
      document.wordLocation(of: ansvarig.location)?.text(.sv).hasSuffix("Åtgärder, rad 4, kolumn Ansvarig") == true)
  }

  @Test func libreOfficeKeepsTheTree() throws {
    let original = Self.tree(try Self.read(Self.names[0]))
    for name in Self.names.dropFirst() {
      #expect(Self.tree(try Self.read(name)) == original, "\(name) reads to another tree")
    }
  }

  /// The body is read as it is inflated and is not kept, so each node's offset is found in libxml2's
  /// buffer and its line and column from what was recorded on the way: every node must still stand at
  /// the `<` of the paragraph, cell, row or table it was read from (the reviewed copy anchors there), at
  /// the line and column the whole part gives. Documents from LibreOffice and python-docx, and lagkoll's
  /// own samples.
  @Test(arguments: names.map { folder.appendingPathComponent($0).path } + Self.samples())
  func nodesStandAtTheirElementsInTheUnkeptBody(path: String) throws {
    let document = try DocumentReader.read(file: path)
    let archive = try ZipArchive(
      Array(try Data(contentsOf: URL(fileURLWithPath: path))), limits: DocxReader.zipLimits(.default))
    let body = try #require(try archive.contents(named: DocxReader.mainPart))
    let elements: Set<String> = ["<w:p", "<w:tc", "<w:tr", "<w:tbl"]
    var wrong: [String] = []
    body.withUnsafeBufferPointer { bytes in
      let lines = LineIndex(bytes)
      document.root.walk { pointer, node, _ in
        let offset = node.location.offset
        let name = String(decoding: bytes[offset..<min(offset + 6, bytes.count)], as: UTF8.self)
          .prefix { $0 != " " && $0 != ">" && $0 != "/" }
        let expected = lines.location(ofOffset: offset, in: bytes)
        if !elements.contains(String(name))
          || (expected.line, expected.column) != (node.location.line, node.location.column)
        {
          wrong.append("\(pointer): \(name) at \(node.location), the part gives \(expected)")
        }
      }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
  }

  static func samples() -> [String] {
    let samples = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("samples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
    return names.filter { $0.hasSuffix(".docx") }.sorted().map { samples.appendingPathComponent($0).path }
  }
}
