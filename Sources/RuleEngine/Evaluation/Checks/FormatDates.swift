import PlanDocument

/// Every field the format types as a date holds a real date.
struct FormatDates: CheckKind {
  static let name = "formatDates"
  static let documentation = LocalizedText(
    sv: "Varje fält som formatet anger som datum har ett verkligt datum (ÅÅÅÅ-MM-DD).",
    en: "Every field the format types as a date holds a real date (YYYY-MM-DD).")
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: formatDates"
  static let readsIndex = true
  static let examples: [CheckKindExample] = [
    .valid(#"{"upprattad": "2024-02-29"}"#),
    .invalid(
      #"{"upprattad": "2026-02-30", "atgardsplan": {"beslut": {"datum": "10/11/2026"}}}"#,
      at: ["/upprattad", "/atgardsplan/beslut/datum"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for id in index.dates where run.date(index.node(id)) == nil {
      let match = index.match(id)
      let text = match.node.string ?? ""
      report(
        CheckFinding(
          at: match,
          values: [
            .detail: LocalizedText(
              sv: "\"\(text)\" är inte ett giltigt datum (ÅÅÅÅ-MM-DD)",
              en: "\"\(text)\" is not a valid date (YYYY-MM-DD)")
          ]))
    }
  }
}
