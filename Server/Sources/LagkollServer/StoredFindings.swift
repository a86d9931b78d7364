import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Store

/// A finding as a submission recorded it (the JSON report stored with the plan, read back as the
/// `ReportDocument` `JSONReporter` wrote): what the server's pages show and compare. The record is the
/// truth about the submission: it is never recomputed.
struct StoredFinding: Hashable {
  var recorded: ReportDocument.Finding

  var ruleId: String { recorded.ruleId }
  var obligation: String { recorded.obligation }
  var basis: String { recorded.basis }
  var severity: String { recorded.severity }
  var message: String { recorded.message }
  var line: Int { recorded.location.line }
  var column: Int { recorded.location.column }
  var path: String { recorded.location.path }
  var outdatedSince: String? { recorded.outdatedSince }
  var suppressed: Bool { recorded.isSuppressed }
  /// The cited paragraph (`sfs`, `paragraf`, `punkt`) or guidance (`source`, `title`), as stored.
  var reference: ReportDocument.Citation { recorded.reference }
  var verified: Bool { recorded.reference.verified }

  /// The report stored with a submission; nil for one that is not a report (nothing is then shown).
  static func report(_ submission: Submission) -> ReportDocument? {
    try? JSONDecoder().decode(ReportDocument.self, from: Data(submission.findings.utf8))
  }

  static func all(_ submission: Submission) -> [StoredFinding] {
    (report(submission)?.files.first?.findings ?? []).map(StoredFinding.init(recorded:))
  }

  /// The verdict recorded with the submission (`ready`, `not-ready`, …).
  static func verdict(_ submission: Submission) -> Verdict? {
    report(submission)?.files.first?.verdictValue
  }

  /// The same rule at the same place is the same finding.
  var key: String { ruleId + "\u{0}" + path }

  /// What is in `newer` and not in `older` (new), and the other way round (resolved).
  static func changes(from older: Submission?, to newer: Submission?) -> (
    new: [StoredFinding], resolved: [StoredFinding]
  ) {
    let before = older.map(all) ?? []
    let after = newer.map(all) ?? []
    let beforeKeys = Set(before.map(\.key))
    let afterKeys = Set(after.map(\.key))
    return (after.filter { !beforeKeys.contains($0.key) }, before.filter { !afterKeys.contains($0.key) })
  }

  /// The catalogue's reference this finding cites, found by its paragraph (statutes) or title
  /// (guidance): for the law's own words beside it.
  func catalogued(in ruleSet: RuleSet) -> Citation? {
    ruleSet.references.values.first { candidate in
      if let sfs = reference.sfs {
        return candidate.kind == .statute && candidate.sfs == sfs && candidate.paragraf == reference.paragraf
          && candidate.punkt == reference.punkt
      }
      return candidate.kind == .guidance && candidate.source == reference.source
        && (candidate.title.sv == reference.title || candidate.title.en == reference.title)
    }
  }
}

/// Stored findings as the command line's HTML report shows them, grouped by the obligation they
/// concern (in the rule set's order): severity, place, message, rule, citation with its basis (law
/// or guidance, verified or not) and the law's own words. The page shell's stylesheet styles it.
struct StoredFindingsView {
  var ruleSet: RuleSet
  var language: Language
  private func h(_ text: String) -> String { Escape.xml(text) }

  func render(_ findings: [StoredFinding], headingLevel: Int = 3) -> String {
    guard !findings.isEmpty else { return "<p>\(h(language.say(sv: "Inga fynd.", en: "No findings.")))</p>\n" }
    var order: [String: Int] = [:]
    for (index, obligation) in ruleSet.obligations.enumerated() { order[obligation.id] = index }
    let groups = Dictionary(grouping: findings, by: \.obligation).sorted {
      (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key)
    }
    var out = ""
    for (obligation, members) in groups {
      let known = ruleSet.obligation(obligation)
      // An obligation the current rule set does not know keeps the words and basis it was recorded
      // with; without a recorded basis it gets no flag (unknown is never presented as law).
      let basis = known?.basis ?? Basis(rawValue: members.first?.basis ?? "")
      out += "<div class=\"obligation\" id=\"skyldighet-\(h(obligation))\">\n"
      out += "<h\(headingLevel)>\(h(known?.title.text(language) ?? obligation))"
      if let basis {
        // The stylesheet's class names are ASCII (`basis-vagledning`), as the review page writes them.
        out +=
          " <span class=\"flag basis-\(basis == .vagledning ? "vagledning" : basis.rawValue)\">\(h(Words.basis(basis, language)))</span>"
      }
      out += "</h\(headingLevel)>\n"
      out +=
        "<table class=\"findings\">\n"
        + PageShell.tableHead(
          language.say(
            sv: ["Allvarlighet", "Plats", "Fynd", "Regel och hänvisning"],
            en: ["Severity", "Location", "Finding", "Rule and reference"]))
      out += "<tbody>\n"
      for finding in members.sorted(by: { ($0.line, $0.column, $0.ruleId) < ($1.line, $1.column, $1.ruleId) }) {
        out += row(finding)
      }
      out += "</tbody>\n</table>\n</div>\n"
    }
    return out
  }

  private func row(_ finding: StoredFinding) -> String {
    let severity = Severity(rawValue: finding.severity) ?? .error
    var out = "<tr class=\"sev-\(severity.rawValue)\(finding.suppressed ? " suppressed" : "")\">"
    out += "<td class=\"severity\">\(PageShell.severity(severity, language))</td>"
    out +=
      "<td class=\"loc\"><span class=\"line\">\(h(language.say(sv: "rad", en: "line"))) \(finding.line):\(finding.column)</span><br/>"
    out += "<code>\(PageShell.breakable(h(finding.path.isEmpty ? "/" : finding.path)))</code></td>"
    out += "<td class=\"message\"><p>\(h(finding.message))</p>"
    if let since = finding.outdatedSince {
      out +=
        "<p class=\"note outdated\">\(h(language.say(sv: "Inaktuellt sedan \(since)", en: "Outdated since \(since)")))</p>"
    }
    out += "</td><td class=\"source\"><p><span class=\"rule\">\(h(finding.ruleId))</span></p><p>"
    let catalogued = finding.catalogued(in: ruleSet)
    let basis = Basis(rawValue: finding.basis)
    // The citation as the check report shows it (`CitationMarkup`); the flag says what the record says.
    let kind: Citation.Kind =
      finding.reference.sfs != nil ? .statute : basis == .konfiguration ? .configuration : .guidance
    if let reference = catalogued {
      out += CitationMarkup.link(reference, language)
    } else {
      out += CitationMarkup.link(recordedCitation(finding.reference), url: finding.reference.url)
    }
    out += " " + CitationMarkup.flag(kind: kind, verified: finding.verified, basis: basis, language)
    out += "</p>"
    if let reference = catalogued { out += CitationMarkup.lawText(reference, ruleSet: ruleSet, language) }
    out += "</td></tr>\n"
    return out
  }

  /// A citation the current rule set does not have, from what the record says.
  private func recordedCitation(_ citation: ReportDocument.Citation) -> String {
    if let sfs = citation.sfs {
      let punkt = citation.punkt.map { language.say(sv: " \($0) p.", en: " point \($0)") } ?? ""
      return "\(citation.paragraf ?? "") §\(punkt) SFS \(sfs)"
    }
    return [citation.source, citation.title].compactMap { $0 }.joined(separator: ": ")
  }

  /// What the grouped findings add to the shared stylesheet.
  static let style = """
    .obligation h3 { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; margin-top: 1.4rem; }
    details.lawtext { margin: 0.4rem 0 0; font-size: 0.867rem; }
    details.lawtext summary { cursor: pointer; color: var(--accent); }
    details.lawtext blockquote { margin: 0.4rem 0 0; padding: 0.2rem 0 0.2rem 0.8rem; border-left: 3px solid var(--line); }
    details.lawtext blockquote p { margin: 0 0 0.2rem; }

    """
}

/// What the service's pages add to the command line's page style.
enum Markup {
  /// What every page of the service adds to the page shell's stylesheet: the forms, and on a narrow
  /// screen (320 CSS px, or 200 % zoom) tables that scroll sideways in their own box, so that the page
  /// itself reflows (WCAG 1.4.10; a data table keeps its two dimensions).
  static let pageStyle =
    PageShell.formStyle + """
      body { overflow-wrap: break-word; }
      h1, h2, h3, h4, .notice, .findings li { overflow-wrap: anywhere; }
      @media (max-width: 50rem) {
        main table { display: block; overflow-x: auto; max-width: 100%; }
      }

      """
}
