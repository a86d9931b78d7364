import PlanDocument

/// The result of running one rule example.
public struct ExampleResult: Sendable {
  public var rule: Rule
  public var example: RuleExample
  /// Where findings landed; an invalid example passes when these equal its `expect`.
  public var foundPaths: [JSONPointer]
  /// Set when the example's document could not be read at all.
  public var readError: ReadError?

  public var passed: Bool {
    guard readError == nil else { return false }
    return foundPaths.sorted() == example.expect.sorted()
  }
}

extension RuleSet {
  /// Runs one example of `rule`: its document is checked by this rule alone, on the example's as-of date.
  public func run(_ example: RuleExample, of rule: Rule) -> ExampleResult {
    let bytes = Array(example.document.utf8)
    let parsed: ParseResult
    do {
      parsed = try bytes.withUnsafeBufferPointer { buffer in
        switch example.format {
        case .json: try JSONReader.parse(buffer, limits: .default)
        case .xml: try XMLReader.parse(buffer, limits: .default)
        // A Word example is the text of its word/document.xml (a rule file holds no ZIP archive).
        case .docx: try DocxReader.parse(mainPart: bytes)
        }
      }
    } catch {
      let readError = (error as? ReadError) ?? ReadError(.malformed, sv: "\(error)", en: "\(error)", at: nil)
      return ExampleResult(rule: rule, example: example, foundPaths: [], readError: readError)
    }
    let document = Document(
      file: "\(rule.file):\(example.line)", format: example.format, root: parsed.root, diagnostics: parsed.diagnostics)
    let options = EvaluationOptions(asOf: example.asOf ?? RuleExample.defaultAsOf)
    let findings = Evaluator(ruleSet: self).evaluate(document, rules: [rule], options: options)
    return ExampleResult(rule: rule, example: example, foundPaths: findings.map(\.location.path), readError: nil)
  }

  /// Runs every example of every rule.
  public func runExamples() -> [ExampleResult] {
    rules.flatMap { rule in rule.examples.map { run($0, of: rule) } }
  }

  /// Checks the rule set itself: what loading cannot see one rule at a time.
  public func lint() -> [RuleSetError] {
    var problems: [RuleSetError] = []
    var seen: [String: Rule] = [:]
    for rule in rules {
      var messages: [LocalizedText] = []
      if let first = seen[rule.id] {
        messages.append(
          LocalizedText(
            sv: "regel-id \"\(rule.id)\" används redan (\(first.file):\(first.line))",
            en: "the rule id \"\(rule.id)\" is already used (\(first.file):\(first.line))"))
      } else {
        seen[rule.id] = rule
      }
      messages += definitionProblems(rule) + citationProblems(rule) + intervalProblems(rule)
      if !rule.examples.contains(where: \.isValid) || !rule.examples.contains(where: { !$0.isValid }) {
        messages.append(
          LocalizedText(
            sv: "regeln behöver minst ett giltigt och ett ogiltigt exempel",
            en: "the rule needs at least one valid and one invalid example"))
      }
      problems += messages.map { RuleSetError(file: rule.file, line: rule.line, column: rule.column, message: $0) }
      for example in rule.examples where !example.isValid && example.expect.isEmpty {
        problems.append(
          RuleSetError(
            file: rule.file, line: example.line, column: 1,
            message: LocalizedText(
              sv: "ett ogiltigt exempel måste ange var fyndet hamnar (expect)",
              en: "an invalid example must say where its finding lands (expect)")))
      }
    }
    let covered = Set(rules.map(\.obligation))
    for obligation in obligations where !covered.contains(obligation.id) {
      problems.append(
        RuleSetError(
          file: "skyldigheter.yaml", line: 1, column: 1,
          message: LocalizedText(
            sv: "skyldigheten \"\(obligation.id)\" har ingen regel",
            en: "the obligation \"\(obligation.id)\" has no rule")))
    }
    return problems
  }

  /// A rule's own fields: its period, its texts in both languages, its regular expressions.
  func definitionProblems(_ rule: Rule) -> [LocalizedText] {
    var messages: [LocalizedText] = []
    if let from = rule.validFrom, let to = rule.validTo, from > to {
      messages.append(
        LocalizedText(
          sv: "validFrom (\(from)) ligger efter validTo (\(to))", en: "validFrom (\(from)) is after validTo (\(to))"))
    }
    for (name, text) in [("message", rule.message), ("title", rule.title)] {
      for language in Language.allCases
      where text.text(language).trimmingWhiteSpace().isEmpty {
        messages.append(
          LocalizedText(sv: "\(name).\(language.rawValue) är tom", en: "\(name).\(language.rawValue) is empty"))
      }
    }
    for pattern in rule.patterns {
      if let offset = pattern.nestedQuantifier {
        messages.append(
          LocalizedText(
            sv:
              "reguljära uttrycket \"\(pattern.source)\" har en upprepning inuti en upprepad grupp (vid tecken \(offset + 1), som (a+)+); skriv det utan nästling",
            en:
              "the regular expression \"\(pattern.source)\" has a repetition inside a repeated group (at character \(offset + 1), like (a+)+); write it without nesting"
          ))
      }
    }
    return messages
  }

  /// Law is never shown as guidance, nor guidance as law: a statutory rule cites a verified paragraph,
  /// a guidance rule a guidance source.
  func citationProblems(_ rule: Rule) -> [LocalizedText] {
    guard let reference = references[rule.reference] else { return [] }
    var messages: [LocalizedText] = []
    if rule.basis == .lag, reference.kind != .statute {
      messages.append(
        LocalizedText(
          sv: "ett lagkrav ska hänvisa till ett lagrum, inte till \"\(reference.id)\"",
          en: "a statutory rule must cite a paragraph of law, not \"\(reference.id)\""))
    }
    if rule.basis == .vagledning, reference.kind == .statute {
      messages.append(
        LocalizedText(
          sv: "vägledning får inte hänvisa till lagrummet \"\(reference.id)\" som om den vore lag",
          en: "guidance must not cite the paragraph \"\(reference.id)\" as if it were law"))
    }
    if reference.kind == .statute, !reference.verified {
      messages.append(
        LocalizedText(
          sv: "regeln hänvisar till \"\(reference.id)\", vars lydelse inte är verifierad",
          en: "the rule cites \"\(reference.id)\", whose wording is not verified"))
    }
    return messages
  }

  /// The 6 § intervals (the obligations with those roles) are the law's own: a kommun may shorten
  /// them, and the rule must say how far it may lengthen them (maxMonths), or a .lagkoll.yaml could
  /// set 36 months. Other intervals (LED-006's rule of thumb for 13 §) have no limit in the law. A
  /// message built from a configurable interval must be able to say that it is the kommun's setting.
  func intervalProblems(_ rule: Rule) -> [LocalizedText] {
    guard let interval = rule.interval else { return [] }
    var messages: [LocalizedText] = []
    let lawsInterval: Set<ObligationRole> = [.lagesbildUpdate, .planFollowUp]
    if interval.ceiling == nil,
      obligations.first(where: { $0.id == rule.obligation })?.roles.contains(where: lawsInterval.contains) == true
    {
      messages.append(
        LocalizedText(
          sv:
            "6 § intervall ska ha maxMonths, lagens gräns, så att ingen kommun kan göra intervallet längre än lagen medger",
          en:
            "a 6 § interval must have maxMonths, the law's limit, so that no kommun can make the interval longer than the law allows"
        ))
    }
    if interval.parameter != nil {
      for language in Language.allCases
      where !MessageTemplate.placeholders(in: rule.message.text(language)).contains("setting") {
        messages.append(
          LocalizedText(
            sv:
              "message.\(language.rawValue) ska innehålla {setting}, som säger när intervallet är kommunens egen inställning",
            en:
              "message.\(language.rawValue) must contain {setting}, which says when the interval is the municipality's own setting"
          ))
      }
    }
    return messages
  }
}

extension Rule {
  /// Every regular expression the rule uses: its condition's and its check's conditions' (a check
  /// matches values only through conditions, `value`'s `is` among them).
  var patterns: [Pattern] {
    func patterns(in condition: Condition?) -> [Pattern] {
      switch condition {
      case nil: []
      case .all(let parts)?, .any(let parts)?: parts.flatMap { patterns(in: $0) }
      case .not(let part)?: patterns(in: part)
      case .field(_, .matches(let pattern))?: [pattern]
      case .field?: []
      }
    }
    var result = patterns(in: condition)
    for filter in check.conditions { result += patterns(in: filter) }
    return result
  }
}
