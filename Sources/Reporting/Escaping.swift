/// Text from a plan document is data in every output format, never markup or commands. Each format has
/// its own escaping here, so that the rules sit in one place and are tested once.
public enum Escape {
  /// Characters shown as a visible `\u{…}` escape wherever they occur: control characters (a terminal
  /// escape in a plan), noncharacters that XML 1.0 forbids, and the bidirectional overrides that can make
  /// text read differently from what it is.
  static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069: true
    case 0xFFFE, 0xFFFF: true
    default: false
    }
  }

  static func visible(_ scalar: Unicode.Scalar) -> String {
    "\\u{\(String(scalar.value, radix: 16))}"
  }

  /// CI logs take commands from plain output: GitHub Actions and Azure Pipelines obey `##[name …]` and
  /// `##vso[…]` anywhere in a line, GitHub `::name …::` at the start of one (after white space). The
  /// text report is what the pre-commit hook prints there, so text from a document is defused: the `#`
  /// that completes such a `##` becomes the visible escape `\u{23}`, a leading `::` becomes `\u{3a}:`.
  /// `anywhere: false` leaves `##` alone, for formats that escape `#` themselves (Markdown).
  static func logSafe(_ text: String, anywhere: Bool = true) -> String {
    let scalars = Array(text.unicodeScalars)
    let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.count
    let leadingCommand = start + 1 < scalars.count && scalars[start] == ":" && scalars[start + 1] == ":"
    guard leadingCommand || (anywhere && text.contains("##")) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for (index, scalar) in scalars.enumerated() {
      if leadingCommand && index == start {
        out += visible(scalar)
      } else if anywhere, scalar == "#", index > 0, scalars[index - 1] == "#", opensLogCommand(scalars, after: index) {
        out += visible(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Whether `[` or `vso[` (any case) follows `index`.
  private static func opensLogCommand(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
    let rest = scalars[(index + 1)...]
    if rest.first == "[" { return true }
    return rest.prefix(4).map { String($0).lowercased() }.joined() == "vso["
  }

  /// Escapes text for XML 1.0 and HTML element content and attribute values (double- or single-quoted).
  /// Line breaks and tabs become character references: a parser reads them back as they were, in
  /// attributes too, and no line of the output begins with text from a document (a `::` workflow command
  /// if the file is printed in a CI log). Characters XML 1.0 cannot hold become visible escapes.
  public static func xml(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\n": out += "&#10;"
      case "\r": out += "&#13;"
      case "\t": out += "&#9;"
      // The second `#` of `##` as a reference: a parser reads it back, a CI log (`##[error]`, `##vso[`)
      // sees no command in a JUnit file or a page printed to it.
      case "#" where out.hasSuffix("#"): out += "&#35;"
      default:
        if isHidden(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// One line of text: line breaks and tabs become spaces, hidden characters visible escapes.
  static func oneLine(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n", "\t", "\u{2028}", "\u{2029}": out += " "
      case "\r": continue
      default:
        if isHidden(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// Inline Markdown (CommonMark and GitHub's tables): one line, every character with a meaning in
  /// Markdown backslash-escaped, `&`, `<` and `>` as entities so that no HTML or entity survives.
  /// A read error without a position starts its line with the document's text: CI log commands are
  /// defused first (`logSafe`), as in the text report.
  static func markdown(_ text: String) -> String {
    var out = ""
    for scalar in oneLine(logSafe(text, anywhere: false)).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "!", "|", "~", "$":
        out += "\\"
        out.unicodeScalars.append(scalar)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A URL for a Markdown link destination: characters that would end or break the destination are
  /// percent-encoded.
  static func markdownURL(_ url: String) -> String {
    var out = ""
    for scalar in url.unicodeScalars {
      switch scalar {
      case "(", ")", "<", ">", " ", "\\", "`", "\"", "'", "[", "]", "|":
        out += percentEncoded(scalar)
      default:
        if isHidden(scalar) { out += percentEncoded(scalar) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// The message of a GitHub workflow command: `%`, CR and LF encoded, so that a line break in a plan
  /// shows as a line break in the annotation and can never start a new command.
  static func githubData(_ text: String) -> String {
    var out = ""
    // The runner also obeys the older `##[command]` form anywhere in a line.
    for scalar in logSafe(text).unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default:
        if isHidden(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// A property value of a GitHub workflow command (`file=`, `title=`): also `:` and `,`, which end it.
  static func githubProperty(_ text: String) -> String {
    var out = ""
    for scalar in githubData(text).unicodeScalars {
      switch scalar {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A file path as a relative URI reference (SARIF `artifactLocation.uri`): every byte outside the
  /// unreserved characters and `/` percent-encoded, so `Malmö plan.xml` becomes `Malm%C3%B6%20plan.xml`.
  static func uriPath(_ path: String) -> String {
    var out = ""
    for scalar in path.unicodeScalars {
      switch scalar {
      case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "~", "/": out.unicodeScalars.append(scalar)
      default: out += percentEncoded(scalar)
      }
    }
    return out
  }

  static func percentEncoded(_ scalar: Unicode.Scalar) -> String {
    String(scalar).utf8.map { byte in
      let hex = String(byte, radix: 16, uppercase: true)
      return "%" + (hex.count == 1 ? "0" + hex : hex)
    }.joined()
  }
}
