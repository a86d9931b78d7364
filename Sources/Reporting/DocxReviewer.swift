import PlanDocument
import RuleEngine

/// The reviewed copy of a Word plan (`lagkoll check plan.docx --format docx --output plan-granskad.docx`):
/// the coordinator's own document back, with one comment by "lagkoll" per finding at the cell or
/// paragraph it concerns (the message, the paragraph of the law or the guidance, and how to read the law
/// text), and the verdict in a comment on the title, with the findings that have no place of their own.
/// The document's text is not touched (`DocxReviewedCopy`).
public enum DocxReviewer {
  /// The reviewed copy of `original`, which was read as `document` and checked as `result`.
  public static func reviewedCopy(
    original: [UInt8], document: Document, result: FileResult, asOf: CivilDate?, language: Language
  ) throws -> [UInt8] {
    var comments: [DocxReviewedCopy.Comment] = []
    var onTitle: [String] = []
    for finding in result.findings.sorted(by: Finding.documentOrder) {
      let node = document.root.node(at: finding.location.path)
      let lines = text(of: finding, language)
      // The root stands for the whole document: what is missing at the top goes with the verdict.
      if let node, node.id != document.root.id {
        comments.append(DocxReviewedCopy.Comment(offset: node.offset, paragraphs: lines))
      } else {
        onTitle.append(contentsOf: [""] + lines)
      }
    }
    var verdict = ["lagkoll: " + Words.verdict(result, language)]
    if let asOf { verdict.append(language.say(sv: "Kontrollerad per \(asOf).", en: "Checked as of \(asOf).")) }
    if result.findings.isEmpty {
      verdict.append(language.say(sv: "Inga fynd.", en: "No findings."))
    } else {
      verdict.append(
        language.say(
          sv: "Varje fynd står som en kommentar vid den cell eller det stycke det gäller.",
          en: "Each finding is a comment at the cell or paragraph it concerns."))
    }
    comments.insert(DocxReviewedCopy.Comment(offset: nil, paragraphs: verdict + onTitle), at: 0)
    return try DocxReviewedCopy.make(
      original: original, comments: comments, date: asOf.map { "\($0)T00:00:00Z" })
  }

  /// The verdict line of `result`, as the text report words it.
  public static func verdict(_ result: FileResult, _ language: Language) -> String {
    Words.verdict(result, language)
  }

  /// A finding's comment: severity and message; the paragraph or the guidance; how to read the law text.
  static func text(of finding: Finding, _ language: Language) -> [String] {
    var lines = ["\(Words.severity(finding.severity, language).capitalized): \(finding.message.text(language))"]
    let reference = finding.reference
    var source = reference.citation(language)
    if finding.basis == .vagledning { source += " (" + Words.basis(finding.basis, language) + ")" }
    lines.append(language.say(sv: "Grund: ", en: "Basis: ") + source + " · \(finding.ruleId) · \(finding.obligation)")
    if let paragraf = reference.paragraf, reference.kind == .statute, paragraf.allSatisfy(\.isNumber) {
      let key = "\(paragraf) §" + (reference.punkt.map { " \($0) p." } ?? "")
      lines.append(
        language.say(sv: "Lagtexten: lagkoll explain \"\(key)\"", en: "The law text: lagkoll explain \"\(key)\""))
    } else {
      lines.append(
        language.say(
          sv: "Mer om regeln: lagkoll explain \(finding.ruleId)",
          en: "About the rule: lagkoll explain \(finding.ruleId)"))
    }
    if let suppression = finding.suppression { lines.append(Words.suppression(suppression, language)) }
    return lines
  }
}
