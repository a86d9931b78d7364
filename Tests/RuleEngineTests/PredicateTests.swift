import BundledRules
import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// What the condition tests mean for the values a plan writes: text by canonical equivalence (as a
/// reader sees it, however the letters are encoded), numbers by their value.
@Suite("Predicates")
struct PredicateTests {
  static func findings(_ options: String, select: String = "/kommun", in json: String) throws -> [String] {
    try RuleLanguageTests.findings(check: "value", options: options, select: select, in: json)
  }

  /// "ÄNDRA:" with its Ä as one code point or as A + U+0308 is the same text to a reader, and `equals`
  /// already said so; `startsWith` compared code points and missed it in both directions.
  @Test func startsWithIsCanonicallyEquivalent() throws {
    let composed = "\u{C4}NDRA:"
    let decomposed = "A\u{308}NDRA:"
    // The values as raw UTF-8 (a range of the input) and as JSON escapes (decoded into the text buffer).
    let document = """
      {"kommun": {"namn": "\(decomposed) kommunens namn", "lan": "\\u0041\\u0308NDRA: x", "kod": "\(composed) y"}}
      """
    let byComposed = try Self.findings("{field: \"*\", is: {not: {startsWith: \"\(composed)\"}}}", in: document)
    #expect(byComposed == ["/kommun/namn", "/kommun/lan", "/kommun/kod"])
    let byDecomposed = try Self.findings("{field: \"*\", is: {not: {startsWith: \"\(decomposed)\"}}}", in: document)
    #expect(byDecomposed == ["/kommun/namn", "/kommun/lan", "/kommun/kod"])
  }

  /// A prefix is whole characters: "é" (e + U+0301) does not begin with "e", and "ANGE:" followed by a
  /// combining mark on the colon is another character than ":".
  @Test func startsWithComparesWholeCharacters() throws {
    let document = #"{"kommun": {"namn": "e\u0301tat", "lan": "ANGE:\u0301 x", "kod": "ANGE: x"}}"#
    #expect(try Self.findings("{field: \"*\", is: {not: {startsWith: \"e\"}}}", in: document) == [])
    #expect(try Self.findings("{field: \"*\", is: {not: {startsWith: \"ANGE:\"}}}", in: document) == ["/kommun/kod"])
  }

  /// `1`, `1.0`, `1e0` and `10e-1` are one number; a lawyer writing `in: [1900]` means the year, however
  /// the plan writes it. A text is never a number.
  @Test func numbersAreEqualByValue() throws {
    let document = """
      {"lagesbilder": [{"kallor": [{"ar": 1900}, {"ar": 1900.0}, {"ar": 1.9e3}, {"ar": 19000e-1}, {"ar": "1900"},
        {"ar": 1901}, {"ar": 190}, {"ar": 19000}, {"ar": -1900}, {"ar": 1900.0001}]}]}
      """
    let found = try Self.findings(
      "{field: ar, is: {not: {in: [1900]}}}", select: "/lagesbilder/*/kallor/*", in: document)
    #expect(found == (0...3).map { "/lagesbilder/0/kallor/\($0)/ar" })
    let zeros = #"{"kommun": {"a": 0, "b": -0, "c": 0.000, "d": 0e7, "e": 1, "f": "0"}}"#
    #expect(
      try Self.findings("{field: \"*\", is: {not: {equals: 0}}}", in: zeros) == [
        "/kommun/a", "/kommun/b", "/kommun/c", "/kommun/d",
      ])
    #expect(
      try Self.findings("{field: \"*\", is: {not: {equals: -0.0}}}", in: zeros) == [
        "/kommun/a", "/kommun/b", "/kommun/c", "/kommun/d",
      ])
  }

  /// Exact decimal values, not floating point: integers past 2^53 and long fractions stay distinct.
  @Test func numbersAreComparedExactly() throws {
    let document = #"{"kommun": {"a": 9007199254740993, "b": 9007199254740992, "c": 0.1, "d": 0.10000000000000001}}"#
    #expect(try Self.findings("{field: \"*\", is: {not: {equals: 9007199254740993}}}", in: document) == ["/kommun/a"])
    #expect(try Self.findings("{field: \"*\", is: {not: {equals: 0.1}}}", in: document) == ["/kommun/c"])
    #expect(try Self.findings("{field: \"*\", is: {not: {equals: 1e-1}}}", in: document) == ["/kommun/c"])
  }

  /// Text is compared as text: by canonical equivalence, but not ignoring case or spaces.
  @Test func textIsEqualByCanonicalEquivalence() throws {
    let document = #"{"kommun": {"a": "n\u00e4mnd", "b": "na\u0308mnd", "c": "Nämnd", "d": "nämnd ", "e": "nämnd"}}"#
    #expect(
      try Self.findings("{field: \"*\", is: {not: {in: [\"nämnd\"]}}}", in: document) == [
        "/kommun/a", "/kommun/b", "/kommun/e",
      ])
    #expect(
      try Self.findings("{field: \"*\", is: {not: {equals: \"na\u{308}mnd\"}}}", in: document) == [
        "/kommun/a", "/kommun/b", "/kommun/e",
      ])
  }

  /// Non-emptiness is the `nonEmpty` test, not a regular expression (AP-018 had `(?s).*\S.*`): one
  /// predicate for one meaning, and no pattern run on the value.
  @Test func noRuleTestsNonEmptinessWithAPattern() throws {
    let ruleSet = try BundledRuleSet.load()
    func patterns(_ condition: Condition?) -> [String] {
      switch condition {
      case nil: []
      case .all(let parts)?, .any(let parts)?: parts.flatMap(patterns)
      case .not(let part)?: patterns(part)
      case .field(_, .matches(let pattern))?: [pattern.source]
      case .field?: []
      }
    }
    for rule in ruleSet.rules {
      for source in patterns(rule.condition) + rule.check.conditions.flatMap(patterns) {
        #expect(!["(?s).*\\S.*", ".*\\S.*", "(?s).*[^\\s].*"].contains(source), "\(rule.id): \(source)")
      }
    }
    let ap018 = try #require(ruleSet.rules.first { $0.id == "AP-018" })
    guard case .field(let path, .nonEmpty(true))? = ap018.condition else {
      Issue.record("AP-018's condition is not nonEmpty: \(String(describing: ap018.condition))")
      return
    }
    #expect(path.text == "lagesbild")
  }

  // MARK: The byte paths against Swift's String semantics

  /// Code points that probe every edge of the fast paths: ASCII, Latin-1 (below U+0300: NFC-stable),
  /// combining marks (U+0300 is the first), singletons that are canonically ASCII (KELVIN SIGN, GREEK
  /// QUESTION MARK), CR and LF (one character together), Hangul jamo and a precomposed syllable.
  static let alphabet: [String] = [
    "a", "e", "K", ";", ":", "A", " ", "\r", "\n", "\u{E4}", "\u{C4}", "\u{E9}", "\u{2FF}", "\u{300}", "\u{301}",
    "\u{308}", "\u{327}", "\u{212A}", "\u{37E}", "\u{1100}", "\u{1161}", "\u{AC00}", "\u{1F600}",
  ]

  static func randomText(_ generator: inout SystemRandomNumberGenerator, maxLength: Int) -> String {
    String(
      (0..<Int.random(in: 0...maxLength, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        .joined())
  }

  @Test func bytePredicatesAgreeWithStrings() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<40_000 {
      let value = Self.randomText(&generator, maxLength: 6)
      // Half the prefixes are the value's own beginning in bytes, so that "true" is tested as often as "false".
      let prefix: String
      if Bool.random(using: &generator), !value.isEmpty {
        let utf8 = Array(value.utf8)
        prefix = String(decoding: utf8.prefix(Int.random(in: 0...utf8.count, using: &generator)), as: UTF8.self)
      } else {
        prefix = Self.randomText(&generator, maxLength: 3)
      }
      let prepared = PreparedText(prefix)
      Array(value.utf8).withUnsafeBufferPointer { bytes in
        #expect(
          prepared.isPrefix(of: bytes) == value.starts(with: prefix),
          "\(Array(value.unicodeScalars)) starts with \(Array(prefix.unicodeScalars))")
        #expect(
          prepared.isEqual(to: bytes) == (value == prefix),
          "\(Array(value.unicodeScalars)) == \(Array(prefix.unicodeScalars))")
      }
    }
  }

  /// The cases the fast paths must leave to Swift, one by one.
  @Test func bytePredicatesAtTheirEdges() {
    func starts(_ value: String, _ prefix: String) -> Bool {
      Array(value.utf8).withUnsafeBufferPointer { PreparedText(prefix).isPrefix(of: $0) }
    }
    func equal(_ value: String, _ expected: String) -> Bool {
      Array(value.utf8).withUnsafeBufferPointer { PreparedText(expected).isEqual(to: $0) }
    }
    #expect(starts("A\u{308}NDRA: x", "\u{C4}NDRA:"))
    #expect(starts("\u{C4}NDRA: x", "A\u{308}NDRA:"))
    #expect(!starts("e\u{301}tat", "e"))
    #expect(!starts("ANGE:\u{301}", "ANGE:"))
    #expect(!starts("\r\nx", "\r"))
    #expect(starts("\u{212A}elvin", "K"))
    #expect(starts("x", ""))
    #expect(starts("", ""))
    #expect(!starts("", "a"))
    #expect(equal("\u{212A}", "K"))
    #expect(equal("\u{37E}", ";"))
    #expect(equal("na\u{308}mnd", "n\u{E4}mnd"))
    #expect(!equal("N\u{E4}mnd", "n\u{E4}mnd"))
  }

  @Test func numbersByValue() {
    func equal(_ node: String, _ expected: String) -> Bool {
      let number = Array(expected.utf8).withUnsafeBufferPointer { DecimalNumber($0) }!
      return Array(node.utf8).withUnsafeBufferPointer { bytes in
        DecimalNumber.scan(bytes).map { number.isValue(of: $0, in: bytes) } ?? false
      }
    }
    for same in ["1900", "1900.0", "1.9e3", "1.9E+3", "19000e-1", "0.019e5", "1900.000e0", "190000e-2"] {
      #expect(equal(same, "1900"), "\(same)")
    }
    for other in ["1901", "190", "19000", "-1900", "1900.0001", "1.9e2"] { #expect(!equal(other, "1900"), "\(other)") }
    for zero in ["0", "-0", "0.0", "0e5", "-0.000e-9"] { #expect(equal(zero, "0"), "\(zero)") }
    #expect(equal("-0.5", "-5e-1"))
    #expect(!equal("0.5", "-5e-1"))
    #expect(!equal("9007199254740993", "9007199254740992"))
    #expect(equal("1e00000000000000000001", "10"))
    // Not a JSON number, or an exponent past 15 digits: no value (compared as written instead).
    for text in ["", "-", "01", "1.", ".5", "1e", "+1", "1e1000000000000000"] {
      #expect(Array(text.utf8).withUnsafeBufferPointer { DecimalNumber($0) } == nil, "\(text)")
    }
  }

  // MARK: Dates from bytes

  /// `CivilDate(_ text:)` as it was before dates were parsed from bytes: the reference the byte parser
  /// must accept and reject exactly as.
  static func referenceDate(_ text: String) -> CivilDate? {
    let utf8 = Array(text.utf8)
    guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in utf8[range] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
    return CivilDate(year: year, month: month, day: day)
  }

  @Test func datesFromBytesAcceptWhatTheStringParserAccepted() {
    var generator = SystemRandomNumberGenerator()
    var cases = [
      "2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2026-00-10",
      "2026-13-01", "2026-04-31", "2026-04-30", "2026-1-01", " 2026-01-01", "2026-01-01 ", "2026-01-01\n", "2026/01/01",
      "+026-01-01", "-026-01-01", "2026-01-0a", "２０２６-01-01", "2026-01-\u{663}1", "2026\u{2010}01-01", "",
      "2026-01-011",
      "20260101", "2026-01-01T00:00", "1900-01-01", "2026-1\u{308}-01",
    ]
    // Random texts near the form: digits, separators and a few bytes and code points that are not.
    let pieces = ["0", "1", "2", "3", "9", "-", "-", "/", " ", ":", "a", "\u{663}", "\u{FF10}", "\u{308}", "\u{7F}"]
    for _ in 0..<50_000 {
      let length = Int.random(in: 8...12, using: &generator)
      cases.append((0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined())
      // And well-formed shapes with random numbers, to reach the calendar's edges.
      let year = Int.random(in: 0...9999, using: &generator)
      let month = Int.random(in: 0...13, using: &generator)
      let day = Int.random(in: 0...32, using: &generator)
      func pad(_ value: Int, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
      }
      cases.append("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))")
    }
    for text in cases {
      let fromBytes = Array(text.utf8).withUnsafeBufferPointer { CivilDate(utf8: $0) }
      #expect(fromBytes == Self.referenceDate(text), "\(text.debugDescription)")
      #expect(CivilDate(text) == Self.referenceDate(text), "\(text.debugDescription)")
    }
  }

  /// The evaluator's dates come from the node's bytes, in the input and in the text buffer (a date
  /// written with a JSON escape), and only from strings.
  @Test func theEvaluatorReadsDatesFromNodeBytes() throws {
    let json = #"{"a": "2024-02-29", "b": "2024-02-\u00329", "c": "2023-02-29", "d": 20240229, "e": "2024-02-29 "}"#
    let parsed = try Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }
    let document = Document(file: "t.json", format: .json, root: parsed.root)
    let run = Run(
      document: document, options: EvaluationOptions(asOf: RuleExample.defaultAsOf), ruleSet: try BundledRuleSet.load())
    let dates = ["a", "b", "c", "d", "e"].map { document.root[$0].flatMap(run.date) }
    #expect(
      dates == [CivilDate(year: 2024, month: 2, day: 29), CivilDate(year: 2024, month: 2, day: 29), nil, nil, nil])
  }
}
