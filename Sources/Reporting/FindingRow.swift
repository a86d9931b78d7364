import PlanDocument
import RuleEngine

/// A finding's row in the command line's HTML pages (the check report and the review): the cells every
/// page shows alike, before the source cell each page writes its own way (the review links the
/// obligation to its matrix column).
enum FindingRow {
  /// The findings table's column headings.
  static func headings(_ language: Language) -> [String] {
    language.say(
      sv: ["Allvarlighet", "Plats", "Fynd", "Skyldighet och hänvisning"],
      en: ["Severity", "Location", "Finding", "Obligation and reference"])
  }

  /// `<tr>` and the severity, place and message cells. A Word document's place is said in its own terms
  /// (section, table, row, column), not as word/document.xml's line and column, which no reader sees.
  static func start(_ finding: Finding, _ language: Language) -> String {
    func h(_ text: String) -> String { Escape.xml(text) }
    var out = "<tr class=\"sev-\(finding.severity.rawValue)\(finding.suppression == nil ? "" : " suppressed")\">"
    out += "<td class=\"severity\">" + PageShell.severity(finding.severity, language)
    if finding.suppression != nil {
      out +=
        "<br/><span class=\"sev suppressed\">\(Symbols.suppressed) \(h(Words.capitalized(Words.suppressed(language))))</span>"
    }
    out += "</td><td class=\"loc\">"
    let location = finding.location
    out +=
      location.word != nil
      ? "<span class=\"line\">\(h(Words.place(location, language)))</span><br/>"
      : "<span class=\"line\">\(h(language.say(sv: "rad", en: "line"))) \(location.line):\(location.column)</span><br/>"
    out += "<code>\(PageShell.breakable(h(Words.path(location.path))))</code></td>"
    out += "<td class=\"message\"><p>\(h(finding.message.text(language)))</p>"
    if let date = finding.outdatedSince {
      out += "<p class=\"note outdated\">\(h(Words.capitalized(Words.outdatedSince(date, language))))</p>"
    }
    if let suppression = finding.suppression {
      out += "<p class=\"note suppression\">\(h(Words.suppression(suppression, language)))</p>"
    }
    return out + "</td>"
  }
}
