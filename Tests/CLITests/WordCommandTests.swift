import Foundation
import Testing
import XMLTestSupport

@testable import PlanDocument

/// `init --format docx`, `convert` and the reviewed copy (`check --format docx`), run as a user runs them.
@Suite("Command line: Word documents")
struct WordCommandTests: ScratchFolder {
  let temporary = WordCommandTests.make("lagkoll-word")

  /// The findings of a JSON report's first file, not the dates still to come (`nextDue`), which name
  /// their rule too.
  static func findingCount(_ json: String) throws -> Int {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let file = try #require((object["files"] as? [[String: Any]])?.first)
    return try #require(file["findings"] as? [Any]).count
  }

  static func read(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

  static func part(_ docx: [UInt8], _ name: String) throws -> String? {
    try ZipArchive(docx).contents(named: name).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The text of every paragraph of the body, in order (comments live in their own part).
  static func paragraphTexts(_ document: String) -> [String] {
    var texts: [String] = []
    var depth = 0
    var current = ""
    var inText = false
    let scanner = XMLEventScanner()
    scanner.onStart = { element in
      if element.name == "p" { depth += 1 }
      if element.name == "t" { inText = true }
      if element.name == "tab" { current += "\t" }
      if element.name == "br" { current += "\n" }
    }
    scanner.onText = { if inText { current += $0 } }
    scanner.onEnd = { name in
      if name == "t" { inText = false }
      if name == "p" {
        depth -= 1
        texts.append(current)
        current = ""
      }
    }
    #expect(scanner.scan(document) == nil)
    return texts
  }

  @Test func initWritesAWordTemplateAndNeverOverwritesIt() throws {
    let target = path("plan.docx")
    let first = try LagkollBinary.run(["init", "--format", "docx", "--kommun", "1282", "--output", target])
    #expect(first.status == 0, "\(first.stderr)")
    let bytes = try Self.read(target)
    #expect(ZipArchive.looksLikeZip(bytes))
    let again = try LagkollBinary.run(["init", "--format", "docx", "--kommun", "1282", "--output", target])
    #expect(again.status == 2)
    #expect(again.stderr.contains("--force"))
    #expect(try Self.read(target) == bytes)
    #expect(try LagkollBinary.run(["init", "--format", "docx", "--output", target, "--force"]).status == 0)
    // The template reads as a plan, and its findings are those of the JSON template.
    try Data(
      PlanTemplate.render(
        format: .json, kommunNamn: PlanTemplate.unknownKommunNamn,
        kommunKod: PlanTemplate.unknownKommunKod, lan: nil
      ).utf8
    ).write(to: URL(fileURLWithPath: path("plan.json")))
    let word = try LagkollBinary.run(["check", "--format", "json", "--as-of", "2026-11-24", target])
    let json = try LagkollBinary.run(["check", "--format", "json", "--as-of", "2026-11-24", path("plan.json")])
    #expect(word.status == 1 && json.status == 1)
    func rules(_ report: String) -> [String] {
      report.components(separatedBy: "\"ruleId\": \"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.sorted()
    }
    #expect(rules(word.stdout) == rules(json.stdout))
    #expect(!rules(word.stdout).isEmpty)
  }

  @Test func convertGoesEveryWayAndBack() throws {
    let sample = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.json").path
    let docx = path("komplett.docx")
    #expect(try LagkollBinary.run(["convert", sample, "--to", "docx", "--output", docx]).status == 0)
    let xml = try LagkollBinary.run(["convert", docx, "--to", "xml"])
    #expect(xml.status == 0, "\(xml.stderr)")
    try Data(xml.stdout.utf8).write(to: URL(fileURLWithPath: path("komplett.xml")))
    let json = try LagkollBinary.run(["convert", path("komplett.xml"), "--to", "json"])
    #expect(json.status == 0)
    // The same tree as the sample's, written by the same serializer.
    let direct = try LagkollBinary.run(["convert", sample, "--to", "json"])
    #expect(direct.status == 0)
    #expect(json.stdout == direct.stdout, "JSON → Word → XML → JSON changed the plan")
    // Never onto the input.
    let onto = try LagkollBinary.run(["convert", docx, "--to", "docx", "--output", docx, "--force"])
    #expect(onto.status == 2)
  }

  /// A pipe (or a device) named as the output of `convert --force` or `init --force` is written to, as
  /// `check --output` writes to one, never replaced by a file: renamed over /dev/full as root, a file
  /// took the device's place. The test holds the pipe open for reading and writing itself, so the
  /// command's open never waits and nothing hangs if the pipe is replaced.
  @Test(arguments: [["convert", "samples/komplett.json", "--to", "json"], ["init", "--format", "json"]])
  func aPipeNamedAsTheOutputIsWrittenToNotReplaced(command: [String]) throws {
    let fifo = path("ut-\(command[0]).fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    let held = open(fifo, O_RDWR | O_NONBLOCK)
    #expect(held >= 0)
    defer { close(held) }
    var arguments = command
    if arguments[0] == "convert" {
      arguments[1] = LagkollBinary.packageRoot.appendingPathComponent(arguments[1]).path
    }
    let result = try LagkollBinary.run(arguments + ["--output", fifo, "--force"])
    #expect(result.status == 0, "\(result.stderr)")
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the pipe was replaced")
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    #if canImport(Glibc)
      let count = Glibc.read(held, &buffer, buffer.count)
    #else
      let count = Darwin.read(held, &buffer, buffer.count)
    #endif
    #expect(count > 0 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).contains("\"kommun\""))
  }

  @Test func theReviewedCopyCommentsEveryFindingAndLeavesTheTextAlone() throws {
    let sample = LagkollBinary.packageRoot.appendingPathComponent("samples/trasiga-referenser.docx").path
    let input = path("plan.docx")
    try FileManager.default.copyItem(atPath: sample, toPath: input)
    let before = try Self.read(input)
    let output = path("plan-granskad.docx")
    let run = try LagkollBinary.run([
      "check", input, "--format", "docx", "--output", output, "--as-of", "2026-11-24",
    ])
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stderr.contains("Inte klar"))
    #expect(try Self.read(input) == before, "the input was written to")
    let copy = try Self.read(output)
    let report = try LagkollBinary.run(["check", input, "--format", "json", "--as-of", "2026-11-24"])
    let findings = try Self.findingCount(report.stdout)
    #expect(findings > 3)

    let oldDocument = try #require(try Self.part(before, "word/document.xml"))
    let newDocument = try #require(try Self.part(copy, "word/document.xml"))
    #expect(Self.paragraphTexts(oldDocument) == Self.paragraphTexts(newDocument))
    let comments = try #require(try Self.part(copy, "word/comments.xml"))
    #expect(XMLEventScanner().scan(comments) == nil)
    // One comment per finding and one with the verdict.
    #expect(comments.components(separatedBy: "<w:comment ").count - 1 == findings + 1)
    #expect(newDocument.components(separatedBy: "<w:commentReference ").count - 1 == findings + 1)
    #expect(comments.contains(#"w:author="lagkoll""#))
    // Dated on the as-of date: undated comments show as written in year -1 in LibreOffice.
    #expect(
      comments.components(separatedBy: #"w:date="2026-11-24T00:00:00Z""#).count - 1 == findings + 1)
    #expect(comments.contains("lagkoll explain"))
    #expect(comments.contains("Inte klar"))
    #expect(try #require(try Self.part(copy, "[Content_Types].xml")).contains("/word/comments.xml"))
    #expect(try #require(try Self.part(copy, "word/_rels/document.xml.rels")).contains("comments.xml"))
    // Every other part keeps its bytes.
    let original = try ZipArchive(before)
    for name in ["word/styles.xml", "docProps/core.xml", "docProps/custom.xml", "word/settings.xml"] {
      #expect(try original.contents(named: name) == ZipArchive(copy).contents(named: name), "\(name) changed")
    }
    // The reviewed copy is itself a plan with the same findings.
    let again = try LagkollBinary.run(["check", output, "--format", "json", "--as-of", "2026-11-24"])
    #expect(try Self.findingCount(again.stdout) == findings)
  }

  @Test func theReviewedCopyTakesOneWordDocumentOnly() throws {
    let xml = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml").path
    let docx = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.docx").path
    let notWord = try LagkollBinary.run(["check", xml, "--format", "docx", "--output", path("x.docx")])
    #expect(notWord.status == 2)
    #expect(notWord.stderr.contains(".docx"))
    let other = LagkollBinary.packageRoot.appendingPathComponent("samples/saknade-delar.docx").path
    let two = try LagkollBinary.run(["check", docx, other, "--format", "docx", "--output", path("x.docx")])
    #expect(two.status == 2)
    let noOutput = try LagkollBinary.run(["check", docx, "--format", "docx"])
    #expect(noOutput.status == 2)
    #expect(noOutput.stderr.contains("--output"))
    let onto = try LagkollBinary.run(["check", docx, "--format", "docx", "--output", docx])
    #expect(onto.status == 2)
    #expect(!FileManager.default.fileExists(atPath: path("x.docx")))
  }
}
