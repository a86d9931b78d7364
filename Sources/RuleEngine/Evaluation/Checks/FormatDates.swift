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

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for id in index.dates where run.date(index.node(id)) == nil {
      let match = index.match(id)
      let text = match.node.string ?? ""
      report(match, nil, ["detail": LocalizedText(sv: "\"\(text)\" är inte ett giltigt datum (ÅÅÅÅ-MM-DD)", en: "\"\(text)\" is not a valid date (YYYY-MM-DD)")], nil)
    }
  }
}
