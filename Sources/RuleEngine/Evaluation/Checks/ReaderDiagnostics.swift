import PlanDocument

/// What the reader noticed: duplicate keys, unexpected XML content.
struct ReaderDiagnostics: CheckKind {
  static let name = "readerDiagnostics"
  static let documentation = LocalizedText(
    sv: "Det som läsaren märkte: dubbla nycklar, oväntat innehåll i XML.",
    en: "What the reader noticed: duplicate keys, unexpected XML content.")
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: readerDiagnostics"

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let document = run.document
    for (number, diagnostic) in document.diagnostics.enumerated() {
      // Finding the node scans its parents' members: only for the findings that are kept (the rest are
      // counted into one summary, located by the diagnostic's own place).
      let node = number <= Run.findingsPerRule ? document.root.node(at: diagnostic.path) ?? document.root : document.root
      report(Match(pointer: diagnostic.path, node: node), diagnostic.location, ["detail": diagnostic.message], nil)
    }
  }
}
