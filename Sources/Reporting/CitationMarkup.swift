import PlanDocument
import RuleEngine

/// A citation as every HTML page shows it (the check report, the county review, the service's stored
/// findings): the citation, linked when it has a web address; the flag that says what it is (law,
/// verified or not; guidance; the document's own integrity; the kommun's configuration); and the law's
/// own words, folded away. One rendering, so that the pages cannot disagree.
public enum CitationMarkup {
  /// The citation and its flag, as a source cell shows them.
  public static func cite(_ reference: Citation, basis: Basis?, _ language: Language) -> String {
    link(reference, language) + " " + flag(reference, basis: basis, language)
  }

  /// The citation, linked when the reference has a web address. The flag beside it says whether it is
  /// verified; the citation need not say it too.
  public static func link(_ reference: Citation, _ language: Language) -> String {
    var plain = reference
    plain.verified = true
    return link(plain.citation(language), url: reference.url)
  }

  /// `citation`, linked to `url` when that is a web address (never another scheme).
  public static func link(_ citation: String, url: String?) -> String {
    let text = Escape.xml(citation)
    guard let url, url.hasPrefix("https://") || url.hasPrefix("http://") else { return text }
    return "<a href=\"\(Escape.xml(url))\" rel=\"noopener noreferrer\">\(text)</a>"
  }

  public static func flag(_ reference: Citation, basis: Basis?, _ language: Language) -> String {
    flag(kind: reference.kind, verified: reference.verified, basis: basis, language)
  }

  /// What the citation is. Guidance is never shown as law: a statute is flagged verified or not only
  /// when the finding's basis is law.
  public static func flag(kind: Citation.Kind, verified: Bool, basis: Basis?, _ language: Language) -> String {
    func span(_ name: String, _ text: String) -> String { "<span class=\"flag \(name)\">\(text)</span>" }
    // The document's own integrity cites the format or SCB's list: neither law nor guidance.
    if basis == .dokument { return span("basis-dokument", Escape.xml(Words.basis(.dokument, language))) }
    // The kommun's own configuration: neither law nor guidance, and nothing to verify.
    if basis == .konfiguration || kind == .configuration {
      return span("guidance", Escape.xml(Words.basis(.konfiguration, language)))
    }
    if kind == .guidance || basis == .vagledning {
      return span("guidance", Escape.xml(Words.basis(.vagledning, language)))
    }
    return verified
      ? span("verified", "\(Symbols.ok) \(Escape.xml(Words.verified(true, language)))")
      : span("unverified", "? \(Escape.xml(Words.verified(false, language)))")
  }

  /// The cited paragraph's own words, folded away until asked for: a reader sees what the law says
  /// without leaving the page. The law is quoted in Swedish in both languages; empty for guidance.
  public static func lawText(_ reference: Citation, ruleSet: RuleSet, _ language: Language) -> String {
    guard let text = ruleSet.lawText(of: reference) else { return "" }
    let paragraph = ruleSet.paragraph(of: reference)
    var out = "<details class=\"lawtext\"><summary>"
    out += Escape.xml(
      language.say(
        sv: "Lagtext: \(paragraph.citation(language))",
        en: "The law (Swedish): \(paragraph.citation(language))"))
    out += "</summary><blockquote lang=\"sv\">"
    out += text.split(separator: "\n", omittingEmptySubsequences: false).map { "<p>\(Escape.xml(String($0)))</p>" }
      .joined()
    out += "</blockquote></details>"
    return out
  }
}
