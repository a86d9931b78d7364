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

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    for duplicate in run.index.duplicateIDs {
      let id = duplicate.match.node.string ?? ""
      report(duplicate.match, nil, ["detail": LocalizedText(sv: "id \"\(id)\" används redan av \(duplicate.first)", en: "the id \"\(id)\" is already used by \(duplicate.first)")], nil)
    }
  }
}
