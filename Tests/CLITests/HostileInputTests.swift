import Foundation
import Testing

/// Hostile, malformed and oversized input, given to the built binary as a user or a CI job would: every
/// case ends in time with the right exit code, says where the problem is (`line:column`) when there is a
/// place to say, shows nothing from outside its input, and touches no network. PRODUCT.md, "Bad input".
///
/// Each run has a watchdog: a process still running after its time bound is killed and the test fails,
/// so a hang is a failure, never a stuck suite. The bounds are generous (debug build, two busy cores);
/// speed is measured in bench/check.sh, not here.
@Suite("Hostile input: the binary ends in time with the right code and a position")
struct HostileInputTests {
  let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-hostile-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  /// A file outside every input whose content must never show up in any output.
  let secret: (path: String, marker: String) = {
    let marker = "HEMLIGT-\(UUID().uuidString)"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-secret-\(UUID().uuidString).txt")
    try? Data("root:x:0:0:\(marker)\n".utf8).write(to: url)
    return (url.path, marker)
  }()

  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
    return url.path
  }

  @discardableResult
  func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

  static let planStart = "<plan xmlns=\"urn:lagkoll:plan:1\">"

  /// Checks `paths` with the JSON reporter and returns the run and its report.
  func check(_ paths: [String], _ options: [String] = [], timeout: Double = 10) throws -> (
    Watchdog.Output, [String: Any]
  ) {
    let output = try Watchdog.run(
      ["check", "--format", "json", "--as-of", "2026-11-24"] + options + paths, timeout: timeout)
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
      "no JSON report (exit \(output.status)): \(output.stdout.prefix(500)) \(output.stderr.prefix(500))")
    return (output, report)
  }

  /// One unreadable file: exit 3, its error located at `line:column` (nil: no position), no secret.
  func expectUnreadable(
    _ path: String, at position: (line: Int, column: Int)?, saying words: String? = nil, options: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let (output, report) = try check([path], options)
    #expect(output.status == 3, "exit \(output.status) for \(path)", sourceLocation: sourceLocation)
    let files = report["files"] as? [[String: Any]] ?? []
    let error = files.first?["error"] as? [String: Any]
    #expect(files.first?["status"] as? String == "unreadable", "\(files)", sourceLocation: sourceLocation)
    if let position {
      #expect(error?["line"] as? Int == position.line, "\(error ?? [:])", sourceLocation: sourceLocation)
      #expect(error?["column"] as? Int == position.column, "\(error ?? [:])", sourceLocation: sourceLocation)
    }
    if let words {
      let message = error?["message"] as? String ?? ""
      #expect(message.contains(words), "\(error ?? [:])", sourceLocation: sourceLocation)
    }
    expectNoSecret(output, sourceLocation: sourceLocation)
  }

  func expectNoSecret(_ output: Watchdog.Output, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
      !output.stdout.contains(secret.marker), "the secret file leaked into the output", sourceLocation: sourceLocation)
    #expect(
      !output.stderr.contains(secret.marker), "the secret file leaked into the errors", sourceLocation: sourceLocation)
    #expect(!output.stdout.contains("root:x:0:0"), sourceLocation: sourceLocation)
  }

  // MARK: External entities and entity expansion

  @Test func externalFileEntityIsRefusedAndNeverRead() throws {
    let file = try write(
      "xxe.xml",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE plan [<!ENTITY x SYSTEM \"file://\(secret.path)\">]>\n"
        + "\(Self.planStart)<formatversion>1</formatversion><kommun><namn>&x;</namn></kommun></plan>\n")
    try expectUnreadable(file, at: (2, 17), saying: "ENTITY")
    // /etc/passwd as well, in the text report.
    let passwd = try write(
      "passwd.xml",
      "<!DOCTYPE plan [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\(Self.planStart)<kommun><namn>&x;</namn></kommun></plan>"
    )
    let text = try Watchdog.run(["check", passwd])
    #expect(text.status == 3)
    #expect(text.stdout.contains("1:17:"), "\(text.stdout)")
    #expect(!text.stdout.contains("root:"))
  }

  @Test func externalDTDIsNeverLoaded() throws {
    // No entity is declared in the document: `&x;` would only be known from the external DTD.
    let dtd = try write("extern.dtd", "<!ENTITY x \"\(secret.marker)\">")
    let file = try write(
      "dtd.xml",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE plan SYSTEM \"file://\(dtd)\">\n\(Self.planStart)\n"
        + "<formatversion>1</formatversion><kommun><namn>&x;</namn></kommun></plan>\n")
    try expectUnreadable(file, at: nil, saying: "entitet")
  }

  @Test func networkEntitiesAreNeverFetched() throws {
    let listener = try LoopbackListener()
    let url = "http://127.0.0.1:\(listener.port)"
    let cases = [
      "general.xml":
        "<!DOCTYPE plan [<!ENTITY x SYSTEM \"\(url)/x\">]>\n\(Self.planStart)<kommun><namn>&x;</namn></kommun></plan>",
      "parameter.xml": "<!DOCTYPE plan [<!ENTITY % p SYSTEM \"\(url)/p.dtd\"> %p;]>\n\(Self.planStart)</plan>",
      "dtd.xml":
        "<!DOCTYPE plan SYSTEM \"\(url)/plan.dtd\">\n\(Self.planStart)<kommun><namn>&x;</namn></kommun></plan>",
      "schema.xml": "<plan xmlns=\"urn:lagkoll:plan:1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        + "xsi:schemaLocation=\"urn:lagkoll:plan:1 \(url)/plan.xsd\"><formatversion>1</formatversion></plan>",
      "xinclude.xml": "<plan xmlns=\"urn:lagkoll:plan:1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
        + "<formatversion>1</formatversion><xi:include href=\"\(url)/x.xml\"/></plan>",
    ]
    var paths: [String] = []
    for (name, text) in cases.sorted(by: { $0.key < $1.key }) { paths.append(try write(name, text)) }
    let (output, _) = try check(paths)
    #expect(output.status == 3)
    #expect(listener.connections() == 0, "lagkoll connected to a URL named in a document")
  }

  @Test func billionLaughsIsRefusedAtTheFirstDeclaration() throws {
    var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE plan [\n  <!ENTITY lol \"lol\">\n"
    for level in 1...9 {
      let previous = level == 1 ? "lol" : "lol\(level - 1)"
      text += "  <!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
    }
    text += "]>\n\(Self.planStart)<kommun><namn>&lol9;</namn></kommun></plan>\n"
    try expectUnreadable(try write("laughs.xml", text), at: (3, 3), saying: "ENTITY")
  }

  @Test func quadraticBlowUpIsRefused() throws {
    let big = String(repeating: "a", count: 100_000)
    let text =
      "<!DOCTYPE plan [<!ENTITY a \"\(big)\">]>\n\(Self.planStart)<kommun><namn>"
      + String(repeating: "&a;", count: 100_000) + "</namn></kommun></plan>"
    try expectUnreadable(try write("quadratic.xml", text), at: (1, 17))
    // Without entities: one attribute value and one text of several megabytes are just data.
    let long = String(repeating: "x", count: 4_000_000)
    let plain = try write(
      "long.xml",
      "\(Self.planStart)<formatversion>1</formatversion><kommun namn=\"\(long)\"><namn>\(long)</namn></kommun></plan>")
    let (output, _) = try check([plain])
    #expect(output.status == 1)
  }

  // MARK: Nesting

  @Test func deepXMLNestingIsRefusedWithItsPosition() throws {
    let text =
      Self.planStart + "\n" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
      + "</plan>"
    // 256 levels are allowed (the limit): the 257th, the 256th <a>, is refused at its `<`.
    try expectUnreadable(try write("deep.xml", text), at: (2, 3 * 255 + 1), saying: "256")
  }

  @Test func deepJSONNestingIsRefusedWithItsPosition() throws {
    let arrays =
      "{\"formatversion\": \"1\",\n\"x\": " + String(repeating: "[", count: 100_000)
      + String(repeating: "]", count: 100_000) + "}"
    try expectUnreadable(try write("deep-arrays.json", arrays), at: (2, 6 + 255), saying: "256")
    let objects =
      "{\"formatversion\": \"1\",\n\"x\": " + String(repeating: "{\"a\":", count: 100_000) + "1"
      + String(repeating: "}", count: 100_000) + "}"
    try expectUnreadable(try write("deep-objects.json", objects), at: (2, 6 + 255 * 5), saying: "256")
  }

  @Test func nestingLimitIsConfigurable() throws {
    let config = try write("djup/.lagkoll.yaml", "limits:\n  maxDepth: 4\n")
    let text = "{\"formatversion\": \"1\", \"kommun\": {\"namn\": [[[1]]]}}"
    let file = try write("djup/plan.json", text)
    let output = try Watchdog.run(["check", "--config", config, "--format", "json", file])
    #expect(output.status == 3, "\(output.stdout)")
  }

  // MARK: Encodings and bytes

  @Test func invalidUTF8IsRefusedAtTheByte() throws {
    let xml = Array("\(Self.planStart)\n<kommun>\n  <namn>Ume".utf8) + [0xFF] + Array("</namn></kommun></plan>".utf8)
    try expectUnreadable(try write("latin.xml", xml), at: (3, 12), saying: "UTF-8")
    let json = Array("{\"formatversion\": \"1\",\n \"kommun\": {\"namn\": \"Ume".utf8) + [0xE5] + Array("\"}}".utf8)
    try expectUnreadable(try write("latin.json", json), at: (2, 25), saying: "UTF-8")
  }

  @Test func overlongAndSurrogateUTF8IsRefused() throws {
    // "/" written in two bytes, a surrogate in three, a code point past U+10FFFF in four.
    for (index, sequence) in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]].enumerated() {
      let bytes = sequence.map(UInt8.init)
      let xml = Array("\(Self.planStart)<kommun><namn>".utf8) + bytes + Array("</namn></kommun></plan>".utf8)
      try expectUnreadable(try write("overlong\(index).xml", xml), at: (1, 48), saying: "UTF-8")
      let json = Array("{\"formatversion\": \"1\", \"a\": \"".utf8) + bytes + Array("\"}".utf8)
      try expectUnreadable(try write("overlong\(index).json", json), at: (1, 30), saying: "UTF-8")
    }
  }

  @Test func utf16IsRefusedWithAndWithoutAByteOrderMark() throws {
    func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
      text.utf16.flatMap { unit in
        bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
      }
    }
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\(Self.planStart)<formatversion>1</formatversion></plan>"
    let json = "{\"formatversion\": \"1\"}"
    for bigEndian in [true, false] {
      let mark: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
      let suffix = bigEndian ? "be" : "le"
      try expectUnreadable(
        try write("bom-\(suffix).xml", mark + utf16(xml, bigEndian: bigEndian)), at: (1, 1), saying: "UTF-16")
      try expectUnreadable(
        try write("plain-\(suffix).xml", utf16(xml, bigEndian: bigEndian)), at: (1, 1), saying: "UTF-16")
      try expectUnreadable(
        try write("bom-\(suffix).json", mark + utf16(json, bigEndian: bigEndian)), at: (1, 1), saying: "UTF-16")
      try expectUnreadable(
        try write("plain-\(suffix).json", utf16(json, bigEndian: bigEndian)), at: (1, 1), saying: "UTF-16")
    }
  }

  @Test func nulBytesAreRefusedWhereTheyStand() throws {
    let xml = Array("\(Self.planStart)\n<kommun><namn>Ume".utf8) + [0] + Array("å</namn></kommun></plan>".utf8)
    try expectUnreadable(try write("nul.xml", xml), at: (2, 18), saying: "NUL")
    let json = Array("{\"formatversion\": \"1\",\n\"a\": \"x".utf8) + [0] + Array("\"}".utf8)
    try expectUnreadable(try write("nul.json", json), at: (2, 8))
    let between = Array("{\"formatversion\": \"1\",".utf8) + [0] + Array("\"a\": 1}".utf8)
    try expectUnreadable(try write("nul-between.json", between), at: (1, 23))
  }

  // MARK: Truncated, empty and foreign documents

  @Test func truncatedDocumentsSayWhereTheyEnd() throws {
    for name in ["komplett.xml", "komplett.json"] {
      let whole = try [UInt8](Data(contentsOf: LagkollBinary.packageRoot.appendingPathComponent("samples/\(name)")))
      for fraction in [0.1, 0.5, 0.99] {
        var cut = Int(Double(whole.count) * fraction)
        while cut > 0 && whole[cut] & 0xC0 == 0x80 { cut -= 1 }  // cut between characters, not inside one
        let part = Array(whole[..<cut])
        let file = try write("cut-\(fraction)-\(name)", part)
        let (output, report) = try check([file])
        #expect(output.status == 3, "\(name) cut at \(cut)")
        let error = (report["files"] as? [[String: Any]])?.first?["error"] as? [String: Any]
        let lines = part.split(separator: 0x0A, omittingEmptySubsequences: false).count
        #expect((error?["line"] as? Int ?? 0) >= 1 && (error?["line"] as? Int ?? 0) <= lines, "\(error ?? [:])")
      }
    }
  }

  @Test func emptyFilesAreErrorsAtTheStart() throws {
    for name in ["tom.xml", "tom.json"] {
      try expectUnreadable(try write(name, []), at: (1, 1), saying: "tom")
    }
    try expectUnreadable(try write("blank.xml", " \n\t\n"), at: (1, 1))
    try expectUnreadable(try write("blank.json", " \n\t\n"), at: nil)
  }

  @Test func foreignDocumentsAreErrorsWhenNamedAndSkippedInFolders() throws {
    let array = try write("utland/lista.json", "[{\"formatversion\": \"1\"}]")
    try expectUnreadable(array, at: (1, 1), saying: "plandokument")
    let html = try write("utland/sida.xml", "<?xml version=\"1.0\"?>\n<html><body/></html>")
    try expectUnreadable(html, at: (2, 1), saying: "plandokument")
    let otherNamespace = try write(
      "utland/plan.xml", "<plan xmlns=\"urn:annat\"><formatversion>1</formatversion></plan>")
    try expectUnreadable(otherNamespace, at: (1, 1), saying: "plandokument")
    // A folder of foreign files holds no plan document: exit 3 and a clear message, no report (a CI job
    // pointed at the wrong folder must not go green).
    let output = try Watchdog.run(
      ["check", "--format", "json", folder.appendingPathComponent("utland").path], timeout: 10)
    #expect(output.status == 3)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr.contains("inga plandokument") && output.stderr.contains("3 filer är inte plandokument"),
      "\(output.stderr)")
  }

  @Test func unknownFormatVersionIsRefusedAtTheVersion() throws {
    try expectUnreadable(
      try write("v9.json", "{\n  \"formatversion\": \"9.0\",\n  \"kommun\": {}\n}"), at: (2, 20),
      saying: "formatversion")
    try expectUnreadable(
      try write("v9.xml", "\(Self.planStart)\n  <formatversion>9</formatversion>\n</plan>"), at: (2, 3),
      saying: "formatversion")
  }

  // MARK: Odd but well-formed

  @Test func aNumberOfAHundredThousandDigitsIsJustAWrongValue() throws {
    let digits = "9" + String(repeating: "0", count: 99_999)
    let file = try write(
      "siffror.json",
      "{\"formatversion\": \"1\", \"upprattad\": \(digits), \"behovsanalys\": {\"behov\": [{\"prioritet\": \(digits)}]}}"
    )
    let (output, report) = try check([file])
    #expect(output.status == 1)
    let findings = (report["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? []
    let upprattad = findings.first { ($0["location"] as? [String: Any])?["path"] as? String == "/upprattad" }
    #expect(upprattad != nil, "the number where a date belongs is reported")
    #expect(output.stdout.utf8.count < 2_000_000, "the report does not repeat the number over and over")
  }

  @Test func duplicateKeysAreFindingsNotReadErrors() throws {
    let json = try write(
      "dubbel.json", "{\"formatversion\": \"1\",\n \"upprattad\": \"2026-01-01\",\n \"upprattad\": \"2026-02-01\"}")
    let xml = try write(
      "dubbel.xml",
      "\(Self.planStart)<formatversion>1</formatversion>\n<upprattad>2026-01-01</upprattad>\n<upprattad>2026-02-01</upprattad></plan>"
    )
    for (file, position) in [(json, (3, 2)), (xml, (3, 1))] {
      let (output, report) = try check([file])
      #expect(output.status == 1, "a duplicate key is a finding, not exit 3")
      let findings = (report["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? []
      let duplicate = findings.first { ($0["message"] as? String ?? "").contains("förekommer redan") }
      let location = duplicate?["location"] as? [String: Any]
      #expect(location?["line"] as? Int == position.0 && location?["column"] as? Int == position.1, "\(findings)")
    }
  }

  @Test func aFileOverTheSizeCapIsRefusedUnread() throws {
    let sample = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml").path
    try expectUnreadable(sample, at: (1, 1), saying: "1000 byte", options: ["--max-file-size", "1000"])
    // A sparse file of 200 MB costs nothing to make and must cost nothing to refuse (default cap 64 MiB).
    let huge = folder.appendingPathComponent("enorm.json")
    _ = FileManager.default.createFile(atPath: huge.path, contents: Data("{".utf8))
    let handle = try FileHandle(forWritingTo: huge)
    try handle.truncate(atOffset: 200 << 20)
    try handle.close()
    try expectUnreadable(huge.path, at: (1, 1), saying: "gränsen")
  }

  // MARK: Files and folders

  @Test func aFolderOfTenThousandFilesIsCheckedWhole() throws {
    let many = folder.appendingPathComponent("manga")
    try FileManager.default.createDirectory(at: many, withIntermediateDirectories: true)
    let plan = Data(
      "{\"formatversion\": \"1\", \"kommun\": {\"namn\": \"Ånge\", \"kod\": \"2260\"}, \"upprattad\": \"2026-01-01\"}"
        .utf8)
    for index in 0..<10_000 {
      try plan.write(to: many.appendingPathComponent(String(format: "plan-%05d.json", index)))
    }
    let (output, report) = try check([many.path], timeout: 240)
    #expect(output.status == 1)
    let files = report["files"] as? [[String: Any]] ?? []
    #expect(files.count == 10_000)
    #expect(files.allSatisfy { $0["status"] as? String == "failed" })
    #expect((report["summary"] as? [String: Any])?["files"] as? Int == 10_000)
  }

  @Test func aFileThatCannotBeReadIsExitThree() throws {
    // A named pipe would block a reader that opened it plainly: it is refused as not a regular file.
    let fifo = folder.appendingPathComponent("ror.json").path
    #expect(mkfifo(fifo, 0o644) == 0)
    try expectUnreadable(fifo, at: nil, saying: "vanlig fil")
    // The same pipe found in a folder search: listed as unreadable, the run ends.
    let (output, _) = try check([folder.path])
    #expect(output.status == 3)
    // A device.
    try expectUnreadable("/dev/zero", at: nil, saying: "vanlig fil")
    // Permissions: as root, chmod 000 does not stop reading, so the case is only made where it does.
    let locked = try write("last.xml", "\(Self.planStart)</plan>")
    chmod(locked, 0o000)
    defer { chmod(locked, 0o644) }
    if access(locked, R_OK) == 0 {
      print(
        "HostileInputTests: running as root, chmod 000 does not stop reading; the pipe and the device stand in for it")
    } else {
      try expectUnreadable(locked, at: nil, saying: "behörighet")
    }
  }

  @Test func aFileThatDisappearsDuringTheRunIsReportedNotFatal() throws {
    let shrinking = folder.appendingPathComponent("forsvinner")
    try FileManager.default.createDirectory(at: shrinking, withIntermediateDirectories: true)
    let plan = Data("{\"formatversion\": \"1\", \"upprattad\": \"2026-01-01\"}".utf8)
    let names = (0..<3_000).map { String(format: "plan-%04d.json", $0) }
    for name in names { try plan.write(to: shrinking.appendingPathComponent(name)) }
    // Delete every second file while the run goes on; whatever the timing, every file is reported, as
    // checked or as unreadable ("does not exist"), and the run ends with 1 or 3, never a crash.
    let deleter = Thread {
      for name in names.enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
        try? FileManager.default.removeItem(at: shrinking.appendingPathComponent(name))
      }
    }
    let run = try Watchdog.start(["check", "--format", "json", shrinking.path], timeout: 120)
    deleter.start()
    let output = run.wait()
    #expect(output.status == 1 || output.status == 3, "exit \(output.status): \(output.stderr.prefix(300))")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let files = report["files"] as? [[String: Any]] ?? []
    for file in files where file["status"] as? String == "unreadable" {
      let message = (file["error"] as? [String: Any])?["message"] as? String ?? ""
      #expect(message.contains("finns inte"), "\(message)")
    }
    // Named on the command line and already gone: exit 3, "does not exist".
    try expectUnreadable(shrinking.appendingPathComponent("finns-inte.json").path, at: nil, saying: "finns inte")
  }

  @Test func symlinkLoopsInAFolderEndTheSearch() throws {
    let looped = folder.appendingPathComponent("slinga")
    try FileManager.default.createDirectory(
      at: looped.appendingPathComponent("under"), withIntermediateDirectories: true)
    try Data("{\"formatversion\": \"1\"}".utf8).write(to: looped.appendingPathComponent("under/plan.json"))
    try FileManager.default.createSymbolicLink(
      atPath: looped.appendingPathComponent("under/tillbaka").path, withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(
      atPath: looped.appendingPathComponent("sig-sjalv").path, withDestinationPath: "sig-sjalv")
    try FileManager.default.createSymbolicLink(
      atPath: looped.appendingPathComponent("a.json").path, withDestinationPath: "b.json")
    try FileManager.default.createSymbolicLink(
      atPath: looped.appendingPathComponent("b.json").path, withDestinationPath: "a.json")
    let (output, report) = try check([looped.path])
    let files = report["files"] as? [[String: Any]] ?? []
    #expect(
      files.filter { ($0["path"] as? String ?? "").hasSuffix("plan.json") }.count == 1,
      "\(files.map { $0["path"] ?? "" })")
    #expect(output.status == 1 || output.status == 3)
    // A link loop named on the command line is an unreadable file.
    try expectUnreadable(looped.appendingPathComponent("a.json").path, at: nil)
  }

  @Test func aHostileRuleSetIsExitTwoWithItsPlace() throws {
    let rules = folder.appendingPathComponent("regler-kopia")
    try FileManager.default.copyItem(at: LagkollBinary.packageRoot.appendingPathComponent("rules"), to: rules)
    var bomb = "omrade: bomb\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      bomb += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    bomb += "rules: []\n"
    let file = rules.appendingPathComponent("regler/zz-bomb.yaml").path
    try Data(bomb.utf8).write(to: URL(fileURLWithPath: file))
    let sample = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml").path
    let output = try Watchdog.run(["check", "--rules", rules.path, sample])
    #expect(output.status == 2)
    #expect(output.stderr.contains("\(file):3:10: fel: "), "\(output.stderr)")
  }

  @Test func readErrorsInTheTextReportCarryTheirPosition() throws {
    let file = try write("trasig.json", "{\"formatversion\": \"1\",\n  \"kommun\": [}\n")
    let output = try Watchdog.run(["check", file])
    #expect(output.status == 3)
    #expect(output.stdout.contains(file))
    #expect(output.stdout.contains("2:14:"), "\(output.stdout)")
  }
}

/// Runs the lagkoll binary with a time bound: a run still going after `timeout` seconds is killed and
/// recorded as a failure (a hang), and its output so far is returned.
enum Watchdog {
  typealias Output = LagkollBinary.Output

  final class Running: @unchecked Sendable {
    let process: Process
    let timeout: Double
    let arguments: [String]
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let readers = DispatchGroup()

    init(process: Process, timeout: Double, arguments: [String], stdout: Pipe?, stderr: Pipe) {
      self.process = process
      self.timeout = timeout
      self.arguments = arguments
      // Drain both pipes while the process runs, so a large report cannot fill a pipe and stall it.
      for (pipe, isOut) in [(stdout, true), (stderr, false)] {
        guard let pipe else { continue }
        readers.enter()
        Thread {
          let data = pipe.fileHandleForReading.readDataToEndOfFile()
          self.lock.lock()
          if isOut { self.out = data } else { self.err = data }
          self.lock.unlock()
          self.readers.leave()
        }.start()
      }
    }

    func wait(sourceLocation: SourceLocation = #_sourceLocation) -> Output {
      let finished = DispatchSemaphore(value: 0)
      let process = self.process
      Thread {
        process.waitUntilExit()
        finished.signal()
      }.start()
      if finished.wait(timeout: .now() + timeout) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
        Issue.record(
          "lagkoll \(arguments.joined(separator: " ").prefix(200)) did not end within \(timeout) s and was killed",
          sourceLocation: sourceLocation)
      }
      readers.wait()
      lock.lock()
      defer { lock.unlock() }
      return Output(
        status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
        stderr: String(decoding: err, as: UTF8.self))
    }
  }

  /// `folder`: the working folder (default the package root); `stdout`: where standard output goes
  /// instead of a pipe read by the test (e.g. /dev/full).
  static func start(
    _ arguments: [String], timeout: Double = 10, folder: URL? = nil, environment extra: [String: String] = [:],
    stdout: FileHandle? = nil, executable: String? = nil
  ) throws -> Running {
    let process = Process()
    process.executableURL =
      try executable.map(URL.init(fileURLWithPath:))
      ?? #require(LagkollBinary.url, "the lagkoll binary was not found beside the tests")
    process.arguments = arguments
    process.currentDirectoryURL = folder ?? LagkollBinary.packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["LAGKOLL_RULES"] = LagkollBinary.packageRoot.appendingPathComponent("rules").path
    // Were anything to reach for the network through a proxy, it would reach nothing.
    environment["http_proxy"] = "http://127.0.0.1:9"
    environment["https_proxy"] = "http://127.0.0.1:9"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out: Pipe? = stdout == nil ? Pipe() : nil
    let err = Pipe()
    process.standardOutput = stdout ?? out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return Running(process: process, timeout: timeout, arguments: arguments, stdout: out, stderr: err)
  }

  static func run(
    _ arguments: [String], timeout: Double = 10, folder: URL? = nil, environment: [String: String] = [:],
    stdout: FileHandle? = nil, executable: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Output {
    try start(
      arguments, timeout: timeout, folder: folder, environment: environment, stdout: stdout, executable: executable
    )
    .wait(sourceLocation: sourceLocation)
  }
}

/// A TCP listener on 127.0.0.1 that only counts connection attempts: a document naming its URL must
/// never make lagkoll connect. The kernel completes connections into the backlog without accept(), so
/// counting pending connections after the run sees every attempt.
final class LoopbackListener {
  let descriptor: Int32
  let port: UInt16

  init() throws {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    try #require(fd >= 0 && bound == 0 && listen(fd, 64) == 0, "cannot listen on 127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    descriptor = fd
    port = UInt16(bigEndian: address.sin_port)
  }

  /// How many connections were made (accepted and closed here).
  func connections() -> Int {
    var count = 0
    while true {
      let client = accept(descriptor, nil, nil)
      if client < 0 { return count }
      close(client)
      count += 1
    }
  }

  deinit { close(descriptor) }
}
