import Foundation
import Testing

/// The verdict is the truth, whatever `--fail-on` says, and nothing is silently missing from a
/// summary: every format, run as a user runs it.
@Suite("Verdicts and summaries")
struct VerdictTests {
  static let asOf = ["--as-of", "2026-11-24"]
  static let checkFormats = ["text", "json", "sarif", "junit", "github", "markdown", "html"]
  static let reviewFormats = ["text", "markdown", "csv", "json", "html"]

  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-verdict-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test(arguments: ["never", "error", "warning", "info"])
  func aPlanWithALegalErrorIsNeverReady(failOn: String) throws {
    for format in Self.checkFormats {
      let result = try LagkollBinary.run(
        ["check", "samples/saknade-delar.xml", "--fail-on", failOn, "--format", format] + Self.asOf)
      #expect(result.status == (failOn == "never" ? 0 : 1), "\(format) --fail-on \(failOn): exit \(result.status)")
      let out = result.stdout
      for claim in [
        "Klar att lämna in", "Ready to submit", "✔ Klar", "\"status\": \"passed\"", "\"verdict\": \"ready\"",
        "failures=\"0\"",
      ] {
        #expect(!out.contains(claim), "\(format) --fail-on \(failOn) says \(claim)")
      }
      switch format {
      case "text": #expect(out.contains("Inte klar: 7 fel"))
      case "json": #expect(out.contains("\"status\": \"failed\"") && out.contains("\"verdict\": \"not-ready\""))
      case "junit": #expect(out.contains("<failure"))
      case "html", "markdown": #expect(out.contains("Inte klar"))
      default: break
      }
    }
  }

  @Test func theReviewCountsPlansWithErrorsAsNotReadyWhateverFailOnSays() throws {
    let result = try LagkollBinary.run(["review", "samples", "--fail-on", "never", "--format", "json"] + Self.asOf)
    #expect(result.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let summary = try #require(json["summary"] as? [String: Any])
    let files = try #require(json["files"] as? [[String: Any]])
    let withErrors = files.filter { file in
      (file["findings"] as? [[String: Any]] ?? []).contains {
        $0["severity"] as? String == "error" && $0["suppressed"] == nil
      }
    }.count
    #expect(withErrors > 0)
    #expect(summary["failed"] as? Int == withErrors)
    #expect(
      (summary["passed"] as? Int ?? 0) + withErrors + (summary["outdatedWithoutErrors"] as? Int ?? 0) == files.count)
    let text = try LagkollBinary.run(["review", "samples", "--fail-on", "never"] + Self.asOf).stdout
    #expect(text.contains("\(withErrors) inte klara"), "\(text.prefix(300))")
  }

  @Test func anOutdatedPlanIsNotShownAsReady() throws {
    // The complete sample, but its plan decided by the council of the previous mandate period: its only
    // findings are outdated guidance (and information).
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let komplett = try String(
      contentsOf: LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.json"), encoding: .utf8)
    let decided = "\"datum\": \"2026-11-10\""
    #expect(komplett.contains(decided))
    let plan = folder.appendingPathComponent("plan.json")
    try Data(komplett.replacingOccurrences(of: decided, with: "\"datum\": \"2026-06-10\"").utf8).write(to: plan)
    for format in ["text", "html", "markdown"] {
      let result = try LagkollBinary.run(["check", plan.path, "--format", format] + Self.asOf)
      #expect(result.status == 0)
      #expect(!result.stdout.contains("Klar att lämna in"), "\(format)")
      #expect(result.stdout.contains("Inaktuell sedan 2026-10-15"), "\(format): \(result.stdout.prefix(600))")
    }
    let review = try LagkollBinary.run(["review", plan.path, "--format", "html"] + Self.asOf).stdout
    #expect(!review.contains("badge ok"), "a green badge beside an outdated plan")
    #expect(review.contains("<span class=\"badge warning\">▲ Inaktuell</span>"))
    let csv = try LagkollBinary.run(["review", plan.path, "--format", "csv"] + Self.asOf).stdout
    #expect(csv.contains(",outdated,"))
    let json = try LagkollBinary.run(["check", plan.path, "--format", "json"] + Self.asOf).stdout
    #expect(json.contains("\"verdict\": \"outdated\""))
  }

  @Test func unreadableFilesAreCountedAndNamedInEverySummary() throws {
    let missing = "saknas/finns-inte.xml"
    for format in Self.checkFormats {
      let result = try LagkollBinary.run(["check", "samples/komplett.xml", missing, "--format", format] + Self.asOf)
      #expect(result.status == 3, "\(format)")
      let out = result.stdout.replacingOccurrences(of: "<wbr/>", with: "")
      #expect(out.contains(missing), "\(format) does not name the unreadable file")
      switch format {
      case "text":
        #expect(out.contains("Sammanfattning: 2 filer: 1 klar, 1 kunde inte läsas (\(missing))"), "\(out)")
      case "json":
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["unreadable"] as? Int == 1)
        #expect(summary["unreadableFiles"] as? [String] == [missing])
      case "sarif":
        #expect(out.contains("toolExecutionNotifications") && out.contains("\"executionSuccessful\": false"))
      case "junit": #expect(out.contains("errors=\"1\""))
      case "markdown": #expect(out.contains("1 kunde inte läsas"))
      case "html": #expect(out.contains("kunde inte läsas</span>"))
      default: break
      }
    }
    for format in Self.reviewFormats {
      let result = try LagkollBinary.run(["review", "samples/komplett.xml", missing, "--format", format] + Self.asOf)
      #expect(result.status == 3, "review \(format)")
      #expect(
        result.stdout.replacingOccurrences(of: "<wbr/>", with: "").contains(missing),
        "review \(format) does not name the unreadable file")
    }
    // Alone, a missing file is still reported, never "1 fil, 0 fel".
    let alone = try LagkollBinary.run(["check", "finns-inte.xml"] + Self.asOf)
    #expect(alone.status == 3)
    #expect(alone.stdout.contains("1 kunde inte läsas (finns-inte.xml)"), "\(alone.stdout)")
    #expect(alone.stdout.contains("filen finns inte"))
  }

  @Test func anInputSetWithoutPlanDocumentsIsAnError() throws {
    let empty = try scratch()
    defer { try? FileManager.default.removeItem(at: empty) }
    let foreign = try scratch()
    defer { try? FileManager.default.removeItem(at: foreign) }
    try Data("{\"name\": \"x\"}".utf8).write(to: foreign.appendingPathComponent("package.json"))
    for command in ["check", "review"] {
      for (folder, says) in [
        (empty.path, "inga plandokument"), (foreign.path, "1 fil är inte ett plandokument"),
        ("inkomna/", "inkomna/: mappen finns inte"), ("inkomna", "mappen finns inte"),
      ] {
        for format in ["text", "json", "html"] {
          let result = try LagkollBinary.run([command, folder, "--format", format] + Self.asOf)
          #expect(result.status == 3, "\(command) \(folder) --format \(format): exit \(result.status)")
          #expect(result.stdout.isEmpty, "\(command) \(folder): a report was written: \(result.stdout.prefix(200))")
          #expect(result.stderr.contains(says), "\(command) \(folder): \(result.stderr)")
          #expect(!result.stderr.contains("filen finns inte"))
        }
      }
      let english = try LagkollBinary.run([command, "inkomna/", "--lang", "en"] + Self.asOf)
      #expect(english.stderr.contains("the folder does not exist"), "\(english.stderr)")
    }
    // --output writes nothing either.
    let target = empty.appendingPathComponent("rapport.html")
    #expect(try LagkollBinary.run(["review", "inkomna/", "--format", "html", "--output", target.path]).status == 3)
    #expect(!FileManager.default.fileExists(atPath: target.path))
    // The pre-commit case: named files that --skip-foreign skips are not an error.
    #expect(
      try LagkollBinary.run(["check", "--skip-foreign", foreign.appendingPathComponent("package.json").path]).status
        == 0)
  }

  @Test func quietPrintsOnlyWhatIsNotReadyAndCountsEveryFile() throws {
    let result = try LagkollBinary.run(["check", "samples", "--quiet"] + Self.asOf)
    let full = try LagkollBinary.run(["check", "samples"] + Self.asOf)
    #expect(result.status == full.status)
    #expect(!result.stdout.contains("komplett.xml"), "a ready file is printed with --quiet")
    #expect(result.stdout.contains("saknade-delar.xml"))
    // The summary line; the coming dates follow it.
    let summary = { (text: String) in
      text.split(separator: "\n").first { $0.hasPrefix("Sammanfattning") }.map(String.init) ?? ""
    }
    #expect(summary(result.stdout) == summary(full.stdout), "--quiet changes the counts")
    #expect(summary(result.stdout).hasPrefix("Sammanfattning: 18 filer"))
    let wrongFormat = try LagkollBinary.run(["check", "samples", "--quiet", "--format", "json"] + Self.asOf)
    #expect(wrongFormat.status == 2)
  }
}
