import Foundation
import FuzzSupport
import PlanDocument
import RuleEngine

/// The bundled rule set, loaded once: `LAGKOLL_RULES`, else `rules/` of the package this one sits in.
let ruleSet: RuleSet = {
  let folder =
    ProcessInfo.processInfo.environment["LAGKOLL_RULES"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path
  do {
    return try RuleSetLoader.load(from: folder)
  } catch {
    fatalError("cannot load the rule set from \(folder): \(error)")
  }
}()

let checker = PlanChecker(
  ruleSet: ruleSet, options: EvaluationOptions(asOf: CivilDate(year: 2026, month: 11, day: 24)!))

/// libFuzzer entry point: the whole check of one document (format sniffed from the bytes, as for a
/// file without a known extension), every rule in force evaluated, findings located inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let document: Document
  do {
    document = try DocumentReader.parse(bytes, file: "fuzz", limits: ReadLimits(maxFileSize: 1 << 20, maxDepth: 64))
  } catch {
    Invariants.check(error, count: size)
    return 0
  }
  let result = checker.result(for: document)
  // With a duplicate key a path can name two nodes, and lookups see the first (documented, and reported
  // as a finding of its own): the path of a finding below the second cannot be checked by lookup.
  let ambiguous = document.diagnostics.contains { $0.kind == .duplicateKey }
  for finding in result.findings {
    let place = SourceLocation(offset: 0, line: finding.location.line, column: finding.location.column)
    if place.line < 1 || place.column < 1 { fatalError("finding \(finding.ruleId) at \(place)") }
    let kind = ruleSet.rule(finding.ruleId)?.check.kindName
    if !ambiguous && document.root.node(at: finding.location.path) == nil && kind != "readerDiagnostics" {
      // Every finding but a reader diagnostic's lands on a node that exists (a missing element is located
      // at its parent).
      fatalError("finding \(finding.ruleId) at \(finding.location.path), which is not in the document")
    }
  }
  return 0
}
