import PlanDocument

/// Every reference resolves to an id of the kind the format says.
struct ReferencesResolve: CheckKind {
  static let name = "referencesResolve"
  static let documentation = LocalizedText(
    sv: "Varje hänvisning pekar på ett id av det slag som formatet anger.",
    en: "Every reference points at an id of the kind the format says.")
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: referencesResolve"
  static let readsIndex = true
  static let examples: [CheckKindExample] = [
    .valid(#"{"lagesbilder": [{"id": "LB-2026"}], "behovsanalys": {"lagesbild": "LB-2026"}}"#),
    .invalid(
      #"{"lagesbilder": [{"id": "LB-2026"}], "behovsanalys": {"lagesbild": "LB-2025"}}"#,
      at: ["/behovsanalys/lagesbild"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for reference in index.references {
      let match = index.match(reference.node)
      let id = match.node.string ?? ""
      if index.ids[reference.kind]?[id] == nil {
        report(
          CheckFinding(
            at: match,
            values: [
              .detail: LocalizedText(
                sv: "hänvisningen \"\(id)\" pekar inte på något (\(reference.kind.rawValue)) i dokumentet",
                en: "the reference \"\(id)\" points at no \(reference.kind.rawValue) in the document")
            ]))
      }
    }
  }
}
