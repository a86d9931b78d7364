import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

@Suite("Path language")
struct PathPatternTests {
  let document: Node = {
    let json = #"""
      {"lagesbilder": [{"id": "LB1", "datum": "2026-01-10"}, {"id": "LB2", "datum": "2024-05-01"}],
       "atgardsplan": {"lagesbild": "LB2", "atgarder": [{"id": "A1"}, {"id": "A2", "ansvarig": "Socialtjänsten"}]}}
      """#
    return try! Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }.root
  }()

  func paths(_ text: String, from start: String = "") throws -> [String] {
    let pattern = try PathPattern.parse(text).get()
    let root = Match(pointer: JSONPointer(), node: document)
    let begin =
      start.isEmpty
      ? root : Match(pointer: JSONPointer(parsing: start)!, node: document.node(at: JSONPointer(parsing: start)!)!)
    let index = DocumentIndex(root: document)
    return pattern.matches(from: begin) { index.owner(ofAnyID: $0).map(index.match) }.map(\.pointer.description)
  }

  /// The index keeps node ids (a `Match` per entry was 11.9 MB of a 30 000-action plan's peak) and
  /// makes the node, with its pointer, where a check reads one.
  @Test func documentIndexHoldsNodeIDs() {
    let index = DocumentIndex(root: document)
    #expect(
      index.dates.map { index.match($0).pointer.description } == ["/lagesbilder/0/datum", "/lagesbilder/1/datum"])
    #expect(index.references.map { index.match($0.node).pointer.description } == ["/atgardsplan/lagesbild"])
    #expect(index.owner(ofAnyID: "A2").map { index.node($0).pointer.description } == "/atgardsplan/atgarder/1")
    #expect(index.ids[.atgard]?["A1"].map { index.node($0).pointer.description } == "/atgardsplan/atgarder/0")
    #expect(index.owner(ofAnyID: "X9") == nil)
    // An id held by things of two kinds: `->` follows the first in the document, whichever kind it is.
    let shared = try! Array(#"{"atgardsplan": {"atgarder": [{"id": "S"}]}, "uppfoljningar": [{"id": "S"}]}"#.utf8)
      .withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }.root
    let sharedIndex = DocumentIndex(root: shared)
    #expect(
      sharedIndex.owner(ofAnyID: "S").map { sharedIndex.node($0).pointer.description } == "/atgardsplan/atgarder/0")
    #expect(sharedIndex.sharedIDs.keys.sorted() == ["S"])
    #expect(MemoryLayout<DocumentIndex.CrossReference>.stride <= 8)
    #expect(MemoryLayout<DocumentIndex.DuplicateID>.stride <= 12)
    #expect(MemoryLayout.size(ofValue: index.dates.first!) == 4)
  }

  @Test func childrenIndexesAndWildcards() throws {
    #expect(try paths("/atgardsplan/atgarder/*/id") == ["/atgardsplan/atgarder/0/id", "/atgardsplan/atgarder/1/id"])
    #expect(try paths("/lagesbilder/1/datum") == ["/lagesbilder/1/datum"])
    #expect(try paths("/atgardsplan/atgarder/*/ansvarig") == ["/atgardsplan/atgarder/1/ansvarig"])
    #expect(try paths("/saknas/*") == [])
    #expect(try paths("/") == [""])
  }

  /// Steps naming the format's fields are resolved to name ids when the path is made (and when a rule
  /// set is decoded); other names are looked up by text in the document and still found.
  @Test func keyStepsAreCompiledToNameIDs() throws {
    let pattern = try PathPattern.parse("/atgardsplan/atgarder/*/ansvarig").get()
    #expect(pattern.keyIDs.count == pattern.steps.count)
    #expect(pattern.keyIDs[0] == NameTable.standard.canonicalID(of: "atgardsplan"))
    #expect(pattern.keyIDs[2] == -1)  // the wildcard
    let unknown = try PathPattern.parse("/inte_i_formatet").get()
    #expect(unknown.keyIDs == [-1])
    let decoded = try JSONDecoder().decode(PathPattern.self, from: JSONEncoder().encode(pattern))
    #expect(decoded.keyIDs == pattern.keyIDs)
    var cut = pattern
    cut.steps.removeLast()
    #expect(cut.keyIDs == Array(pattern.keyIDs.dropLast()))
  }

  @Test func descendants() throws {
    #expect(
      try paths("/**/id").sorted() == [
        "/atgardsplan/atgarder/0/id", "/atgardsplan/atgarder/1/id", "/lagesbilder/0/id", "/lagesbilder/1/id",
      ])
  }

  @Test func dereferenceFollowsAnIdToItsThing() throws {
    #expect(try paths("lagesbild->datum", from: "/atgardsplan") == ["/lagesbilder/1/datum"])
  }

  @Test func malformedPathsAreRefused() {
    for bad in ["", "a//b", "a/", "a*b"] {
      #expect(throws: PathPattern.PathError.self) { try PathPattern.parse(bad).get() }
    }
  }

  @Test func aMissingFieldIsLocatedAtItsDeepestExistingAncestor() throws {
    let pattern = try PathPattern.parse("atgarder/0/mal/0/indikator").get()
    let start = Match(pointer: JSONPointer(parsing: "/atgardsplan")!, node: document["atgardsplan"]!)
    #expect(
      pattern.deepestExisting(from: start, resolve: { _ in nil }).pointer.description == "/atgardsplan/atgarder/0")
  }
}

@Suite("Message templates")
struct MessageTemplateTests {
  /// A finding's message as findings carry it and reporters render it (`FindingMessage.text`).
  func message(_ template: LocalizedText, _ values: [PlaceholderName: LocalizedText] = [:]) -> FindingMessage {
    FindingMessage(
      MessageParts(
        template: template, values: values, subject: MessageSubject(id: "A1", label: "Nattvandring"),
        path: JSONPointer(parsing: "/atgardsplan/atgarder/0")!, asOf: CivilDate("2026-11-24")!))
  }

  @Test func fillsPlaceholdersInBothLanguages() {
    let text = message(
      LocalizedText(
        sv: "{label} ({id}) saknar {field} vid {path} per {asOf}",
        en: "{label} ({id}) lacks {field} at {path} as of {asOf}"),
      [.field: LocalizedText(sv: "ansvarig", en: "responsible")])
    #expect(text.text(.sv) == "Nattvandring (A1) saknar ansvarig vid /atgardsplan/atgarder/0 per 2026-11-24")
    #expect(text.text(.en) == "Nattvandring (A1) lacks responsible at /atgardsplan/atgarder/0 as of 2026-11-24")
  }

  @Test func leavesUnknownAndUnclosedPlaceholdersVisible() {
    #expect(message(.same("{okänd} och {öppen")).text(.sv) == "{okänd} och {öppen")
    #expect(MessageTemplate.placeholders(in: "{a} {b}c{") == ["a", "b"])
  }
}
