import Dispatch
import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// Issue 14, items 2 and 3: evaluation time is linear in the input whatever its shape, and the findings
/// of one rule in one document are capped. The readers' caps (members per object, attributes per
/// element) stop these shapes at the door; here the caps are lifted, to show that the engine behind
/// them is linear too (each shape took 30 s to minutes before, quadratic in its size).
@Suite("Evaluation is linear in the input, and findings are capped")
struct LinearTimeTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let ruleSet: RuleSet = try! RuleSetLoader.load(from: root.appendingPathComponent("rules").path)
  static let sample: String = try! String(
    contentsOf: root.appendingPathComponent("samples/komplett.json"), encoding: .utf8)
  static let open = ReadLimits(maxMembers: 1_000_000, maxAttributes: 1_000_000)
  /// Linear work on these shapes takes 1–3 s in a debug build on a busy machine, the quadratic work it
  /// replaced 60 s to minutes: the bound tells them apart without failing on a loaded machine (the
  /// command-line shapes, stopped by the readers' caps, have a 5 s watchdog and take well under 1 s).
  static let bound = 20.0

  /// The sample with `members` added to its top-level object.
  static func sampleWith(_ members: String) -> [UInt8] {
    var text = sample
    while text.last?.isWhitespace == true { text.removeLast() }
    text.removeLast()
    return Array((text + "," + members + "}").utf8)
  }

  /// Reads and evaluates, returning the findings and the seconds it took.
  func evaluate(_ bytes: [UInt8], format: SourceFormat = .json) throws -> (findings: [Finding], seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let document = try DocumentReader.parse(bytes, file: "hostile", format: format, limits: Self.open)
    let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
      document, options: EvaluationOptions(asOf: CivilDate("2026-11-24")!))
    return (findings, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }

  @Test func fortyThousandUnknownKeysInOneObject() throws {
    let keys = (0..<40_000).map { "\"u\($0)\": 1" }.joined(separator: ",")
    let (findings, seconds) = try evaluate(Self.sampleWith(keys))
    #expect(seconds < Self.bound, "\(seconds) s")
    let unknown = findings.filter { $0.message.text(.en).contains("unknown field") || $0.omitted > 0 }
    #expect(unknown.count == Run.findingsPerRule + 1)
    #expect(unknown.reduce(0) { $0 + $1.weight } == 40_000)
  }

  /// One name spelled 40 320 ways: eight combining marks of different classes in every order are all
  /// canonically equivalent, so they intern to one name while each keeps its own spelling. The table
  /// found a new spelling by scanning all earlier ones, quadratic in their number.
  @Test func fortyThousandSpellingsOfOneName() throws {
    let marks: [Unicode.Scalar] = [
      "\u{0334}", "\u{0327}", "\u{031B}", "\u{0323}", "\u{059A}", "\u{0301}", "\u{035C}", "\u{0345}",
    ]
    var spellings: [String] = []
    func permute(_ done: [Unicode.Scalar], _ rest: [Unicode.Scalar]) {
      if rest.isEmpty {
        var text = "x"
        text.unicodeScalars.append(contentsOf: done)
        spellings.append(text)
        return
      }
      for index in rest.indices {
        var remaining = rest
        let mark = remaining.remove(at: index)
        permute(done + [mark], remaining)
      }
    }
    permute([], marks)
    #expect(spellings.count == 40_320 && Set(spellings).count == 1)  // equal as Swift strings
    let keys = spellings.map { "\"\($0)\": 1" }.joined(separator: ",")
    let start = DispatchTime.now().uptimeNanoseconds
    let document = try DocumentReader.parse(Self.sampleWith(keys), file: "hostile", format: .json, limits: Self.open)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    #expect(seconds < Self.bound, "\(seconds) s")
    #expect(document.root[spellings[0]] != nil)
  }

  /// Keys one slip from a field the object lacks are read as meant (issue 9); each was checked against
  /// every member of its object, quadratic in an object of such keys.
  @Test func fortyThousandKeysOneSlipFromAField() throws {
    let variants = "abcdefghijklmnopqrstuvwxyz".map { "upprat\($0)ad" }
    let keys = (0..<40_000).map { "\"\(variants[$0 % variants.count])\": \"2026-01-01\"" }.joined(separator: ",")
    let text = String(decoding: Self.sampleWith(keys), as: UTF8.self).replacingOccurrences(
      of: "\"upprattad\"", with: "\"skapad_x\"")
    let (_, seconds) = try evaluate(Array(text.utf8))
    #expect(seconds < Self.bound, "\(seconds) s")
  }

  @Test func fortyThousandDuplicateKeysInOneObject() throws {
    let keys = (0..<40_000).map { _ in "\"upprattad\": \"2026-01-01\"" }.joined(separator: ",")
    let (findings, seconds) = try evaluate(Self.sampleWith(keys))
    #expect(seconds < Self.bound, "\(seconds) s")
    #expect(findings.contains { $0.omitted > 0 })
  }

  @Test func twentyThousandRepeatedElementsUnderPlan() throws {
    let xml = try String(contentsOf: Self.root.appendingPathComponent("samples/komplett.xml"), encoding: .utf8)
      .replacingOccurrences(
        of: "</plan>", with: String(repeating: "<upprattad>2026-01-01</upprattad>\n", count: 20_000) + "</plan>")
    let (findings, seconds) = try evaluate(Array(xml.utf8), format: .xml)
    #expect(seconds < Self.bound, "\(seconds) s")
    #expect(findings.contains { $0.omitted > 0 })
  }

  @Test func aHundredThousandBrokenReferencesGiveBoundedFindings() throws {
    let actions = (0..<25_000).map { #"{"id": "A\#($0)", "behov": ["X\#($0)", "Y\#($0)", "Z\#($0)", "W\#($0)"]}"# }
    var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.sample.utf8)) as? [String: Any])
    object["atgardsplan"] = nil
    var text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    text.removeLast()
    text += #", "atgardsplan": {"id": "AP", "atgarder": [\#(actions.joined(separator: ","))]}}"#
    let (findings, seconds) = try evaluate(Array(text.utf8))
    #expect(seconds < Self.bound, "\(seconds) s")
    // Every rule gives at most its cap and one summary, and the summaries count what they stand for.
    let byRule = Dictionary(grouping: findings, by: \.ruleId)
    for (rule, list) in byRule {
      #expect(list.count <= Run.findingsPerRule + 1, "\(rule): \(list.count)")
      #expect(list.filter { $0.omitted > 0 }.count <= 1, "\(rule)")
    }
    let broken = findings.filter {
      $0.ruleId == byRule.first { $0.value.contains { $0.message.text(.en).contains("points at no") } }?.key
    }
    #expect(broken.reduce(0) { $0 + $1.weight } == 100_000)
    let summary = try #require(broken.first { $0.omitted > 0 })
    #expect(summary.message.text(.sv).contains("\(100_000 - Run.findingsPerRule)"))
    #expect(summary.location.line >= 1)
  }

  @Test func theCapKeepsTheVerdictAndTheCounts() throws {
    let keys = (0..<500).map { "\"u\($0)\": 1" }.joined(separator: ",")
    let document = try DocumentReader.parse(Self.sampleWith(keys), file: "p.json", format: .json)
    let result = PlanChecker(ruleSet: Self.ruleSet, options: EvaluationOptions(asOf: CivilDate("2026-11-24")!))
      .result(for: document)
    let unknown = result.findings.filter { $0.message.text(.en).contains("unknown field") || $0.omitted > 0 }
    let severity = try #require(unknown.first?.severity)
    #expect(unknown.count == Run.findingsPerRule + 1)
    #expect(result.count(severity) >= 500)
  }
}
