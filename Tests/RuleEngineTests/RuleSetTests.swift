import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// The bundled rule set (`rules/` at the package root): it loads, lints clean, covers every obligation of
/// DOMAIN.md, every rule example passes, and a broken rule file is reported at its exact place.
@Suite struct RuleSetTests {
  // MARK: The bundled rule set

  @Test func bundledRuleSetLoads() throws {
    let ruleSet = try RuleSetTestSupport.load()
    #expect(!ruleSet.rules.isEmpty)
    #expect(ruleSet.municipalities.count == 290, "kommuner.tsv should list Sweden's 290 municipalities")
    for rule in ruleSet.rules {
      #expect(ruleSet.references[rule.reference] != nil, "\(rule.id) cites the unknown reference \(rule.reference)")
    }
  }

  @Test func lintFindsNoProblems() throws {
    let problems = try RuleSetTestSupport.load().lint()
    #expect(problems.isEmpty, "lint problems:\n\(problems.map { $0.text(.en) }.joined(separator: "\n"))")
  }

  /// A 6 § interval without the law's ceiling would let a .lagkoll.yaml lengthen it past two years:
  /// lint refuses it (a --rules author or a later edit of LB-007/UPP-001 cannot drop maxMonths quietly),
  /// and evaluation never goes past the ceiling whatever parameters it is given.
  @Test func aSixParagraphIntervalMustKeepTheLawsCeiling() throws {
    var ruleSet = try RuleSetTestSupport.load()
    for id in ["LB-007", "UPP-001"] {
      var changed = ruleSet
      let index = try #require(changed.rules.firstIndex { $0.id == id })
      var check = try #require(changed.rules[index].check as? DateComparison)
      #expect(check.plusMonths?.ceiling == 24)
      check.plusMonths?.ceiling = nil
      changed.rules[index].check = check
      #expect(changed.lint().contains { $0.text(.en).contains("must have maxMonths") }, "\(id)")
    }
    // LED-006's interval is lagkoll's rule of thumb for 13 §, which sets none: no ceiling is required.
    #expect(!ruleSet.lint().contains { $0.text(.en).contains("must have maxMonths") })
    ruleSet.rules = ruleSet.rules.filter { $0.id == "LB-007" }
    let rule = ruleSet.rules[0]
    let name = try #require(rule.interval?.parameter)
    let run = Run(
      document: try DocumentReader.parse(Array(#"{"formatversion": "1"}"#.utf8), file: "x", format: .json),
      options: EvaluationOptions(asOf: CivilDate("2026-11-24")!, parameters: [name: 36]), ruleSet: ruleSet)
    #expect(run.parameter(try #require(rule.interval)) == 24)
  }

  @Test func obligationsAreExactlyThoseOfDomainMd() throws {
    let ruleSet = try RuleSetTestSupport.load()
    #expect(ruleSet.obligations.map(\.id) == RuleSetTestSupport.domainObligations)
  }

  @Test func everyObligationHasARule() throws {
    let ruleSet = try RuleSetTestSupport.load()
    let covered = Set(ruleSet.rules.map(\.obligation))
    let uncovered = RuleSetTestSupport.domainObligations.filter { !covered.contains($0) }
    #expect(uncovered.isEmpty, "obligations without a rule: \(uncovered)")
  }

  @Test func everyRuleNamesAKnownObligationAndAUniqueId() throws {
    let ruleSet = try RuleSetTestSupport.load()
    let known = Set(RuleSetTestSupport.domainObligations)
    var seen: Set<String> = []
    for rule in ruleSet.rules {
      #expect(known.contains(rule.obligation), "\(rule.id) names \(rule.obligation)")
      #expect(seen.insert(rule.id).inserted, "the rule id \(rule.id) is used twice")
      let prefix = rule.id.split(separator: "-").first.map(String.init) ?? ""
      let area = URL(fileURLWithPath: rule.file).deletingPathExtension().lastPathComponent
      #expect(RuleSetTestSupport.prefixes[area] == prefix, "\(rule.id) is written in \(area).yaml")
    }
  }

  /// Guidance is never presented as a legal requirement: its messages recommend, they do not require.
  @Test func guidanceMessagesDoNotClaimTheLaw() throws {
    let ruleSet = try RuleSetTestSupport.load()
    for rule in ruleSet.rules where rule.basis == .vagledning {
      #expect(!rule.message.sv.contains("Lagen kräver"), "\(rule.id): \(rule.message.sv)")
      #expect(!rule.message.en.contains("The act requires"), "\(rule.id): \(rule.message.en)")
      let sv = rule.message.sv.lowercased()
      let en = rule.message.en.lowercased()
      #expect(sv.contains("rekommenderar") || sv.contains("vägledning"), "\(rule.id): \(rule.message.sv)")
      #expect(en.contains("recommend") || en.contains("guidance"), "\(rule.id): \(rule.message.en)")
    }
  }

  // MARK: Validity in time

  @Test func noStatutoryRuleAppliesBeforeTheActCameIntoForce() throws {
    let ruleSet = try RuleSetTestSupport.load()
    let before = ruleSet.rules(on: CivilDate("2023-01-01")!)
    let statutory = before.filter { $0.basis == .lag }.map(\.id)
    #expect(statutory.isEmpty, "statutory rules in force on 2023-01-01: \(statutory)")
    // The document's own integrity does not depend on the act.
    #expect(before.contains { $0.basis == .dokument })
    #expect(!before.contains { $0.basis == .vagledning })
  }

  @Test func everyStatutoryObligationHasARuleInForceAfterTheAct() throws {
    let ruleSet = try RuleSetTestSupport.load()
    for day in ["2023-07-01", "2026-11-24"] {
      let inForce = Set(ruleSet.rules(on: CivilDate(day)!).map(\.obligation))
      for obligation in ruleSet.obligations where !inForce.contains(obligation.id) {
        Issue.record("on \(day) no rule of \(obligation.id) is in force")
      }
    }
  }

  // MARK: Every example of every rule

  @Test(arguments: RuleSetTestSupport.exampleIDs())
  func example(_ name: String) throws {
    let ruleSet = try RuleSetTestSupport.load()
    let parts = name.split(separator: "#")
    let rule = try #require(parts.count == 2 ? ruleSet.rule(String(parts[0])) : nil, "no such example: \(name)")
    let number = try #require(Int(parts[1]))
    let example = try #require(rule.examples.indices.contains(number - 1) ? rule.examples[number - 1] : nil)
    let result = ruleSet.run(example, of: rule)
    let kind = example.isValid ? "valid" : "invalid"
    let place = "\(URL(fileURLWithPath: rule.file).lastPathComponent):\(example.line)"
    if let error = result.readError {
      Issue.record("\(name) (\(kind), \(place)): the document cannot be read: \(error.message.en)")
      return
    }
    // The root's pointer is the empty string: shown as "" so that a finding at the root is visible.
    let found = result.foundPaths.map { "\"\($0.description)\"" }.sorted().joined(separator: ", ")
    let expected = example.expect.map { "\"\($0.description)\"" }.sorted().joined(separator: ", ")
    let passed = result.passed
    #expect(passed, "\(name) (\(kind), \(place)): findings at [\(found)], expected [\(expected)]")
  }

  /// Most plans are written in XML, whose shape differs from JSON's: the rules where that shows (an id
  /// attribute, lists as wrapper elements with one element or `<ref>` per item, text with entities and
  /// CDATA, a number written as text) have valid and invalid examples in XML too, which the test above
  /// runs through the XML reader `check` uses.
  @Test func rulesWhereXMLDiffersInShapeHaveXMLExamples() throws {
    let ruleSet = try RuleSetTestSupport.load()
    for id in ["DOK-010", "DOK-011", "DOK-014", "AP-014"] {
      let xml = try #require(ruleSet.rule(id)).examples.filter { $0.format == .xml }
      #expect(
        xml.contains(where: \.isValid) && xml.contains { !$0.isValid }, "\(id) has no valid and invalid example in XML")
    }
  }

  // MARK: Errors in rule files carry file, line and column

  @Test func unknownKeyIsReportedAtTheKey() throws {
    let text = RuleSetTestSupport.rule(extra: "    severty: warning\n")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "severty", in: text)
    #expect(error.message.en.contains("unknown key \"severty\""))
  }

  @Test func unknownCheckKindIsReportedAtTheKind() throws {
    let text = RuleSetTestSupport.rule(check: "existerar")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "existerar", in: text)
    #expect(error.message.en.contains("unknown check kind \"existerar\""))
  }

  @Test func aRetiredCheckKindSaysWhatReplacedIt() throws {
    let text = RuleSetTestSupport.rule(check: "validDate")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "validDate", in: text)
    #expect(error.message.sv.contains("borttagen: formatDates"))
    #expect(error.message.en.contains("unknown check kind \"validDate\" (removed: formatDates"))
    // Every retired name is really gone from the registry (a hint for a live kind would mislead).
    #expect(CheckKinds.retired.keys.allSatisfy { CheckKinds.byName[$0] == nil })
  }

  @Test func unknownObligationIsReportedAtItsName() throws {
    let text = RuleSetTestSupport.rule(obligation: "lagesbild.okand")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "lagesbild.okand", in: text)
    #expect(error.message.en.contains("unknown obligation \"lagesbild.okand\""))
  }

  @Test func badPathIsReportedAtThePath() throws {
    let text = RuleSetTestSupport.rule(check: "minItems", options: "{field: kartlaggning//problem, min: 1}")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "kartlaggning//problem", in: text)
    #expect(error.message.en.contains("invalid path"))
  }

  @Test func relativeSelectorIsReportedAtTheSelector() throws {
    let text = RuleSetTestSupport.rule(extra: "    select: lagesbilder/*\n")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "lagesbilder/*", in: text)
    #expect(error.message.en.contains("must start with /"))
  }

  @Test func malformedYAMLIsReportedWhereTheParserStopped() throws {
    // A second colon on the line: "mapping values are not allowed in this context".
    let text = RuleSetTestSupport.rule(extra: "    message2: sv: \"a\"\n")
    let error = try RuleSetTestSupport.loadError(text)
    #expect(error.message.en.hasPrefix("invalid YAML"), "\(error.message.en)")
    try RuleSetTestSupport.expect(error, at: ": \"a\"", in: text)
  }

  @Test func wrongTypeIsReportedAtTheValue() throws {
    let text = RuleSetTestSupport.rule(check: "minItems", options: "{field: lagesbilder, min: många}")
    let error = try RuleSetTestSupport.loadError(text)
    try RuleSetTestSupport.expect(error, at: "många", in: text)
    #expect(error.message.en.contains("whole number"))
  }

  @Test func theBrokenRuleFolderIsValidWithoutItsError() throws {
    // The same scaffolding with a correct rule loads: the errors above come from the broken line alone.
    let ruleSet = try RuleSetTestSupport.loadTemporary(RuleSetTestSupport.rule())
    #expect(ruleSet.rules.map(\.id) == ["T-001"])
  }
}

/// Finding the rule set, the obligations DOMAIN.md lists, and temporary rule folders with one broken file.
enum RuleSetTestSupport {
  /// Tests/RuleEngineTests/RuleSetTests.swift → the package root, three levels up → `rules`.
  static let rulesFolder: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("rules").path

  /// The obligation ids of DOMAIN.md, in its order.
  /// The obligations of DOMAIN.md's table, in its order (also checked against DOMAIN.md itself when
  /// `../shared/spec` is beside the repository, see `LawTests`).
  static let domainObligations = [
    "lagesbild", "lagesbild.hela-kommunen", "lagesbild.kartlaggning", "lagesbild.annan-information",
    "lagesbild.analys", "lagesbild.aktualitet", "behov.stallningstagande", "atgardsplan", "atgardsplan.grund",
    "atgardsplan.forsta-beslut", "uppfoljning.genomford", "integrering", "samverkan.overenskommelser",
    "samverkan.overenskommelse-syfte", "samverkan.forum", "samverkan.forum-representation", "samordningsfunktion",
    "samordningsfunktion.uppgifter", "ledning", "ledning.rapportering", "lagesbild.kallor", "lagesbild.samrad",
    "behov.koppling", "atgardsplan.aktuell", "atgardsplan.koppling", "atgardsplan.ansvar", "atgardsplan.tidsram",
    "atgardsplan.mal", "atgardsplan.uppfoljningsplan", "uppfoljning.rapporterad", "samverkan.polis-giltig",
    "samverkan.overenskommelse-innehall", "samverkan.forum-civilsamhalle", "samverkan.medborgarloften",
    "dokument.valbildad", "dokument.referenser", "dokument.datum", "dokument.kommun",
  ]

  /// The id prefix of the rules in each area file.
  static let prefixes = [
    "lagesbild": "LB", "behov": "BEH", "atgardsplan": "AP", "samverkan": "SV", "samordningsfunktion": "SF",
    "ledning": "LED", "uppfoljning": "UPP", "dokument": "DOK", "integrering": "INT",
  ]

  static func load() throws -> RuleSet {
    try RuleSetLoader.load(from: rulesFolder)
  }

  /// "RULE-ID#n" for the n-th example (from 1) of every rule; a marker that fails if the set cannot load.
  static func exampleIDs() -> [String] {
    guard let ruleSet = try? load() else { return ["the rule set does not load#0"] }
    let names = ruleSet.rules.flatMap { rule in rule.examples.indices.map { "\(rule.id)#\($0 + 1)" } }
    return names.isEmpty ? ["the rule set has no examples#0"] : names
  }

  /// A small rule file; each argument replaces one part, `extra` adds lines at the end of the rule.
  static func rule(
    obligation: String = "lagesbild", check: String = "present", options: String = "{fields: lagesbilder}",
    extra: String = ""
  ) -> String {
    """
    omrade: test
    rules:
      - id: T-001
        obligation: \(obligation)
        title: {sv: "En lägesbild finns.", en: "A lägesbild exists."}
        check: \(check)
        options: \(options)
        message: {sv: "Lägesbild saknas.", en: "No lägesbild."}

    """ + extra
  }

  /// Loads a copy of the bundled catalogue files with `ruleFile` as the only rule file.
  static func loadTemporary(_ ruleFile: String) throws -> RuleSet {
    let fileManager = FileManager.default
    let folder = fileManager.temporaryDirectory.appendingPathComponent("lagkoll-rules-\(UUID().uuidString)")
    defer { try? fileManager.removeItem(at: folder) }
    try fileManager.createDirectory(at: folder.appendingPathComponent("regler"), withIntermediateDirectories: true)
    for name in ["referenser.yaml", "skyldigheter.yaml", "kommuner.tsv", "regeluppsattning.yaml"] {
      try fileManager.copyItem(
        at: URL(fileURLWithPath: rulesFolder).appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    try ruleFile.write(to: folder.appendingPathComponent("regler/broken.yaml"), atomically: true, encoding: .utf8)
    return try RuleSetLoader.load(from: folder.path)
  }

  /// The error loading `ruleFile` gives; fails the test if it loads.
  static func loadError(_ ruleFile: String) throws -> RuleSetError {
    do {
      _ = try loadTemporary(ruleFile)
    } catch let error as RuleSetError {
      return error
    }
    Issue.record("the broken rule file loaded without an error:\n\(ruleFile)")
    throw CancellationError()
  }

  /// Expects the error in broken.yaml at the first occurrence of `marker` (1-based line and column).
  static func expect(
    _ error: RuleSetError, at marker: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let (line, column) = try #require(position(of: marker, in: text), sourceLocation: sourceLocation)
    #expect(error.file.hasSuffix("regler/broken.yaml"), "file: \(error.file)", sourceLocation: sourceLocation)
    #expect(
      error.line == line && error.column == column,
      "reported \(error.line):\(error.column), expected \(line):\(column) (\"\(marker)\"): \(error.text(.en))",
      sourceLocation: sourceLocation)
  }

  /// The 1-based line and column (in characters) where `marker` first occurs.
  static func position(of marker: String, in text: String) -> (Int, Int)? {
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
      if let range = line.range(of: marker) {
        return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
      }
    }
    return nil
  }
}
