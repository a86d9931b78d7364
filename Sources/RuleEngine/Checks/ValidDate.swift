import PlanDocument

/// Each value, where present, is a real calendar date.
struct ValidDate: CheckKind {
  static let name = "validDate"
  static let documentation = LocalizedText(
    sv: "Varje värde är, där det finns, ett verkligt datum (ÅÅÅÅ-MM-DD).",
    en: "Each value, where present, is a real calendar date (YYYY-MM-DD).")
  static let options = [CheckOption("fields", .paths, required: true, "fälten", "the fields")]
  static let placeholders = [CheckPlaceholder.field, CheckPlaceholder.value]
  static let example = "check: validDate\noptions: {fields: [start, slut]}"

  var fields: [PathPattern]

  init(options: CheckOptions) throws(RuleSetError) {
    fields = try options.paths("fields")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    for field in fields where run.anyNode(field, from: selected.node, { $0.kind != .null && run.date($0) == nil }) {
      for match in run.matches(field, from: selected) where match.node.kind != .null && run.date(match.node) == nil {
        report(match, nil, ["field": run.fieldWord(field, match), "value": .same(match.node.scalarText ?? "")], nil)
      }
    }
  }

  var paths: [PathPattern] { fields }
}
