import Foundation
import FuzzSupport
import PlanDocument
import RuleEngine

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
let ruleSet: RuleSet = {
  let folder = ProcessInfo.processInfo.environment["LAGKOLL_RULES"] ?? root.appendingPathComponent("rules").path
  do { return try RuleSetLoader.load(from: folder) } catch {
    fatalError("cannot load the rule set from \(folder): \(error)")
  }
}()
let document: Document = {
  let path = root.appendingPathComponent("samples/komplett.json").path
  guard let document = try? DocumentReader.read(file: path) else { fatalError("cannot read \(path)") }
  return document
}()

/// libFuzzer entry point: one rule file (regler/*.yaml) from arbitrary bytes, against the bundled
/// statute catalogue and obligations. An error names the file and a place in it; rules that load are
/// run on a sample plan (their selectors, conditions and patterns on real values, the regular
/// expressions through LinearRegex), linted, and every finding lands on a real position.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
  let rules: [Rule]
  do {
    rules = try RuleSetLoader.parseRules(text: text, file: "regler/fuzz.yaml", in: ruleSet)
  } catch {
    LoaderInvariants.check(
      file: error.file, line: error.line, column: error.column, named: "regler/fuzz.yaml", message: error.message,
      text: text)
    return 0
  }
  let options = EvaluationOptions(asOf: CivilDate(year: 2026, month: 11, day: 24)!)
  for finding in Evaluator(ruleSet: ruleSet).evaluate(document, rules: rules, options: options) {
    if finding.location.line < 1 || finding.location.column < 1 {
      fatalError("finding \(finding.ruleId) at \(finding.location)")
    }
    if finding.message.text(.sv).isEmpty && finding.message.text(.en).isEmpty {
      fatalError("finding \(finding.ruleId) without a message")
    }
  }
  var linted = ruleSet
  linted.rules = rules
  _ = linted.lint()
  return 0
}
