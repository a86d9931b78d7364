import Foundation
import FuzzSupport
import PlanDocument
import RuleEngine

/// The bundled rule set and the findings of one sample, computed once.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
let ruleSet: RuleSet = {
  let folder = ProcessInfo.processInfo.environment["LAGKOLL_RULES"] ?? root.appendingPathComponent("rules").path
  do { return try RuleSetLoader.load(from: folder) } catch {
    fatalError("cannot load the rule set from \(folder): \(error)")
  }
}()
let asOf = CivilDate(year: 2026, month: 11, day: 24)!
let sample = root.appendingPathComponent("samples/samverkan-utgangen.json").path
let findings: [Finding] = {
  guard let document = try? DocumentReader.read(file: sample) else { fatalError("cannot read \(sample)") }
  return Evaluator(ruleSet: ruleSet).evaluate(document, options: EvaluationOptions(asOf: asOf))
}()

/// libFuzzer entry point: `.lagkoll.yaml` from arbitrary bytes. An error names the file and a place in
/// it; a configuration that loads has every number inside its range, applies to a sample's findings
/// without trapping, and describes itself (the notice every report prints).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  // As RuleSetLoader.readText: text that is not UTF-8 is refused before YAML sees it.
  guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
  let configuration: Configuration
  do {
    configuration = try Configuration.load(text: text, file: "fuzz.lagkoll.yaml", ruleSet: ruleSet)
  } catch {
    LoaderInvariants.check(
      file: error.file, line: error.line, column: error.column, named: "fuzz.lagkoll.yaml", message: error.message,
      text: text)
    return 0
  }
  if !ReadLimits.depthRange.contains(configuration.limits.maxDepth)
    || !ReadLimits.fileSizeRange.contains(configuration.limits.maxFileSize)
    || !configuration.parameters.values.allSatisfy(Configuration.parameterRange.contains)
  {
    fatalError("a number outside its range was accepted: \(configuration.limits) \(configuration.parameters)")
  }
  let applied = configuration.apply(to: findings, file: sample, asOf: asOf)
  if applied.count > findings.count + configuration.suppressions.count {
    fatalError("apply made \(applied.count) findings of \(findings.count)")
  }
  _ = configuration.notice(for: ruleSet)
  return 0
}
