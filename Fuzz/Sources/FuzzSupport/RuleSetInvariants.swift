import PlanDocument

/// What holds for an error of the rule or configuration loader: it names the file it was given, its
/// line and column start at 1 and lie inside the text, and it has a message in both languages.
public enum LoaderInvariants {
  public static func check(file: String, line: Int, column: Int, named: String, message: LocalizedText, text: String) {
    // libyaml's line breaks: LF, CR (and CR LF as one), NEL, LS and PS.
    var lines = 1
    var previous: Unicode.Scalar = " "
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": if previous != "\r" { lines += 1 }
      case "\r", "\u{85}", "\u{2028}", "\u{2029}": lines += 1
      default: break
      }
      previous = scalar
    }
    if file != named { fatalError("the error names \(file), not \(named)") }
    if line < 1 || column < 1 || line > lines + 1 {
      fatalError("error at \(line):\(column) outside \(lines) lines: \(message.en)")
    }
    if message.sv.isEmpty || message.en.isEmpty { fatalError("an error without a message") }
  }
}
