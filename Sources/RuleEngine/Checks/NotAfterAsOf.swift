import PlanDocument

/// The date is not after the as-of date: nothing is decided in the future.
struct NotAfterAsOf: CheckKind {
  static let name = "notAfterAsOf"
  static let documentation = LocalizedText(
    sv: "Datumet ligger inte efter kontrolldagen: inget är beslutat i framtiden.",
    en: "The date is not after the as-of date: nothing is decided in the future.")
  static let options = [CheckOption("fields", .paths, required: true, "datumfälten", "the date fields")]
  static let placeholders = [CheckPlaceholder.field, CheckPlaceholder.value]
  static let example = "check: notAfterAsOf\noptions: {fields: [\"**/beslut/datum\", uppfoljningar/*/datum]}"

  var fields: [PathPattern]

  init(options: CheckOptions) throws(RuleSetError) {
    fields = try options.paths("fields")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let asOf = run.options.asOf
    for field in fields where run.anyNode(field, from: selected.node, { run.date($0).map { $0 > asOf } ?? false }) {
      for match in run.matches(field, from: selected) {
        if let value = run.date(match.node), value > asOf {
          report(match, nil, ["field": run.fieldWord(field, match), "value": .same("\(value)")], nil)
        }
      }
    }
  }

  var paths: [PathPattern] { fields }
}
