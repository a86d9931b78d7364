import PlanDocument

/// Every `{fran, till}` range of the format is in order.
struct FormatRanges: CheckKind {
  static let name = "formatRanges"
  static let documentation = LocalizedText(
    sv: "Varje intervall `{fran, till}` i formatet slutar inte före det börjar.",
    en: "Every `{fran, till}` range of the format does not end before it begins.")
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: formatRanges"
  static let readsIndex = true
  static let examples: [CheckKindExample] = [
    .valid(#"{"atgardsplan": {"giltighet": {"fran": "2027-01-01", "till": "2027-01-01"}}}"#),
    .invalid(
      #"{"atgardsplan": {"giltighet": {"fran": "2027-01-01", "till": "2026-12-31"}}}"#,
      at: ["/atgardsplan/giltighet/till"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for id in index.ranges {
      let match = index.match(id)
      guard let from = match.node[PlanFormat.Name.fran].flatMap(run.date),
        let to = match.node[PlanFormat.Name.till].flatMap(run.date), from > to
      else { continue }
      let at = Match(parent: match, key: PlanFormat.Name.till, node: match.node[PlanFormat.Name.till]!)
      report(
        CheckFinding(
          at: at,
          values: [
            .detail: LocalizedText(
              sv: "intervallet slutar (\(to)) före det börjar (\(from))",
              en: "the range ends (\(to)) before it begins (\(from))")
          ]))
    }
  }
}
