import PlanDocument

/// The date falls in the council term that holds the as-of date.
struct CurrentMandate: CheckKind {
  static let name = "currentMandate"
  static let documentation = LocalizedText(
    sv: "Datumet ligger i den mandatperiod för fullmäktige som omfattar kontrolldagen (inte före dess första dag).",
    en: "The date falls in the council term that holds the as-of date (not before its first day).")
  static let options = [CheckOption("field", .path, required: true, "datumfältet", "the date field")]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder("date", "datumet i dokumentet", "the date in the document"),
    CheckPlaceholder("term", "mandatperioden", "the council term"),
    CheckPlaceholder("termStart", "mandatperiodens första dag", "the term's first day"),
    CheckPlaceholder.outdatedSince,
  ]
  static let example = "check: currentMandate\noptions: {field: beslut/datum}"

  var field: PathPattern

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let term = MandatePeriod(containing: run.options.asOf)
    let termStart = term.councilTerm.from
    guard run.anyNode(field, from: selected.node, { run.date($0).map { $0 < termStart } ?? false }) else { return }
    for match in run.matches(field, from: selected) {
      guard let decided = run.date(match.node), decided < termStart else { continue }
      report(
        match, nil,
        ["field": run.fieldWord(field, match), "date": .same("\(decided)"), "term": .same("\(term.councilTerm)"), "termStart": .same("\(termStart)"), "outdatedSince": .same("\(termStart)")],
        termStart)
    }
  }

  var paths: [PathPattern] { [field] }
}
