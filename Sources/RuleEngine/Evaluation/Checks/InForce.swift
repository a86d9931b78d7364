import PlanDocument

/// The `{fran, till}` range holds the as-of date.
struct InForce: CheckKind {
  static let name = "inForce"
  static let documentation = LocalizedText(
    sv:
      "Intervallet `{fran, till}` omfattar kontrolldagen. Ett utgånget intervall är inaktuellt från dagen efter `till`.",
    en: "The `{fran, till}` range holds the as-of date. A range that has ended is outdated from the day after `till`.")
  static let options = [CheckOption("field", .path, required: true, "intervallet", "the range")]
  static let placeholders = [
    CheckPlaceholder.field,
    CheckPlaceholder(.fran, "intervallets första dag", "the range's first day"),
    CheckPlaceholder(.till, "intervallets sista dag", "the range's last day"),
    CheckPlaceholder.outdatedSince,
  ]
  static let example = "check: inForce\noptions: {field: giltighet}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"atgardsplan": {"giltighet": {"fran": "2024-07-01", "till": "2027-06-30"}}}"#,
      select: "/atgardsplan", options: "{field: giltighet}"),
    .invalid(
      #"{"atgardsplan": {"giltighet": {"fran": "2024-07-01", "till": "2026-06-30"}}}"#,
      select: "/atgardsplan", options: "{field: giltighet}", at: ["/atgardsplan/giltighet"]),
  ]

  var field: PathPattern

  init(options: CheckOptions) throws(RuleSetError) {
    field = try options.path("field")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let asOf = run.options.asOf
    guard run.anyNode(field, from: selected.node, { run.range(of: $0).map { !$0.contains(asOf) } ?? false }) else {
      return
    }
    for match in run.matches(field, from: selected) {
      guard let validity = run.range(of: match.node), !validity.contains(asOf) else { continue }
      let outdated: CivilDate? = asOf > validity.to ? validity.to.adding(days: 1) : nil
      report(
        CheckFinding(
          at: match,
          values: [
            .field: run.fieldWord(field, match), .fran: .same("\(validity.from)"), .till: .same("\(validity.to)"),
            .outdatedSince: .same(outdated.map { "\($0)" } ?? ""),
          ], outdatedSince: outdated))
    }
  }

  var hasDeadlines: Bool { true }

  /// Each range stops holding the as-of date after its `till`.
  func deadlines(on selected: Match, in run: Run) -> [CheckDeadline] {
    run.matches(field, from: selected).compactMap { match in
      guard let validity = run.range(of: match.node), validity.from <= validity.to else { return nil }
      return CheckDeadline(at: match, due: validity.to, basedOn: validity.from)
    }
  }

  var paths: [PathPattern] { [field] }
}
