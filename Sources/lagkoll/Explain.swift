import ArgumentParser
import PlanDocument
import Reporting
import RuleEngine

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Förklara en regel eller skyldighet. (Explain a rule or an obligation.)")

  @OptionGroup var common: RuleSetOptions

  @Argument(help: "Regel-id (t.ex. LB-001) eller skyldighet (t.ex. lagesbild.analys). (Rule or obligation id.)")
  var id: String

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    let sv = common.lang == .sv
    var out = ""
    func describe(_ reference: Reference, basis: Basis) {
      out += "  \(reference.citation(common.lang))\n"
      out += "    \(reference.summary.text(common.lang))\n"
      if let url = reference.url { out += "    \(url)\n" }
      if basis == .dokument {
        // The format or SCB's list: the document's own integrity, neither law nor guidance.
        out += sv
          ? "    Dokumentets riktighet: varken lagkrav eller vägledning.\n"
          : "    The document's integrity: neither a legal requirement nor guidance.\n"
      } else if reference.kind == .statute {
        out += reference.verified
          ? (sv ? "    Verifierad mot den officiella lagtexten.\n" : "    Verified against the official text.\n")
          : (sv ? "    Paragrafnumret är inte verifierat.\n" : "    The paragraph number is not verified.\n")
      } else {
        out += sv ? "    Vägledning, inte ett lagkrav.\n" : "    Guidance, not a legal requirement.\n"
      }
    }
    if let rule = ruleSet.rule(id) {
      out += "\(rule.id): \(rule.title.text(common.lang))\n"
      let basis = Words.basis(rule.basis, common.lang)
      let severity = Words.severity(rule.severity, common.lang)
      out += sv ? "Skyldighet: \(rule.obligation) (grund: \(basis))\n" : "Obligation: \(rule.obligation) (basis: \(basis))\n"
      out += sv ? "Allvarlighet: \(severity)\n" : "Severity: \(severity)\n"
      let validity = Words.validity(from: rule.validFrom, to: rule.validTo, common.lang)
      out += sv ? "Gäller: \(validity)\n" : "In force: \(validity)\n"
      out += sv ? "Kontroll: \(rule.check.kindName) på \(rule.selector)\n" : "Check: \(rule.check.kindName) on \(rule.selector)\n"
      out += sv ? "Meddelande: \(rule.message.text(common.lang))\n" : "Message: \(rule.message.text(common.lang))\n"
      out += sv ? "Källa:\n" : "Source:\n"
      describe(ruleSet.references[rule.reference]!, basis: rule.basis)
      for example in rule.examples {
        out += example.isValid ? (sv ? "Giltigt exempel:\n" : "Valid example:\n") : (sv ? "Ogiltigt exempel (fynd vid \(example.expect.map(\.description).joined(separator: ", "))):\n" : "Invalid example (findings at \(example.expect.map(\.description).joined(separator: ", "))):\n")
        out += example.document.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
      }
      out += sv ? "Definierad i \(rule.file):\(rule.line)\n" : "Defined in \(rule.file):\(rule.line)\n"
    } else if let obligation = ruleSet.obligation(id) {
      out += "\(obligation.id): \(obligation.title.text(common.lang))\n"
      out += "\(obligation.description.text(common.lang))\n"
      out += sv ? "Grund: \(Words.basis(obligation.basis, common.lang))\n" : "Basis: \(Words.basis(obligation.basis, common.lang))\n"
      out += sv ? "Källor:\n" : "Sources:\n"
      for reference in obligation.references { describe(ruleSet.references[reference]!, basis: obligation.basis) }
      let rules = ruleSet.rules.filter { $0.obligation == obligation.id }
      out += sv ? "Regler:\n" : "Rules:\n"
      for rule in rules { out += "  \(rule.id): \(rule.title.text(common.lang))\n" }
    } else {
      Console.error(sv ? "okänt id \"\(id)\": varken en regel eller en skyldighet (se lagkoll rules)" : "unknown id \"\(id)\": neither a rule nor an obligation (see lagkoll rules)")
      throw Status.usage
    }
    try Console.emit(out, to: nil, language: common.lang)
  }
}
