import PlanDocument

/// The date is not after a fixed date, such as a statutory deadline.
struct NotAfter: CheckKind {
  static let name = "notAfter"
  static let documentation = LocalizedText(
    sv: "Datumet ligger inte efter ett fast datum, till exempel en lagstadgad sista dag.",
    en: "The date is not after a fixed date, such as a statutory deadline.")
  static let options = [
    CheckOption("field", .path, required: true, "datumfältet", "the date field"),
    CheckOption("date", .date, required: true, "det sista tillåtna datumet", "the last date allowed"),
  ]
  static let placeholders = [
    CheckPlaceholder.field, CheckPlaceholder.value,
    CheckPlaceholder("date", "det sista tillåtna datumet", "the last date allowed"),
  ]
  static let example = "check: notAfter\noptions: {field: beslut/datum, date: 2024-07-01}"

  var field: PathPattern
  var limit: CivilDate

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    limit = try options.date("date")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    guard run.anyNode(field, from: selected.node, { run.date($0).map { $0 > limit } ?? false }) else { return }
    for match in run.matches(field, from: selected) {
      if let value = run.date(match.node), value > limit {
        report(match, nil, ["field": run.fieldWord(field, match), "value": .same("\(value)"), "date": .same("\(limit)")], nil)
      }
    }
  }

  var paths: [PathPattern] { [field] }
}
