import ArgumentParser
import PlanDocument
import RuleEngine

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Förklara en regel eller skyldighet. (Explain a rule or an obligation.)")

  @OptionGroup var common: CommonOptions

  @Argument(help: "Regel-id (t.ex. LB-001) eller skyldighet (t.ex. lagesbild.analys). (Rule or obligation id.)")
  var id: String

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    let sv = common.lang == .sv
    var out = ""
    func describe(_ reference: Reference) {
      out += "  \(reference.citation(common.lang))\n"
      out += "    \(reference.summary.text(common.lang))\n"
      if let url = reference.url { out += "    \(url)\n" }
      if reference.kind == .statute {
        out += reference.verified
          ? (sv ? "    Verifierad mot den officiella lagtexten.\n" : "    Verified against the official text.\n")
          : (sv ? "    Paragrafnumret är inte verifierat.\n" : "    The paragraph number is not verified.\n")
      } else {
        out += sv ? "    Vägledning, inte ett lagkrav.\n" : "    Guidance, not a legal requirement.\n"
      }
    }
    if let rule = ruleSet.rule(id) {
      out += "\(rule.id): \(rule.title.text(common.lang))\n"
      out += sv ? "Skyldighet: \(rule.obligation) (grund: \(rule.basis.rawValue))\n" : "Obligation: \(rule.obligation) (basis: \(rule.basis.rawValue))\n"
      out += sv ? "Allvarlighet: \(rule.severity.rawValue)\n" : "Severity: \(rule.severity.rawValue)\n"
      let validity = "\(rule.validFrom?.description ?? "–") – \(rule.validTo?.description ?? "–")"
      out += sv ? "Gäller: \(validity)\n" : "In force: \(validity)\n"
      out += sv ? "Kontroll: \(rule.check.kindName) på \(rule.selector)\n" : "Check: \(rule.check.kindName) on \(rule.selector)\n"
      out += sv ? "Meddelande: \(rule.message.text(common.lang))\n" : "Message: \(rule.message.text(common.lang))\n"
      out += sv ? "Källa:\n" : "Source:\n"
      describe(ruleSet.references[rule.reference]!)
      for example in rule.examples {
        out += example.isValid ? (sv ? "Giltigt exempel:\n" : "Valid example:\n") : (sv ? "Ogiltigt exempel (fynd vid \(example.expect.map(\.description).joined(separator: ", "))):\n" : "Invalid example (findings at \(example.expect.map(\.description).joined(separator: ", "))):\n")
        out += example.document.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
      }
      out += sv ? "Definierad i \(rule.file):\(rule.line)\n" : "Defined in \(rule.file):\(rule.line)\n"
    } else if let obligation = ruleSet.obligation(id) {
      out += "\(obligation.id): \(obligation.title.text(common.lang))\n"
      out += "\(obligation.description.text(common.lang))\n"
      out += sv ? "Grund: \(obligation.basis.rawValue)\n" : "Basis: \(obligation.basis.rawValue)\n"
      out += sv ? "Källor:\n" : "Sources:\n"
      for reference in obligation.references { describe(ruleSet.references[reference]!) }
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
