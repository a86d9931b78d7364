import ArgumentParser
import PlanDocument
import Reporting
import RuleEngine

enum RulesFormat: String, CaseArgument {
  case text, json, markdown
}

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "Lista, granska och testa regeluppsättningen. (List, lint and test the rule set.)",
    subcommands: [List.self, Lint.self, Test.self, LanguageReference.self],
    defaultSubcommand: List.self)

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "Lista reglerna som gäller på kontrolldagen. (List the rules in force on the as-of date.)")

    @OptionGroup var common: RuleSetOptions

    @OptionGroup var date: AsOfOption

    @Option(
      help:
        "Utdataformat; markdown ger hela regelkatalogen oavsett datum. (Output format; markdown gives the whole catalogue.)"
    )
    var format: RulesFormat = .text

    @Option(help: "Skriv till en fil. (Write to a file.)")
    var output: String?

    func run() throws {
      let ruleSet = try common.loadRuleSet()
      let rules = ruleSet.rules(on: date.resolved())
      switch format {
      case .markdown:
        try Console.emit(
          RuleCatalogueDocument(ruleSet: ruleSet, language: common.lang).render(), to: output, language: common.lang)
      case .json:
        let items: [JSONValue] = rules.map { rule in
          .object([
            ("id", .string(rule.id)), ("obligation", .string(rule.obligation)), ("basis", .string(rule.basis.rawValue)),
            ("severity", .string(rule.severity.rawValue)),
            ("reference", JSONReporter.reference(ruleSet.references[rule.reference]!, common.lang)),
            ("validFrom", rule.validFrom.map { .string($0.description) } ?? .null),
            ("validTo", rule.validTo.map { .string($0.description) } ?? .null),
          ])
        }
        try Console.emit(
          JSONValue.object([("rules", .array(items))]).serialized() + "\n", to: output, language: common.lang)
      case .text:
        var out = ""
        for rule in rules {
          let reference = ruleSet.references[rule.reference]!.citation(common.lang)
          let severity = Words.severity(rule.severity, common.lang)
          out +=
            "\(padded(rule.id, 8)) \(padded(severity, 8)) \(padded(rule.obligation, 36)) \(rule.title.text(common.lang)) [\(reference)]\n"
        }
        try Console.emit(out, to: output, language: common.lang)
      }
    }
  }

  struct LanguageReference: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "reference",
      abstract: "Skriv regelspråkets referens, genererad från kontrolltyperna. (Print the rule language reference.)")

    @Option(help: "Språk: sv eller en. (Language.)")
    var lang: Language = .sv

    @Option(help: "Skriv till en fil. (Write to a file.)")
    var output: String?

    func run() throws {
      try Console.emit(CheckKinds.languageReference(lang), to: output, language: lang)
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lint", abstract: "Granska regeluppsättningen. (Check the rule set itself.)")

    @OptionGroup var common: RuleSetOptions

    func run() throws {
      let ruleSet = try common.loadRuleSet()
      let problems = ruleSet.lint()
      for problem in problems { Console.error(problem.text(common.lang)) }
      if !problems.isEmpty { throw Status.usage }
      let message = common.lang.say(
        sv:
          "Regeluppsättningen är i ordning: \(ruleSet.rules.count) regler, \(ruleSet.obligations.count) skyldigheter.",
        en: "The rule set is in order: \(ruleSet.rules.count) rules, \(ruleSet.obligations.count) obligations.")
      try Console.emit(message + "\n", to: nil, language: common.lang)
    }
  }

  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "test", abstract: "Kör alla reglers exempel. (Run every rule's examples.)")

    @OptionGroup var common: RuleSetOptions

    func run() throws {
      let ruleSet = try common.loadRuleSet()
      let results = ruleSet.runExamples()
      var failed = 0
      for result in results where !result.passed {
        failed += 1
        let kind =
          result.example.isValid
          ? common.lang.say(
            sv: "giltigt",
            en: "valid")
          : common.lang.say(
            sv: "ogiltigt",
            en: "invalid")
        var line = "\(result.rule.file):\(result.example.line): \(result.rule.id) (\(kind)): "
        if let error = result.readError {
          line += error.message.text(common.lang)
        } else {
          let found = result.foundPaths.map(\.description).sorted().joined(separator: ", ")
          let expected = result.example.expect.map(\.description).sorted().joined(separator: ", ")
          line += common.lang.say(
            sv: "fynd vid [\(found)], väntat [\(expected)]",
            en: "findings at [\(found)], expected [\(expected)]")
        }
        Console.error(line)
      }
      let passed = results.count - failed
      let summary =
        common.lang.say(
          sv: "\(passed) exempel gav väntat resultat, \(failed) gav inte det",
          en: "\(passed) \(passed == 1 ? "example" : "examples") passed, \(failed) failed")
      try Console.emit(summary + "\n", to: nil, language: common.lang)
      if failed > 0 { throw Status.findings }
    }
  }
}

/// `text` cut or padded with spaces to `width` UTF-16 code units, as NSString's
/// `padding(toLength:withPad: " ", startingAt: 0)` gave it.
private func padded(_ text: String, _ width: Int) -> String {
  let length = text.utf16.count
  guard length < width else {
    return length == width ? text : String(decoding: text.utf16.prefix(width), as: UTF16.self)
  }
  return text + String(repeating: " ", count: width - length)
}
