import Foundation
import Testing

/// The README's examples must stay true: every `swift run lagkoll …` line of its `sh` blocks runs (in a
/// scratch folder holding the samples, as `samples/`, `inkomna/` and `planer/`) without a usage error
/// or an unreadable input, and its `.lagkoll.yaml` example is a valid configuration.
@Suite("README examples")
struct ReadmeExamplesTests {
  static let readme: String = (try? String(
    contentsOf: LagkollBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

  /// The fenced blocks of the README with their language.
  static func blocks(_ language: String) -> [String] {
    var result: [String] = []
    var current: [String]?
    for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
      if current == nil, line.hasPrefix("```" + language), line.count == 3 + language.count {
        current = []
      } else if current != nil, line.hasPrefix("```") {
        result.append(current!.joined(separator: "\n"))
        current = nil
      } else {
        current?.append(String(line))
      }
    }
    return result
  }

  /// `swift run lagkoll check plan.xml   # comment` → ["check", "plan.xml"].
  static let commands: [[String]] = blocks("sh").flatMap { $0.split(separator: "\n") }.compactMap { line in
    let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
    // Words as a shell splits them here: on spaces, except inside double quotes ("12 § 3 p.").
    var words: [String] = []
    var word: String?
    var quoted = false
    for character in code {
      if character == "\"" {
        quoted.toggle()
        word = word ?? ""
      } else if character == " ", !quoted {
        if let done = word { words.append(done) }
        word = nil
      } else {
        word = (word ?? "") + String(character)
      }
    }
    if let done = word { words.append(done) }
    guard words.starts(with: ["swift", "run", "lagkoll"]) else { return nil }
    return Array(words.dropFirst(3))
  }

  func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-readme-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["samples", "inkomna", "planer"] {
      try FileManager.default.copyItem(
        at: LagkollBinary.packageRoot.appendingPathComponent("samples"), to: folder.appendingPathComponent(name))
    }
    return folder
  }

  @Test func theReadmeShowsTheTwoMainCommands() {
    #expect(Self.readme.contains("swift run lagkoll check samples/"))
    #expect(Self.readme.contains("swift test"))
    #expect(Self.commands.count >= 8, "\(Self.commands)")
  }

  @Test func everyCommandRuns() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for arguments in Self.commands {
      let result = try LagkollBinary.run(arguments, in: folder)
      #expect(result.status == 0 || result.status == 1, "lagkoll \(arguments.joined(separator: " ")): exit \(result.status)\n\(result.stderr)")
    }
  }

  @Test func theConfigurationExampleIsValid() throws {
    let examples = Self.blocks("yaml").filter { $0.contains("suppressions:") }
    #expect(!examples.isEmpty)
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for example in examples {
      try Data(example.utf8).write(to: folder.appendingPathComponent(".lagkoll.yaml"))
      let result = try LagkollBinary.run(["check", "samples/samverkan-utgangen.xml", "--as-of", "2026-11-24", "--format", "json"], in: folder)
      #expect(result.status == 0 || result.status == 1, "the README's .lagkoll.yaml is refused: \(result.stderr)")
      #expect(result.stdout.contains("\"suppressed\": true"), "the example suppression no longer applies to the sample")
    }
  }
}
