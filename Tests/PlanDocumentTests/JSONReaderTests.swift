import Foundation
import Testing

@testable import PlanDocument

private func parse(_ text: String, limits: ReadLimits = .default) throws -> ParseResult {
  try parse(Array(text.utf8), limits: limits)
}

private func parse(_ bytes: [UInt8], limits: ReadLimits = .default) throws -> ParseResult {
  try bytes.withUnsafeBufferPointer { try JSONReader.parse($0, limits: limits) }
}

/// The error reading `bytes` gives, or nil when it is accepted.
private func readError(_ bytes: [UInt8], limits: ReadLimits = .default) -> ReadError? {
  do {
    _ = try parse(bytes, limits: limits)
    return nil
  } catch {
    return error as? ReadError
  }
}

private func readError(_ text: String, limits: ReadLimits = .default) -> ReadError? {
  readError(Array(text.utf8), limits: limits)
}

@Suite("JSON reader: values and positions")
struct JSONReaderPositionTests {
  @Test func valuesKeepTheirExactText() throws {
    let root = try parse(#"{"a": -0.5e+10, "b": [true, false, null], "c": "x\u00e9\n", "d": 100000000000000000000000}"#)
      .root
    guard case .number(let text) = root["a"]?.value else {
      Issue.record("a is not a number")
      return
    }
    #expect(text == "-0.5e+10")
    #expect(root["b"]?.items?.map(\.kind) == [.boolean, .boolean, .null])
    #expect(root["c"]?.string == "xé\n")
    #expect(root["d"]?.scalarText == "100000000000000000000000")
  }

  @Test func membersKeepTheirOrder() throws {
    let root = try parse(#"{"z": 1, "a": 2, "m": 3}"#).root
    #expect(root.members?.map(\.key) == ["z", "a", "m"])
  }

  @Test func nodesAndKeysKnowTheirLineAndColumn() throws {
    let text = "{\n  \"namn\": \"Åre\",\n\t\"lista\": [1,\n    {\"x\": true}]\n}"
    let root = try parse(text).root
    let members = try #require(root.members)
    #expect(root.location == SourceLocation(offset: 0, line: 1, column: 1))
    #expect((members[0].keyLocation.line, members[0].keyLocation.column) == (2, 3))
    #expect((members[0].value.location.line, members[0].value.location.column) == (2, 11))
    // A tab is one column.
    #expect((members[1].keyLocation.line, members[1].keyLocation.column) == (3, 2))
    let inner = try #require(members[1].value.items?[1])
    #expect((inner.location.line, inner.location.column) == (4, 5))
    #expect((inner.members?[0].value.location.line, inner.members?[0].value.location.column) == (4, 11))
  }

  @Test func columnsCountCodePointsNotBytes() throws {
    // "é" is two bytes and "😀" four, but each is one column.
    let root = try parse(#"{"é😀": "ö", "k": 1}"#).root
    let members = try #require(root.members)
    #expect(members[0].key == "é😀")
    #expect(members[0].value.location.column == 8)
    #expect(members[1].keyLocation.column == 13)
    #expect(members[1].keyLocation.offset == 17)
  }

  @Test func crlfAndLoneCREndOneLineEach() throws {
    let root = try parse("{\r\n\"a\": 1,\r\"b\": 2,\n\"c\": 3}").root
    let lines = root.members?.map(\.keyLocation.line)
    #expect(lines == [2, 3, 4])
  }

  @Test func aByteOrderMarkIsSkippedAndTakesNoColumn() throws {
    let root = try parse([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)).root
    #expect(root["a"] != nil)
    #expect(root.location.column == 1)
    #expect(root.members?[0].keyLocation.column == 2)
  }

  @Test func escapedNULInAStringIsKept() throws {
    #expect(try parse(#"["a\u0000b"]"#).root.items?[0].string == "a\u{0}b")
  }

  @Test func surrogatePairsAreJoined() throws {
    #expect(try parse(#"["\ud83d\ude00"]"#).root.items?[0].string == "😀")
  }
}

@Suite("JSON reader: duplicate keys")
struct JSONReaderDuplicateTests {
  @Test func duplicatesAreKeptAndReportedWithPathAndPosition() throws {
    let result = try parse("{\"a\": {\"b\": 1,\n \"b\": 2}}")
    let inner = try #require(result.root["a"]?.members)
    #expect(inner.map(\.key) == ["b", "b"])
    let diagnostic = try #require(result.diagnostics.first)
    #expect(result.diagnostics.count == 1)
    #expect(diagnostic.kind == .duplicateKey)
    #expect(diagnostic.path.description == "/a/b")
    #expect((diagnostic.location.line, diagnostic.location.column) == (2, 2))
  }

  @Test func keysPerObjectAreCappedWithThePlaceOfTheFirstTooMany() throws {
    let text = "{" + (0..<1_001).map { "\n\"k\($0)\": 1" }.joined(separator: ",") + "}"
    let error = try #require(readError(text))
    #expect(error.kind == .limit)
    #expect(error.location?.description == "1002:1")
    #expect(readError("{" + (0..<1_000).map { "\"k\($0)\": 1" }.joined(separator: ",") + "}") == nil)
    // Arrays are not objects: 100 000 items are read.
    #expect(readError("[" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "]") == nil)
  }

  @Test func aLargeObjectWithDuplicatesStaysFast() throws {
    var text = "{"
    for index in 0..<20_000 { text += "\"k\(index % 10_000)\": \(index)," }
    text += "\"end\": 0}"
    let clock = ContinuousClock()
    let start = clock.now
    // The cap on keys per object (1 000) is lifted: this is about the duplicate check behind it.
    let result = try parse(text, limits: ReadLimits(maxMembers: 100_000))
    #expect(result.diagnostics.count == 10_000)
    #expect(clock.now - start < .seconds(2), "duplicate detection must not be quadratic")
  }
}

@Suite("JSON reader: hostile and broken input")
struct JSONReaderHostileTests {
  @Test func deepNestingIsRefusedCleanlyAtTheBracket() throws {
    for opener in ["[", "{\"a\":"] {
      let text = String(repeating: opener, count: 100_000)
      let error = try #require(readError(text))
      #expect(error.kind == .limit)
      let location = try #require(error.location)
      #expect(location.line == 1)
      #expect(location.column == ReadLimits.default.maxDepth * opener.count + 1)
    }
  }

  @Test func theDepthLimitIsExact() throws {
    let limits = ReadLimits(maxDepth: 10)
    #expect(readError(String(repeating: "[", count: 10) + String(repeating: "]", count: 10), limits: limits) == nil)
    #expect(
      readError(String(repeating: "[", count: 11) + String(repeating: "]", count: 11), limits: limits)?.kind == .limit)
  }

  @Test func aHundredThousandDigitNumberIsKeptAsText() throws {
    let digits = "1" + String(repeating: "0", count: 100_000)
    let root = try parse("[\(digits)]").root
    #expect(root.items?[0].scalarText == digits)
  }

  @Test func aOneMegabyteStringIsRead() throws {
    let long = String(repeating: "åäö ", count: 250_000)
    #expect(try parse("[\"\(long)\"]").root.items?[0].string == long)
  }

  @Test(arguments: [
    ([0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], 3),  // overlong "/"
    ([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], 3),  // a surrogate encoded in UTF-8
    ([0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D], 3),  // above U+10FFFF
    ([0x5B, 0x22, 0x61, 0x80, 0x22, 0x5D], 4),  // a stray continuation byte
    ([0x5B, 0x22, 0xE2, 0x82, 0x22, 0x5D], 3),  // cut short
    ([0x5B, 0x22, 0xE9, 0x22, 0x5D], 3),  // Latin-1 "é"
  ])
  func invalidUTF8IsRefusedWhereItStands(bytes: [UInt8], column: Int) throws {
    let error = try #require(readError(bytes))
    #expect(error.location?.line == 1)
    #expect(error.location?.column == column)
  }

  @Test(arguments: [#"["\ud800"]"#, #"["\udc00"]"#, #"["\ud800\u0041"]"#])
  func loneSurrogatesAreRefused(text: String) throws {
    #expect(try #require(readError(text)).location != nil)
  }

  @Test func rawControlCharactersAndNULAreRefused() throws {
    #expect(readError([0x5B, 0x22, 0x00, 0x22, 0x5D])?.location?.column == 3)
    #expect(readError("[\"a\tb\"]") != nil)
    #expect(readError([0x00]) != nil)
  }

  @Test(arguments: ["", "   ", "{", "{\"a\"", "{\"a\":", "[1,", "\"abc", "tru", "[1] [2]", "{\"a\":1}}", "-", "01"])
  func brokenDocumentsAreRefusedWithAPosition(text: String) throws {
    let error = try #require(readError(text), "\(text.debugDescription) was accepted")
    #expect(error.kind == .malformed)
    #expect((error.location?.line ?? 0) >= 1)
  }

  @Test func anEmptyFileSaysSo() throws {
    let error = try #require(readError(""))
    #expect(error.message.sv.contains("tom"))
    #expect(error.message.en.contains("empty"))
  }

  @Test func utf16IsRefusedWithAMessageToSaveAsUTF8() throws {
    let text = #"{"a": 1}"#
    let le = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let be = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    for bytes in [[0xFF, 0xFE] + le, [0xFE, 0xFF] + be, le, be] {
      let error = try #require(readError(bytes))
      #expect(error.message.en.contains("UTF-8"), "\(error.message.en)")
    }
  }

  /// The format version is read with white space around it trimmed, Unicode's white space included
  /// (what Foundation's `.whitespacesAndNewlines` trimmed before), and anything else kept. (`\t` and
  /// `\n` are JSON escapes: a raw control character is not allowed in a JSON string.)
  @Test func theFormatVersionIsTrimmedOfUnicodeWhiteSpace() throws {
    for version in ["1", " 1 ", "\\t1.2\\n", "\u{00A0}1\u{3000}", "\u{2028}1.0\u{0085}", "\u{200B}1"] {
      let bytes = Array(#"{"formatversion": "\#(version)"}"#.utf8)
      #expect(throws: Never.self, "\(version.unicodeScalars.map(\.value))") {
        _ = try DocumentReader.parse(bytes, file: "plan.json")
      }
    }
    for (version, shown) in [("\u{200C}1", "\u{200C}1"), (" 2 ", "2"), ("1\u{00A0}x", "1\u{00A0}x")] {
      let bytes = Array(#"{"formatversion": "\#(version)"}"#.utf8)
      do {
        _ = try DocumentReader.parse(bytes, file: "plan.json")
        Issue.record("\(version.unicodeScalars.map(\.value)) was accepted")
      } catch {
        #expect(error.kind == .unsupportedVersion)
        #expect(error.message.en.contains("\"\(shown)\""), "\(error.message.en)")
      }
    }
  }

  /// A string without anything to escape is written whole; every other goes through the escaping loop.
  /// Both read back as the text, and a text with nothing to escape (no control character, `"`, `\\`,
  /// DEL, U+2028/U+2029 or `##`) comes out as itself in quotes, whichever path wrote it.
  @Test func plainStringsAreWrittenWholeAndTheRestEscaped() throws {
    let pieces = [
      "a", "Ö", "#", "##", "\"", "\\", "\n", "\u{7F}", "\u{2028}", "\u{2029}", "€", "\u{1}", " ", "é", "😀", "–",
    ]
    for round in 0..<2_000 {
      var text = ""
      for step in 0..<(round % 7) { text += pieces[(round * 13 + step * step * 5 + step) % pieces.count] }
      var out = ""
      JSONValue.writeString(text, into: &out)
      let back = try JSONSerialization.jsonObject(with: Data(out.utf8), options: .fragmentsAllowed) as? String
      #expect(back == text, "\(out)")
      let escapes =
        text.unicodeScalars.contains { $0.value < 0x20 || "\"\\\u{7F}\u{2028}\u{2029}".unicodeScalars.contains($0) }
        || text.contains("##")
      #expect((out == "\"" + text + "\"") == !escapes, "\(out)")
      #expect(!out.contains("##"))
    }
  }

  /// The byte writer escapes exactly as the definition does, a Unicode scalar at a time (the writer
  /// before it, kept here): the same text for every mix of the characters that are escaped, their
  /// neighbours, and characters whose UTF-8 shares bytes with U+2028 (E2 80 A8).
  @Test func theByteWriterEscapesAsTheScalarDefinition() {
    func definition(_ text: String) -> String {
      var out = "\""
      var previous: Unicode.Scalar = "\""
      for scalar in text.unicodeScalars {
        defer { previous = scalar }
        switch scalar {
        case "#" where previous == "#": out += "\\u0023"
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{2028}": out += "\\u2028"
        case "\u{2029}": out += "\\u2029"
        default:
          if scalar.value < 0x20 || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          } else {
            out.unicodeScalars.append(scalar)
          }
        }
      }
      return out + "\""
    }
    let pieces = [
      "a", "#", "##", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}",
      "\u{202A}", "\u{20AC}", "\u{80}", "Ö", "😀", "–", " ",
    ]
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<5_000 {
      var text = ""
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var bits = seed
      for _ in 0..<Int(bits % 9) {
        bits /= 9
        text += pieces[Int(bits % UInt64(pieces.count))]
        bits /= UInt64(pieces.count)
      }
      var bytes: [UInt8] = []
      JSONValue.writeString(text, into: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == definition(text), "\(text.unicodeScalars.map(\.value))")
    }
  }
}
