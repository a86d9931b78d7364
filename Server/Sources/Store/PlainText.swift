/// Text from people that goes into one-line records (the audit log, a withdrawal reason, an e-mail
/// address): the one home of the rule for which characters may not be in it and how a line shows them.
public enum PlainText {
  /// Control and format characters (Unicode Cc and Cf): line breaks and tabs that can forge a line or a
  /// field, terminal escapes, and invisible characters such as the bidirectional overrides that make
  /// text read differently from what it is.
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format: true
    default: false
    }
  }

  /// Whether `text` holds a control or format character.
  public static func hasControl(_ text: String) -> Bool {
    text.unicodeScalars.contains(where: isControl)
  }

  /// `text` with each control or format character as the visible escape `\u{…}` (hex), as the reports
  /// show hidden characters: one line, no tab, nothing invisible.
  public static func neutralised(_ text: String) -> String {
    guard hasControl(text) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        out += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
