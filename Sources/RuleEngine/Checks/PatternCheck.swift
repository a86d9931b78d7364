import PlanDocument

/// The value, where present, matches a regular expression.
struct PatternCheck: CheckKind {
  static let name = "pattern"
  static let documentation = LocalizedText(
    sv: "Värdet matchar, där det finns, ett reguljärt uttryck (hela värdet, i tid linjär i värdet).",
    en: "The value, where present, matches a regular expression (the whole value, in time linear in it).")
  static let options = [
    CheckOption("field", .path, required: true, "fältet", "the field"),
    CheckOption("pattern", .regularExpression, required: true, "uttrycket", "the expression"),
  ]
  static let placeholders = [
    CheckPlaceholder.field, CheckPlaceholder.value,
    CheckPlaceholder("pattern", "uttrycket", "the expression"),
  ]
  static let example = "check: pattern\noptions: {field: kod, pattern: \"\\\\d{4}\"}"

  var field: PathPattern
  var pattern: Pattern

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    pattern = try options.pattern("pattern")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    guard run.anyNode(field, from: selected.node, { $0.scalarText.map { !pattern.matches($0) } ?? false }) else { return }
    for match in run.matches(field, from: selected) {
      guard let text = match.node.scalarText else { continue }
      if !pattern.matches(text) {
        report(match, nil, ["field": run.fieldWord(field, match), "value": .same(text), "pattern": .same(pattern.source)], nil)
      }
    }
  }

  var paths: [PathPattern] { [field] }
  var patterns: [Pattern] { [pattern] }
}
