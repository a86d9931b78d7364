/// One linear pass over an XML document's bytes before libxml2 sees them, for the two shapes that cost
/// libxml2 2.9 time out of proportion to their size before any callback of ours could stop it:
///
/// - a start tag with very many attributes: libxml2 compares each attribute with every earlier one
///   (4.7 MB of attributes on one element: 215 s and 854 MB), so the count is capped here;
/// - an internal DTD subset: `<!ATTLIST x a0 … a19999 CDATA "v">` makes libxml2 add 20 000 default
///   attributes to every `<x/>` (minutes). A plan has no use for a DTD, so every declaration in an
///   internal subset (`<!ELEMENT`, `<!ATTLIST`, `<!ENTITY`, `<!NOTATION`, a `%name;` reference) is refused
///   at its `<!` (or `%`).
///
/// The scan only has to be right about well-formed input: anything malformed it passes over is left to
/// libxml2, which reports it with its position. It never allocates per byte and skips text with
/// `memchr` for the next `<`.
enum XMLPrescan {
  enum Finding: Equatable {
    case tooManyAttributes(tagStart: Int)
    case declaration(at: Int, kind: String)
  }

  static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, maxAttributes: Int) -> Finding? {
    let count = bytes.count
    let lt = UInt8(ascii: "<")
    let gt = UInt8(ascii: ">")
    var index = start

    func startsWith(_ literal: StaticString, at position: Int) -> Bool {
      let length = literal.utf8CodeUnitCount
      guard position + length <= count else { return false }
      let pointer = literal.utf8Start
      for offset in 0..<length where bytes[position + offset] != pointer[offset] { return false }
      return true
    }
    /// The index just past the first `terminator` at or after `position`, or `count`.
    func skip(past terminator: StaticString, from position: Int) -> Int {
      let length = terminator.utf8CodeUnitCount
      let first = terminator.utf8Start[0]
      var cursor = position
      while cursor + length <= count {
        if bytes[cursor] == first, startsWith(terminator, at: cursor) { return cursor + length }
        cursor += 1
      }
      return count
    }
    /// The index just past the closing quote of the string that opens at `position`.
    func skipQuoted(from position: Int) -> Int {
      let quote = bytes[position]
      var cursor = position + 1
      while cursor < count, bytes[cursor] != quote { cursor += 1 }
      return min(cursor + 1, count)
    }

    while index < count {
      guard let tag = firstIndex(of: lt, in: bytes, from: index) else { return nil }
      guard tag + 1 < count else { return nil }
      switch bytes[tag + 1] {
      case UInt8(ascii: "!"):
        if startsWith("<!--", at: tag) {
          index = skip(past: "-->", from: tag + 4)
        } else if startsWith("<![CDATA[", at: tag) {
          index = skip(past: "]]>", from: tag + 9)
        } else if startsWith("<!DOCTYPE", at: tag) {
          // The name and external id, up to `[` (an internal subset) or `>` (none).
          var cursor = tag + 9
          while cursor < count, bytes[cursor] != UInt8(ascii: "["), bytes[cursor] != gt {
            if bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
              cursor = skipQuoted(from: cursor)
            } else {
              cursor += 1
            }
          }
          guard cursor < count, bytes[cursor] == UInt8(ascii: "[") else {
            index = cursor + 1
            continue
          }
          cursor += 1
          // Inside the subset only comments, processing instructions and white space may stand.
          while cursor < count, bytes[cursor] != UInt8(ascii: "]") {
            if startsWith("<!--", at: cursor) {
              cursor = skip(past: "-->", from: cursor + 4)
            } else if startsWith("<?", at: cursor) {
              cursor = skip(past: "?>", from: cursor + 2)
            } else if bytes[cursor] == lt || bytes[cursor] == UInt8(ascii: "%") {
              var end = cursor + 1
              while end < count, end - cursor < 12, bytes[end] != UInt8(ascii: " "), bytes[end] != gt,
                bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\t")
              {
                end += 1
              }
              return .declaration(
                at: cursor, kind: String(decoding: UnsafeBufferPointer(rebasing: bytes[cursor..<end]), as: UTF8.self))
            } else {
              cursor += 1
            }
          }
          index = cursor + 1
        } else {
          index = tag + 2
        }
      case UInt8(ascii: "?"):
        index = skip(past: "?>", from: tag + 2)
      case UInt8(ascii: "/"):
        index = tag + 2
      default:
        // A start tag: every attribute has exactly one `=` outside quotes (names cannot hold one).
        var cursor = tag + 1
        var attributes = 0
        while cursor < count, bytes[cursor] != gt, bytes[cursor] != lt {
          switch bytes[cursor] {
          case UInt8(ascii: "\""), UInt8(ascii: "'"):
            cursor = skipQuoted(from: cursor)
          case UInt8(ascii: "="):
            attributes += 1
            if attributes > maxAttributes { return .tooManyAttributes(tagStart: tag) }
            cursor += 1
          default:
            cursor += 1
          }
        }
        index = cursor
      }
    }
    return nil
  }
}
