import PlanDocument

/// What an evaluation needs besides the document: the as-of date and the configured parameters.
public struct EvaluationOptions: Sendable {
  public var asOf: CivilDate
  /// Overrides of named rule parameters, e.g. `lagesbild.maxAlderManader: 18`.
  public var parameters: [String: Int]

  public init(asOf: CivilDate, parameters: [String: Int] = [:]) {
    self.asOf = asOf
    self.parameters = parameters
  }
}

/// Applies a rule set to documents. It returns findings and never prints, exits or reads the clock.
public struct Evaluator: Sendable {
  public let ruleSet: RuleSet

  public init(ruleSet: RuleSet) {
    self.ruleSet = ruleSet
  }

  /// The findings of every rule in force on the as-of date, in rule order, then document order.
  public func evaluate(_ document: Document, options: EvaluationOptions) -> [Finding] {
    evaluate(document, rules: ruleSet.rules(on: options.asOf), options: options)
  }

  /// The findings of the given rules, whether or not they are in force (rule examples use this).
  public func evaluate(_ document: Document, rules: [Rule], options: EvaluationOptions) -> [Finding] {
    let run = Run(document: document, index: DocumentIndex(root: document.root), options: options, ruleSet: ruleSet)
    var findings: [Finding] = []
    for rule in rules {
      run.apply(rule, into: &findings)
    }
    return findings
  }
}

/// One evaluation of one document: the state every check of it shares.
struct Run {
  let document: Document
  let index: DocumentIndex
  let options: EvaluationOptions
  let ruleSet: RuleSet

  var root: Match { Match(pointer: JSONPointer(), node: document.root) }

  func resolve(_ id: String) -> Match? { index.anyID[id] }

  func matches(_ path: PathPattern, from start: Match) -> [Match] {
    path.matches(from: start, resolve: resolve)
  }

  func deepest(_ path: PathPattern, from start: Match) -> Match {
    path.deepestExisting(from: start, resolve: resolve)
  }

  func apply(_ rule: Rule, into findings: inout [Finding]) {
    let reference = ruleSet.references[rule.reference]!
    for selected in matches(rule.selector, from: root) {
      if let condition = rule.condition, !holds(condition, on: selected) { continue }
      check(rule.check, on: selected) { at, location, values, outdatedSince in
        var values = values
        values["id"] = .same(selected.node["id"]?.scalarText ?? "")
        values["label"] = .same(label(of: selected))
        values["path"] = .same(at.pointer.description)
        values["asOf"] = .same(options.asOf.description)
        let place = location ?? at.node.location
        findings.append(
          Finding(
            ruleId: rule.id, obligation: rule.obligation, basis: rule.basis, severity: rule.severity,
            message: MessageTemplate.render(rule.message, values), reference: reference,
            location: FindingLocation(file: document.file, line: place.line, column: place.column, path: at.pointer),
            outdatedSince: outdatedSince))
      }
    }
  }

  /// How a message names a thing: its heading, name or title, else its id, else its path.
  func label(of match: Match) -> String {
    for key in ["rubrik", "namn", "titel", "id"] {
      if let text = match.node[key]?.scalarText, !text.isEmpty { return text }
    }
    return match.pointer.description.isEmpty ? "/" : match.pointer.description
  }

  // MARK: Conditions

  /// Whether `condition` holds for `item`. `assumeInForce` takes every `inForce` test as met, to ask
  /// whether an item would count if it were still valid.
  func holds(_ condition: Condition, on item: Match, assumeInForce: Bool = false) -> Bool {
    switch condition {
    case .all(let parts): return parts.allSatisfy { holds($0, on: item, assumeInForce: assumeInForce) }
    case .any(let parts): return parts.contains { holds($0, on: item, assumeInForce: assumeInForce) }
    case .not(let part): return !holds(part, on: item, assumeInForce: assumeInForce)
    case .field(let path, let test):
      let values = matches(path, from: item).filter { $0.node.kind != .null }
      switch test {
      case .equals(let expected): return values.contains { $0.node.scalarText == expected }
      case .oneOf(let expected): return values.contains { $0.node.scalarText.map(expected.contains) ?? false }
      case .matches(let pattern): return values.contains { $0.node.scalarText.map(pattern.matches) ?? false }
      case .present(let wanted): return values.isEmpty != wanted
      case .inForce: return assumeInForce || values.contains { range(of: $0.node)?.contains(options.asOf) ?? false }
      }
    }
  }

  // MARK: Values

  func date(_ node: Node) -> CivilDate? { node.string.flatMap { CivilDate($0) } }

  func range(of node: Node) -> DateRange? {
    guard let from = node["fran"].flatMap(date), let to = node["till"].flatMap(date) else { return nil }
    return DateRange(from: from, to: to)
  }

  /// The scalar texts a path reaches, with lists opened one level (`uppgifter` gives its items).
  func texts(_ path: PathPattern, from start: Match) -> [String] {
    var result: [String] = []
    for match in matches(path, from: start) {
      if let items = match.node.items {
        result += items.compactMap(\.scalarText)
      } else if let text = match.node.scalarText {
        result.append(text)
      }
    }
    return result
  }

  func parameter(_ number: NumberParameter) -> Int {
    number.parameter.flatMap { options.parameters[$0] } ?? number.value
  }
}
