/// The fields of a form post: `multipart/form-data` (RFC 7578, the only way a browser uploads a file
/// without JavaScript) or `application/x-www-form-urlencoded`. Values stay bytes: a plan is decoded by
/// its own reader, which reports invalid UTF-8 with its position.
struct FormData: Sendable {
  struct Field: Sendable {
    var name: String
    /// The file name a browser sends with an uploaded file; nil for an ordinary field.
    var fileName: String?
    var value: [UInt8]
  }

  var fields: [Field]

  /// The first field of that name.
  func field(_ name: String) -> Field? { fields.first { $0.name == name } }

  /// The first field of that name as text, if it is valid UTF-8.
  func text(_ name: String) -> String? {
    field(name).flatMap { String(validating: $0.value, as: UTF8.self) }
  }

  /// Parses a form post by its content type; nil when the body is not a well-formed form.
  static func parse(_ body: [UInt8], contentType: String) -> FormData? {
    let type = MediaType(contentType)
    switch type.essence {
    case "multipart/form-data":
      guard let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
        return nil
      }
      return multipart(body, boundary: Array(boundary.utf8))
    case "application/x-www-form-urlencoded":
      return urlEncoded(body)
    default:
      return nil
    }
  }

  /// `a=1&b=%C3%A5+x`: `+` is a space, `%XX` a byte.
  static func urlEncoded(_ body: [UInt8]) -> FormData? {
    var fields: [Field] = []
    for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = percentDecoded(parts[0]).flatMap({ String(validating: $0, as: UTF8.self) }),
        let value = percentDecoded(parts.count > 1 ? parts[1] : [])
      else { return nil }
      fields.append(Field(name: name, fileName: nil, value: value))
    }
    return FormData(fields: fields)
  }

  static func percentDecoded(_ bytes: some Collection<UInt8>) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var iterator = bytes.makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "+"): out.append(UInt8(ascii: " "))
      case UInt8(ascii: "%"):
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
          return nil
        }
        out.append(high << 4 | low)
      default: out.append(byte)
      }
    }
    return out
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  /// `--boundary CRLF headers CRLF CRLF value CRLF --boundary ... --boundary--`.
  static func multipart(_ body: [UInt8], boundary: [UInt8]) -> FormData? {
    let dashes: [UInt8] = Array("--".utf8)
    let delimiter = dashes + boundary
    let crlf: [UInt8] = [13, 10]
    guard var position = find(delimiter, in: body, from: 0) else { return nil }
    var fields: [Field] = []
    while true {
      position += delimiter.count
      if body[position...].starts(with: dashes) { return FormData(fields: fields) }  // the closing delimiter
      guard body[position...].starts(with: crlf) else { return nil }
      position += 2
      guard let headerEnd = find(crlf + crlf, in: body, from: position) else { return nil }
      let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
      let valueStart = headerEnd + 4
      guard let next = find(crlf + delimiter, in: body, from: valueStart) else { return nil }
      if let field = field(headers: headers, value: Array(body[valueStart..<next])) { fields.append(field) }
      position = next + 2
    }
  }

  /// One part's headers: its name and file name from `Content-Disposition: form-data; name="…"; filename="…"`.
  static func field(headers: String, value: [UInt8]) -> Field? {
    for line in headers.split(separator: "\r\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, parts[0].trimmingWhitespace().lowercased() == "content-disposition" else { continue }
      let disposition = MediaType(String(parts[1]))
      guard disposition.essence == "form-data", let name = disposition.parameters["name"] else { return nil }
      return Field(name: name, fileName: disposition.parameters["filename"], value: value)
    }
    return nil
  }

  /// Where `needle` first occurs in `haystack` at or after `start`.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first, needle.count <= haystack.count else { return nil }
    var index = start
    let last = haystack.count - needle.count
    while index <= last {
      guard let found = haystack[index...last].firstIndex(of: first) else { return nil }
      if haystack[found..<(found + needle.count)].elementsEqual(needle) { return found }
      index = found + 1
    }
    return nil
  }
}

/// A `Content-Type` or `Content-Disposition` value: `type/subtype; name=value; name="quoted value"`.
struct MediaType: Sendable {
  /// The type in lower case without parameters, e.g. `multipart/form-data`.
  var essence: String
  /// Parameter names in lower case; quoted values unquoted.
  var parameters: [String: String]

  init(_ text: String) {
    var rest = Substring(text)
    essence = String(rest.prefix { $0 != ";" }).trimmingWhitespace().lowercased()
    rest = rest.drop { $0 != ";" }
    parameters = [:]
    while rest.first == ";" {
      rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
      let name = String(rest.prefix { $0 != "=" && $0 != ";" }).trimmingWhitespace().lowercased()
      rest = rest.drop { $0 != "=" && $0 != ";" }
      var value = ""
      if rest.first == "=" {
        rest = rest.dropFirst()
        if rest.first == "\"" {
          rest = rest.dropFirst()
          // Browsers write `"` in a file name as %22 and leave backslashes alone (HTML's form-data
          // encoding), so a backslash is not an escape here: `C:\plans\a.xml` keeps its separators.
          value = String(rest.prefix { $0 != "\"" })
          rest = rest.drop { $0 != "\"" }
          rest = rest.dropFirst().drop { $0 != ";" }
        } else {
          value = String(rest.prefix { $0 != ";" }).trimmingWhitespace()
          rest = rest.drop { $0 != ";" }
        }
      }
      if !name.isEmpty, parameters[name] == nil { parameters[name] = value }
    }
  }
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
