import PlanDocument

/// The values hold at least `min` different words.
struct DistinctCount: CheckKind {
  static let name = "distinctCount"
  static let documentation = LocalizedText(
    sv: "Värdena har minst `min` olika ord.",
    en: "The values hold at least `min` different words.")
  static let options = [
    CheckOption("field", .path, required: true, "värdena (`lista/*/fält`)", "the values (`list/*/field`)"),
    CheckOption(
      "min", .wholeNumber, required: true, "det minsta antalet olika värden", "the least number of different values"),
  ]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder(.count, "antalet olika värden", "the number of different values"),
    CheckPlaceholder(.min, "det minsta antalet", "the least number"),
    CheckPlaceholder(.values, "de olika värdena, med komma emellan", "the different values, separated by commas"),
  ]
  static let example = "check: distinctCount\noptions: {field: kallor/*/typ, min: 2}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"lagesbilder": [{"kallor": [{"typ": "polisstatistik"}, {"typ": "trygghetsmatning"}]}]}"#,
      select: "/lagesbilder/*", options: "{field: kallor/*/typ, min: 2}"),
    .invalid(
      #"{"lagesbilder": [{"kallor": [{"typ": "polisstatistik"}, {"typ": "polisstatistik"}]}]}"#,
      select: "/lagesbilder/*", options: "{field: kallor/*/typ, min: 2}", at: ["/lagesbilder/0/kallor"]),
  ]

  var field: PathPattern
  var min: Int

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
    min = try options.wholeNumber("min")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let distinct = Set(run.texts(field, from: selected))
    if distinct.count < min {
      report(
        CheckFinding(
          at: run.deepest(field.upToFirstWildcard, from: selected),
          values: [
            .field: run.fieldWord(field, nil), .count: .same("\(distinct.count)"), .min: .same("\(min)"),
            .values: .same(distinct.sorted().joined(separator: ", ")),
          ]))
    }
  }

  var paths: [PathPattern] { [field] }
}
