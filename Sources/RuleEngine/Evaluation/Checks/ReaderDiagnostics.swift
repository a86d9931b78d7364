import PlanDocument

/// What the reader noticed: duplicate keys, unexpected XML content; or, with `trackedChanges`, only that
/// a Word document has tracked changes nobody accepted (which the reader read as accepted).
struct ReaderDiagnostics: CheckKind {
  static let name = "readerDiagnostics"
  static let documentation = LocalizedText(
    sv: "Det som läsaren märkte: dubbla nycklar, oväntat innehåll i XML eller Word. Med `trackedChanges: true` "
      + "bara att ett Word-dokument har spårade ändringar som ingen har godkänt (de läses som godkända).",
    en: "What the reader noticed: duplicate keys, unexpected content in XML or Word. With `trackedChanges: true` "
      + "only that a Word document has tracked changes nobody accepted (they are read as accepted).")
  static let options: [CheckOption] = [
    CheckOption(
      "trackedChanges", .flag, "bara ej godkända spårade ändringar i ett Word-dokument (annars allt utom dem)",
      "only unaccepted tracked changes in a Word document (else everything but them)")
  ]
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: readerDiagnostics"
  static let examples: [CheckKindExample] = [
    .valid(#"{"formatversion": "1", "upprattad": "2026-11-01"}"#),
    .invalid(#"{"formatversion": "1", "upprattad": "2026-11-01", "upprattad": "2026-11-20"}"#, at: ["/upprattad"]),
  ]

  var trackedChanges: Bool

  init(options: CheckOptions) throws(RuleSetError) {
    trackedChanges = try options.optional("trackedChanges")?.bool() ?? false
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let document = run.document
    for (number, diagnostic) in document.diagnostics.enumerated()
    where (diagnostic.kind == .unacceptedChanges) == trackedChanges {
      // Finding the node scans its parents' members: only for the findings that are kept (the rest are
      // counted into one summary, located by the diagnostic's own place).
      let node =
        number <= Run.findingsPerRule ? document.root.node(at: diagnostic.path) ?? document.root : document.root
      report(
        CheckFinding(
          at: Match(pointer: diagnostic.path, node: node), location: diagnostic.location,
          values: [.detail: diagnostic.message]))
    }
  }
}
