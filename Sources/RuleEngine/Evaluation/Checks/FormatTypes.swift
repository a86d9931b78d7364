import PlanDocument

/// Every field present has the type the format gives it (dates are left to `formatDates`).
struct FormatTypes: CheckKind {
  static let name = "formatTypes"
  static let documentation = LocalizedText(
    sv:
      "Varje fält som finns har den typ som formatet ger det (text, tal, sanningsvärde, lista, mappning, tillåtna värden); datum lämnas åt `formatDates`.",
    en:
      "Every field present has the type the format gives it (text, number, boolean, list, object, allowed values); dates are left to `formatDates`."
  )
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: formatTypes"
  static let readsIndex = true
  static let examples: [CheckKindExample] = [
    .valid(#"{"upprattad": "2026-11-01", "atgardsplan": {"uppfoljningsplan": {"intervallManader": 12}}}"#),
    .invalid(
      #"{"upprattad": 20261101, "atgardsplan": {"uppfoljningsplan": {"intervallManader": "tolv"}}}"#,
      at: ["/upprattad", "/atgardsplan/uppfoljningsplan/intervallManader"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for issue in index.typeIssues {
      let match = index.match(issue.node)
      report(
        CheckFinding(at: match, values: [.detail: Self.prefixed(run.documentPointer(match.pointer), issue.detail)]))
    }
  }

  /// The detail, after the field's name (or for an item of a list, the list's and its index), as the
  /// document writes them.
  private static func prefixed(_ pointer: JSONPointer, _ detail: LocalizedText) -> LocalizedText {
    let name: String
    switch pointer.components.last {
    case .key(let key): name = key
    case .index(let index): name = "\(pointer.parent?.description ?? "")[\(index)]"
    case nil: name = "/"
    }
    return LocalizedText(sv: "\"\(name)\" \(detail.sv)", en: "\"\(name)\" \(detail.en)")
  }
}
