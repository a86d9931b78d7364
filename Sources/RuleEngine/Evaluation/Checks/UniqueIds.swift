import PlanDocument

/// Ids are unique within their kind.
struct UniqueIds: CheckKind {
  static let name = "uniqueIds"
  static let documentation = LocalizedText(
    sv: "Varje id är unikt bland sitt slag (lägesbilder, behov, åtgärder …).",
    en: "Every id is unique within its kind (situation reports, needs, actions …).")
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: uniqueIds"
  static let readsIndex = true
  static let examples: [CheckKindExample] = [
    .valid(#"{"behovsanalys": {"behov": [{"id": "B1"}, {"id": "B2"}]}}"#),
    .invalid(#"{"behovsanalys": {"behov": [{"id": "B1"}, {"id": "B1"}]}}"#, at: ["/behovsanalys/behov/1/id"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for duplicate in index.duplicateIDs {
      let match = index.match(duplicate.node)
      let id = match.node.string ?? ""
      // As the document writes it: a respelled key keeps its written name in the message, as in the path.
      let first = run.documentPointer(index.node(duplicate.first).pointer)
      report(
        CheckFinding(
          at: match,
          values: [
            .detail: LocalizedText(
              sv: "id \"\(id)\" används redan av \(first)", en: "the id \"\(id)\" is already used by \(first)")
          ]))
    }
  }
}
