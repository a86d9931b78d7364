import PlanDocument

/// The list has at least `min` items; a missing list counts as empty.
struct MinItems: CheckKind {
  static let name = "minItems"
  static let documentation = LocalizedText(
    sv: "Listan har minst `min` poster; en lista som saknas räknas som tom.",
    en: "The list has at least `min` items; a missing list counts as empty.")
  static let options = [
    CheckOption("field", .path, required: true, "listan", "the list"),
    CheckOption(
      "min", .wholeNumber, "det minsta antalet poster (1 om det inte anges)",
      "the least number of items (1 unless given)"),
  ]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder(.min, "det minsta antalet", "the least number"),
    CheckPlaceholder(.count, "antalet poster i dokumentet", "the number of items in the document"),
  ]
  static let example = "check: minItems\noptions: {field: deltagare, min: 2}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"atgardsplan": {"atgarder": [{"id": "A1", "mal": [{"beskrivning": "Färre skadegörelsebrott"}]}]}}"#,
      select: "/atgardsplan/atgarder/*", options: "{field: mal}"),
    .invalid(
      #"{"atgardsplan": {"atgarder": [{"id": "A1", "mal": []}]}}"#,
      select: "/atgardsplan/atgarder/*", options: "{field: mal}", at: ["/atgardsplan/atgarder/0/mal"]),
    .invalid(
      #"{"atgardsplan": {"atgarder": [{"id": "A1"}]}}"#,
      select: "/atgardsplan/atgarder/*", options: "{field: mal, min: 1}", at: ["/atgardsplan/atgarder/0"]),
  ]

  var field: PathPattern
  var min: Int

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    min = try options.optional("min")?.int() ?? 1
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let count = run.nodes(field, from: selected.node).reduce(0) { $0 + ($1.items?.count ?? ($1.kind == .null ? 0 : 1)) }
    if count < min {
      report(
        CheckFinding(
          at: run.matches(field, from: selected).first ?? run.deepest(field, from: selected),
          values: [.field: run.pathWords(field), .min: .same("\(min)"), .count: .same("\(count)")]))
    }
  }

  var paths: [PathPattern] { [field] }
}
