/// Text written into the XML that lagkoll generates (plans, templates, schemas): escaped so that an
/// XML parser reads back exactly the text. `&` and `<` always; `>` too (`]]>` must not appear); in a
/// double-quoted attribute value also quotes, and line breaks and tabs as references, so that attribute
/// normalisation does not turn them into spaces. (Reports escape more: see Reporting's `Escaping.xml`.)
public enum XMLText {
  public static func escaped(_ text: String, attribute: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "\n" where attribute: out += "&#10;"
      case "\r": out += "&#13;"
      case "\t" where attribute: out += "&#9;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
