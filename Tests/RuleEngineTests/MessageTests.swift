import Foundation
import PlanDocument
import RuleEngine
import Testing

/// Messages a coordinator can act on: the template's optional fields are optional in the rules, its
/// placeholders are all caught and named by their real field, field names read as words, and a
/// misspelled name gives one finding that says what was meant.
@Suite("Messages")
struct MessageTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let ruleSet = try! RuleSetLoader.load(from: root.appendingPathComponent("rules").path)
  static let asOf = CivilDate(year: 2026, month: 11, day: 24)!

  static func findings(_ json: String, file: String = "plan.json") throws -> [Finding] {
    let document = try DocumentReader.parse(Array(json.utf8), file: file, format: .json)
    return Evaluator(ruleSet: ruleSet).evaluate(document, options: EvaluationOptions(asOf: asOf))
  }

  static func findings(xml: String) throws -> (Document, [Finding]) {
    let document = try DocumentReader.parse(Array(xml.utf8), file: "plan.xml", format: .xml)
    return (document, Evaluator(ruleSet: ruleSet).evaluate(document, options: EvaluationOptions(asOf: asOf)))
  }

  static var komplett: String {
    (try? String(contentsOf: root.appendingPathComponent("samples/komplett.json"), encoding: .utf8)) ?? ""
  }

  /// `value` without the members `path` names (`a/*/b`: b in every item of the list a).
  static func removing(_ path: [String], from value: Any) -> Any {
    guard let first = path.first else { return value }
    let rest = Array(path.dropFirst())
    if first == "*", let items = value as? [Any] { return items.map { removing(rest, from: $0) } }
    guard var object = value as? [String: Any] else { return value }
    if rest.isEmpty {
      object[first] = nil
    } else if let inner = object[first] {
      object[first] = removing(rest, from: inner)
    }
    return object
  }

  @Test func whatTheTemplateMarksOptionalIsOptionalInTheRules() throws {
    let optional = PlanTemplate.optionalFields
    #expect(optional.count >= 10, "\(optional)")
    #expect(!optional.contains("samverkan/overenskommelser/*/mal"), "9 § asks for the agreement's purposes")
    let baseline = Set(try Self.findings(Self.komplett).map(\.ruleId))
    let sample = try JSONSerialization.jsonObject(with: Data(Self.komplett.utf8))
    for path in optional {
      let stripped = Self.removing(path.split(separator: "/").map(String.init), from: sample)
      let data = try JSONSerialization.data(withJSONObject: stripped)
      let found = try Self.findings(String(decoding: data, as: UTF8.self)).filter { !baseline.contains($0.ruleId) }
      #expect(
        found.isEmpty,
        "leaving out \(path), which the template marks optional: \(found.map { "\($0.ruleId) \($0.message.text(.sv))" })"
      )
    }
  }

  @Test func everyPlaceholderOfTheTemplateIsCaughtByItsRealField() throws {
    for format in [SourceFormat.json, .xml] {
      let text = PlanTemplate.render(format: format, kommunNamn: "Lund", kommunKod: "1281", lan: "Skåne län")
      let document = try DocumentReader.parse(Array(text.utf8), file: "plan", format: format)
      let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(document, options: EvaluationOptions(asOf: Self.asOf))
        .filter { $0.ruleId == "DOK-014" }
      var placeholders = 0
      document.root.walk { _, node, _ in
        if let text = node.scalarText,
          text.hasPrefix(PlanTemplate.placeholderPrefix) || text == PlanTemplate.placeholderDate || text == "1900"
        {
          placeholders += 1
        }
      }
      #expect(placeholders > 40)
      #expect(findings.count == placeholders, "\(format): \(findings.count) findings for \(placeholders) placeholders")
      for finding in findings {
        #expect(!finding.message.text(.sv).contains("Fältet *"), "\(finding.message.text(.sv))")
        #expect(finding.message.text(.sv).contains("ta bort fältet"))
      }
      // The field is named as a word with å, ä and ö.
      #expect(
        findings.contains { $0.message.text(.sv).hasPrefix("Fältet upprättad innehåller") },
        "\(findings.map { $0.message.text(.sv) }.prefix(3))")
      #expect(findings.contains { $0.message.text(.sv).contains("Fältet år innehåller") })
    }
  }

  @Test func fieldNamesInMessagesAreWords() {
    #expect(PlanFormat.word(for: "mal") == "mål")
    #expect(PlanFormat.word(for: "atgarder") == "åtgärder")
    #expect(PlanFormat.word(for: "intervallManader") == "intervall i månader")
    #expect(PlanFormat.word(for: "ansvarig") == "ansvarig")
  }

  @Test func aNameOneSlipFromAFieldSaysWhatWasMeant() {
    let known = PlanFormat.plan.fields.map(\.name)
    #expect(PlanFormat.intendedName("lagesbildr", among: known) == "lagesbilder")
    #expect(PlanFormat.intendedName("lägesbilder", among: known) == "lagesbilder")
    #expect(PlanFormat.intendedName("Atgardsplan", among: known) == "atgardsplan")
    #expect(PlanFormat.intendedName("atgradsplan", among: known) == "atgardsplan")
    #expect(PlanFormat.intendedName("helt-annat", among: known) == nil)
  }

  @Test func aMisspelledListGivesOneFindingNotOnePerReference() throws {
    let plain = try Self.findings(Self.komplett)
    for (wrong, right) in [("lagesbildr", "lagesbilder"), ("overenskommelsr", "overenskommelser")] {
      let misspelled = try Self.findings(Self.komplett.replacingOccurrences(of: "\"\(right)\"", with: "\"\(wrong)\""))
      let added = misspelled.filter { finding in
        !plain.contains { $0.ruleId == finding.ruleId && $0.location == finding.location }
      }
      #expect(added.count == 1, "\(wrong): \(added.map { "\($0.ruleId) \($0.location.path) \($0.message.text(.sv))" })")
      #expect(added.first?.message.text(.sv).contains("menade du \"\(right)\"?") == true)
      #expect(
        added.first?.location.path.description == "/" + wrong
          || added.first?.location.path.description.hasSuffix("/" + wrong) == true)
      let english = added.first?.message.text(.en) ?? ""
      #expect(english.contains("did you mean \"\(right)\"?"))
    }
  }

  @Test func aMisspelledListInXMLGivesNoDuplicateElementNoise() throws {
    let xml = try String(contentsOf: Self.root.appendingPathComponent("samples/komplett.xml"), encoding: .utf8)
    let (_, plain) = try Self.findings(xml: xml)
    // The list of references of a need, and the list of lägesbilder, misspelled.
    let misspelled = xml.replacingOccurrences(of: "<lagesbilder>", with: "<lagesbildr>")
      .replacingOccurrences(of: "</lagesbilder>", with: "</lagesbildr>")
    let (document, found) = try Self.findings(xml: misspelled)
    #expect(document.diagnostics.isEmpty, "\(document.diagnostics.map(\.message.sv))")
    let added = found.filter { finding in
      !plain.contains { $0.ruleId == finding.ruleId && $0.location.path == finding.location.path }
    }
    #expect(added.count == 1, "\(added.map { "\($0.ruleId) \($0.location.path) \($0.message.text(.sv))" })")
    #expect(!found.contains { $0.message.text(.sv).contains("förekommer redan") })
  }
}
