import Foundation
import Testing

@testable import PlanDocument

/// The compact tree: records in document order, interned names, positions computed on demand.
@Suite("Compact document tree")
struct CompactTreeTests {
  private func json(_ text: String) throws -> Node {
    try DocumentReader.parse(Array(text.utf8), file: "t.json", format: .json).root
  }

  @Test func recordsAreInDocumentOrderWithSubtreeEnds() throws {
    let root = try json(#"{"formatversion": "1.0", "a": [1, {"b": true}, null], "c": "x"}"#)
    let records = root.storage.records
    // Root, formatversion, a, 1, {b}, b, null, c: pre-order.
    #expect(records.count == 8)
    #expect(records[0].end == 8)
    #expect(records[2].end == 7)  // `a` and everything in it
    #expect(records[4].end == 6)
    #expect(root.childCount == 3)
    #expect(root["a"]?.items?.map(\.kind) == [.number, .object, .null])
    #expect(root["a"]?.item(at: 1)?["b"]?.scalarText == "true")
    #expect(root["a"]?.item(at: 3) == nil)
    #expect(root["c"]?.string == "x")
  }

  @Test func canonicallyEquivalentKeysLookEachOtherUpButKeepTheirSpelling() throws {
    let decomposed = "a\u{0308}tgard"  // ä as a + combining diaeresis
    let root = try json(#"{"formatversion": "1.0", "\#(decomposed)": 1}"#)
    let member = try #require(root.members?.last)
    #expect(Array(member.key.utf8) == Array(decomposed.utf8))  // as written, byte for byte
    #expect(root["\u{00E4}tgard"]?.scalarText == "1")  // found by the precomposed spelling
  }

  @Test func escapedAndPlainTextReadTheSame() throws {
    let root = try json(#"{"formatversion": "1.0", "a": "h\u00e4r \"citat\"", "b": "här \"citat\""}"#)
    #expect(root["a"]?.string == root["b"]?.string)
    #expect(root["b"]?.string == "här \"citat\"")
  }

  /// The position table (checkpoints at line starts and every few hundred bytes) agrees with the plain
  /// line index for every offset, on long lines, CR, CR LF and multibyte text.
  @Test func positionsAgreeWithTheLineIndexEverywhere() {
    var text = "ab\r\ncd\rä€😀\n"
    for round in 0..<400 { text += round % 7 == 0 ? "é😀x\r\n" : "abcdéfg€" }
    text += "\n" + String(repeating: "ö", count: 3000) + "end"
    let bytes = Array(text.utf8)
    let table = Positions(bytes, origin: 0)
    bytes.withUnsafeBufferPointer { buffer in
      let index = LineIndex(buffer)
      for offset in 0...bytes.count {
        let expected = index.location(ofOffset: offset, in: buffer)
        let got = table.location(ofOffset: offset, in: bytes)
        if (got.line, got.column) != (expected.line, expected.column) {
          Issue.record("offset \(offset): \(got) != \(expected)")
          return
        }
      }
    }
  }

  @Test func aByteOrderMarkTakesNoColumnInTheTable() throws {
    let root = try DocumentReader.parse([0xEF, 0xBB, 0xBF] + Array(#"{"formatversion": "1.0"}"#.utf8), file: "t.json").root
    #expect((root.location.line, root.location.column) == (1, 1))
    #expect(root["formatversion"].map { ($0.location.line, $0.location.column) }! == (1, 19))
    #expect(root.members.map { ($0[0].keyLocation.line, $0[0].keyLocation.column) }! == (1, 2))
  }

  @Test func theFormatsNamesHaveFixedIDs() throws {
    let root = try json(#"{"formatversion": "1.0", "kommun": {"namn": "X"}, "okänd": 1}"#)
    let standard = NameTable.standard
    let kommun = try #require(standard.canonicalID(of: "kommun"))
    #expect(root.storage.names.canonicalID(of: "kommun") == kommun)
    #expect(root.child(named: kommun)?["namn"]?.string == "X")
    #expect(standard.canonicalID(of: "okänd") == nil)
    #expect(root["okänd"]?.scalarText == "1")
  }

  @Test func respellingRenamesWithoutTouchingTheOriginal() throws {
    let root = try json(#"{"formatversion": "1.0", "komun": {"namn": "X"}}"#)
    let (corrected, found) = PlanFormat.respell(root)
    #expect(found.map(\.meant) == ["kommun"])
    #expect(corrected["kommun"]?["namn"]?.string == "X")
    #expect(root["kommun"] == nil)
    #expect(root["komun"]?["namn"]?.string == "X")
  }

  /// The respelling walk finds a member's field by its name id; what it reports is as before: a
  /// misspelling below a respelled one is pointed at below the field as meant, with its own key as
  /// written.
  @Test func respellingPointsBelowRespelledAncestors() throws {
    let root = try json(
      #"{"formatversion": "1.0", "atgardsplann": {"atgarder": [{"id": "A1", "ansvarg": "X"}]}}"#)
    let (corrected, found) = PlanFormat.respell(root)
    #expect(found.map(\.pointer.description) == ["/atgardsplann", "/atgardsplan/atgarder/0/ansvarg"])
    #expect(found.map(\.meant) == ["atgardsplan", "ansvarig"])
    #expect(corrected["atgardsplan"]?["atgarder"]?.item(at: 0)?["ansvarig"]?.string == "X")
  }

  /// Why the walk cannot be skipped by looking at the document's names alone: the format's own names
  /// are one slip from one another in places, and a correctly spelled name in an object that lacks it
  /// is read as the field that object has (`namn` in `ledning`, which has `namnd`).
  @Test func aFormatNameInTheWrongObjectIsRespelled() throws {
    let root = try json(#"{"formatversion": "1.0", "ledning": {"organ": "namnd", "namn": "Socialnämnden"}}"#)
    let (corrected, found) = PlanFormat.respell(root)
    #expect(found.map(\.written) == ["namn"])
    #expect(found.map(\.meant) == ["namnd"])
    #expect(corrected["ledning"]?["namnd"]?.string == "Socialnämnden")
  }
}
