import PlanDocument
import TextMatching

/// One rule of the rule set: which obligation it serves, what it selects, how it checks it, what it says.
public struct Rule: Sendable, Encodable {
  public var id: String
  public var obligation: String
  public var basis: Basis
  /// The rule's own severity, or the default of its basis.
  public var severity: Severity
  /// The catalogue id the finding cites.
  public var reference: String
  public var validFrom: CivilDate?
  public var validTo: CivilDate?
  /// A short description: what must hold.
  public var title: LocalizedText
  public var selector: PathPattern
  public var condition: Condition?
  /// The check kind and its options (see `CheckKinds`).
  public var check: any CheckKind
  public var message: LocalizedText
  public var examples: [RuleExample]
  /// Where the rule is written, for lint messages and `explain`.
  public var file: String
  public var line: Int
  public var column: Int
  /// The check as the rule file writes it (`check:` and `options:`), kept for the compact form of the
  /// built-in rule set, which stores it and lets the kind read it again.
  var writtenCheck: WrittenCheck?

  /// The check is written as its kind's name and options, as a rule file has it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(obligation, forKey: .obligation)
    try container.encode(basis, forKey: .basis)
    try container.encode(severity, forKey: .severity)
    try container.encode(reference, forKey: .reference)
    try container.encodeIfPresent(validFrom, forKey: .validFrom)
    try container.encodeIfPresent(validTo, forKey: .validTo)
    try container.encode(title, forKey: .title)
    try container.encode(selector, forKey: .selector)
    try container.encodeIfPresent(condition, forKey: .condition)
    try container.encode(check.kindName, forKey: .kind)
    try container.encode(check, forKey: .check)
    try container.encode(message, forKey: .message)
    try container.encode(examples, forKey: .examples)
    try container.encode(file, forKey: .file)
    try container.encode(line, forKey: .line)
    try container.encode(column, forKey: .column)
  }

  enum CodingKeys: String, CodingKey {
    case id, obligation, basis, severity, reference, validFrom, validTo, title, selector, condition, kind, check
    case message, examples, file, line, column
  }

  /// Whether the rule is in force on `date`.
  public func applies(on date: CivilDate) -> Bool {
    if let validFrom, date < validFrom { return false }
    if let validTo, date > validTo { return false }
    return true
  }
}

/// A rule's `check:` and `options:` as composed from its file.
struct WrittenCheck: Sendable {
  var kind: YAMLNode
  var options: YAMLNode?
}

/// A snippet that shows the rule at work; every example runs as a test.
public struct RuleExample: Sendable, Codable {
  /// A plan document, or part of one, in JSON (XML with `format: xml`).
  public var document: String
  public var format: SourceFormat
  /// The as-of date to check it on; defaults to `RuleExample.defaultAsOf`.
  public var asOf: CivilDate?
  /// For an invalid example: the paths where the findings must land, exactly; empty for a valid one.
  public var expect: [JSONPointer]
  public var isValid: Bool
  public var line: Int

  /// The as-of date examples are checked on unless they say otherwise: fixed, so examples never drift.
  public static let defaultAsOf = CivilDate(year: 2026, month: 11, day: 24)!
}

/// A test on the value(s) a field path reaches: the one predicate language of the rules, used by `when`,
/// by the `where` of `anyMatch` and `date`, and by the `value` check (`is`).
public indirect enum Condition: Sendable, Codable {
  case all([Condition])
  case any([Condition])
  case not(Condition)
  /// The test holds for a value the path reaches (the empty path: the node itself).
  case field(PathPattern, FieldTest)

  public enum FieldTest: Sendable, Codable {
    /// The value is this one, compared with its type: `true` only equals a boolean, `12` a number
    /// (by value: `12.0` too), a text a text (by canonical equivalence; see `PreparedValues.swift`).
    case equals(Expected)
    case oneOf([Expected])
    case matches(Pattern)
    /// The value is a text that begins with one of these (character by character, by canonical
    /// equivalence, as `equals` compares).
    case startsWith([PreparedText])
    /// True when the field exists and is not null (false: it does not).
    case present(Bool)
    /// True when the field exists and is not blank: no empty text, list or object (false: it is).
    case nonEmpty(Bool)
    /// True when the field is a `{fran, till}` range that holds the as-of date.
    case inForce
  }
}

/// A value a rule compares with, with its type: a YAML plain `true`/`false` is a boolean, a plain
/// number a number, anything else (or anything quoted) a text.
public enum Scalar: Sendable, Hashable, Codable, CustomStringConvertible {
  case text(String)
  case number(String)
  case boolean(Bool)

  public var description: String {
    switch self {
    case .text(let text): text
    case .number(let text): text
    case .boolean(let value): value ? "true" : "false"
    }
  }
}

extension Condition {
  /// The fields this condition tests with `inForce`.
  /// The path of the one `inForce` test that must hold for the condition to hold: the only one, reached
  /// through `all` alone; nil when there is none, several, or one under `any` or `not`.
  var requiredInForcePath: PathPattern? {
    guard inForcePaths.count == 1 else { return nil }
    func required(_ condition: Condition) -> PathPattern? {
      switch condition {
      case .all(let parts): parts.lazy.compactMap(required).first
      case .any, .not: nil
      case .field(let path, .inForce): path
      case .field: nil
      }
    }
    return required(self)
  }

  var inForcePaths: [PathPattern] {
    switch self {
    case .all(let parts), .any(let parts): parts.flatMap(\.inForcePaths)
    case .not: []  // "not in force" makes no item valid again by passing time
    case .field(let path, .inForce): [path]
    case .field: []
    }
  }
}

/// A compiled regular expression (ICU syntax, see `LinearRegex`) that must match a whole value, in time
/// linear in the value whatever the pattern.
public final class Pattern: Sendable, Codable {
  public let source: String
  /// The same test without the engine, for the shapes where it is exactly the same (see `Shortcut`).
  private let shortcut: Shortcut?
  private let expression: LinearRegex

  /// Patterns whose whole-value match is a plain test of the text, for the texts where that test is
  /// exactly ICU's. A rule that selects every node (`/**`) runs its pattern on every value of a document,
  /// and NSRegularExpression costs a conversion to UTF-16 and a pass of ICU's matcher per value; and a
  /// check of one small document should not pay for starting ICU when no pattern needs it.
  ///
  /// Whole-value matching is `^(?:SOURCE)$`, where ICU's `$` also matches before one line terminator at
  /// the very end, and `.` (without `(?s)`) matches no line terminator: the shortcuts do the same.
  enum Shortcut: Sendable {
    /// `\d{N}`: N decimal digits. Exact for ASCII text (the only ASCII decimal digits are 0–9);
    /// other text is left to ICU, whose `\d` is every Unicode decimal digit.
    case digits(Int)
    /// `(?i).*LITERAL.*` with LITERAL of ASCII letters and digits, kept in lower case: one line holding
    /// LITERAL in any case. Exact for text of ASCII, Latin-1 (but ß and the NEL control) and general
    /// punctuation, none of which case-folds to ASCII; other text (ſ, K, İ, ß, ligatures…) is left to ICU.
    case containsIgnoringCase([UInt8])

    init?(_ source: String) {
      let scalars = Array(source.unicodeScalars)
      func literal(between opening: String, and closing: String) -> ArraySlice<Unicode.Scalar>? {
        let open = Array(opening.unicodeScalars)
        let close = Array(closing.unicodeScalars)
        guard scalars.count > open.count + close.count, scalars.starts(with: open),
          scalars.reversed().starts(with: close.reversed())
        else { return nil }
        return scalars[open.count..<(scalars.count - close.count)]
      }
      if let count = literal(between: "\\d{", and: "}"), count.count == 1,
        let digit = count.first, ("1"..."9").contains(digit)
      {
        self = .digits(Int(digit.value - 0x30))
      } else if let literal = literal(between: "(?i).*", and: ".*"),
        literal.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
      {
        self = .containsIgnoringCase(literal.map { UInt8(ascii: $0) | (("A"..."Z").contains($0) ? 0x20 : 0) })
      } else {
        return nil
      }
    }

    /// The answer, or nil when the text is one the shortcut cannot answer exactly.
    func matches(_ text: String) -> Bool? {
      switch self {
      case .digits(let count):
        var utf8 = text.utf8[...]
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        Shortcut.dropFinalLineTerminator(&utf8)
        return utf8.count == count && utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
      case .containsIgnoringCase(let literal):
        var line: [UInt8] = []
        line.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
          let value = scalar.value
          let safe =
            value < 0x80 || (value >= 0xA0 && value <= 0xFF && value != 0xDF)
            || (value >= 0x2000 && value <= 0x206F && value != 0x2028 && value != 0x2029)
          guard safe else { return nil }
          // Letters outside ASCII can never equal an ASCII letter of the literal: one placeholder byte.
          line.append(value < 0x80 ? UInt8(value) | ((0x41...0x5A).contains(value) ? 0x20 : 0) : 0xFF)
        }
        var body = line[...]
        Shortcut.dropFinalLineTerminator(&body)
        guard !body.contains(where: Shortcut.isLineTerminator) else { return false }
        guard literal.count <= body.count else { return false }
        return body.indices.dropLast(literal.count - 1).contains { body[$0...].starts(with: literal) }
      }
    }

    /// LF, VT, FF and CR: the ASCII line terminators of ICU (NEL, LS and PS are left to ICU).
    static func isLineTerminator(_ byte: UInt8) -> Bool { (0x0A...0x0D).contains(byte) }

    /// ICU's `$` matches before one line terminator (CR LF counting as one) at the end of the text.
    static func dropFinalLineTerminator(_ bytes: inout Substring.UTF8View.SubSequence) {
      if bytes.last == 0x0A, bytes.dropLast().last == 0x0D {
        bytes = bytes.dropLast(2)
      } else if let last = bytes.last, isLineTerminator(last) {
        bytes = bytes.dropLast()
      }
    }

    static func dropFinalLineTerminator(_ bytes: inout ArraySlice<UInt8>) {
      if bytes.last == 0x0A, bytes.dropLast().last == 0x0D {
        bytes = bytes.dropLast(2)
      } else if let last = bytes.last, isLineTerminator(last) {
        bytes = bytes.dropLast()
      }
    }
  }

  /// nil when the pattern is not one `LinearRegex` accepts; `problem(in:)` says why.
  public convenience init?(_ source: String) {
    try? self.init(validating: source)
  }

  init(validating source: String) throws(LinearRegex.Problem) {
    self.source = source
    self.shortcut = Shortcut(source)
    self.expression = try LinearRegex(source)
  }

  /// A pattern is stored as its source (the pre-parsed rule set built into the executable) and compiled
  /// again when read: the compiled form is derived from the source alone.
  public convenience init(from decoder: any Decoder) throws {
    let source = try decoder.singleValueContainer().decode(String.self)
    do {
      try self.init(validating: source)
    } catch {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a pattern: \(source): \(error.message.en)"))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(source)
  }

  /// Where in `source` (a code point offset) a quantifier stands over a group that itself repeats
  /// (`(a+)+`), which `rules lint` refuses.
  public var nestedQuantifier: Int? { expression.nestedQuantifier }

  /// Why `source` is refused, or nil when it is accepted.
  public static func problem(in source: String) -> LocalizedText? {
    do {
      _ = try LinearRegex(source)
      return nil
    } catch {
      return error.message
    }
  }

  public func matches(_ text: String) -> Bool {
    if let shortcut, let answer = shortcut.matches(text) { return answer }
    return matchesWithoutShortcut(text)
  }

  /// The match by the engine alone, without a shortcut (tests compare the two).
  func matchesWithoutShortcut(_ text: String) -> Bool {
    expression.matches(text)
  }
}

/// A whole number in rule options that a configuration may override by name (`parameter`).
public struct NumberParameter: Sendable, Hashable, Codable {
  public var value: Int
  public var parameter: String?
  /// The largest value a configuration may set: the law's own interval, which a kommun may make
  /// stricter but never looser (6 §: "minst vartannat år" is at most 24 months).
  public var ceiling: Int?
}
