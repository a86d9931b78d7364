import PlanDocument
import RuleEngine

/// The human format: findings grouped by file, a verdict line per file, a summary.
public struct TextReporter: Reporter {
  public var language: Language
  /// ANSI colours; the command line turns them on only for a terminal and never with NO_COLOR.
  public var color: Bool
  /// `--quiet`: nothing for files that are ready (information at most) or skipped; the summary still
  /// counts every file.
  public var quiet: Bool

  public init(language: Language, color: Bool = false, quiet: Bool = false) {
    self.language = language
    self.color = color
    self.quiet = quiet
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  private func paint(_ severity: Severity) -> String {
    let word = Words.severity(severity, language)
    switch severity {
    case .error: return paint(word, "31;1")
    case .warning: return paint(word, "33")
    case .info: return paint(word, "36")
    }
  }

  public func render(_ report: CheckReport) -> String {
    var out = ""
    for file in report.files {
      if quiet, file.verdict == .skipped || file.verdict == .ready { continue }
      var heading = paint(TextReporter.clean(file.path), "1")
      if let kommun = Words.kommun(file.kommun) { heading += " (\(TextReporter.clean(kommun)))" }
      out += heading + "\n"
      if let error = file.readError {
        // `file:line:column: fel: …`, the form editors and terminals turn into a link to the place.
        let place = TextReporter.clean(file.path) + (error.location.map { ":\($0.line):\($0.column)" } ?? "")
        let kind = file.status == .skipped ? Words.severity(.info, language) : paint(.error)
        out += "  \(place): \(kind): \(TextReporter.clean(error.message.text(language)))\n"
      }
      for finding in file.findings.sorted(by: Finding.documentOrder) {
        let place = TextReporter.clean(Words.place(finding.location, language))
        out += "  \(place)  \(paint(finding.severity))  \(TextReporter.clean(finding.message.text(language)))\n"
        var source = "[\(finding.ruleId) · \(finding.obligation) · \(finding.reference.citation(language))"
        if finding.basis == .vagledning || finding.basis == .konfiguration {
          source += " · " + Words.basis(finding.basis, language)
        }
        source += "]"
        // The rule's words too: a rule set may come from someone else (--rules).
        out +=
          "      \(paint(TextReporter.clean(Words.path(finding.location.path)), "2")) \(paint(TextReporter.clean(source), "2"))\n"
        if let suppression = finding.suppression {
          out += "      \(paint(TextReporter.clean(Words.suppression(suppression, language)), "2"))\n"
        }
      }
      let verdict = Words.verdict(file, language)
      let colour: String? =
        switch file.verdict {
        case .ready: "32"
        case .readyWithWarnings, .outdated: "33;1"
        case .notReady, .unreadable: "31;1"
        case .skipped: nil
        }
      out += "  " + (colour.map { paint(verdict, $0) } ?? verdict) + "\n\n"
    }
    out +=
      language.say(
        sv: "Sammanfattning: ",
        en: "Summary: ") + TextReporter.clean(Words.summary(report, language)) + "\n"
    if let notice = report.configuration { out += TextReporter.clean(Words.configuration(notice, language)) + "\n" }
    out += coming(report)
    return out
  }

  /// Under the summary: what each kommun must do next, and by when.
  private func coming(_ report: CheckReport) -> String {
    // --quiet says nothing about ready files, their dates included.
    let files = report.files.filter { !quiet || ($0.verdict != .ready && $0.verdict != .skipped) }
      .map { ($0, ComingDates.of($0, asOf: report.asOf)) }.filter { !$0.1.isEmpty }
    guard !files.isEmpty else { return "" }
    var out = "\n" + ComingDates.heading(language) + ":\n"
    for (file, dates) in files {
      var heading = TextReporter.clean(file.path)
      if let kommun = Words.kommun(file.kommun) { heading += " (\(TextReporter.clean(kommun)))" }
      out += "  \(heading)\n"
      for deadline in dates.prefix(ComingDates.shownPerFile) {
        let what = TextReporter.clean(deadline.title.text(language))
        out +=
          "    \(deadline.due)  \(what)  \(paint(TextReporter.clean(ComingDates.source(deadline, language)), "2"))\n"
      }
      if dates.count > ComingDates.shownPerFile {
        out += "    \(ComingDates.more(dates.count - ComingDates.shownPerFile, language))\n"
      }
    }
    return out
  }

  /// Text from a document is shown, never obeyed: control characters (a terminal escape in a plan) and
  /// bidirectional overrides become visible escapes, and CI log commands are defused (`Escape.logSafe`).
  static func clean(_ text: String) -> String {
    var out = ""
    for scalar in Escape.logSafe(text).unicodeScalars {
      if Escape.isHidden(scalar) {
        out += scalar == "\n" ? " " : Escape.visible(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
