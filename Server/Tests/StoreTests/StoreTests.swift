import Foundation
import Store
import Testing

/// A fresh database file in its own temporary folder.
func temporaryDatabase(_ name: String = "lagkoll.sqlite") throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-store-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder.appendingPathComponent(name).path
}

let testPolicy = AccountPolicy(maxFailures: 3, failureWindow: 900, sessionLifetime: 3600, bcryptCost: 4)
let t0 = Date(timeIntervalSince1970: 1_790_000_000)

func plan(_ kommun: String, _ text: String = "<plan/>", submitter: String = "a@k.se") -> NewSubmission {
  NewSubmission(
    kommun: kommun, submitter: submitter, ruleSetVersion: "2026.11.2", contentType: "application/xml",
    bytes: Array(text.utf8), findings: "{\"findings\":[]}", errors: 1, warnings: 2, ready: false,
    planDatum: "2025-02-28")
}

@Suite struct StorageTests {
  @Test func migratesAndReopensWithDurablePragmas() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    await database.close()
    // Opening again runs no step twice.
    let again = try await Database.open(path: path)
    await again.close()
    let pragma = try shell("/usr/bin/sqlite3", [path, "PRAGMA journal_mode; PRAGMA user_version;"])
    #expect(pragma == "wal\n4\n")
  }

  @Test func submissionKeepsExactBytesAndHash() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    defer { Task { await database.close() } }
    // Bytes that are not UTF-8, a NUL and a BOM: stored as they came.
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x3C, 0x00, 0xFF, 0xFE, 0x0A]
    var new = plan("0180")
    new.bytes = bytes
    let stored = try await database.submit(new, at: t0)
    #expect(stored.id.count == 32 && stored.id.allSatisfy(\.isHexDigit))
    // SHA-256 of these eight bytes, as `sha256sum` gives it.
    #expect(stored.sha256 == "de2fbbcab0e831b930113738ed326d8d82d284bd1a913fac11358d7af1c4f03a")
    #expect(stored.sha256 == Secrets.sha256(bytes))
    let read = try #require(try await database.submission(id: stored.id))
    #expect(read == stored)
    #expect(read.bytes == bytes)
    #expect(read.receivedAt == t0)
    // Another id, one hex digit different, finds nothing.
    let other = (stored.id.hasPrefix("0") ? "1" : "0") + stored.id.dropFirst()
    #expect(try await database.submission(id: other) == nil)
  }

  @Test func submissionsAreImmutable() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    let stored = try await database.submit(plan("0180"), at: t0)
    await database.close()
    let update = try? shell(
      "/usr/bin/sqlite3", [path, "UPDATE submissions SET bytes = x'00' WHERE id = '\(stored.id)';"])
    let delete = try? shell("/usr/bin/sqlite3", [path, "DELETE FROM submissions;"])
    #expect(update == nil && delete == nil, "the triggers refuse changes")
    let reopened = try await Database.open(path: path)
    #expect(try await reopened.submission(id: stored.id) == stored)
    await reopened.close()
  }

  @Test func withdrawalKeepsTheBytesAndStopsCountingAsLatest() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    let first = try await database.submit(plan("0180", "<a/>"), at: t0)
    let second = try await database.submit(plan("0180", "<b/>"), at: t0.addingTimeInterval(60))
    let withdrawn = try await database.withdraw(
      id: second.id, by: "s@k.se", reason: "fel fil", at: t0.addingTimeInterval(120))
    #expect(withdrawn.withdrawal == Withdrawal(by: "s@k.se", at: t0.addingTimeInterval(120), reason: "fel fil"))
    #expect(withdrawn.bytes == second.bytes && withdrawn.sha256 == second.sha256, "the bytes stay")
    // The earlier plan counts again from the withdrawal on; before it, the withdrawn one stood.
    #expect(try await database.latestSubmissions(asOf: t0.addingTimeInterval(90))["0180"]?.id == second.id)
    #expect(try await database.latestSubmissions(asOf: t0.addingTimeInterval(120))["0180"]?.id == first.id)
    #expect(try await database.submissions(kommun: "0180").count == 2, "the history keeps it")
    await #expect(throws: WithdrawalError.alreadyWithdrawn(second.id)) {
      try await database.withdraw(id: second.id, by: "x", reason: "", at: t0)
    }
    await #expect(throws: WithdrawalError.unknown("0" + String(repeating: "f", count: 31))) {
      try await database.withdraw(id: "0" + String(repeating: "f", count: 31), by: "x", reason: "", at: t0)
    }
    // Two withdrawals of one submission at once: one wins, the other is told it is already withdrawn.
    let third = try await database.submit(plan("0180", "<c/>"), at: t0.addingTimeInterval(180))
    async let a = attempt { try await database.withdraw(id: third.id, by: "a", reason: "1", at: t0) }
    async let b = attempt { try await database.withdraw(id: third.id, by: "b", reason: "2", at: t0) }
    let outcomes = await [a, b]
    #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
    #expect(
      outcomes.contains {
        if case .failure(let e) = $0 { e as? WithdrawalError == .alreadyWithdrawn(third.id) } else { false }
      })
    let audit = try await database.auditLog().filter { $0.action == .withdrawal && $0.subject == second.id }
    #expect(audit.map(\.subject) == [second.id] && audit.first?.actor == "s@k.se" && audit.first?.detail == "fel fil")
    await database.close()
    // A withdrawal is final: not even the database file's owner can undo or redo it.
    let undo = try? shell(
      "/usr/bin/sqlite3", [path, "UPDATE submissions SET withdrawn_at = NULL WHERE id = '\(second.id)';"])
    #expect(undo == nil)
  }

  @Test func historyAndLatestAsOf() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    let first = try await database.submit(plan("0180", "<a/>"), at: t0)
    let second = try await database.submit(plan("0180", "<b/>"), at: t0.addingTimeInterval(86400))
    let other = try await database.submit(plan("1280", "<c/>"), at: t0.addingTimeInterval(3600))
    #expect(try await database.submissions(kommun: "0180").map(\.id) == [second.id, first.id])
    let before = try await database.latestSubmissions(asOf: t0.addingTimeInterval(7200))
    #expect(before.mapValues(\.id) == ["0180": first.id, "1280": other.id])
    let after = try await database.latestSubmissions(asOf: t0.addingTimeInterval(90000))
    #expect(after["0180"]?.id == second.id)
    #expect(try await database.latestSubmissions(asOf: t0.addingTimeInterval(-1)).isEmpty)
    // Every submission is audited with its hash.
    let audit = try await database.auditLog().filter { $0.action == .submission }
    #expect(audit.map(\.subject) == [first.id, second.id, other.id])
    #expect(audit[0].detail.contains(first.sha256))
    await database.close()
  }

  @Test func concurrentSubmissionsAllLand() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    let ids = try await withThrowingTaskGroup(of: String.self) { group in
      for index in 0..<50 {
        group.addTask { try await database.submit(plan("0180", "<p n='\(index)'/>"), at: t0).id }
      }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(ids.count == 50)
    #expect(try await database.allSubmissions().count == 50)
    await database.close()
  }

  @Test func backupIsAConsistentCopyAndNeverOverwrites() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    let stored = try await database.submit(plan("0180"), at: t0)
    let target = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("kopia.sqlite").path
    try await database.backup(to: target)
    let copy = try await Database.open(path: target)
    #expect(try await copy.submission(id: stored.id) == stored)
    await copy.close()
    await #expect(throws: StoreError.self) { try await database.backup(to: target) }
    await database.close()
  }

  @Test func readOnlyDatabaseRefusesWithAClearError() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    await database.close()
    // Read-only media, as SQLite sees them (file permissions would not stop root, who runs CI).
    let reopened = try await Database.open(path: "file:\(path)?mode=ro")
    do {
      _ = try await reopened.submit(plan("0180"), at: t0)
      Issue.record("a read-only database acknowledged a submission")
    } catch let error as StoreError {
      #expect(error.kind == .readOnly)
      #expect(error.description.contains("skrivskydd"))
    }
    #expect(try await reopened.allSubmissions().isEmpty)
    await reopened.close()
  }

  @Test func newerSchemaIsRefused() async throws {
    let path = try temporaryDatabase()
    await (try await Database.open(path: path)).close()
    _ = try shell("/usr/bin/sqlite3", [path, "PRAGMA user_version = 99;"])
    do {
      _ = try await Database.open(path: path)
      Issue.record("a newer schema was opened")
    } catch let error as StoreError {
      #expect(error.kind == .newerSchema(99))
    }
  }
}

/// Runs a program and gives its standard output; throws when it fails.
/// The outcome of an async call, kept rather than thrown.
func attempt<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
  do {
    return .success(try await body())
  } catch {
    return .failure(error)
  }
}

func shell(_ program: String, _ arguments: [String], input: String? = nil) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: program)
  process.arguments = arguments
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  let stdin = Pipe()
  process.standardInput = stdin
  try process.run()
  if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
  try stdin.fileHandleForWriting.close()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  struct Failed: Error { let status: Int32 }
  guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
  return String(decoding: data, as: UTF8.self)
}
