import PlanDocument

/// The list holds every one of `values`.
struct ContainsAll: CheckKind {
  static let name = "containsAll"
  static let documentation = LocalizedText(
    sv: "Listan innehåller vart och ett av `values`.",
    en: "The list holds every one of `values`.")
  static let options = [
    CheckOption("field", .path, required: true, "listan (eller värdena)", "the list (or the values)"),
    CheckOption("values", .texts, required: true, "värdena som ska finnas", "the values that must be there"),
  ]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder(.missing, "värdena som saknas, med komma emellan", "the values missing, separated by commas"),
  ]
  static let example = "check: containsAll\noptions: {field: kallor/*/typ, values: [polisen, kommunen]}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"samordningsfunktion": {"uppgifter": ["samordna-och-stodja", "kontaktpunkt"]}}"#,
      select: "/samordningsfunktion", options: "{field: uppgifter, values: [samordna-och-stodja]}"),
    .invalid(
      #"{"samordningsfunktion": {"uppgifter": ["kontaktpunkt"]}}"#,
      select: "/samordningsfunktion", options: "{field: uppgifter, values: [samordna-och-stodja]}",
      at: ["/samordningsfunktion/uppgifter"]),
  ]

  var field: PathPattern
  var values: [String]

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    values = try options.texts("values")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let present = Set(run.texts(field, from: selected))
    let missing = values.filter { !present.contains($0) }
    if !missing.isEmpty {
      report(
        CheckFinding(
          at: run.matches(field, from: selected).first ?? run.deepest(field, from: selected),
          values: [.field: run.fieldWord(field, nil), .missing: .same(missing.joined(separator: ", "))]))
    }
  }

  var paths: [PathPattern] { [field] }
}
