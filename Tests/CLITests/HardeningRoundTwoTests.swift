import Foundation
import Testing

/// The attacks of issue 14 ("hardening, second round"), each run on the built binary under a watchdog:
/// every shape ends within its bound (far below the minutes it took before) with an exit code of 0–3.
/// The bounds are for a debug build on two busy cores; speed is measured in bench/, not here.
@Suite("Hardening, second round: the binary survives the attacks the first round missed")
struct HardeningRoundTwoTests {
  let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-harden2-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  static let sample = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.json")
  static let sampleXML = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml")

  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  func sampleText(xml: Bool = false) throws -> String {
    try String(contentsOf: xml ? Self.sampleXML : Self.sample, encoding: .utf8)
  }

  /// The sample with `member` (JSON text, no braces) added at the end of its top-level object.
  func sampleWith(_ members: String) throws -> String {
    var text = try sampleText()
    while text.last?.isWhitespace == true { text.removeLast() }
    text.removeLast()  // the closing brace
    return text + "," + members + "}\n"
  }

  func json(_ output: Watchdog.Output, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
      "no JSON report (exit \(output.status)): \(output.stdout.prefix(300)) \(output.stderr.prefix(300))",
      sourceLocation: sourceLocation)
  }

  // MARK: 1. Nothing crashes

  @Test func datesInYear9999DoNotCrashTheCheck() throws {
    let text = try sampleText().replacingOccurrences(
      of: #""datum": "\d{4}-\d{2}-\d{2}""#, with: #""datum": "9999-12-31""#, options: .regularExpression)
    let file = try write("ar9999.json", text)
    let output = try Watchdog.run(["check", "--format", "json", "--as-of", "2026-11-24", file])
    #expect([0, 1].contains(output.status), "exit \(output.status): \(output.stderr.suffix(400))")
    _ = try json(output)
  }

  @Test(arguments: ["9999-12-31", "9999-01-01", "0001-01-01", "0004-02-29"])
  func extremeAsOfDatesDoNotCrash(asOf: String) throws {
    let output = try Watchdog.run(["check", "--format", "json", "--as-of", asOf, Self.sample.path])
    #expect([0, 1].contains(output.status), "exit \(output.status) for --as-of \(asOf): \(output.stderr.suffix(400))")
    _ = try json(output)
    let review = try Watchdog.run(["review", "--format", "json", "--as-of", asOf, Self.sample.path])
    #expect([0, 1].contains(review.status), "review exit \(review.status): \(review.stderr.suffix(400))")
  }

  @Test func aFullDiskIsExitTwoWithAMessage() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    let toFile = try Watchdog.run(["check", "--output", "/dev/full", "--as-of", "2026-11-24", Self.sample.path])
    #expect(toFile.status == 2, "exit \(toFile.status)")
    #expect(toFile.stderr.contains("/dev/full"), "\(toFile.stderr)")
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let toStdout = try Watchdog.run(["check", "--as-of", "2026-11-24", Self.sample.path], stdout: full)
    #expect(toStdout.status == 2, "exit \(toStdout.status): \(toStdout.stderr)")
    #expect(toStdout.stderr.contains("standard"), "\(toStdout.stderr)")
  }

  @Test func aClosedStandardOutputIsExitTwoNotASignal() throws {
    // A pipe whose reading end is closed before lagkoll writes: EPIPE (SIGPIPE is ignored).
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()
    let output = try Watchdog.run(
      ["check", "--format", "json", "--as-of", "2026-11-24", Self.sample.path], stdout: pipe.fileHandleForWriting)
    #expect(output.status == 2, "exit \(output.status): \(output.stderr)")
  }

  // MARK: 5. --output: never follow, never clobber, never lose

  /// Runs `script` in /bin/sh with "$0" the lagkoll binary and `$1` this test's folder: the shell can
  /// prepare what depends on lagkoll's process id (`$$`, kept by `exec`) or set a ulimit first.
  func shell(_ script: String, timeout: Double = 20) throws -> Watchdog.Output {
    let binary = try #require(LagkollBinary.url).path
    return try Watchdog.run(["-c", script, binary, folder.path], timeout: timeout, executable: "/bin/sh")
  }

  @Test func theTemporaryFileNeverFollowsAPlantedLink() throws {
    let report = folder.appendingPathComponent("rapport.json").path
    let victim = try write("offer.txt", "orörd\n")
    // A link at the name the old scheme chose (the process id), planted by the shell that then becomes
    // lagkoll with the same id.
    let output = try shell(
      #"ln -s "$1/offer.txt" "$1/.rapport.json.$$.tmp" && exec "$0" check --format json --output "$1/rapport.json" --as-of 2026-11-24 "#
        + "'\(Self.sample.path)'")
    #expect([0, 1].contains(output.status), "exit \(output.status): \(output.stderr)")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "orörd\n")
    #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"files\""))
  }

  @Test func outputOntoAnInputIsRefused() throws {
    let plan = try write("plan.json", try sampleText())
    let before = try Data(contentsOf: URL(fileURLWithPath: plan))
    for target in [plan, folder.appendingPathComponent("./plan.json").path] {
      let output = try Watchdog.run(["check", "--output", target, "--as-of", "2026-11-24", plan])
      #expect(output.status == 2, "exit \(output.status)")
      #expect(output.stderr.contains("plan.json"), "\(output.stderr)")
    }
    // The same file named through a link, and found by a folder search.
    let link = folder.appendingPathComponent("lank.json").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: plan)
    #expect(try Watchdog.run(["check", "--output", link, "--as-of", "2026-11-24", plan]).status == 2)
    #expect(try Watchdog.run(["check", "--output", plan, "--as-of", "2026-11-24", folder.path]).status == 2)
    #expect(try Watchdog.run(["review", "--output", plan, "--as-of", "2026-11-24", folder.path]).status == 2)
    #expect(try Data(contentsOf: URL(fileURLWithPath: plan)) == before)
  }

  @Test func aReplacedReportKeepsItsModeAndLeavesNoTemporaryFile() throws {
    let report = try write("rapport.txt", "gammal\n")
    #expect(chmod(report, 0o600) == 0)
    let output = try Watchdog.run(["check", "--output", report, "--as-of", "2026-11-24", Self.sample.path])
    #expect([0, 1].contains(output.status))
    var info = stat()
    #expect(stat(report, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    #expect(left.isEmpty, "\(left)")
  }

  @Test func aWriteStoppedByAFileSizeLimitLeavesNoTemporaryFile() throws {
    // ulimit -f 1: the report is larger than one block, so the write fails half-way (SIGXFSZ or EFBIG).
    let output = try shell(
      #"ulimit -f 1 && exec "$0" check --format html --output "$1/rapport.html" --as-of 2026-11-24 "#
        + "'\(Self.sample.path)'")
    #expect(output.status == 2, "exit \(output.status): \(output.stderr)")
    #expect(output.stderr.contains("rapport.html"), "\(output.stderr)")
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(left.isEmpty, "\(left)")
  }

  @Test func anInterruptedWriteLeavesNoTemporaryFile() throws {
    // A report large enough to take a while to render and write; interrupted with SIGINT and SIGTERM at
    // several moments, no `.tmp` may remain.
    let plans = folder.appendingPathComponent("planer")
    try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
    let text = try sampleText()
    for index in 0..<40 { try Data(text.utf8).write(to: plans.appendingPathComponent("p\(index).json")) }
    let reports = folder.appendingPathComponent("rapporter")
    try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
    for (attempt, delay) in [0.05, 0.15, 0.3, 0.5].enumerated() {
      let running = try Watchdog.start([
        "check", "--format", "html", "--output", reports.appendingPathComponent("r\(attempt).html").path,
        "--as-of", "2026-11-24", plans.path,
      ])
      Thread.sleep(forTimeInterval: delay)
      kill(running.process.processIdentifier, attempt % 2 == 0 ? SIGINT : SIGTERM)
      _ = running.wait()
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { $0.hasSuffix(".tmp") }
    #expect(left.isEmpty, "\(left)")
  }
}
