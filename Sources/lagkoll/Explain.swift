import ArgumentParser
import PlanDocument
import Reporting
import RuleEngine

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Förklara en regel, en skyldighet eller ett lagrum. (Explain a rule, an obligation or a paragraph.)")

  @OptionGroup var common: RuleSetOptions

  @Argument(
    help:
      "Regel-id (t.ex. LB-001), skyldighet (t.ex. lagesbild.analys) eller lagrum (t.ex. 6§ eller \"12 § 3 p.\"). (Rule id, obligation id or paragraph.)"
  )
  var id: String

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    var out = ""
    if let rule = ruleSet.rule(id) {
      out = explain(rule, ruleSet: ruleSet)
    } else if let obligation = ruleSet.obligation(id) {
      out = explain(obligation, ruleSet: ruleSet)
    } else if let statutes = ruleSet.statutes(cited: id), !statutes.isEmpty {
      out += paragraphs(statutes, ruleSet: ruleSet)
    } else {
      Console.error(
        common.lang.say(
          sv:
            "okänt id \"\(id)\": varken en regel, en skyldighet eller ett lagrum i SFS 2023:196 (se lagkoll rules; lagrum skrivs t.ex. 6§ eller \"12 § 3 p.\")",
          en:
            "unknown id \"\(id)\": neither a rule, an obligation nor a paragraph of SFS 2023:196 (see lagkoll rules; paragraphs are written e.g. 6§ or \"12 § 3 p.\")"
        )
      )
      throw Status.usage
    }
    try Console.emit(out, to: nil, language: common.lang)
  }

  /// A rule: what it checks, where, its source and its examples.
  private func explain(_ rule: Rule, ruleSet: RuleSet) -> String {
    var out = ""
    out += "\(rule.id): \(rule.title.text(common.lang))\n"
    let basis = Words.basis(rule.basis, common.lang)
    let severity = Words.severity(rule.severity, common.lang)
    out += common.lang.say(
      sv: "Skyldighet: \(rule.obligation) (grund: \(basis))\n",
      en: "Obligation: \(rule.obligation) (basis: \(basis))\n")
    out += common.lang.say(sv: "Allvarlighet: \(severity)\n", en: "Severity: \(severity)\n")
    let validity = Words.validity(from: rule.validFrom, to: rule.validTo, common.lang)
    out += common.lang.say(sv: "Gäller: \(validity)\n", en: "In force: \(validity)\n")
    out += common.lang.say(
      sv: "Kontroll: \(rule.check.kindName) på \(rule.selector)\n",
      en: "Check: \(rule.check.kindName) on \(rule.selector)\n")
    out += common.lang.say(
      sv: "Meddelande: \(rule.message.text(common.lang))\n",
      en: "Message: \(rule.message.text(common.lang))\n")
    out += common.lang.say(sv: "Källa:\n", en: "Source:\n")
    out += source(ruleSet.references[rule.reference]!, basis: rule.basis, ruleSet: ruleSet)
    for example in rule.examples {
      out +=
        example.isValid
        ? common.lang.say(
          sv: "Giltigt exempel:\n",
          en: "Valid example:\n")
        : common.lang.say(
          sv: "Ogiltigt exempel (fynd vid \(example.expect.map(\.description).joined(separator: ", "))):\n",
          en: "Invalid example (findings at \(example.expect.map(\.description).joined(separator: ", "))):\n")
      out +=
        example.document.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
          separator: "\n") + "\n"
    }
    out += common.lang.say(
      sv: "Definierad i \(rule.file):\(rule.line)\n",
      en: "Defined in \(rule.file):\(rule.line)\n")
    return out
  }

  /// An obligation: what it asks, its sources and the rules that check it.
  private func explain(_ obligation: Obligation, ruleSet: RuleSet) -> String {
    var out = ""
    out += "\(obligation.id): \(obligation.title.text(common.lang))\n"
    out += "\(obligation.description.text(common.lang))\n"
    out += common.lang.say(
      sv: "Grund: \(Words.basis(obligation.basis, common.lang))\n",
      en: "Basis: \(Words.basis(obligation.basis, common.lang))\n")
    out += common.lang.say(sv: "Källor:\n", en: "Sources:\n")
    for reference in obligation.references {
      out += source(ruleSet.references[reference]!, basis: obligation.basis, ruleSet: ruleSet)
    }
    let rules = ruleSet.rules.filter { $0.obligation == obligation.id }
    out += common.lang.say(sv: "Regler:\n", en: "Rules:\n")
    for rule in rules { out += "  \(rule.id): \(rule.title.text(common.lang))\n" }
    return out
  }

  /// A source: its citation, the law's words for a paragraph, what it means, and whether it is law.
  private func source(_ reference: Citation, basis: Basis, ruleSet: RuleSet) -> String {
    var out = ""
    out += "  \(reference.citation(common.lang))\n"
    if reference.kind == .statute {
      out += lawText(reference, ruleSet: ruleSet, indent: "    ")
    }
    out += "    \(common.lang.say(sv: "Sammanfattning", en: "Summary")): \(reference.summary.text(common.lang))\n"
    if let url = reference.url { out += "    \(url)\n" }
    if basis == .dokument {
      // The format or SCB's list: the document's own integrity, neither law nor guidance.
      out += common.lang.say(
        sv: "    Dokumentets riktighet: varken lagkrav eller vägledning.\n",
        en: "    The document's integrity: neither a legal requirement nor guidance.\n")
    } else if reference.kind == .statute {
      out += verification(reference, indent: "    ")
    } else {
      out += common.lang.say(
        sv: "    Vägledning, inte ett lagkrav.\n",
        en: "    Guidance, not a legal requirement.\n")
    }
    return out
  }

  /// A paragraph (with its points) or one point: the law's own words, what it means in our words, which
  /// obligations rest on it and which rules check it.
  private func paragraphs(_ statutes: [Citation], ruleSet: RuleSet) -> String {
    var out = ""
    // A whole paragraph is its first entry (no point); a point alone is shown in its paragraph.
    let head = statutes.first { $0.punkt == nil } ?? statutes[0]
    let whole = ruleSet.paragraph(of: head)
    var heading = head
    if statutes.count > 1 { heading.punkt = nil }  // all the transitional provisions, say
    out += "\(heading.citation(common.lang)) – \(head.title.text(common.lang))\n"
    if head.punkt != nil, statutes.count == 1, whole.id != head.id, let text = head.text {
      out += common.lang.say(sv: "Punktens lydelse:\n", en: "The point's wording:\n")
      out += quoted(text, indent: "  ")
    }
    out += common.lang.say(sv: "Lagtext:\n", en: "The law's text (Swedish):\n")
    if head.punkt != nil, statutes.count > 1 {
      // Provisions the catalogue holds only point by point (the transitional provisions).
      out += quoted(
        statutes.compactMap { point in point.text.map { "\(point.punkt ?? ""). \($0)" } }.joined(separator: "\n"),
        indent: "  ")
    } else {
      out += lawText(head, ruleSet: ruleSet, indent: "  ")
    }
    if let amendedBy = head.amendedBy {
      out += common.lang.say(sv: "Lydelse enligt SFS \(amendedBy).\n", en: "Wording as amended by SFS \(amendedBy).\n")
    }
    out += common.lang.say(sv: "Sammanfattning: ", en: "Summary: ") + head.summary.text(common.lang) + "\n"
    if let url = head.url { out += "\(url)\n" }
    out += verification(head, indent: "")
    let ids = Set(statutes.map(\.id))
    let obligations = ruleSet.obligations.filter { !ids.isDisjoint(with: $0.references) }
    let rules = ruleSet.rules.filter { ids.contains($0.reference) }
    out += common.lang.say(sv: "Skyldigheter som bygger på lagrummet:", en: "Obligations resting on it:")
    out +=
      obligations.isEmpty
      ? common.lang.say(
        sv: " inga (lagrummet är ingen skyldighet för kommunen)\n",
        en: " none (the paragraph is no duty of the municipality)\n") : "\n"
    for obligation in obligations {
      out += "  \(obligation.id): \(obligation.title.text(common.lang))\n"
    }
    out += common.lang.say(sv: "Regler som hänvisar till det:", en: "Rules citing it:")
    out += rules.isEmpty ? common.lang.say(sv: " inga\n", en: " none\n") : "\n"
    for rule in rules { out += "  \(rule.id): \(rule.title.text(common.lang))\n" }
    return out
  }

  /// The verbatim text, each line indented and quoted; the law is Swedish in both languages.
  private func lawText(_ reference: Citation, ruleSet: RuleSet, indent: String) -> String {
    guard let text = ruleSet.lawText(of: reference) else { return "" }
    return quoted(text, indent: indent)
  }

  private func quoted(_ text: String, indent: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(indent)» \($0)\n" }.joined()
  }

  private func verification(_ reference: Citation, indent: String) -> String {
    guard reference.verified else {
      return indent + common.lang.say(sv: "Lydelsen är inte verifierad.\n", en: "The wording is not verified.\n")
    }
    let source = reference.verifiedAgainst.map { " (\($0))" } ?? ""
    return indent
      + common.lang.say(
        sv: "Ordalydelsen är verifierad\(source).\n",
        en: "The wording is verified\(source).\n")
  }
}
