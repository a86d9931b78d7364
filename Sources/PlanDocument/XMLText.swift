/// Text written into the XML that lagkoll generates (plans, templates, schemas, Word documents): escaped
/// so that an XML parser reads back exactly the text. `&` and `<` always; `>` too (`]]>` must not appear);
/// carriage returns as `&#13;` (a parser would turn a literal one into a line feed); characters XML 1.0
/// cannot hold (control characters other than tab and line breaks, U+FFFE, U+FFFF) replaced by U+FFFD,
/// so that the output is always well-formed. In a double-quoted attribute value also quotes, and line
/// breaks and tabs as references, so that attribute normalisation does not turn them into spaces.
/// (Reports escape more and show hidden characters rather than replace them: see Reporting's `Escape`.)
public enum XMLText {
  /// `quotes`: `"` as `&quot;` in element content too (Word's writer does, as Word itself does).
  public static func escaped(_ text: String, attribute: Bool = false, quotes: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute || quotes: out += "&quot;"
      case "\n" where attribute: out += "&#10;"
      case "\r": out += "&#13;"
      case "\t" where attribute: out += "&#9;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
