import ArgumentParser
import Testing

@testable import lagkoll

/// The plain `check` lane (`CheckLane`) reads a command line without ArgumentParser. Whatever it accepts
/// must mean exactly what ArgumentParser makes of it, and whatever it is unsure of must go to
/// ArgumentParser, whose errors and help are the command line's.
@Suite("The plain check lane")
struct CheckLaneTests {
  /// Command lines the lane takes, each compared with ArgumentParser's reading.
  static let taken: [[String]] = [
    ["check", "plan.docx"],
    ["check", "samples/"],
    ["check", "a.xml", "b.json", "c.docx"],
    ["check", "plan.docx", "--format", "json", "--output", "report.json", "--fail-on", "never"],
    ["check", "--format", "sarif", "plan.xml"],
    ["check", "--lang", "en", "--as-of", "2026-11-24", "plan.xml", "--quiet"],
    ["check", "--skip-foreign", "plan.xml", "README.md"],
    ["check", "plan.docx", "--format", "docx", "--output", "plan-granskad.docx"],
    ["check", "--rules", "rules", "--config", "lagkoll.yaml", "--max-file-size", "1000000", "plan.xml"],
    ["check", "--fail-on", "warning", "--format", "html", "--output", "r.html", "x.json"],
    ["check", "--format", "junit", "p.xml"],
    ["check", "plan med mellanslag.xml", "--lang", "sv"],
    ["check", "plan.xml", "--max-file-size", "0"],
  ]

  /// Command lines the lane leaves to ArgumentParser: help, other spellings, repeats, bad values, standard
  /// input, options it does not know, or no file.
  static let leftToArgumentParser: [[String]] = [
    [],
    ["--version"],
    ["review", "samples/"],
    ["--lang", "en", "check", "plan.xml"],
    ["check"],
    ["check", "--help"],
    ["check", "-h", "plan.xml"],
    ["check", "--format=json", "plan.xml"],
    ["check", "--", "-plan.xml"],
    ["check", "-"],
    ["check", "plan.xml", "--format"],
    ["check", "plan.xml", "--format", "pdf"],
    ["check", "plan.xml", "--format", "--quiet"],
    ["check", "plan.xml", "--format", "json", "--format", "text"],
    ["check", "plan.xml", "--quiet", "--quiet"],
    ["check", "plan.xml", "--lang", "de"],
    ["check", "plan.xml", "--as-of", "2026-02-30"],
    ["check", "plan.xml", "--fail-on", "sometimes"],
    ["check", "plan.xml", "--max-file-size", "ten"],
    ["check", "plan.xml", "--output", ""],
    ["check", ""],
    ["check", "plan.xml", "--colour"],
    ["check", "plan.xml", "--skip-foreign=true"],
  ]

  @Test(arguments: taken)
  func takesWhatArgumentParserReadsTheSame(_ arguments: [String]) throws {
    let lane = try #require(CheckLane.request(arguments), "the lane declined \(arguments)")
    let parsed = try Lagkoll.parseAsRoot(arguments)
    let check = try #require(parsed as? Check, "ArgumentParser did not read \(arguments) as check")
    #expect(lane == check.request, "\(arguments)")
  }

  @Test(arguments: leftToArgumentParser)
  func leavesTheRestToArgumentParser(_ arguments: [String]) {
    #expect(CheckLane.request(arguments) == nil, "\(arguments)")
  }

  /// The defaults of a request are the defaults of `check`'s options, so a lane that sets nothing
  /// means what `check FILE` means.
  @Test func defaultsAreCheckDefaults() throws {
    let check = try #require(try Lagkoll.parseAsRoot(["check", "plan.xml"]) as? Check)
    #expect(CheckRequest(paths: ["plan.xml"]) == check.request)
  }

  /// One plan without a configuration file is read while the rule set is decoded on the other core
  /// (`CheckRequest.ruleSetReadingAhead`): the read obeys `--max-file-size`, and a rule set that cannot
  /// be loaded is still the one error reported, with nothing on standard output.
  @Test func thePlanReadAheadKeepsLimitsAndTheOrderOfErrors() throws {
    let sample = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml").path
    let tooLarge = try LagkollBinary.run(["check", sample, "--max-file-size", "1000", "--as-of", "2026-12-01"])
    #expect(tooLarge.status == 3, "exit \(tooLarge.status): \(tooLarge.stderr)")
    #expect(tooLarge.stdout.contains("större än gränsen 1000 byte"), "\(tooLarge.stdout)")
    let noRules = try LagkollBinary.run(["check", sample, "--rules", "/finns-inte", "--max-file-size", "1000"])
    #expect(noRules.status == 2, "exit \(noRules.status): \(noRules.stderr)")
    #expect(noRules.stdout.isEmpty)
    #expect(noRules.stderr.contains("/finns-inte"), "\(noRules.stderr)")
    #expect(!noRules.stderr.contains("1000"), "\(noRules.stderr)")
  }
}
