import PlanDocument

/// One date comparison: each date a field reaches (or with `newest` the newest of them), optionally plus
/// an interval, compared with an operand: the as-of date, the first day of the council term, a fixed
/// date, or another field's date.
struct DateComparison: CheckKind {
  static let name = "date"
  static let documentation = LocalizedText(
    sv:
      "Jämför varje datum som `field` når (med `newest: true` bara det senaste av dem alla), eventuellt plus `plusMonths` månader, med en operand: `asOf` (kontrolldagen), `termStart` (första dagen i den mandatperiod för fullmäktige som omfattar kontrolldagen), ett fast datum (`2024-07-01`) eller ett annat fälts datum (`{field: lagesbild->datum}`). Exakt en av `notAfter`, `notBefore`, `before`, `after` anger jämförelsen. Ett datum plus månader blir samma dag så många månader senare (en dag som månaden saknar blir dess sista: 29 februari plus 24 månader är 28 februari). Fyndet hamnar på datumet. När jämförelsen slutar gälla med tiden (`notBefore`/`after` med `asOf` eller `termStart`) får fyndet dagen då det blev inaktuellt. Saknade eller ogiltiga datum lämnas åt andra regler.",
    en:
      "Compares each date `field` reaches (with `newest: true` only the newest of them all), optionally plus `plusMonths` months, with an operand: `asOf` (the as-of date), `termStart` (the first day of the council term that holds the as-of date), a fixed date (`2024-07-01`) or another field's date (`{field: lagesbild->datum}`). Exactly one of `notAfter`, `notBefore`, `before`, `after` gives the comparison. A date plus months is the same day that many months later (a day the month lacks becomes its last: 29 February plus 24 months is 28 February). The finding lands on the date. When the comparison stops holding as time passes (`notBefore`/`after` with `asOf` or `termStart`), the finding carries the day it became outdated. Missing or invalid dates are left to other rules."
  )
  static let options = [
    CheckOption(
      "field", .paths, required: true, "datumen (relativt varje post i `items`, om den anges)",
      "the dates (relative to each item of `items`, when given)"),
    CheckOption("items", .path, "poster vars datum räknas", "items whose dates count"),
    CheckOption(
      "where", .condition, "bara poster i `items` som uppfyller villkoret räknas",
      "only items of `items` that meet the condition count"),
    CheckOption(
      "newest", .flag, "jämför bara det senaste av alla datumen (t.ex. den senaste uppföljningen eller planens beslut)",
      "compare only the newest of all the dates (e.g. the newest follow-up or the plan's decision)"),
    CheckOption(
      "plusMonths", .wholeNumber, "lägg så många månader till datumet före jämförelsen (ett intervall)",
      "add this many months to the date before comparing (an interval)"),
    CheckOption(
      "maxMonths", .wholeNumber,
      "lagens gräns för intervallet: en kommuns inställning får skärpa det, aldrig överskrida detta",
      "the law's limit on the interval: a municipality's setting may make it stricter, never longer than this"),
    CheckOption(
      "parameter", .text,
      "namnet som en kommun ställer in intervallet med i .lagkoll.yaml; meddelandet ska då ha {setting}",
      "the name a municipality sets the interval by in .lagkoll.yaml; the message must then have {setting}"),
    CheckOption(
      "notAfter", .dateOperand, "operanden som datumet inte får ligga efter", "the operand the date must not be after"),
    CheckOption(
      "notBefore", .dateOperand, "operanden som datumet inte får ligga före", "the operand the date must not be before"),
    CheckOption("before", .dateOperand, "operanden som datumet ska ligga före", "the operand the date must be before"),
    CheckOption("after", .dateOperand, "operanden som datumet ska ligga efter", "the operand the date must be after"),
  ]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder(.value, "datumet i dokumentet", "the date in the document"),
    CheckPlaceholder(.limit, "operandens datum", "the operand's date"),
    CheckPlaceholder(.months, "intervallet som gäller, i månader", "the interval that applies, in months"),
    CheckPlaceholder(
      .ruleMonths, "regelns eget intervall (plusMonths), vad kommunen än har ställt in",
      "the rule's own interval (plusMonths), whatever the municipality has set"),
    CheckPlaceholder.outdatedSince,
    CheckPlaceholder(.term, "mandatperioden som omfattar kontrolldagen", "the council term that holds the as-of date"),
    CheckPlaceholder(
      .setting, "när kommunen har ställt in intervallet: en mening som säger det; annars inget",
      "when the municipality has set the interval: a sentence that says so; else nothing"),
  ]
  static let example = """
    check: date
    options:
      field: [uppfoljningar/*/datum, atgardsplan/beslut/datum]
      newest: true
      plusMonths: 24
      maxMonths: 24
      parameter: uppfoljning.intervallManader
      notBefore: asOf
    """
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"atgardsplan": {"beslut": {"datum": "2024-05-27"}}}"#,
      select: "/atgardsplan", options: "{field: beslut/datum, notAfter: 2024-07-01}"),
    .invalid(
      #"{"atgardsplan": {"beslut": {"datum": "2024-09-30"}}}"#,
      select: "/atgardsplan", options: "{field: beslut/datum, notAfter: 2024-07-01}",
      at: ["/atgardsplan/beslut/datum"]),
    .valid(
      #"{"uppfoljningar": [{"datum": "2024-05-01"}, {"datum": "2025-12-01"}]}"#,
      options: "{field: uppfoljningar/*/datum, newest: true, plusMonths: 12, notBefore: asOf}"),
    .invalid(
      #"{"uppfoljningar": [{"datum": "2024-05-01"}, {"datum": "2025-06-01"}]}"#,
      options: "{field: uppfoljningar/*/datum, newest: true, plusMonths: 12, notBefore: asOf}",
      at: ["/uppfoljningar/1/datum"]),
  ]

  enum Comparison: String, Sendable, Encodable, CaseIterable {
    case notAfter, notBefore, before, after
  }

  enum Operand: Sendable, Encodable {
    case asOf
    case termStart
    case fixed(CivilDate)
    case field(PathPattern)
  }

  var fields: [PathPattern]
  var items: PathPattern?
  var filter: Condition?
  var newest: Bool
  var plusMonths: NumberParameter?
  var comparison: Comparison
  var operand: Operand

  init(options: CheckOptions) throws(RuleSetError) {
    fields = try options.paths("field")
    items = try options.optionalPath("items")
    filter = try options.optionalCondition("where")
    newest = try options.flag("newest")
    if let monthsField = options.optional("plusMonths") {
      let value = try monthsField.int()
      guard value > 0 else {
        throw monthsField.error("plusMonths ska vara större än 0", "plusMonths must be greater than 0")
      }
      var ceiling: Int?
      if let maxField = options.optional("maxMonths") {
        let limit = try maxField.int()
        guard limit >= value else {
          throw maxField.error(
            "maxMonths (\(limit)) får inte vara mindre än plusMonths (\(value))",
            "maxMonths (\(limit)) must not be less than plusMonths (\(value))")
        }
        ceiling = limit
      }
      plusMonths = NumberParameter(
        value: value, parameter: try options.optional("parameter")?.string(), ceiling: ceiling)
    } else {
      for name in ["maxMonths", "parameter"] {
        if let field = options.optional(name) {
          throw field.error("\(name) hör till plusMonths", "\(name) belongs with plusMonths")
        }
      }
    }
    if filter != nil, items == nil, let field = options.optional("where") {
      throw field.error(
        "where väljer bland posterna i items; ange items", "where chooses among the items of items; give items")
    }
    let given = Comparison.allCases.filter { options.optional($0.rawValue) != nil }
    guard given.count == 1, let comparison = given.first, let operandField = options.optional(comparison.rawValue)
    else {
      throw options.mapping.owner.error(
        "ange exakt en jämförelse: notAfter, notBefore, before eller after",
        "give exactly one comparison: notAfter, notBefore, before or after")
    }
    self.comparison = comparison
    operand = try Self.operand(operandField)
    // A ceiling and a kommun's setting mean "at most this long" only for an interval that runs out
    // (the newest date plus the months, not before the as-of date); with any other comparison a longer
    // interval would be the stricter one, and the ceiling would guard the wrong way.
    if plusMonths?.ceiling != nil || plusMonths?.parameter != nil, !isExpiringInterval {
      let field = options.optional("maxMonths") ?? options.optional("parameter")!
      throw field.error(
        "maxMonths och parameter gäller bara ett intervall som löper ut: newest: true, plusMonths och notBefore: asOf",
        "maxMonths and parameter apply only to an interval that runs out: newest: true, plusMonths and notBefore: asOf")
    }
  }

  static func operand(_ fields: YAMLFields) throws(RuleSetError) -> Operand {
    if case .mapping = fields.node {
      let map = try fields.mapping(allowed: ["field"])
      return .field(try RuleParser.path(try map.required("field"), absolute: false))
    }
    let text = try fields.string()
    switch text {
    case "asOf": return .asOf
    case "termStart": return .termStart
    default:
      guard let date = CivilDate(text) else {
        throw fields.error(
          "\"\(text)\" är ingen operand: asOf, termStart, ett datum ÅÅÅÅ-MM-DD eller {field: sökväg}",
          "\"\(text)\" is not an operand: asOf, termStart, a date YYYY-MM-DD or {field: path}")
      }
      return .fixed(date)
    }
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let asOf = run.options.asOf
    let limit: CivilDate
    switch operand {
    case .asOf: limit = asOf
    case .termStart: limit = MandatePeriod(containing: asOf).councilTerm.from
    case .fixed(let date): limit = date
    case .field(let path):
      guard let date = run.firstNode(path, from: selected.node).flatMap(run.date) else { return }
      limit = date
    }
    let months = plusMonths.map(run.parameter)
    func compared(_ value: CivilDate) -> CivilDate { months.map { value.adding(months: $0) } ?? value }
    func fails(_ value: CivilDate) -> Bool {
      let shifted = compared(value)
      switch comparison {
      case .notAfter: return shifted > limit
      case .notBefore: return shifted < limit
      case .before: return shifted >= limit
      case .after: return shifted <= limit
      }
    }
    func reportFailure(_ match: Match, _ field: PathPattern, _ value: CivilDate) {
      // Outdated: a comparison that held once and stopped holding as the as-of date moved on.
      var outdated: CivilDate?
      switch (operand, comparison) {
      case (.asOf, .notBefore): outdated = compared(value).adding(days: 1)
      case (.asOf, .after): outdated = compared(value)
      case (.termStart, .notBefore), (.termStart, .after): outdated = limit
      default: outdated = nil
      }
      report(
        CheckFinding(
          at: match,
          values: [
            .field: run.fieldWord(field, match), .value: .same("\(value)"), .limit: .same("\(limit)"),
            .months: .same(months.map { "\($0)" } ?? ""), .ruleMonths: .same(plusMonths.map { "\($0.value)" } ?? ""),
            .outdatedSince: .same(outdated.map { "\($0)" } ?? ""),
            .term: .same("\(MandatePeriod(containing: asOf).councilTerm)"), .setting: setting(run),
          ], outdatedSince: outdated))
    }

    if !newest, items == nil {
      // Each date on its own; the cheap question on the nodes first, pointers only for a finding.
      for field in fields where run.anyNode(field, from: selected.node, { run.date($0).map(fails) ?? false }) {
        for match in run.matches(field, from: selected) {
          if let value = run.date(match.node), fails(value) { reportFailure(match, field, value) }
        }
      }
      return
    }
    if newest {
      if let (match, field, value) = newestDate(on: selected, in: run), fails(value) {
        reportFailure(match, field, value)
      }
    } else {
      forEachCandidate(on: selected, in: run) { match, field in
        if let value = run.date(match.node), fails(value) { reportFailure(match, field, value) }
      }
    }
  }

  /// Each place whose date counts, from `selected`: each field from each item of `items` that meets
  /// `where`, or each field from the selected node itself. Visited as found, never collected: a
  /// follow-up list of 100 000 items would otherwise be held once more, as matches, for one date.
  func forEachCandidate(on selected: Match, in run: Run, _ body: (Match, PathPattern) -> Void) {
    if let items {
      run.forEachMatch(items, from: selected) { item in
        if let filter, !run.holds(filter, on: item.node) { return }
        for field in fields { run.forEachMatch(field, from: item) { body($0, field) } }
      }
    } else {
      for field in fields { run.forEachMatch(field, from: selected) { body($0, field) } }
    }
  }

  /// The newest valid date of all the candidates, the one a `newest` check compares (NextDue reads it
  /// too, so that the due date it shows and the finding cannot disagree); the first of equal dates.
  func newestDate(on selected: Match, in run: Run) -> (Match, PathPattern, CivilDate)? {
    var found: (Match, PathPattern, CivilDate)?
    forEachCandidate(on: selected, in: run) { match, field in
      guard let value = run.date(match.node) else { return }
      if found == nil || value > found!.2 { found = (match, field, value) }
    }
    return found
  }

  /// Whether the check is an interval that runs out: the newest date plus `plusMonths` must not be
  /// before the as-of date, so it reports from the day after that sum (the 6 § intervals).
  var isExpiringInterval: Bool {
    guard newest, plusMonths != nil, comparison == .notBefore, case .asOf = operand else { return false }
    return true
  }

  /// What `{setting}` says: nothing when the rule's own interval applies; when a `.lagkoll.yaml` set it,
  /// that the interval is the kommun's own setting, so that nobody takes it for the law's or Brå's.
  private func setting(_ run: Run) -> LocalizedText {
    guard let name = plusMonths?.parameter, let configured = run.options.parameters[name] else { return .same("") }
    return LocalizedText(
      sv:
        "Intervallet \(configured) månader är kommunens egen inställning (\(name) i .lagkoll.yaml), inte lagens eller vägledningens.",
      en:
        "The interval of \(configured) months is the municipality's own setting (\(name) in .lagkoll.yaml), not the law's or the guidance's."
    )
  }

  /// The last day each compared date still passes as the as-of date moves on: only a comparison with
  /// the as-of date or the term's start that stops holding as time passes (`notBefore`, `after`) has
  /// one. With `newest`, the one date the check compares; otherwise every candidate.
  var hasDeadlines: Bool {
    guard comparison == .notBefore || comparison == .after else { return false }
    switch operand {
    case .asOf, .termStart: return true
    case .fixed, .field: return false
    }
  }

  func deadlines(on selected: Match, in run: Run) -> [CheckDeadline] {
    guard hasDeadlines else { return [] }
    let months = plusMonths.map(run.parameter)
    func lastDay(_ value: CivilDate) -> CivilDate {
      let shifted = months.map { value.adding(months: $0) } ?? value
      switch (operand, comparison) {
      // Holds while shifted ≥ as-of; `after`: while shifted > as-of.
      case (.asOf, .notBefore): return shifted
      case (.asOf, _): return shifted.adding(days: -1)
      // Holds while the term holding the as-of date began on or before shifted (`after`: before it):
      // through the last day of the term that holds shifted (or the day before it).
      case (_, .notBefore): return MandatePeriod(containing: shifted).councilTerm.to
      default: return MandatePeriod(containing: shifted.adding(days: -1)).councilTerm.to
      }
    }
    let dated: [(Match, CivilDate)]
    if newest {
      dated = newestDate(on: selected, in: run).map { [($0.0, $0.2)] } ?? []
    } else if items == nil {
      dated = fields.flatMap { field in
        run.matches(field, from: selected).compactMap { m in run.date(m.node).map { (m, $0) } }
      }
    } else {
      var found: [(Match, CivilDate)] = []
      forEachCandidate(on: selected, in: run) { match, _ in
        if let value = run.date(match.node) { found.append((match, value)) }
      }
      dated = found
    }
    return dated.map { match, value in
      CheckDeadline(at: match, due: lastDay(value), basedOn: value, interval: plusMonths.map { ($0, months!) })
    }
  }

  var paths: [PathPattern] {
    var result = fields + (items.map { [$0] } ?? [])
    if case .field(let path) = operand { result.append(path) }
    return result
  }
  var conditions: [Condition] { filter.map { [$0] } ?? [] }
  var interval: NumberParameter? { plusMonths }
}
