import PlanDocument
import RuleEngine

/// The rule set as a Markdown document: every obligation with its sources and rules, for `docs/`.
/// Generated, never edited by hand; a test fails when the committed copy is stale.
public struct RuleCatalogueDocument {
  public var ruleSet: RuleSet
  public var language: Language

  public init(ruleSet: RuleSet, language: Language) {
    self.ruleSet = ruleSet
    self.language = language
  }

  public func render() -> String {
    var out = language.say(sv: "# Regelkatalog\n\n", en: "# Rule catalogue\n\n")
    out += language.say(
      sv:
        "Genererad från regeluppsättningen (version \(ruleSet.version)) med `lagkoll rules --format markdown`. Ändra i `rules/`, inte här.\n\n",
      en:
        "Generated from the rule set (version \(ruleSet.version)) by `lagkoll rules --format markdown --lang en`. Edit `rules/`, not this file.\n\n"
    )
    out += language.say(
      sv:
        "Lagtexten nedan är SFS 2023:196 i lydelse enligt SFS 2025:223, ordagrant och verifierad. Skyldigheter med grund *vägledning* är rekommendationer, inte lagkrav.\n\n",
      en:
        "The law's text below is SFS 2023:196 as amended by SFS 2025:223, verbatim (Swedish) and verified. Obligations with basis *vägledning* are guidance, not legal requirements.\n\n"
    )
    out += language.say(
      sv: "| Skyldighet | Grund | Regler |\n|---|---|---|\n",
      en: "| Obligation | Basis | Rules |\n|---|---|---|\n")
    for obligation in ruleSet.obligations {
      let rules = ruleSet.rules.filter { $0.obligation == obligation.id }.map(\.id).joined(separator: ", ")
      out +=
        "| [`\(obligation.id)`](#\(anchor(obligation.id))) \(cell(obligation.title.text(language))) | \(obligation.basis.rawValue) | \(rules) |\n"
    }
    out += "\n"
    out += lawSection()
    for obligation in ruleSet.obligations {
      out += "## \(obligation.id)\n\n"
      out += "**\(cell(obligation.title.text(language)))** — \(cell(obligation.description.text(language)))\n\n"
      out += language.say(sv: "Grund: ", en: "Basis: ") + "`\(obligation.basis.rawValue)`\n\n"
      for id in obligation.references {
        guard let reference = ruleSet.references[id] else { continue }
        out += "- \(source(reference))\n"
      }
      out += "\n"
      for rule in ruleSet.rules where rule.obligation == obligation.id {
        // An explicit anchor per rule: SARIF's helpUri points here (ToolInfo.ruleCatalogue).
        out += "<a id=\"\(rule.id)\"></a>\n\n### \(rule.id): \(cell(rule.title.text(language)))\n\n"
        let validity = Words.validity(from: rule.validFrom, to: rule.validTo, language)
        out += language.say(
          sv:
            "- Allvarlighet: \(Words.severity(rule.severity, language)) · kontroll: `\(rule.check.kindName)` på `\(rule.selector)` · gäller: \(validity)\n",
          en:
            "- Severity: \(Words.severity(rule.severity, language)) · check: `\(rule.check.kindName)` on `\(rule.selector)` · in force: \(validity)\n"
        )
        if let reference = ruleSet.references[rule.reference] {
          out += language.say(sv: "- Källa: ", en: "- Source: ") + source(reference) + "\n"
        }
        out += language.say(sv: "- Meddelande: ", en: "- Message: ") + cell(rule.message.text(language)) + "\n"
        out += language.say(sv: "- Definierad i ", en: "- Defined in ") + "`\(relative(rule.file))`\n\n"
      }
    }
    return out
  }

  /// Every paragraph of the act in its own words, so that the law is one click from each rule.
  private func lawSection() -> String {
    let paragraphs = ruleSet.references.values
      .filter {
        $0.kind == .statute && $0.sfs == "2023:196" && ($0.punkt == nil || ruleSet.paragraph(of: $0).id == $0.id)
      }
      .sorted {
        (Int($0.paragraf ?? "") ?? Int.max, Int($0.punkt ?? "0") ?? 0) < (
          Int($1.paragraf ?? "") ?? Int.max, Int($1.punkt ?? "0") ?? 0
        )
      }
    guard !paragraphs.isEmpty else { return "" }
    var out = language.say(sv: "## Lagtexten\n\n", en: "## The law's text\n\n")
    var heading = ""
    for paragraph in paragraphs {
      let title = paragraph.title.text(.sv)
      if title != heading {
        out += "*\(cell(title))*\n\n"
        heading = title
      }
      guard let text = paragraph.text else { continue }
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { cell(String($0)) }
      out += "> **\(cell(paragraph.citation(.sv)))** " + lines.joined(separator: "  \n> ") + "\n\n"
    }
    return out
  }

  private func source(_ reference: Citation) -> String {
    var text = cell(reference.citation(language))
    if let url = reference.url { text = "[\(text)](\(url))" }
    switch reference.kind {
    case .statute:
      text +=
        reference.verified
        ? language.say(
          sv: " — verifierad",
          en: " — verified")
        : language.say(
          sv: " — paragrafnumret ej verifierat",
          en: " — paragraph number not verified")
    case .guidance:
      text += language.say(sv: " — vägledning, inte lagkrav", en: " — guidance, not a legal requirement")
    case .configuration:
      text += language.say(
        sv: " — kommunens konfiguration, inte lagkrav",
        en: " — the municipality's configuration, not a legal requirement")
    }
    return text + ": " + cell(reference.summary.text(language))
  }

  /// The rule file's path from `rules/` on, so the document does not depend on where it was made.
  private func relative(_ file: String) -> String {
    if let range = file.ranges(of: "rules/").last { return String(file[range.lowerBound...]) }
    return file
  }

  private func anchor(_ id: String) -> String {
    id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
  }

  /// Markdown-safe inline text.
  private func cell(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "|", "*", "_", "`", "[", "]", "<", ">", "\\", "#": out += "\\\(character)"
      case "\n", "\r": out += " "
      default: out.append(character)
      }
    }
    return out
  }
}
