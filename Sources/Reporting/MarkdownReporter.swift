import PlanDocument
import RuleEngine

/// A Markdown report (CommonMark with GitHub's tables), for a pull-request comment, a job summary or a
/// wiki: an overview of every file, then per file its verdict, a table of findings and the references
/// they cite with whether each is verified. All text from documents is escaped: it never becomes
/// markup, a link, HTML or a table cell of its own.
public struct MarkdownReporter: Reporter {
  public var language: Language
  public var ruleSet: RuleSet

  public init(language: Language, ruleSet: RuleSet) {
    self.language = language
    self.ruleSet = ruleSet
  }

  public func render(_ report: CheckReport) -> String {
    let md = Escape.markdown
    var out = "# " + language.say(sv: "Granskning enligt SFS 2023:196", en: "Review under SFS 2023:196") + "\n\n"
    var meta = [
      language.say(sv: "Per \(report.asOf)", en: "As of \(report.asOf)"),
      language.say(sv: "regeluppsättning ", en: "rule set ") + md(report.rulesetVersion),
      "\(ToolInfo.name) \(ToolInfo.version)",
    ]
    if let failOn = report.failOn {
      meta.append(language.say(sv: "slutkod 1 vid ", en: "exit code 1 at ") + Words.severity(failOn, language))
    }
    out += meta.joined(separator: " · ") + "\n\n"
    let files = report.files.count
    out += language.say(sv: "**Sammanfattning:** ", en: "**Summary:** ") + md(Words.summary(report, language))
    let suppressed = FindingCounts(report).suppressed
    if suppressed > 0 { out += ", " + md(Words.suppressedCount(suppressed, language)) }
    out += "\n\n"
    if let notice = report.configuration { out += md(Words.configuration(notice, language)) + "\n\n" }

    if files > 1 {
      out += language.say(sv: "| Fil | Kommun | Resultat |\n", en: "| File | Municipality | Result |\n")
      out += "|---|---|---|\n"
      for file in report.files {
        out += "| \(md(file.path)) | \(md(Words.kommun(file.kommun) ?? "–")) | "
        out += "\(Symbols.verdict(file.verdict)) \(md(Words.verdict(file, language))) |\n"
      }
      out += "\n"
    }

    for file in report.files { out += section(file) }
    return out
  }

  private func section(_ file: FileResult) -> String {
    let md = Escape.markdown
    var out = "## \(Symbols.verdict(file.verdict)) \(md(file.path))"
    if let kommun = Words.kommun(file.kommun) { out += " — \(md(kommun))" }
    out += "\n\n**\(md(Words.verdict(file, language)))**"
    let suppressed = file.suppressedCount
    if suppressed > 0 { out += " (\(md(Words.suppressedCount(suppressed, language))))" }
    out += "\n\n"

    if let error = file.readError {
      let place =
        error.location.map {
          language.say(
            sv: "Rad \($0.line), kolumn \($0.column): ",
            en: "Line \($0.line), column \($0.column): ")
        }
        ?? ""
      out += "\(place)\(md(error.message.text(language)))\n\n"
      return out
    }
    guard !file.findings.isEmpty else { return out }

    out +=
      language.say(
        sv: "| Allvarlighet | Rad:kol | Sökväg | Meddelande | Regel | Hänvisning |\n",
        en: "| Severity | Line:col | Path | Message | Rule | Reference |\n")
    out += "|---|---|---|---|---|---|\n"
    let findings = file.findings.sorted(by: Finding.documentOrder)
    for finding in findings {
      var severity = "\(Symbols.severity(finding.severity)) \(Words.severity(finding.severity, language))"
      if finding.suppression != nil { severity = "~~\(severity)~~ \(Words.suppressed(language))" }
      var message = md(finding.message.text(language))
      if let date = finding.outdatedSince { message += " *(\(md(Words.outdatedSince(date, language))))*" }
      if let suppression = finding.suppression { message += " — *\(md(Words.suppression(suppression, language)))*" }
      let rule = "\(md(finding.ruleId)) · \(md(finding.obligation))"
      var reference = md(finding.reference.citation(language))
      if finding.basis == .vagledning || finding.basis == .konfiguration {
        reference += " *(\(md(Words.basis(finding.basis, language))))*"
      }
      out +=
        "| \(severity) | \(md(Words.place(finding.location, language))) | \(md(Words.path(finding.location.path))) "
      out += "| \(message) | \(rule) | \(reference) |\n"
    }
    out += "\n"

    var seen: Set<String> = []
    // The sources of law and guidance; the configuration's place is in its findings' rows.
    let references = findings.map(\.reference).filter { $0.kind != .configuration && seen.insert($0.id).inserted }
      .sorted { ($0.kind == .statute ? 0 : 1, $0.id) < ($1.kind == .statute ? 0 : 1, $1.id) }
    out += language.say(sv: "**Hänvisningar**\n\n", en: "**References**\n\n")
    for reference in references {
      // The flag after the summary says whether the citation is verified.
      var plain = reference
      plain.verified = true
      var citation = md(plain.citation(language))
      if let url = reference.url { citation = "[\(citation)](\(Escape.markdownURL(url)))" }
      let flag =
        reference.kind == .statute
        ? (reference.verified ? Symbols.ok + " " : "? ") + md(Words.verified(reference.verified, language))
        : md(Words.basis(.vagledning, language))
      out += "- \(citation): \(md(reference.summary.text(language))) *(\(flag))*\n"
    }
    out += "\n"
    return out
  }
}
