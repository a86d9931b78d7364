import Foundation
import Testing

/// The README's examples must stay true: every `swift run lagkoll …` line of its `sh` blocks runs (in a
/// scratch folder holding the samples, as `samples/`, `inkomna/` and `planer/`) without a usage error
/// or an unreadable input, and its `.lagkoll.yaml` example is a valid configuration.
@Suite("README examples")
struct ReadmeExamplesTests {
  static let readme: String =
    (try? String(
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
      #expect(
        result.status == 0 || result.status == 1,
        "lagkoll \(arguments.joined(separator: " ")): exit \(result.status)\n\(result.stderr)")
    }
  }

  @Test func theConfigurationExampleIsValid() throws {
    let examples = Self.blocks("yaml").filter { $0.contains("suppressions:") }
    #expect(!examples.isEmpty)
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for example in examples {
      try Data(example.utf8).write(to: folder.appendingPathComponent(".lagkoll.yaml"))
      let result = try LagkollBinary.run(
        ["check", "samples/samverkan-utgangen.xml", "--as-of", "2026-11-24", "--format", "json"], in: folder)
      #expect(result.status == 0 || result.status == 1, "the README's .lagkoll.yaml is refused: \(result.stderr)")
      #expect(result.stdout.contains("\"suppressed\": true"), "the example suppression no longer applies to the sample")
    }
  }
}

/// The documentation tells the truth about the repository: its links lead somewhere, the pre-commit
/// `rev:` names something that exists, and what it says about defaults is what the program does.
@Suite("Documentation")
struct DocumentationTests {
  static let root = LagkollBinary.packageRoot

  static func text(_ path: String) -> String {
    (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
  }

  @Test(arguments: ["README.md", "samples/README.md", "docs/lagen.md", "docs/regler.md"])
  func relativeLinksLeadToFiles(document: String) throws {
    let text = Self.text(document)
    #expect(!text.isEmpty, "\(document) is missing")
    let base = Self.root.appendingPathComponent(document).deletingLastPathComponent()
    var rest = Substring(text)
    while let open = rest.range(of: "](") {
      rest = rest[open.upperBound...]
      guard let close = rest.firstIndex(of: ")") else { break }
      let target = String(rest[..<close])
      rest = rest[close...]
      if target.contains("://") || target.hasPrefix("#") || target.hasPrefix("mailto:") { continue }
      let file = String(target.split(separator: "#", maxSplits: 1).first ?? "")
      #expect(
        FileManager.default.fileExists(atPath: base.appendingPathComponent(file).path),
        "\(document) links to \(target), which does not exist")
    }
    #expect(!text.contains("DOMAIN.md"), "\(document) refers to DOMAIN.md, which the repository does not have")
  }

  @Test func thePreCommitRevExists() throws {
    let revs = ReadmeExamplesTests.blocks("yaml").flatMap { $0.split(separator: "\n") }
      .filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("rev:") }
      .map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) }
    #expect(!revs.isEmpty)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", Self.root.path, "tag", "--list"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let tags = Set(
      String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(
        String.init))
    process.waitUntilExit()
    for rev in revs {
      #expect(
        rev == "main" || tags.contains(rev),
        "README's pre-commit example names rev \(rev), which is neither main nor a tag")
    }
  }

  @Test func theSamplesReadmeStatesTheDefaultAsOfDateTruly() {
    let text = Self.text("samples/README.md")
    #expect(!text.contains("standardvärdet för\n`--as-of`") && !text.contains("standardvärdet för `--as-of`"))
    #expect(text.contains("--as-of 2026-11-24"))
  }

  @Test func theReadmeShowsEveryCommand() {
    let shown = Set(ReadmeExamplesTests.commands.compactMap(\.first))
    for command in ["check", "calendar", "review", "rules", "explain", "init", "schema", "dump"] {
      #expect(shown.contains(command), "README shows no `swift run lagkoll \(command)`")
    }
    #expect(ReadmeExamplesTests.readme.contains("## Installera"))
  }
}
