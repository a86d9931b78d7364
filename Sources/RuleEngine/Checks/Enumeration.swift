import PlanDocument

/// The value, where present, is one of `values`; `required` also reports it missing.
struct Enumeration: CheckKind {
  static let name = "enum"
  static let documentation = LocalizedText(
    sv: "Värdet är, där det finns, ett av `values`; med `required: true` är det också ett fynd att det saknas.",
    en: "The value, where present, is one of `values`; with `required: true`, a missing value is a finding too.")
  static let options = [
    CheckOption("field", .path, required: true, "fältet", "the field"),
    CheckOption("values", .texts, required: true, "de tillåtna värdena", "the values allowed"),
    CheckOption("required", .flag, "fältet måste finnas", "the field must be there"),
  ]
  static let placeholders = [
    CheckPlaceholder.field, CheckPlaceholder.value,
    CheckPlaceholder("values", "de tillåtna värdena, med komma emellan", "the values allowed, separated by commas"),
  ]
  static let example = "check: enum\noptions: {field: rapporteradTill, values: [kommunfullmaktige], required: true}"

  var field: PathPattern
  var values: [String]
  var required: Bool

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    values = try options.texts("values")
    required = try options.flag("required")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let node = selected.node
    let outside = run.anyNode(field, from: node) { $0.kind != .null && !($0.scalarText.map(values.contains) ?? false) }
    if !outside && !(required && !run.anyNode(field, from: node) { $0.kind != .null }) { return }
    let found = run.matches(field, from: selected).filter { $0.node.kind != .null }
    for match in found where !(match.node.scalarText.map(values.contains) ?? false) {
      report(match, nil, ["field": run.fieldWord(field, match), "value": .same(match.node.scalarText ?? ""), "values": .same(values.joined(separator: ", "))], nil)
    }
    if required, found.isEmpty {
      report(run.deepest(field, from: selected), nil, ["field": run.fieldWord(field, nil), "value": .same(""), "values": .same(values.joined(separator: ", "))], nil)
    }
  }

  var paths: [PathPattern] { [field] }
}
