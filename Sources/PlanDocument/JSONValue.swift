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
    // Written as bytes: appending to a String a piece at a time cost 140 instructions a byte of a report.
    var out: [UInt8] = []
    out.reserveCapacity(1024)
    write(into: &out, indent: indent, level: 0)
    return String(decoding: out, as: UTF8.self)
  }

  private func write(into out: inout [UInt8], indent: Int?, level: Int) {
    func newline(_ level: Int) {
      if let indent {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * level))
      }
    }
    switch self {
    case .object(let members):
      if members.isEmpty {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        newline(level + 1)
        JSONValue.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(0x20) }
        value.write(into: &out, indent: indent, level: level + 1)
      }
      newline(level)
      out.append(UInt8(ascii: "}"))
    case .array(let items):
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      if indent != nil, items.allSatisfy(\.isScalar) {
        // Lists of words, ids and numbers read best on one line.
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
          if index > 0 { out.append(contentsOf: ", ".utf8) }
          item.write(into: &out, indent: indent, level: level + 1)
        }
        out.append(UInt8(ascii: "]"))
        return
      }
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        newline(level + 1)
        item.write(into: &out, indent: indent, level: level + 1)
      }
      newline(level)
      out.append(UInt8(ascii: "]"))
    case .string(let text): JSONValue.writeString(text, into: &out)
    case .number(let text): out.append(contentsOf: text.utf8)
    case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "null".utf8)
    }
  }

  /// Escapes per RFC 8259; also U+2028/U+2029, so the output is safe inside a <script> or JS source, and
  /// the second `#` of `##` as `\u0023`, so that a report printed into a CI log holds no `##[error]` or
  /// `##vso[` command (the runners obey them anywhere in a line); a JSON reader gets the same text.
  public static func writeString(_ text: String, into out: inout String) {
    var bytes: [UInt8] = []
    writeString(text, into: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }

  /// `writeString` as UTF-8 bytes. The runs between escapes are copied whole. (A Swift string is valid
  /// UTF-8, so U+2028 and U+2029 are exactly the bytes E2 80 A8 and E2 80 A9, and no other character's
  /// bytes are below 0x80.)
  public static func writeString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var copied = 0
      var index = 0
      var previous: UInt8 = 0
      while index < bytes.count {
        let byte = bytes[index]
        defer { previous = byte }
        var width = 1
        let escape: String
        switch byte {
        case 0x23 where previous == 0x23: escape = "\\u0023"
        case 0x22: escape = "\\\""
        case 0x5C: escape = "\\\\"
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0x00..<0x20, 0x7F: escape = "\\u00" + String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (0xA8...0xA9).contains(bytes[index + 2]):
          escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
          width = 3
        default:
          index += 1
          continue
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
        out.append(contentsOf: escape.utf8)
        index += width
        copied = index
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
    }
    out.append(UInt8(ascii: "\""))
  }
}
