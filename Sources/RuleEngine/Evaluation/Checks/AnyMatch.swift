import PlanDocument

/// At least one of the items meets the condition; an empty or missing list is left to other rules
/// unless `ifEmpty` says to report it.
struct AnyMatch: CheckKind {
  static let name = "anyMatch"
  static let documentation = LocalizedText(
    sv:
      "Minst en av posterna uppfyller villkoret `where`. En tom eller saknad lista lämnas åt andra regler, om inte `ifEmpty: report`. När inga poster gäller bara för att deras giltighet har gått ut, är fyndet inaktuellt från dagen efter den sista.",
    en:
      "At least one of the items meets the condition `where`. An empty or missing list is left to other rules, unless `ifEmpty: report`. When no item counts only because their validity has run out, the finding is outdated from the day after the last of them."
  )
  static let options = [
    CheckOption("items", .path, required: true, "posterna (`lista/*`)", "the items (`list/*`)"),
    CheckOption(
      "where", .condition, required: true, "villkoret en post ska uppfylla", "the condition an item must meet"),
    CheckOption(
      "ifEmpty", .choice(["ignore", "report"]), "vad en tom lista ger (`ignore` om det inte anges)",
      "what an empty list gives (`ignore` unless given)"),
  ]
  static let placeholders = [CheckPlaceholder(.items, "posternas sökväg", "the items' path")]
  static let example =
    "check: anyMatch\noptions:\n  items: \"*/medborgarloften/*\"\n  where: {field: giltighet, inForce: true}\n  ifEmpty: report"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"lagesbilder": [{"geografiskTackning": "delomrade"}, {"geografiskTackning": "hela-kommunen"}]}"#,
      options: "{items: lagesbilder/*, where: {field: geografiskTackning, equals: hela-kommunen}}"),
    .invalid(
      #"{"lagesbilder": [{"geografiskTackning": "delomrade"}]}"#,
      options: "{items: lagesbilder/*, where: {field: geografiskTackning, equals: hela-kommunen}}",
      at: ["/lagesbilder"]),
    .valid(
      #"{"lagesbilder": []}"#,
      options: "{items: lagesbilder/*, where: {field: geografiskTackning, equals: hela-kommunen}}"),
    .invalid(
      #"{"lagesbilder": []}"#,
      options: "{items: lagesbilder/*, where: {field: geografiskTackning, equals: hela-kommunen}, ifEmpty: report}",
      at: ["/lagesbilder"]),
  ]

  var items: PathPattern
  var filter: Condition
  var reportIfEmpty: Bool

  init(options: CheckOptions) throws(RuleSetError) {
    items = try options.path("items")
    filter = try options.condition("where")
    reportIfEmpty = try options.optional("ifEmpty")?.choice(["ignore": false, "report": true]) ?? false
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let found = run.nodes(items, from: selected.node)
    if found.isEmpty, !reportIfEmpty { return }
    if !found.contains(where: { run.holds(filter, on: $0) }) {
      report(
        CheckFinding(
          at: run.deepest(items.droppingTrailingWildcards, from: selected), values: [.items: .same(items.text)],
          outdatedSince: lapsed(found, run)))
    }
  }

  /// When no item meets the condition only because every candidate's validity has run out (an expired
  /// police agreement), the day after the last of them ended: the day the duty was last met.
  private func lapsed(_ found: [Node], _ run: Run) -> CivilDate? {
    let paths = filter.inForcePaths
    guard !paths.isEmpty else { return nil }
    var latestEnd: CivilDate?
    for item in found where run.holds(filter, on: item, assumeInForce: true) {
      for path in paths {
        for node in run.nodes(path, from: item) {
          guard let validity = run.range(of: node), validity.to < run.options.asOf else { continue }
          if latestEnd == nil || validity.to > latestEnd! { latestEnd = validity.to }
        }
      }
    }
    return latestEnd?.adding(days: 1)
  }

  /// When the condition asks for validity (`inForce`): the items that would count if they were valid
  /// cover the days of their ranges; the check holds on a day some range covers. The deadline is the
  /// end of the first unbroken run of covered days that ends on or after the as-of date (else of the
  /// last run): silent on that day, reporting from the next. Only a condition whose one `inForce` test
  /// must hold (not under `any` or `not`) has a range per item to read.
  var hasDeadlines: Bool { filter.requiredInForcePath != nil }

  func deadlines(on selected: Match, in run: Run) -> [CheckDeadline] {
    guard let path = filter.requiredInForcePath else { return [] }
    let found = run.nodes(items, from: selected.node)
    var ranges: [DateRange] = []
    var owners: [Node] = []
    for item in found where run.holds(filter, on: item, assumeInForce: true) {
      // An item with several ranges at the path counts on any day one of them covers.
      for node in run.nodes(path, from: item) {
        if let range = run.range(of: node), range.from <= range.to {
          ranges.append(range)
          owners.append(item)
        }
      }
    }
    guard !ranges.isEmpty else { return [] }
    var runs: [DateRange] = []
    for range in ranges.sorted(by: { $0.from < $1.from }) {
      if let last = runs.last, range.from <= last.to.adding(days: 1) {
        runs[runs.count - 1].to = max(last.to, range.to)
      } else {
        runs.append(range)
      }
    }
    let asOf = run.options.asOf
    let chosen = runs.first { $0.to >= asOf } ?? runs.last!
    // The newest range that reaches the run's end: the item and the plan's date the deadline comes from.
    let last = ranges.indices.filter { ranges[$0].to == chosen.to }.max { ranges[$0].from < ranges[$1].from }!
    return [
      CheckDeadline(
        at: run.deepest(items.droppingTrailingWildcards, from: selected), due: chosen.to, basedOn: ranges[last].from,
        about: Match(node: owners[last]))
    ]
  }

  var paths: [PathPattern] { [items] }
  var conditions: [Condition] { [filter] }
}
