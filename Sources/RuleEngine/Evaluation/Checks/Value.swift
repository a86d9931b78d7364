import PlanDocument

/// Each value the field reaches meets a condition (`is`, in the language of `when`); `required` also
/// reports a field with no value.
struct Value: CheckKind {
  static let name = "value"
  static let documentation = LocalizedText(
    sv:
      "Varje värde som fältet når (utom null) uppfyller villkoret `is`, skrivet som ett `when`-villkor om värdet självt: `{in: [a, b]}`, `{equals: true}`, `{matches: \"…\"}`, `{not: {startsWith: \"ANGE:\"}}`. Fyndet hamnar på värdet. Med `required: true` är det också ett fynd att fältet saknas (på närmaste förälder).",
    en:
      "Each value the field reaches (but null) meets the condition `is`, written as a `when` condition about the value itself: `{in: [a, b]}`, `{equals: true}`, `{matches: \"…\"}`, `{not: {startsWith: \"ANGE:\"}}`. The finding lands on the value. With `required: true`, a missing field is a finding too (on the nearest parent)."
  )
  static let options = [
    CheckOption("field", .path, required: true, "fältet", "the field"),
    CheckOption(
      "is", .condition, required: true, "villkoret varje värde ska uppfylla (utan `field`: värdet självt)",
      "the condition each value must meet (without `field`: the value itself)"),
    CheckOption("required", .flag, "fältet måste finnas", "the field must be there"),
  ]
  static let placeholders = [CheckPlaceholder.field, CheckPlaceholder.value]
  static let example = "check: value\noptions: {field: rapporteradTill, is: {in: [kommunfullmaktige]}, required: true}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"atgardsplan": {"beslut": {"organ": "kommunfullmaktige"}}}"#,
      select: "/atgardsplan/beslut", options: "{field: organ, is: {in: [kommunfullmaktige]}, required: true}"),
    .invalid(
      #"{"atgardsplan": {"beslut": {"organ": "kommunstyrelsen"}}}"#,
      select: "/atgardsplan/beslut", options: "{field: organ, is: {in: [kommunfullmaktige]}, required: true}",
      at: ["/atgardsplan/beslut/organ"]),
    .invalid(
      #"{"atgardsplan": {"beslut": {"datum": "2026-11-10"}}}"#,
      select: "/atgardsplan/beslut", options: "{field: organ, is: {in: [kommunfullmaktige]}, required: true}",
      at: ["/atgardsplan/beslut"]),
    .valid(
      #"{"atgardsplan": {"beslut": {"datum": "2026-11-10"}}}"#,
      select: "/atgardsplan/beslut", options: "{field: organ, is: {in: [kommunfullmaktige]}}"),
  ]

  var field: PathPattern
  var condition: Condition
  var required: Bool

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    condition = try options.condition("is")
    required = try options.flag("required")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let node = selected.node
    let failing = run.anyNode(field, from: node) { $0.kind != .null && !run.holds(condition, on: $0) }
    if !failing && !(required && !run.anyNode(field, from: node) { $0.kind != .null }) { return }
    let found = run.matches(field, from: selected).filter { $0.node.kind != .null }
    for match in found where !run.holds(condition, on: match.node) {
      report(
        CheckFinding(
          at: match, values: [.field: run.fieldWord(field, match), .value: .same(match.node.scalarText ?? "")]))
    }
    if required, found.isEmpty {
      report(
        CheckFinding(
          at: run.deepest(field, from: selected), values: [.field: run.fieldWord(field, nil), .value: .same("")]))
    }
  }

  var paths: [PathPattern] { [field] }
  var conditions: [Condition] { [condition] }
}
