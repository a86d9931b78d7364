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

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
  func aFullDiskIsExitTwoWithAMessage() throws {
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

  // MARK: 2. Time linear in the input, whatever its shape

  /// Runs `check` on one file with a 5 s watchdog (a debug build), and returns the run and its first
  /// file's JSON result.
  func checkFast(_ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
    Watchdog.Output, [String: Any]
  ) {
    let output = try Watchdog.run(
      ["check", "--format", "json", "--as-of", "2026-11-24", file], timeout: 5, sourceLocation: sourceLocation)
    let report = try json(output, sourceLocation: sourceLocation)
    let first = (report["files"] as? [[String: Any]])?.first ?? [:]
    return (output, first)
  }

  func expectRefused(
    _ file: String, at line: Int, _ column: Int, saying words: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let (output, result) = try checkFast(file, sourceLocation: sourceLocation)
    #expect(output.status == 3, "exit \(output.status)", sourceLocation: sourceLocation)
    let error = result["error"] as? [String: Any] ?? [:]
    #expect(error["line"] as? Int == line, "\(error)", sourceLocation: sourceLocation)
    #expect(error["column"] as? Int == column, "\(error)", sourceLocation: sourceLocation)
    #expect((error["message"] as? String ?? "").contains(words), "\(error)", sourceLocation: sourceLocation)
  }

  @Test func fortyThousandUnknownKeysAreRefusedAtTheFirstPastTheCap() throws {
    let text = try sampleWith((0..<40_000).map { "\n\"u\($0)\": 1" }.joined(separator: ","))
    let file = try write("nycklar.json", text)
    // The 1 001st key of the top level is refused.
    let sample = try #require(try JSONSerialization.jsonObject(with: Data(try sampleText().utf8)) as? [String: Any])
    let key = "\"u\(1_000 - sample.count)\""
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(key) }! + 1
    try expectRefused(file, at: line, 1, saying: "1000")
  }

  @Test func fortyThousandDuplicateKeysAreRefused() throws {
    let file = try write(
      "dubbletter.json",
      try sampleWith((0..<40_000).map { _ in "\"upprattad\": \"2026-01-01\"" }.joined(separator: ",")))
    let (output, _) = try checkFast(file)
    #expect(output.status == 3)
  }

  @Test func twentyThousandRepeatedElementsUnderPlanAreRefused() throws {
    let text = try sampleText(xml: true).replacingOccurrences(
      of: "</plan>", with: String(repeating: "<upprattad>2026-01-01</upprattad>\n", count: 20_000) + "</plan>")
    let (output, result) = try checkFast(try write("upprepade.xml", text))
    #expect(output.status == 3, "exit \(output.status)")
    let message = (result["error"] as? [String: Any])?["message"] as? String
    #expect((message ?? "").contains("<plan>"), "\(result)")
  }

  @Test func aThousandUnknownKeysUnderTheCapAreStillFast() throws {
    let file = try write("tusen.json", try sampleWith((0..<980).map { "\"u\($0)\": 1" }.joined(separator: ",")))
    let (output, result) = try checkFast(file)
    #expect([0, 1].contains(output.status), "exit \(output.status)")
    // Listed up to the cap, the rest in one summary finding.
    let findings = result["findings"] as? [[String: Any]] ?? []
    #expect(findings.contains { ($0["message"] as? String ?? "").contains("880 fynd till") }, "\(findings.count)")
  }

  @Test func anElementWithThreeHundredThousandAttributesIsRefusedAtItsTag() throws {
    let attributes = (0..<300_000).map { "a\($0)=\"v\"" }.joined(separator: " ")
    let text = try sampleText(xml: true).replacingOccurrences(of: "<kommun>", with: "<kommun \(attributes)>")
    let file = try write("attribut.xml", text)
    let line = text.components(separatedBy: "\n").firstIndex { $0.contains("<kommun ") }! + 1
    try expectRefused(file, at: line, 3, saying: "64")
  }

  @Test func attributesOnTheRootAndNamespaceDeclarationsCountToo() throws {
    let declarations = (0..<100).map { "xmlns:p\($0)=\"urn:x\($0)\"" }.joined(separator: " ")
    let text = try sampleText(xml: true).replacingOccurrences(of: "<plan ", with: "<plan \(declarations) ")
    let line = text.components(separatedBy: "\n").firstIndex { $0.contains("<plan ") }! + 1
    try expectRefused(try write("namnrymder.xml", text), at: line, 1, saying: "64")
    // Up to the cap is fine, and `>` or `=` inside a quoted value is no attribute.
    let many = (0..<62).map { "b\($0)='x=y>z'" }.joined(separator: " ")
    let fine = try sampleText(xml: true).replacingOccurrences(
      of: "<kommun>", with: "<kommun a=\"x=1&amp;y=2>3\" \(many)>")
    #expect(try checkFast(try write("fa.xml", fine)).0.status != 3)
  }

  @Test(arguments: [
    "<!ATTLIST x \((0..<20_000).map { "a\($0) CDATA \"v\"" }.joined(separator: " "))>",
    "<!ELEMENT plan ANY>", "<!NOTATION n SYSTEM \"x\">", "%pe;", "<!-- a comment --><!ATTLIST plan a CDATA #IMPLIED>",
  ])
  func anyDeclarationInAnInternalSubsetIsRefused(declaration: String) throws {
    let sample = try sampleText(xml: true)
    let text = sample.replacingOccurrences(
      of: "<plan xmlns", with: "<!DOCTYPE plan [\n  \(declaration)\n]>\n<plan xmlns", options: [],
      range: sample.range(of: "<plan xmlns")
    )
    .replacingOccurrences(of: "</plan>", with: String(repeating: "<x/>", count: 1_000) + "</plan>")
    let line =
      text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  ") && $0.contains(declaration.prefix(6)) }! + 1
    let column = declaration.hasPrefix("<!--") ? 3 + "<!-- a comment -->".count : 3
    try expectRefused(try write("dtd.xml", text), at: line, column, saying: "DTD")
  }

  @Test func aDoctypeWithoutAnInternalSubsetIsNoDeclaration() throws {
    let sample = try sampleText(xml: true)
    let text = sample.replacingOccurrences(
      of: "<plan xmlns", with: "<!DOCTYPE plan>\n<plan xmlns", options: [], range: sample.range(of: "<plan xmlns"))
    #expect(try checkFast(try write("doctype.xml", text)).0.status != 3)
  }

  // MARK: 5. Folder scans: nothing dropped in silence, nothing read from outside

  /// `name` as raw bytes in `folder` (a name that need not be UTF-8).
  func writeRaw(_ name: [UInt8], in folder: URL, _ text: String) throws -> [UInt8] {
    let path = Array(folder.path.utf8) + [0x2F] + name
    let descriptor = open(path.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(descriptor >= 0)
    let bytes = Array(text.utf8)
    #expect(Foundation.write(descriptor, bytes, bytes.count) == bytes.count)
    close(descriptor)
    return path
  }

  @Test func aFolderScanListsEveryEntryItCannotCheck() throws {
    let plans = folder.appendingPathComponent("inlamnat")
    let outside = folder.appendingPathComponent("utanfor")
    try FileManager.default.createDirectory(
      at: plans.appendingPathComponent("under"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    let plan = try sampleText()
    try Data(plan.utf8).write(to: outside.appendingPathComponent("hemlig.json"))
    _ = try writeRaw(Array("pl".utf8) + [0xE5] + Array("n.json".utf8), in: plans, plan)  // Latin-1 "plån"
    try Data(plan.utf8).write(to: plans.appendingPathComponent(".dold.json"))
    let links: [(String, String)] = [
      ("dinglar.json", "finns-inte.json"), ("a.json", "b.json"), ("b.json", "a.json"),
      ("ut", outside.path), ("ut.json", outside.appendingPathComponent("hemlig.json").path), ("under/upp", ".."),
    ]
    for (name, target) in links {
      try FileManager.default.createSymbolicLink(
        atPath: plans.appendingPathComponent(name).path, withDestinationPath: target)
    }
    let output = try Watchdog.run(["check", "--format", "json", "--as-of", "2026-11-24", plans.path])
    let files = try json(output)["files"] as? [[String: Any]] ?? []
    func entry(_ suffix: String) -> [String: Any]? { files.first { ($0["path"] as? String ?? "").hasSuffix(suffix) } }
    func reason(_ suffix: String) -> String { (entry(suffix)?["error"] as? [String: Any])?["message"] as? String ?? "" }
    // The name that is not UTF-8 is checked, and shown with its byte.
    #expect(entry("pl\\xE5n.json")?["status"] as? String == "passed", "\(files.map { $0["path"] ?? "" })")
    #expect(entry(".dold.json")?["status"] as? String == "passed")
    #expect(entry("dinglar.json")?["status"] as? String == "skipped")
    #expect(reason("dinglar.json").contains("inte finns"), "\(reason("dinglar.json"))")
    #expect(reason("/a.json").contains("slinga"))
    #expect(reason("/b.json").contains("slinga"))
    #expect(reason("/ut").contains("utanför"))
    #expect(reason("/ut.json").contains("utanför"))
    #expect(entry("hemlig.json") == nil, "a link led the scan out of the folder")
    // The folder reached again through under/upp is searched once.
    #expect(files.count == 7, "\(files.map { $0["path"] ?? "" })")
  }

  @Test func aNamedFileWhoseNameIsNotUTF8IsRead() throws {
    let raw = try writeRaw(Array("pl".utf8) + [0xE5] + Array("n.json".utf8), in: folder, try sampleText())
    // Through the shell, so the argument reaches lagkoll as the bytes, not as repaired text.
    let output = try shell(#"cd "$1" && exec "$0" check --format json --as-of 2026-11-24 "$(printf 'pl\345n.json')""#)
    #expect(output.status == 0 || output.status == 1, "exit \(output.status): \(output.stdout.prefix(400))")
    #expect(!output.stdout.contains("finns inte"))
    // Not reachable as text.
    #expect(FileManager.default.fileExists(atPath: String(decoding: raw, as: UTF8.self)) == false)
  }

  @Test(.enabled(if: getuid() != 0, "root reads every folder"))
  func anUnreadableFolderIsReportedNotSkipped() throws {
    let locked = folder.appendingPathComponent("last")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    chmod(locked.path, 0o000)
    defer { chmod(locked.path, 0o755) }
    let output = try Watchdog.run(["check", "--format", "json", "--as-of", "2026-11-24", folder.path])
    #expect(output.status == 3)
  }

  // MARK: 6. Configuration that cannot disarm the tool

  @Test func aPipeNamedLagkollYamlIsRefusedNotWaitedOn() throws {
    let work = folder.appendingPathComponent("arbete")
    try FileManager.default.createDirectory(at: work.appendingPathComponent(".git"), withIntermediateDirectories: true)
    #expect(mkfifo(work.appendingPathComponent(".lagkoll.yaml").path, 0o644) == 0)
    let output = try Watchdog.run(["check", "--as-of", "2026-11-24", Self.sample.path], timeout: 5, folder: work)
    #expect(output.status == 2, "exit \(output.status): \(output.stderr)")
    #expect(output.stderr.contains(".lagkoll.yaml"), "\(output.stderr)")
    let named = try Watchdog.run(
      ["check", "--config", "/dev/zero", "--as-of", "2026-11-24", Self.sample.path], timeout: 5, folder: work)
    #expect(named.status == 2, "exit \(named.status): \(named.stderr)")
  }

  @Test func aPipeInARuleFolderIsRefusedNotWaitedOn() throws {
    let rules = folder.appendingPathComponent("regler-kopia")
    try FileManager.default.copyItem(at: LagkollBinary.packageRoot.appendingPathComponent("rules"), to: rules)
    #expect(mkfifo(rules.appendingPathComponent("regler/ror.yaml").path, 0o644) == 0)
    let output = try Watchdog.run(
      ["check", "--rules", rules.path, "--as-of", "2026-11-24", Self.sample.path], timeout: 5)
    #expect(output.status == 2, "exit \(output.status): \(output.stderr)")
    #expect(output.stderr.contains("ror.yaml"), "\(output.stderr)")
  }

  @Test func aHugeMaxFileSizeIsAUsageErrorNotATrap() throws {
    let output = try Watchdog.run([
      "check", "--max-file-size", "9223372036854775807", "--as-of", "2026-11-24", Self.sample.path,
    ])
    #expect(output.status == 2, "exit \(output.status): \(output.stderr)")
    #expect(output.stderr.contains("--max-file-size"))
  }

  @Test func theDeepestConfigurableNestingIsReadWithoutOverflowingTheStack() throws {
    let work = folder.appendingPathComponent("djup")
    try FileManager.default.createDirectory(at: work.appendingPathComponent(".git"), withIntermediateDirectories: true)
    try Data("limits:\n  maxDepth: 1000\n".utf8).write(to: work.appendingPathComponent(".lagkoll.yaml"))
    // 998 levels under the plan's own, and 20 000 more nodes so that the rules run on several threads.
    let deep = String(repeating: "{\"a\": ", count: 998) + "1" + String(repeating: "}", count: 998)
    let wide = (0..<20_000).map { "\"x\($0 % 900)\"" }.joined(separator: ",")
    let text = try sampleWith("\"djup\": \(deep), \"bred\": [\(wide)]")
    let file = try write("djup/plan.json", text)
    let output = try Watchdog.run(
      ["check", "--format", "json", "--as-of", "2026-11-24", file], timeout: 20, folder: work)
    #expect([0, 1].contains(output.status), "exit \(output.status): \(output.stderr.suffix(300))")
  }

  @Test(arguments: ["text", "json", "sarif", "junit", "github", "markdown", "html"])
  func everyFormatSaysWhichConfigurationSilencedWhat(format: String) throws {
    let work = folder.appendingPathComponent("repo-\(format)")
    try FileManager.default.createDirectory(at: work.appendingPathComponent(".git"), withIntermediateDirectories: true)
    // Guidance rules: a statutory one can only be made stricter (and that is said too).
    try Data(
      "severity:\n  AP-006: off\n  AP-007: info\n  LB-001: error\nparameters:\n  lagesbild.maxAlderManader: 18\n".utf8
    )
    .write(to: work.appendingPathComponent(".lagkoll.yaml"))
    let output = try Watchdog.run(
      ["check", "--format", format, "--as-of", "2026-11-24", Self.sample.path], folder: work)
    #expect([0, 1].contains(output.status), "exit \(output.status): \(output.stderr)")
    for words in [".lagkoll.yaml", "AP-006 avstängd", "AP-007", "sänkt", "lagesbild.maxAlderManader 18"] {
      #expect(output.stdout.contains(words), "\(format) does not say \(words)")
    }
    if format == "text" {
      let review = try Watchdog.run(["review", "--as-of", "2026-11-24", Self.sample.path], folder: work)
      #expect(review.stdout.contains("AP-006 avstängd"), "\(review.stdout.suffix(400))")
    }
  }

  // MARK: 7. Rule sets from other people

  /// A copy of the bundled rule set with one more rule file, `regler/extra.yaml`.
  func ruleSet(adding rules: String) throws -> URL {
    let copy = folder.appendingPathComponent("regler-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: LagkollBinary.packageRoot.appendingPathComponent("rules"), to: copy)
    try Data(("omrade: extra\nrules:\n" + rules).utf8).write(to: copy.appendingPathComponent("regler/extra.yaml"))
    return copy
  }

  static func rule(select: String = "/", check: String, options: String) -> String {
    """
      - id: X-001
        obligation: dokument.kommun
        title: {sv: "Test.", en: "Test."}
        select: \(select)
        check: \(check)
        options: \(options)
        message: {sv: "Fel.", en: "Wrong."}

    """
  }

  @Test func aCatastrophicPatternCostsLinearTime() throws {
    let rules = try ruleSet(
      adding: Self.rule(check: "value", options: #"{field: kommun/namn, is: {matches: "(a|aa)*(a+)+$"}}"#))
    var plan = try #require(try JSONSerialization.jsonObject(with: Data(try sampleText().utf8)) as? [String: Any])
    plan["kommun"] = ["namn": String(repeating: "a", count: 50_000) + "b", "kod": "1282"]
    let file = folder.appendingPathComponent("lang.json")
    try JSONSerialization.data(withJSONObject: plan).write(to: file)
    let output = try Watchdog.run(
      ["check", "--rules", rules.path, "--format", "json", "--as-of", "2026-11-24", file.path], timeout: 5)
    #expect([0, 1, 2].contains(output.status), "exit \(output.status): \(output.stderr.prefix(300))")
    if output.status == 2 { Issue.record("the rule set did not load: \(output.stderr.prefix(500))") }
    // rules lint refuses the nested quantifier.
    let lint = try Watchdog.run(["rules", "lint", "--rules", rules.path], timeout: 10)
    #expect(lint.status == 2)
    #expect(
      lint.stderr.contains("extra.yaml") && lint.stderr.contains("upprepning inuti en upprepad grupp"),
      "\(lint.stderr.suffix(600))")
  }

  @Test func aSelectorOfRepeatedDescendantsIsRefusedBeforeAnythingIsRead() throws {
    let rules = try ruleSet(adding: Self.rule(select: "/**/**/**", check: "present", options: "{fields: x}"))
    let output = try Watchdog.run(
      ["check", "--rules", rules.path, "--as-of", "2026-11-24", Self.sample.path], timeout: 5)
    #expect(output.status == 2, "exit \(output.status)")
    #expect(output.stderr.contains("extra.yaml:6:"), "\(output.stderr.prefix(400))")
  }
}
