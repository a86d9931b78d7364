import PlanDocument

/// The newest of the dates is at most `months` old on the as-of date: current through the same day
/// `months` later (a day the target month lacks becomes its last day: 29 February plus 24 months is
/// 28 February), outdated from the day after. With `where`, only dates of items that meet the condition
/// count (`field` then reaches the items, `date` the date inside each). `alsoFrom` adds dates that count
/// as well (a follow-up's two years run from the later of the newest follow-up and the plan's decision).
struct MaxAge: CheckKind {
  static let name = "maxAge"
  static let documentation = LocalizedText(
    sv: "Det senaste av datumen är högst `months` månader gammalt på kontrolldagen: aktuellt till och med samma dag `months` månader senare (en dag som målmånaden saknar blir dess sista dag), inaktuellt från dagen efter. Fyndet hamnar på det senaste datumet.",
    en: "The newest of the dates is at most `months` months old on the as-of date: current through the same day `months` months later (a day the target month lacks becomes its last day), outdated from the day after. The finding lands on the newest date.")
  static let options = [
    CheckOption("field", .path, required: true, "datumen, eller med `date` posterna som har dem", "the dates, or with `date` the items that hold them"),
    CheckOption("date", .path, "datumet i varje post", "the date inside each item"),
    CheckOption("where", .condition, "bara poster som uppfyller villkoret räknas", "only items that meet the condition count"),
    CheckOption("months", .wholeNumber, required: true, "intervallet i månader", "the interval in months"),
    CheckOption("maxMonths", .wholeNumber, "lagens gräns: en kommuns inställning får skärpa intervallet, aldrig överskrida detta", "the law's limit: a municipality's setting may make the interval stricter, never longer than this"),
    CheckOption("parameter", .text, "namnet som en kommun ställer in intervallet med i .lagkoll.yaml; meddelandet ska då ha {setting}", "the name a municipality sets the interval by in .lagkoll.yaml; the message must then have {setting}"),
    CheckOption("alsoFrom", .paths, "datum som också räknas (det senare av dem gäller)", "dates that count as well (the later of them applies)"),
  ]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder("date", "det senaste datumet", "the newest date"),
    CheckPlaceholder("months", "intervallet som gäller, i månader", "the interval that applies, in months"),
    CheckPlaceholder.outdatedSince,
    CheckPlaceholder("setting", "när kommunen har ställt in intervallet: en mening som säger det; annars inget", "when the municipality has set the interval: a sentence that says so; else nothing"),
  ]
  static let example = """
    check: maxAge
    options:
      field: uppfoljningar/*/datum
      alsoFrom: atgardsplan/beslut/datum
      months: 24
      maxMonths: 24
      parameter: uppfoljning.intervallManader
    """

  var field: PathPattern
  var date: PathPattern?
  var filter: Condition?
  var months: NumberParameter
  var alsoFrom: [PathPattern]

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    date = try options.optionalPath("date")
    filter = try options.optionalCondition("where")
    let monthsField = try options.mapping.required("months")
    let value = try monthsField.int()
    guard value > 0 else { throw monthsField.error("months ska vara större än 0", "months must be greater than 0") }
    var ceiling: Int?
    if let maxField = options.optional("maxMonths") {
      let limit = try maxField.int()
      guard limit >= value else {
        throw maxField.error(
          "maxMonths (\(limit)) får inte vara mindre än months (\(value))",
          "maxMonths (\(limit)) must not be less than months (\(value))")
      }
      ceiling = limit
    }
    months = NumberParameter(value: value, parameter: try options.optional("parameter")?.string(), ceiling: ceiling)
    alsoFrom = try options.optional("alsoFrom").map { f throws(RuleSetError) in try RuleParser.paths(f) } ?? []
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    var candidates: [Match] = []
    for item in run.matches(field, from: selected) {
      if let filter, !run.holds(filter, on: item.node) { continue }
      if let date { candidates += run.matches(date, from: item) } else { candidates.append(item) }
    }
    for path in alsoFrom { candidates += run.matches(path, from: selected) }
    var newest: (Match, CivilDate)?
    for candidate in candidates {
      guard let value = run.date(candidate.node) else { continue }
      if newest == nil || value > newest!.1 { newest = (candidate, value) }
    }
    guard let (match, value) = newest else { return }
    let months = run.parameter(self.months)
    let lastCurrentDay = value.adding(months: months)
    if run.options.asOf > lastCurrentDay {
      let outdated = lastCurrentDay.adding(days: 1)
      report(
        match, nil,
        ["field": run.fieldWord(field, match), "date": .same("\(value)"), "months": .same("\(months)"), "outdatedSince": .same("\(outdated)"), "setting": setting(run)],
        outdated)
    }
  }

  /// What `{setting}` says: nothing when the rule's own interval applies; when a `.lagkoll.yaml` set it,
  /// that the interval is the kommun's own setting, so that nobody takes it for the law's or Brå's.
  private func setting(_ run: Run) -> LocalizedText {
    guard let name = months.parameter, let configured = run.options.parameters[name] else { return .same("") }
    return LocalizedText(
      sv: "Intervallet \(configured) månader är kommunens egen inställning (\(name) i .lagkoll.yaml), inte lagens eller vägledningens.",
      en: "The interval of \(configured) months is the municipality's own setting (\(name) in .lagkoll.yaml), not the law's or the guidance's.")
  }

  var paths: [PathPattern] { [field] + (date.map { [$0] } ?? []) + alsoFrom }
  var conditions: [Condition] { filter.map { [$0] } ?? [] }
  var interval: NumberParameter? { months }
}
