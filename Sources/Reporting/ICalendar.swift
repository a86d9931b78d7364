import RuleEngine

/// The rules of RFC 5545 that a writer must keep, in one place: content lines ending in CRLF, folded
/// to at most 75 octets without splitting a UTF-8 sequence, and TEXT values escaped so that nothing in
/// them (a plan's title with `\r\nBEGIN:VEVENT`, a `;` or a `,`) can end its property or start another.
public struct ICalendarWriter {
  private(set) var output = ""

  public init() {}

  /// The longest content line in octets, CRLF not counted (RFC 5545 3.1).
  public static let lineOctets = 75

  /// One property whose value is written as it is: only for values lagkoll itself makes (dates,
  /// numbers, fixed words, identifiers of ASCII letters and digits). Plan text goes through `text`.
  public mutating func raw(_ name: String, _ value: String) {
    line(name + ":" + value)
  }

  /// One property with a TEXT value, escaped.
  public mutating func text(_ name: String, _ value: String) {
    line(name + ":" + ICalendarWriter.escape(value))
  }

  /// One property with a list of TEXT values (CATEGORIES), each escaped, joined by unescaped commas.
  public mutating func texts(_ name: String, _ values: [String]) {
    line(name + ":" + values.map(ICalendarWriter.escape).joined(separator: ","))
  }

  public var result: String { output }

  /// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon and comma get a backslash, every line break
  /// (CRLF, LF or CR) becomes `\n`; other control characters, which TEXT may not hold, become U+FFFD.
  public static func escape(_ value: String) -> String {
    var result = ""
    result.reserveCapacity(value.utf8.count)
    var previousWasCR = false
    for scalar in value.unicodeScalars {
      defer { previousWasCR = scalar == "\r" }
      switch scalar {
      case "\\": result += "\\\\"
      case ";": result += "\\;"
      case ",": result += "\\,"
      case "\r": result += "\\n"
      case "\n": if !previousWasCR { result += "\\n" }
      case "\t": result.unicodeScalars.append(scalar)
      case "\u{0}"..."\u{1F}", "\u{7F}": result += "\u{FFFD}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Writes one content line, folded: a line longer than 75 octets is broken before a character that
  /// would pass the limit, and each continuation starts with one space (which counts in its 75).
  private mutating func line(_ content: String) {
    var octets = 0
    var first = true
    for character in content.unicodeScalars {
      let size = String(character).utf8.count
      let limit = first ? ICalendarWriter.lineOctets : ICalendarWriter.lineOctets - 1
      if octets + size > limit {
        output += "\r\n "
        octets = 0
        first = false
      }
      output.unicodeScalars.append(character)
      octets += size
    }
    output += "\r\n"
  }

  /// A DATE value (`20260228`).
  public static func date(_ date: CivilDate) -> String {
    String(date.description.filter { $0 != "-" })
  }

  /// A DATE-TIME in UTC at the start of `date` (`20260228T000000Z`).
  public static func midnightUTC(_ date: CivilDate) -> String {
    ICalendarWriter.date(date) + "T000000Z"
  }
}
