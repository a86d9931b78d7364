import PlanDocument

/// What holds for an error of the rule or configuration loader: it names the file it was given, its
/// line and column start at 1 and lie inside the text, and it has a message in both languages.
public enum LoaderInvariants {
  public static func check(file: String, line: Int, column: Int, named: String, message: LocalizedText, text: String) {
    let lines = text.reduce(1) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
    if file != named { fatalError("the error names \(file), not \(named)") }
    // libyaml counts a lone CR as a line break too: one more line for each is allowed.
    let crs = text.unicodeScalars.reduce(0) { $0 + ($1 == "\r" ? 1 : 0) }
    if line < 1 || column < 1 || line > lines + crs + 1 {
      fatalError("error at \(line):\(column) outside \(lines) lines: \(message.en)")
    }
    if message.sv.isEmpty || message.en.isEmpty { fatalError("an error without a message") }
  }
}
