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
    let text = Text(bytes: bytes)
    var index = start
    while index < bytes.count {
      guard let tag = firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index), tag + 1 < bytes.count else {
        return nil
      }
      let step: Step
      switch bytes[tag + 1] {
      case UInt8(ascii: "!"): step = text.markupDeclaration(at: tag)
      case UInt8(ascii: "?"): step = .next(text.skip(past: "?>", from: tag + 2))
      case UInt8(ascii: "/"): step = .next(tag + 2)
      default: step = text.startTag(at: tag, maxAttributes: maxAttributes)
      }
      switch step {
      case .next(let next): index = next
      case .found(let finding): return finding
      }
    }
    return nil
  }

  /// What a tag gives the scan: where to go on, or the shape it refuses.
  enum Step {
    case next(Int)
    case found(Finding)
  }

  /// The bytes being scanned, with the few ways the scan moves through them.
  struct Text {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }

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

    /// `<!…`: a comment, a CDATA section or a DOCTYPE (whose internal subset is refused).
    func markupDeclaration(at tag: Int) -> Step {
      if startsWith("<!--", at: tag) { return .next(skip(past: "-->", from: tag + 4)) }
      if startsWith("<![CDATA[", at: tag) { return .next(skip(past: "]]>", from: tag + 9)) }
      guard startsWith("<!DOCTYPE", at: tag) else { return .next(tag + 2) }
      // The name and external id, up to `[` (an internal subset) or `>` (none).
      var cursor = tag + 9
      while cursor < count, bytes[cursor] != UInt8(ascii: "["), bytes[cursor] != UInt8(ascii: ">") {
        if bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
          cursor = skipQuoted(from: cursor)
        } else {
          cursor += 1
        }
      }
      guard cursor < count, bytes[cursor] == UInt8(ascii: "[") else { return .next(cursor + 1) }
      return internalSubset(from: cursor + 1)
    }

    /// Inside the subset only comments, processing instructions and white space may stand.
    func internalSubset(from start: Int) -> Step {
      var cursor = start
      while cursor < count, bytes[cursor] != UInt8(ascii: "]") {
        if startsWith("<!--", at: cursor) {
          cursor = skip(past: "-->", from: cursor + 4)
        } else if startsWith("<?", at: cursor) {
          cursor = skip(past: "?>", from: cursor + 2)
        } else if bytes[cursor] == UInt8(ascii: "<") || bytes[cursor] == UInt8(ascii: "%") {
          var end = cursor + 1
          while end < count, end - cursor < 12, bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: ">"),
            bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\t")
          {
            end += 1
          }
          return .found(
            .declaration(
              at: cursor, kind: String(decoding: UnsafeBufferPointer(rebasing: bytes[cursor..<end]), as: UTF8.self)))
        } else {
          cursor += 1
        }
      }
      return .next(cursor + 1)
    }

    /// A start tag: every attribute has exactly one `=` outside quotes (names cannot hold one).
    @inline(__always)
    func startTag(at tag: Int, maxAttributes: Int) -> Step {
      var cursor = tag + 1
      var attributes = 0
      while cursor < count, bytes[cursor] != UInt8(ascii: ">"), bytes[cursor] != UInt8(ascii: "<") {
        switch bytes[cursor] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
          cursor = skipQuoted(from: cursor)
        case UInt8(ascii: "="):
          attributes += 1
          if attributes > maxAttributes { return .found(.tooManyAttributes(tagStart: tag)) }
          cursor += 1
        default:
          cursor += 1
        }
      }
      return .next(cursor)
    }
  }
}
