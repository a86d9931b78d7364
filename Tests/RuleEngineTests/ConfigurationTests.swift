import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

@Suite("Configuration (.lagkoll.yaml)")
struct ConfigurationTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let ruleSet: RuleSet = try! RuleSetLoader.load(from: root.appendingPathComponent("rules").path)
  static let asOf = CivilDate("2026-11-24")!

  func configuration(_ yaml: String) throws -> Configuration {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-\(UUID().uuidString).yaml")
    try Data(yaml.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try Configuration.load(file: file.path, ruleSet: Self.ruleSet)
  }

  func loadError(_ yaml: String) -> RuleSetError? {
    do {
      _ = try configuration(yaml)
      return nil
    } catch let error as RuleSetError {
      return error
    } catch {
      return nil
    }
  }

  func findings(_ sample: String, _ configuration: Configuration) throws -> [Finding] {
    let path = Self.root.appendingPathComponent("samples/\(sample).json").path
    let checker = PlanChecker(
      ruleSet: Self.ruleSet, options: EvaluationOptions(asOf: Self.asOf, parameters: configuration.parameters),
      configuration: configuration)
    return checker.check(InputFile(path: path, named: true)).findings
  }

  /// LED-006's interval set by the kommun: the message gives the kommun's months as the limit, names the
  /// rule of thumb by its own value, and says whose setting it is (it said "6 månader är lagkolls
  /// tumregel" and then that the same 6 months were the kommun's own setting).
  @Test func aKommunsReportIntervalIsNotCalledTheRuleOfThumb() throws {
    let found = try findings(
      "forra-mandatperioden", try configuration("parameters:\n  ledning.rapportIntervallManader: 3\n"))
    let message = try #require(found.first { $0.ruleId == "LED-006" }).message.text(.sv)
    #expect(message.contains("mer än 3 månader") && message.contains("lagkolls tumregel är 12 månader"), "\(message)")
    #expect(message.contains("Intervallet 3 månader är kommunens egen inställning"), "\(message)")
  }

  @Test func unknownKeysAndValuesAreErrorsWithTheirPlace() throws {
    let unknown = try #require(loadError("severity:\n  LB-001: info\nsupressions: []\n"))
    #expect((unknown.line, unknown.column) == (3, 1))
    #expect(unknown.message.en.contains("supressions"))
    let badSeverity = try #require(loadError("severity:\n  LB-001: critical\n"))
    #expect((badSeverity.line, badSeverity.column) == (2, 11))
    let unknownRule = try #require(loadError("severity:\n  XX-999: info\n"))
    #expect(unknownRule.line == 2)
    let unknownParameter = try #require(loadError("parameters:\n  lagesbild.maxAlder: 12\n"))
    #expect(unknownParameter.line == 2)
    let badDate = try #require(loadError("suppressions:\n  - rule: LB-001\n    reason: x\n    expires: 2026-02-30\n"))
    #expect((badDate.line, badDate.column) == (4, 14))
  }

  @Test func aSuppressionNeedsAReason() throws {
    #expect(loadError("suppressions:\n  - rule: LB-001\n") != nil)
    #expect(loadError("suppressions:\n  - rule: LB-001\n    reason: \"  \"\n") != nil)
  }

  @Test func severityCanBeChangedOrTurnedOff() throws {
    let plain = try findings("forra-mandatperioden", Configuration())
    #expect(plain.contains { $0.ruleId == "SV-003" && $0.severity == .warning })
    #expect(plain.contains { $0.ruleId == "UPP-001" && $0.severity == .error })
    let changed = try findings("forra-mandatperioden", try configuration("severity:\n  SV-003: error\n  SV-005: off\n"))
    #expect(changed.contains { $0.ruleId == "SV-003" && $0.severity == .error })
    #expect(!changed.contains { $0.ruleId == "SV-005" })
  }

  @Test func aStatutoryRuleCanBeMadeStricterNeverWeakerOrSilent() throws {
    // Lowering or turning off UPP-001 (6 §) would let a plan with a legal error be called ready.
    for setting in ["UPP-001: off", "UPP-001: warning", "UPP-001: info", "AP-004: info"] {
      let error = try #require(loadError("severity:\n  \(setting)\n"), "\(setting) was accepted")
      #expect(error.message.sv.contains("är ett lagkrav och kan inte sänkas eller stängas av"), "\(error.message.sv)")
      #expect(error.line == 2)
    }
    #expect(loadError("severity:\n  AP-004: error\n") == nil, "a statutory warning may be made an error")
    #expect(loadError("severity:\n  LB-008: off\n") == nil, "guidance may be turned off")
  }

  @Test func parametersChangeTheAllowedAge() throws {
    // komplett's newest whole-municipality lägesbild is from 2026-04-15: current at 24 months, not at 6.
    #expect(!(try findings("komplett", Configuration())).contains { $0.obligation == "lagesbild.aktualitet" })
    let strict = try findings("komplett", try configuration("parameters:\n  lagesbild.maxAlderManader: 6\n"))
    #expect(strict.contains { $0.obligation == "lagesbild.aktualitet" })
  }

  @Test func aSuppressedFindingIsKeptButDoesNotFail() throws {
    let config = try configuration(
      """
      suppressions:
        - rule: SV-003
          path: /samverkan
          reason: Ny överenskommelse med polisen undertecknas i december.
          expires: 2027-01-31
      """)
    let result = PlanChecker(
      ruleSet: Self.ruleSet, options: EvaluationOptions(asOf: Self.asOf), failOn: .warning, configuration: config
    )
    .check(InputFile(path: Self.root.appendingPathComponent("samples/samverkan-utgangen.json").path, named: true))
    let suppressed = try #require(result.findings.first { $0.ruleId == "SV-003" })
    #expect(suppressed.suppression?.reason.hasPrefix("Ny överenskommelse") == true)
    #expect(result.findings.filter { $0.suppression == nil }.allSatisfy { $0.ruleId != "SV-003" })
  }

  @Test func anExpiredSuppressionNoLongerAppliesAndIsReported() throws {
    let config = try configuration(
      """
      suppressions:
        - rule: SV-003
          reason: Förhandlas om.
          expires: 2026-06-30
      """)
    let found = try findings("samverkan-utgangen", config)
    let original = try #require(found.first { $0.ruleId == "SV-003" })
    #expect(original.suppression == nil)
    let notice = try #require(found.first { $0.ruleId == "KONFIG-001" })
    #expect(notice.message.text(.sv).contains("gick ut 2026-06-30"))
    // A notice about the configuration, not about the plan: its own basis and source, never the statute
    // of the rule it suppressed (SV-003 cites 7 §), and it does not make the plan outdated.
    #expect(notice.basis == .konfiguration)
    #expect(notice.obligation == ConfigurationFinding.obligation)
    #expect(notice.reference.kind == .configuration)
    // It cites the suppression's own line in the file (line 2: "- rule: SV-003").
    #expect(notice.reference.citation(.sv) == "\(try #require(config.file)):2")
    #expect(notice.reference.sfs == nil && notice.reference.paragraf == nil)
    #expect(notice.outdatedSince == nil)
  }

  @Test func aSuppressionForAnotherFileDoesNotApply() throws {
    let config = try configuration(
      """
      suppressions:
        - rule: SV-003
          file: planer/annan-kommun.json
          reason: Gäller en annan kommun.
      """)
    #expect(try findings("samverkan-utgangen", config).contains { $0.ruleId == "SV-003" && $0.suppression == nil })
  }

  @Test func theNearestFileUpwardIsFound() throws {
    let top = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-find-\(UUID().uuidString)")
    let deep = top.appendingPathComponent("a/b/c")
    try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: top) }
    try FileManager.default.createDirectory(at: top.appendingPathComponent(".git"), withIntermediateDirectories: true)
    try Data("{}\n".utf8).write(to: top.appendingPathComponent("a/.lagkoll.yaml"))
    #expect(Configuration.find(from: deep.path, home: nil)?.hasSuffix("a/.lagkoll.yaml") == true)
  }

  /// Issue 14, item 6: the search stops at the repository root or the home folder; a file above them
  /// (planted in /tmp, a shared folder) is never used.
  @Test func theSearchStopsAtTheRepositoryRootAndTheHomeFolder() throws {
    let top = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-bound-\(UUID().uuidString)")
    let repository = top.appendingPathComponent("repo")
    let deep = repository.appendingPathComponent("planer/2026")
    try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: top) }
    try Data("severity: {}\n".utf8).write(to: top.appendingPathComponent(".lagkoll.yaml"))
    // No boundary above `deep`: only `deep` itself is looked in.
    #expect(Configuration.find(from: deep.path, home: nil) == nil)
    // A repository (a worktree's .git is a file): the search ends at its root.
    try Data("gitdir: /elsewhere\n".utf8).write(to: repository.appendingPathComponent(".git"))
    #expect(Configuration.find(from: deep.path, home: nil) == nil)
    try Data("{}\n".utf8).write(to: repository.appendingPathComponent(".lagkoll.yaml"))
    #expect(Configuration.find(from: deep.path, home: nil) == repository.appendingPathComponent(".lagkoll.yaml").path)
    // The home folder is a boundary too.
    try FileManager.default.removeItem(at: repository.appendingPathComponent(".git"))
    try FileManager.default.removeItem(at: repository.appendingPathComponent(".lagkoll.yaml"))
    #expect(Configuration.find(from: deep.path, home: repository.path) == nil)
    #expect(Configuration.find(from: deep.path, home: top.path) == top.appendingPathComponent(".lagkoll.yaml").path)
    // A dangling link at the name is found (and refused by load), not skipped for a file further up.
    try FileManager.default.createSymbolicLink(
      atPath: deep.appendingPathComponent(".lagkoll.yaml").path, withDestinationPath: "finns-inte.yaml")
    let found = try #require(Configuration.find(from: deep.path, home: top.path))
    #expect(found == deep.appendingPathComponent(".lagkoll.yaml").path)
    #expect(throws: RuleSetError.self) { try Configuration.load(file: found, ruleSet: Self.ruleSet) }
  }

  @Test func numbersOutsideTheirRangeAreErrorsWithTheirPlace() throws {
    for (yaml, column) in [
      ("limits:\n  maxDepth: 1000000000\n", 13), ("limits:\n  maxDepth: 0\n", 13),
      ("limits:\n  maxFileSize: 9223372036854775807\n", 16), ("limits:\n  maxFileSize: -1\n", 16),
      ("parameters:\n  lagesbild.maxAlderManader: 1000000000000000000\n", 30),
      ("parameters:\n  lagesbild.maxAlderManader: 0\n", 30),
    ] {
      let error = try #require(loadError(yaml), "\(yaml)")
      #expect((error.line, error.column) == (2, column), "\(yaml): \(error)")
      #expect(error.message.en.contains("outside the allowed"), "\(error.message.en)")
    }
    #expect(loadError("limits:\n  maxDepth: 1000\n  maxFileSize: 1024\n") == nil)
  }
}
