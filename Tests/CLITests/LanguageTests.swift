import Foundation
import Testing

/// Swedish first, everywhere, and English with `--lang en`: option errors that say why a value is
/// invalid, I/O and YAML errors, the rule listings; and no command takes an option it ignores.
@Suite("Swedish first")
struct LanguageTests {
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-lang-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// English words of the argument parser and of Foundation that must not reach a Swedish user.
  static let english = [
    "Error:", "The value", "is invalid for", "Please provide", "Usage:", "The operation could not be completed",
    "Missing expected",
  ]

  func expectSwedish(_ text: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for word in Self.english {
      #expect(!text.contains(word), "\(context): \"\(word)\" in \(text)", sourceLocation: sourceLocation)
    }
  }

  @Test func optionErrorsSayWhyInSwedishAndInEnglish() throws {
    let cases: [([String], String, String)] = [
      (["check", "samples", "--as-of", "2026/11/24"], "skriv datumet som ÅÅÅÅ-MM-DD", "write the date as YYYY-MM-DD"),
      (["check", "samples", "--as-of", "2026-02-30"], "februari 2026 har 28 dagar", "February 2026 has 28 days"),
      (["check", "samples", "--as-of", "2026-13-01"], "månaden 13 finns inte", "there is no month 13"),
      (
        ["check", "samples", "--format", "pdf"], "\"pdf\" är inget giltigt värde för --format; välj ett av: text, json",
        "\"pdf\" is not a valid value for --format; choose one of: text, json"
      ),
      (
        ["review", "samples", "--format", "pdf"], "välj ett av: text, markdown, csv, json, html",
        "choose one of: text, markdown, csv, json, html"
      ),
      (
        ["check", "samples", "--fail-on", "allt"], "välj ett av: error, warning, info, never",
        "choose one of: error, warning, info, never"
      ),
      (["check"], "argument saknas", "missing argument"),
      (["check", "samples", "--inget-sadant"], "okänd flagga --inget-sadant", "unknown option --inget-sadant"),
    ]
    for (arguments, swedish, english) in cases {
      let sv = try LagkollBinary.run(arguments)
      #expect(sv.status == 2, "\(arguments)")
      #expect(sv.stderr.hasPrefix("fel: "), "\(sv.stderr)")
      #expect(sv.stderr.contains(swedish), "\(arguments): \(sv.stderr)")
      expectSwedish(sv.stderr, "\(arguments)")
      let en = try LagkollBinary.run(arguments + ["--lang", "en"])
      #expect(en.status == 2)
      #expect(en.stderr.hasPrefix("error: ") && en.stderr.contains(english), "\(arguments) --lang en: \(en.stderr)")
    }
    let language = try LagkollBinary.run(["check", "samples", "--lang", "fi"])
    #expect(
      language.stderr.contains("\"fi\" är inget giltigt värde för --lang; välj ett av: sv, en"), "\(language.stderr)")
  }

  @Test func writeErrorsAreWordsNotFoundationsSentence() throws {
    let missing = "/finns-inte-\(UUID().uuidString)/rapport.json"
    let check = try LagkollBinary.run(["check", "samples/komplett.xml", "--as-of", "2026-11-24", "--output", missing])
    #expect(check.status == 2)
    #expect(check.stderr.contains("kan inte skriva \(missing): mappen finns inte"), "\(check.stderr)")
    expectSwedish(check.stderr, "check --output")
    let english = try LagkollBinary.run(["check", "samples/komplett.xml", "--output", missing, "--lang", "en"])
    #expect(english.stderr.contains("cannot write \(missing): the folder does not exist"), "\(english.stderr)")
    let template = try LagkollBinary.run(["init", "--output", missing])
    #expect(template.status == 2)
    #expect(template.stderr.contains("mappen finns inte"), "\(template.stderr)")
    expectSwedish(template.stderr, "init --output")
  }

  @Test func yamlErrorsAreSwedish() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("severity:\n  LB-001: [error\n".utf8).write(to: folder.appendingPathComponent(".lagkoll.yaml"))
    try FileManager.default.copyItem(
      at: LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml"),
      to: folder.appendingPathComponent("plan.xml"))
    let result = try LagkollBinary.run(["check", "plan.xml"], in: folder)
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(".lagkoll.yaml:3:1: fel: ogiltig YAML: ett kommatecken eller ] saknas"), "\(result.stderr)"
    )
    let english = try LagkollBinary.run(["check", "plan.xml", "--lang", "en"], in: folder)
    #expect(english.stderr.contains("error: invalid YAML: did not find expected ',' or ']'"), "\(english.stderr)")
  }

  @Test func ruleListingsUseSwedishWords() throws {
    let test = try LagkollBinary.run(["rules", "test"])
    #expect(test.status == 0)
    #expect(test.stdout.contains("exempel gav väntat resultat, 0 gav inte det"), "\(test.stdout)")
    #expect(try LagkollBinary.run(["rules", "test", "--lang", "en"]).stdout.contains("examples passed, 0 failed"))
    let list = try LagkollBinary.run(["rules", "--as-of", "2026-11-24"])
    #expect(list.stdout.contains("LB-001   fel "), "\(list.stdout.prefix(200))")
    #expect(!list.stdout.contains(" error "))
    #expect(
      try LagkollBinary.run(["rules", "--as-of", "2026-11-24", "--lang", "en"]).stdout.contains("LB-001   error "))
    let explain = try LagkollBinary.run(["explain", "DOK-014"])
    #expect(explain.stdout.contains("Allvarlighet: fel"), "\(explain.stdout)")
    #expect(explain.stdout.contains("grund: dokumentets riktighet"))
    #expect(explain.stdout.contains("varken lagkrav eller vägledning"))
    #expect(!explain.stdout.contains("Vägledning, inte ett lagkrav"), "a document-integrity rule labelled as guidance")
    #expect(!explain.stdout.contains("– – –"))
    #expect(try LagkollBinary.run(["explain", "LB-001"]).stdout.contains("Gäller: från och med 2023-07-01"))
  }

  @Test func noCommandTakesAnOptionItIgnores() throws {
    let ignored: [[String]] = [
      ["explain", "LB-001", "--as-of", "2026-11-24"],
      ["explain", "LB-001", "--config", "x.yaml"],
      ["init", "--output", "-", "--as-of", "2026-11-24"],
      ["init", "--output", "-", "--config", "x.yaml"],
      ["rules", "lint", "--as-of", "2026-11-24"],
      ["rules", "test", "--config", "x.yaml"],
      ["rules", "list", "--config", "x.yaml"],
      ["check", "samples", "--quiet", "--format", "json"],
    ]
    for arguments in ignored {
      let result = try LagkollBinary.run(arguments)
      #expect(result.status == 2, "\(arguments) was accepted: \(result.stderr)")
    }
    // What they do take still works.
    #expect(try LagkollBinary.run(["explain", "LB-001", "--lang", "en"]).status == 0)
    #expect(try LagkollBinary.run(["rules", "list", "--as-of", "2026-11-24"]).status == 0)
    #expect(try LagkollBinary.run(["init", "--output", "-", "--kommun", "1282"]).status == 0)
  }
}
