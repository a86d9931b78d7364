import PlanDocument
import RuleEngine

/// GitHub Actions workflow commands: one annotation per finding (`::error`, `::warning`, `::notice`) at
/// its file, line and column, and one per file that could not be read. Every value is escaped, so a line
/// break in a plan shows inside the annotation and can never start a command of its own. Suppressed
/// findings do not fail and get no annotation; the closing summary line counts them.
public struct GitHubReporter: Reporter {
  public var language: Language
  public var ruleSet: RuleSet

  public init(language: Language, ruleSet: RuleSet) {
    self.language = language
    self.ruleSet = ruleSet
  }

  static func command(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "notice"
    }
  }

  public func render(_ report: CheckReport) -> String {
    var out = ""
    for file in report.files {
      if let error = file.readError {
        guard file.status == .unreadable else { continue }
        var properties = [("file", file.path)]
        if let location = error.location {
          properties += [("line", String(location.line)), ("col", String(location.column))]
        }
        properties.append(("title", "\(ToolInfo.name): " + Words.verdict(file, language)))
        out += line("error", properties, error.message.text(language))
        continue
      }
      for finding in file.findings.sorted(by: Finding.documentOrder) where finding.suppression == nil {
        // A Word document has no lines to annotate: the annotation is the file's, and its text says where.
        let properties =
          finding.location.word == nil
          ? [
            ("file", finding.location.file),
            ("line", String(finding.location.line)),
            ("col", String(finding.location.column)),
            ("title", "\(finding.ruleId) · \(finding.reference.citation(language))"),
          ]
          : [
            ("file", finding.location.file),
            ("title", "\(finding.ruleId) · \(finding.reference.citation(language))"),
          ]
        out += line(GitHubReporter.command(finding.severity), properties, message(finding))
      }
    }
    let counts = FindingCounts(report)
    let files = report.files.count
    let summary =
      language.say(
        sv:
          "\(ToolInfo.name): \(files) \(files == 1 ? "fil" : "filer"), \(Words.counts(counts, language)) (\(Words.asOf(report.asOf, language)))",
        en:
          "\(ToolInfo.name): \(files) \(files == 1 ? "file" : "files"), \(Words.counts(counts, language)) (\(Words.asOf(report.asOf, language)))"
      )
    if let notice = report.configuration {
      out += line("notice", [("title", "\(ToolInfo.name) .lagkoll.yaml")], Words.configuration(notice, language))
    }
    out += Escape.oneLine(summary) + "\n"
    return out
  }

  /// The annotation text: the message, then where in the document and which source asks for it.
  private func message(_ finding: Finding) -> String {
    var text = finding.message.text(language)
    if finding.location.word != nil {
      text += "\n\n" + language.say(sv: "Plats: ", en: "Place: ") + Words.place(finding.location, language)
      text += "\n" + language.say(sv: "Sökväg: ", en: "Path: ") + Words.path(finding.location.path)
    } else {
      text += "\n\n" + language.say(sv: "Sökväg: ", en: "Path: ") + Words.path(finding.location.path)
    }
    // A configuration finding has no obligation: its basis is the configuration.
    text +=
      finding.basis == .konfiguration
      ? "\n" + language.say(sv: "Grund: ", en: "Basis: ") + Words.basis(finding.basis, language)
      : "\n"
        + language.say(
          sv: "Skyldighet: ",
          en: "Obligation: ") + "\(finding.obligation) (\(Words.basis(finding.basis, language)))"
    text += "\n" + language.say(sv: "Hänvisning: ", en: "Reference: ") + finding.reference.citation(language)
    if let url = finding.reference.url { text += " " + url }
    if let date = finding.outdatedSince { text += "\n" + Words.outdatedSince(date, language) }
    return text
  }

  private func line(_ command: String, _ properties: [(String, String)], _ message: String) -> String {
    let list = properties.map { "\($0.0)=\(Escape.githubProperty($0.1))" }.joined(separator: ",")
    return "::\(command) \(list)::\(Escape.githubData(message))\n"
  }
}
