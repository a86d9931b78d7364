/// A JSON value with ordered members, for output whose member order is part of its readability
/// (the findings report, SARIF, `dump`). Foundation's encoder sorts or scrambles keys.
public indirect enum JSONValue: Sendable, Equatable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  /// A number written exactly as given.
  case number(String)
  case bool(Bool)
  case null

  public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

  var isScalar: Bool {
    switch self {
    case .object, .array: false
    case .string, .number, .bool, .null: true
    }
  }

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    a.serialized() == b.serialized()
  }

  /// The value as JSON text; `indent` nil gives one line.
  public func serialized(indent: Int? = 2) -> String {
    var out = ""
    write(into: &out, indent: indent, level: 0)
    return out
  }

  private func write(into out: inout String, indent: Int?, level: Int) {
    func newline(_ level: Int) {
      if let indent {
        out += "\n"
        out += String(repeating: " ", count: indent * level)
      }
    }
    switch self {
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out += "," }
        newline(level + 1)
        JSONValue.writeString(key, into: &out)
        out += indent == nil ? ":" : ": "
        value.write(into: &out, indent: indent, level: level + 1)
      }
      newline(level)
      out += "}"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      if indent != nil, items.allSatisfy(\.isScalar) {
        // Lists of words, ids and numbers read best on one line.
        out += "["
        for (index, item) in items.enumerated() {
          if index > 0 { out += ", " }
          item.write(into: &out, indent: indent, level: level + 1)
        }
        out += "]"
        return
      }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        newline(level + 1)
        item.write(into: &out, indent: indent, level: level + 1)
      }
      newline(level)
      out += "]"
    case .string(let text): JSONValue.writeString(text, into: &out)
    case .number(let text): out += text
    case .bool(let flag): out += flag ? "true" : "false"
    case .null: out += "null"
    }
  }

  /// Escapes per RFC 8259; also U+2028/U+2029, so the output is safe inside a <script> or JS source, and
  /// the second `#` of `##` as `\u0023`, so that a report printed into a CI log holds no `##[error]` or
  /// `##vso[` command (the runners obey them anywhere in a line); a JSON reader gets the same text.
  public static func writeString(_ text: String, into out: inout String) {
    out += "\""
    if isPlain(text) {
      // Most strings need no escape: written whole, not a scalar at a time.
      out += text
      out += "\""
      return
    }
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
    out += "\""
  }

  /// Whether `text` is written as it is: no byte that `writeString` escapes (control characters, `"`,
  /// `\\`, DEL, the lead byte 0xE2 of U+2028 and U+2029, a `#` after a `#`).
  static func isPlain(_ text: String) -> Bool {
    var afterHash = false
    for byte in text.utf8 {
      if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2 { return false }
      let hash = byte == 0x23
      if hash && afterHash { return false }
      afterHash = hash
    }
    return true
  }
}
