import PlanDocument

/// What a check kind says about one date on which it stops holding (`CheckKind.deadlines`).
public struct CheckDeadline: Sendable {
  /// Where the finding would land.
  var at: Match
  /// The last day the check holds.
  var due: CivilDate
  /// The plan's date the deadline follows from (a lägesbild's date, a range's first day).
  var basedOn: CivilDate?
  /// The interval added to it: the rule's, and the months that apply (a kommun's setting or the rule's).
  var interval: (rule: NumberParameter, months: Int)?
  /// The item the date comes from when it is not where the finding lands (the agreement that runs out).
  var about: Match?

  init(at: Match, due: CivilDate, basedOn: CivilDate?, interval: (NumberParameter, Int)? = nil, about: Match? = nil) {
    self.at = at
    self.about = about
    self.due = due
    self.basedOn = basedOn
    self.interval = interval
  }
}

/// One date that follows from a plan: the last day a duty is met, after which the rule reports.
///
/// Computed from the rules themselves (each check kind's `deadlines`, from the same options and the same
/// code it checks with), never from a table of its own, so a calendar cannot name a day on which the
/// rule says something else: the rule is silent on `due` and reports from `overdueSince`.
public struct Deadline: Sendable, Hashable {
  public var ruleId: String
  public var obligation: String
  public var basis: Basis
  public var severity: Severity
  /// What falls due: the obligation's title.
  public var title: LocalizedText
  /// What the rule checks.
  public var ruleTitle: LocalizedText
  /// The source the rule cites (the law's paragraph, or the guidance).
  public var reference: Citation
  /// Where the finding would land, as the document writes it.
  public var location: FindingLocation
  /// The thing the date is about, stable across versions of the plan: the id of the item it comes from,
  /// or the path of the node the rule selects (a newer lägesbild moves the date, not the subject).
  public var subject: String
  /// How a person names that thing (its heading, name, title or id; else its path).
  public var label: String
  /// The last day the duty is met.
  public var due: CivilDate
  /// The plan's date the deadline follows from.
  public var basedOn: CivilDate?
  /// The interval that gave the date, when there is one.
  public var interval: Interval?

  /// The first day the rule reports.
  public var overdueSince: CivilDate { due.adding(days: 1) }

  /// Whether the date has passed on `asOf`.
  public func isOverdue(on asOf: CivilDate) -> Bool { due < asOf }

  /// Where an interval comes from: the law's limit, the kommun's own stricter setting, or the rule's
  /// own rule of thumb (an interval the law does not give, such as reporting to the council).
  public struct Interval: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
      case law, kommun, ruleOfThumb
    }
    public var months: Int
    public var source: Source
    /// The `.lagkoll.yaml` parameter that sets it.
    public var parameter: String?
    /// The law's limit (months), when the rule has one.
    public var limit: Int?

    public init(months: Int, source: Source, parameter: String?, limit: Int?) {
      self.months = months
      self.source = source
      self.parameter = parameter
      self.limit = limit
    }
  }
}

extension Deadline.Interval {
  init(rule: NumberParameter, months: Int, configured: Bool) {
    self.months = months
    parameter = rule.parameter
    limit = rule.ceiling
    source = configured ? .kommun : rule.ceiling == nil ? .ruleOfThumb : .law
  }
}

extension Evaluator {
  /// The deadlines of every rule in force on the as-of date that has any, in rule order then document
  /// order, for one document. Nothing here depends on the as-of date except which rules are in force and,
  /// for an item list whose validity has gaps, which run of valid days is current.
  public func deadlines(_ document: Document, options: EvaluationOptions) -> [Deadline] {
    deadlines(document, rules: ruleSet.rules(on: options.asOf), options: options)
  }

  public func deadlines(_ document: Document, rules: [Rule], options: EvaluationOptions) -> [Deadline] {
    deadlines(Run(document: document, options: options, ruleSet: ruleSet), rules: rules)
  }

  func deadlines(_ run: Run, rules: [Rule]) -> [Deadline] {
    let document = run.document
    let options = run.options
    var result: [Deadline] = []
    for rule in rules where rule.check.hasDeadlines {
      let obligation = ruleSet.obligation(rule.obligation)
      rule.selector.forEachNode(from: run.document.root, resolve: run.resolve) { node in
        if let condition = rule.condition, !run.holds(condition, on: node) { return true }
        let selected = Match(node: node)
        let found = rule.check.deadlines(on: selected, in: run)
        let selectedPath = run.documentPointer(selected.pointer)
        for deadline in found {
          let pointer = deadline.at.pointer
          let path = run.documentPointer(pointer)
          let place = deadline.at.node.location
          // The thing the date is about. One date per selected node: that node (its path stays when a
          // newer lägesbild is added and the date moves). Several: each item, by its id when it has one.
          let item = pointer.parent.flatMap { run.document.root.node(at: $0) }
          var subject = selectedPath.description
          if found.count > 1 {
            subject = (item?[PlanFormat.Name.id]?.scalarText).map { "id:\($0)" } ?? path.description
          }
          // Named by the selected node, or by the item the date sits in when the rule selects the root.
          let named = deadline.about ?? (node.id == 0 ? item.map { Match(node: $0) } ?? selected : selected)
          let configured = deadline.interval?.rule.parameter.flatMap { options.parameters[$0] } != nil
          result.append(
            Deadline(
              ruleId: rule.id, obligation: rule.obligation, basis: rule.basis, severity: rule.severity,
              title: obligation?.title ?? rule.title, ruleTitle: rule.title,
              reference: ruleSet.references[rule.reference]!,
              location: FindingLocation(file: document.file, line: place.line, column: place.column, path: path),
              subject: subject, label: run.label(of: named), due: deadline.due, basedOn: deadline.basedOn,
              interval: deadline.interval.map {
                Deadline.Interval(rule: $0.rule, months: $0.months, configured: configured)
              }))
        }
        return true
      }
    }
    return result
  }
}
