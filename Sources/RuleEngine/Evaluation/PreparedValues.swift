import PlanDocument
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The values the condition tests compare with (`equals`, `in`, `startsWith`), prepared once when the
// rule set loads, so that a test of a node compares the node's bytes and makes no String: DOK-014 tests
// every value of a plan, and decoding a String per test was most of the `value` check's cost.
//
// What equal means, for a reader of the plan rather than for a computer:
// - *Text* is compared by canonical equivalence, as Swift compares strings: "ä" written as one code
//   point or as "a" + U+0308 is the same letter. Case and spaces count ("Nämnd" is not "nämnd").
// - *Numbers* are compared by their exact decimal value: `1900`, `1900.0` and `1.9e3` are one number,
//   as they are in JSON; no floating point, so integers past 2^53 and long fractions stay distinct.
// - A text is never a number, nor a number a text (`1900` is not `"1900"`).

/// A text as UTF-8, with what its bytes allow.
public struct PreparedText: Sendable, Hashable, Codable {
  public let text: String
  let utf8: [UInt8]
  /// Every code point is below U+0300: the text is in NFC, and no code point of it combines with a
  /// neighbour. Two such texts are canonically equivalent exactly when their bytes are equal (the
  /// lowest code point that is not NFC-stable, or that composes with what precedes it, is U+0300;
  /// ICU's "minimum no/maybe" code point for NFC). In UTF-8: every byte is below 0xCC.
  let isStable: Bool

  public init(_ text: String) {
    self.text = text
    utf8 = Array(text.utf8)
    isStable = PreparedText.isStable(utf8[...])
  }

  @inline(__always) static func isStable<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    for byte in bytes where byte >= 0xCC { return false }
    return true
  }

  /// Whether `bytes` (valid UTF-8) are canonically equivalent to this text (Swift's String `==`).
  @inline(__always) func isEqual(to bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if bytes.count == utf8.count, Self.same(bytes, utf8, count: bytes.count) { return true }
    if isStable, Self.isStable(bytes) { return false }
    return String(decoding: bytes, as: UTF8.self) == text
  }

  /// Whether `bytes` (valid UTF-8) begin with this text, character by character with canonical
  /// equivalence (Swift's `String.starts(with:)`): "A" + U+0308 begins with "Ä", "é" (e + U+0301) does
  /// not begin with "e".
  ///
  /// The bytes decide alone when this text and the value's first `count + 1` bytes are NFC-stable: then
  /// a canonically equal beginning has the same bytes (a value that is equal only through a combining
  /// mark or a singleton such as U+212A KELVIN SIGN has a byte of 0xCC or above within them), and the
  /// next code point, below U+0300, starts a new character unless it is the LF of a CR LF.
  @inline(__always) func isPrefix(of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = utf8.count
    if isStable, Self.isStable(bytes.prefix(count + 1)) {
      guard bytes.count >= count, Self.same(bytes, utf8, count: count) else { return false }
      if bytes.count == count { return true }
      if !(count > 0 && utf8[count - 1] == 0x0D && bytes[count] == 0x0A) { return true }
    }
    return String(decoding: bytes, as: UTF8.self).starts(with: text)
  }

  @inline(__always) static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8], count: Int) -> Bool {
    guard count > 0 else { return true }
    return other.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, count) == 0 }
  }

  public init(from decoder: any Decoder) throws {
    self.init(try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(text)
  }

  public static func == (a: PreparedText, b: PreparedText) -> Bool { a.text == b.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// A value `equals` and `in` compare with: the rule's typed scalar, with its text's bytes or its number's
/// decimal value prepared. A class: a test reads its fields in place, where a struct (enum payload or
/// not) was copied out of the rule's list on every node, with a retain and a release of each of its
/// arrays and strings (docs/engine.md).
public final class Expected: Sendable, Hashable, Codable {
  public let scalar: Scalar
  private let kind: Node.Kind
  /// A text's bytes (`isEqual(to:)`), a number's text as written.
  private let text: PreparedText
  /// A number's value; nil for a text, a boolean, or a number too large to compare by value (an
  /// exponent past 15 digits), which is compared as written.
  private let number: DecimalNumber?
  private let boolean: Bool

  public init(_ scalar: Scalar) {
    self.scalar = scalar
    switch scalar {
    case .text(let text):
      kind = .string
      self.text = PreparedText(text)
      number = nil
      boolean = false
    case .number(let written):
      kind = .number
      text = PreparedText(written)
      number = text.utf8.withUnsafeBufferPointer { DecimalNumber($0) }
      boolean = false
    case .boolean(let value):
      kind = .boolean
      text = PreparedText("")
      number = nil
      boolean = value
    }
  }

  /// Whether a node of `kind` whose text is `bytes` (strings and numbers) is this value, with its type.
  @inline(__always) func matches(_ kind: Node.Kind, _ bytes: UnsafeBufferPointer<UInt8>, _ node: Node) -> Bool {
    guard kind == self.kind else { return false }
    switch kind {
    case .string: return text.isEqual(to: bytes)
    case .number:
      if let number, let value = DecimalNumber.scan(bytes) { return number.isValue(of: value, in: bytes) }
      return bytes.count == text.utf8.count && PreparedText.same(bytes, text.utf8, count: bytes.count)
    default: return node.boolean == boolean
    }
  }

  public convenience init(from decoder: any Decoder) throws {
    self.init(try Scalar(from: decoder))
  }

  public func encode(to encoder: any Encoder) throws {
    try scalar.encode(to: encoder)
  }

  public static func == (a: Expected, b: Expected) -> Bool { a.scalar == b.scalar }
  public func hash(into hasher: inout Hasher) { hasher.combine(scalar) }
}

/// The exact value of a number as JSON writes it (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`):
/// its significant digits and the power of ten, 0.DIGITS × 10^exponent. Zero has no digits and no sign.
struct DecimalNumber: Sendable, Hashable {
  let negative: Bool
  /// ASCII digits, the first and the last not 0; empty for zero.
  let digits: [UInt8]
  let exponent: Int

  /// Where a number's parts stand in its text, found without allocating.
  struct Scanned {
    var negative = false
    var integer = 0..<0
    var fraction = 0..<0
    var exponent = 0
    /// The positions of the first and last significant digit among integer + fraction digits; nil for zero.
    var significant: ClosedRange<Int>?

    var digitCount: Int { integer.count + fraction.count }

    /// The `index`th digit of integer + fraction.
    @inline(__always) func digit(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
      index < integer.count ? bytes[integer.lowerBound + index] : bytes[fraction.lowerBound + index - integer.count]
    }

    /// 0.DIGITS × 10^this: the integer digits before the first significant one move the point left.
    var normalExponent: Int { integer.count - (significant?.lowerBound ?? 0) + exponent }
  }

  init?(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let scanned = Self.scan(bytes) else { return nil }
    negative = scanned.negative && scanned.significant != nil
    digits = scanned.significant.map { range in range.map { scanned.digit($0, in: bytes) } } ?? []
    exponent = scanned.significant == nil ? 0 : scanned.normalExponent
  }

  /// The parts of `bytes`, or nil when they are not a JSON number or the exponent has more than 15
  /// digits (beyond any value a plan means; such numbers are compared as written).
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scanned? {
    var scanned = Scanned()
    var index = 0
    let count = bytes.count
    @inline(__always) func digits() -> Range<Int> {
      let start = index
      while index < count, bytes[index] &- 0x30 <= 9 { index += 1 }
      return start..<index
    }
    if index < count, bytes[index] == UInt8(ascii: "-") {
      scanned.negative = true
      index += 1
    }
    scanned.integer = digits()
    guard !scanned.integer.isEmpty, scanned.integer.count == 1 || bytes[scanned.integer.lowerBound] != 0x30 else {
      return nil
    }
    if index < count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      scanned.fraction = digits()
      guard !scanned.fraction.isEmpty else { return nil }
    }
    if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      var negativeExponent = false
      if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        negativeExponent = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      var written = digits()
      guard !written.isEmpty else { return nil }
      while written.count > 1, bytes[written.lowerBound] == 0x30 { written = written.dropFirst() }
      guard written.count <= 15 else { return nil }
      var value = 0
      for position in written { value = value * 10 + Int(bytes[position] - 0x30) }
      scanned.exponent = negativeExponent ? -value : value
    }
    guard index == count else { return nil }
    var first = 0
    let total = scanned.digitCount
    while first < total, scanned.digit(first, in: bytes) == 0x30 { first += 1 }
    if first < total {
      var last = total - 1
      while scanned.digit(last, in: bytes) == 0x30 { last -= 1 }
      scanned.significant = first...last
    }
    return scanned
  }

  /// Whether the number `scanned` from `bytes` has this value.
  @inline(__always) func isValue(of scanned: Scanned, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let significant = scanned.significant else { return digits.isEmpty }
    guard scanned.negative == negative, significant.count == digits.count, scanned.normalExponent == exponent else {
      return false
    }
    var position = 0
    for index in significant {
      if scanned.digit(index, in: bytes) != digits[position] { return false }
      position += 1
    }
    return true
  }
}
