import Foundation
import Testing

@testable import PlanDocument

/// A plan rendered as a Word document reads back to the identical tree (paths, kinds, values, order),
/// and the samples' .docx twins are what the writer makes of their JSON form today.
@Suite("Word round trip")
struct DocxRoundTripTests {
  static let samples = DocxLayoutTests.repository + "/samples"

  static let sampleNames: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: samples)) ?? []
    return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }()

  /// One line per node: path, kind and value, without position (as the sample parity test compares).
  static func shape(_ root: Node) -> [String] {
    var lines: [String] = []
    root.walk { pointer, node, _ in
      lines.append("\(pointer) \(node.kind.rawValue) \(node.scalarText.map { "= \($0.debugDescription)" } ?? "")")
    }
    return lines
  }

  /// The tree `root` gives after a trip through Word.
  static func throughWord(_ root: Node) throws -> Node {
    let docx = try DocxWriter.render(root)
    return try DocumentReader.parse(docx, file: "plan.docx", format: .docx).root
  }

  static func expectSameTree(_ a: [String], _ b: [String], _ name: String) {
    for (index, (x, y)) in zip(a, b).enumerated() where x != y {
      Issue.record("\(name): node \(index) differs:\n  before: \(x)\n  after:  \(y)")
      return
    }
    #expect(a.count == b.count, "\(name): \(a.count) nodes before, \(b.count) after")
  }

  @Test(arguments: sampleNames)
  func everySampleReadsBackToTheSameTree(name: String) throws {
    let original = try DocumentReader.read(file: "\(Self.samples)/\(name).json")
    Self.expectSameTree(Self.shape(original.root), Self.shape(try Self.throughWord(original.root)), name)
  }

  /// A plan with a table of thousands of rows and a part after it: the table's frozen records become
  /// the tree's buffer when the tree is laid out (`TreeBuilder.adopt`), the rest before and after them.
  @Test func aLongTableReadsBackToTheSameTree() throws {
    let rows = (0..<3_000).map { #"{"planering": "Plan \#($0)", "beskrivning": "Så här \#($0)"}"# }
    let json =
      #"{"formatversion": "1.0", "kommun": {"namn": "Lund", "kod": "1281"}, "integrering": ["#
      + rows.joined(separator: ", ")
      + #"], "uppfoljningar": [{"id": "U1", "datum": "2026-05-01", "typ": "process", "atgarder": [], "resultat": "Klart"}]}"#
    let original = try DocumentReader.parse(Array(json.utf8), file: "plan.json", format: .json)
    let read = try Self.throughWord(original.root)
    Self.expectSameTree(Self.shape(original.root), Self.shape(read), "3 000 rows")
    #expect(read.node(at: JSONPointer(parsing: "/integrering/2999/beskrivning")!)?.scalarText == "Så här 2999")
  }

  /// `LAGKOLL_UPDATE_GOLDEN=1` writes the twins (as `lagkoll convert samples/X.json --to docx` would).
  @Test(arguments: sampleNames)
  func everySampleHasItsCurrentWordTwin(name: String) throws {
    let original = try DocumentReader.read(file: "\(Self.samples)/\(name).json")
    let rendered = try DocxWriter.render(original.root)
    let path = "\(Self.samples)/\(name).docx"
    if ProcessInfo.processInfo.environment["LAGKOLL_UPDATE_GOLDEN"] == "1" {
      try Data(rendered).write(to: URL(fileURLWithPath: path))
      return
    }
    let committed = try DocumentReader.readBytes(path: path, limits: .default)
    #expect(
      committed == rendered, "samples/\(name).docx is stale: LAGKOLL_UPDATE_GOLDEN=1 swift test --filter DocxRoundTrip")
  }

  @Test func theTemplateReadsBackToTheJSONTemplatesTree() throws {
    let json = PlanTemplate.render(format: .json, kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    let tree = try DocumentReader.parse(Array(json.utf8), file: "plan.json", format: .json).root
    let docx = try PlanTemplate.renderDocx(kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    let read = try DocumentReader.parse(docx, file: "plan.docx", format: .docx).root
    Self.expectSameTree(Self.shape(tree), Self.shape(read), "template")
  }

  @Test func awkwardTextSurvivesTheTrip() throws {
    let texts = [
      "rad ett\nrad två", "med\ttabb", "<w:p> & \"citat\" 'apostrof'", "åäö ÅÄÖ é ü 🙂", "  mellanslag  inne  ",
      "§ 12, KS 2026/0001", "=SUMMA(A1:A2)", "ja", "1",
    ]
    for text in texts {
      let escaped = String(
        decoding: try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
      let value = String(escaped.dropFirst().dropLast())
      let root = try DocumentReader.parse(
        Array(
          #"{"formatversion": "1", "kommun": {"namn": \#(value), "kod": "1282"}, "samverkan": {"forum": [{"namn": \#(value), "civilsamhalle": true, "deltagare": [\#(value), "B"]}]}}"#
            .utf8), file: "t.json", format: .json
      ).root
      Self.expectSameTree(Self.shape(root), Self.shape(try Self.throughWord(root)), text.debugDescription)
    }
  }
}
