import Foundation
import Store
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 20's weaknesses in the store, each with the attack that worked before.
@Suite struct PasswordRuleTests {
  /// No throttle in the way: these tests are about what is compared, not how often.
  let open = AccountPolicy(maxFailures: 10_000, bcryptCost: 4, addressFailures: 10_000)

  @Test func refusesWhatBcryptWouldCutOff() {
    #expect(PasswordRule.problem("rätt häftklammer 42") == nil)
    #expect(PasswordRule.problem(String(repeating: "a", count: 72)) == nil)
    #expect(PasswordRule.problem(String(repeating: "a", count: 73)) == .passwordTooLong)
    // 37 × "å" is 37 characters but 74 bytes.
    #expect(PasswordRule.problem(String(repeating: "å", count: 37)) == .passwordTooLong)
    #expect(PasswordRule.problem("\u{0}" + String(repeating: "x", count: 15)) == .passwordControl)
    #expect(PasswordRule.problem("Sommar2026\u{0}xyz") == .passwordControl)
    #expect(PasswordRule.problem("tolv tecken\tx") == .passwordControl)
    #expect(PasswordRule.problem("kort") == .weakPassword)
    #expect(AccountError.passwordTooLong.description.contains("72 byte"))
  }

  /// Before: `%00` and 15 characters passed the 12-character rule and opened the account with an
  /// empty password; a 72-byte password opened with anything appended.
  @Test func twoPasswordsThatDifferAnywhereCannotBothLogIn() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    await #expect(throws: AccountError.passwordControl) {
      _ = try await database.addUser(
        email: "nul@k.se", role: .admin, password: "\u{0}" + String(repeating: "x", count: 15), policy: open,
        actor: "root", at: t0)
    }
    let long = String(repeating: "ö", count: 30) + "Sommar2026ab"  // 72 bytes
    #expect(long.utf8.count == 72)
    for (email, password) in [("a@k.se", "Sommar2026xyz!"), ("b@k.se", long)] {
      _ = try await database.addUser(
        email: email, role: .samordnare(kommun: "0180"), password: password, policy: open, actor: "root", at: t0)
      let others = [
        password + "\u{0}", password + "\u{0}x", password + "x", password + "ä", String(password.dropLast()),
        "\u{0}" + password, String(password.dropLast()) + "\u{0}", "", "\u{0}",
      ]
      for (index, other) in others.enumerated() {
        let result = try await database.login(
          email: email, password: other, address: "192.0.2.\(index)", policy: open, at: t0)
        guard case .refused = result else {
          Issue.record("\(email): a different password (\(other.utf8.count) bytes) logged in")
          continue
        }
      }
      guard
        case .success = try await database.login(
          email: email, password: password, address: "192.0.2.99", policy: open, at: t0)
      else {
        Issue.record("\(email): the right password was refused")
        continue
      }
    }
    await database.close()
  }
}

@Suite struct ThrottlingTests {
  let policy = AccountPolicy(
    maxFailures: 5, failureWindow: 3600, sessionLifetime: 3600, bcryptCost: 4, addressFailures: 10, firstDelay: 2,
    maximumDelay: 300)
  let right = "rätt häftklammer 42"

  /// Both attacks at once, on an injected clock. Before: one password against thirty accounts was never
  /// slowed, and five failures against the admin's address locked the admin out for a quarter of an
  /// hour from everywhere.
  @Test func sprayingSlowsDownAndTheOwnerStillGetsIn() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    _ = try await database.addUser(
      email: "admin@lan.se", role: .admin, password: right, policy: policy, actor: "root", at: t0)
    for index in 0..<30 {
      _ = try await database.addUser(
        email: "u\(index)@k.se", role: .samordnare(kommun: "0180"), password: right + "\(index)", policy: policy,
        actor: "root", at: t0)
    }
    // The owner has logged in from the office before.
    let office = "10.1.2.3"
    guard
      case .success = try await database.login(
        email: "admin@lan.se", password: right, address: office, policy: policy, at: t0)
    else { throw Failure("the owner could not log in") }

    // Spraying: one password against every account from one address, one attempt a second.
    let sprayer = "203.0.113.9"
    var compared = 0
    var waits: [TimeInterval] = []
    var clock = t0.addingTimeInterval(60)
    for index in 0..<30 {
      clock = clock.addingTimeInterval(1)
      switch try await database.login(
        email: "u\(index)@k.se", password: "Sommar2026!!", address: sprayer, policy: policy, at: clock)
      {
      case .refused: compared += 1
      case .throttled(let until): waits.append(until.timeIntervalSince(clock))
      case .success: throw Failure("a sprayed password logged in")
      }
    }
    #expect(compared < 30 && !waits.isEmpty, "spraying from one address is slowed")
    // Waiting out each delay allows one more try, and the next delay is twice as long.
    var delays: [TimeInterval] = []
    for index in 0..<4 {
      guard
        case .throttled(let until) = try await database.login(
          email: "u\(index)@k.se", password: "x", address: sprayer, policy: policy, at: clock)
      else { throw Failure("not throttled") }
      clock = until
      guard
        case .refused = try await database.login(
          email: "u\(index)@k.se", password: "Vinter2026!!", address: sprayer, policy: policy, at: clock)
      else { throw Failure("no attempt after the delay") }
      guard
        case .throttled(let next) = try await database.login(
          email: "u\(index)@k.se", password: "x", address: sprayer, policy: policy, at: clock)
      else { throw Failure("not throttled after a failure") }
      delays.append(next.timeIntervalSince(clock))
    }
    #expect(zip(delays, delays.dropFirst()).allSatisfy { $1 == min($0 * 2, 300) }, "delays double: \(delays)")

    // The targeted attack: the admin's account from forty addresses, none of which ever got in.
    for index in 0..<40 {
      _ = try await database.login(
        email: "admin@lan.se", password: "gissning \(index)", address: "198.51.100.\(index)", policy: policy,
        at: clock)
    }
    // A new address, even with the right password, waits: distributed guessing is slowed too…
    guard
      case .throttled = try await database.login(
        email: "admin@lan.se", password: right, address: "198.51.100.200", policy: policy, at: clock)
    else { throw Failure("a new address was not slowed during the attack") }
    // …but the owner, from the office, gets in at once, and so does the sprayer's victim's owner.
    guard
      case .success = try await database.login(
        email: "admin@lan.se", password: right, address: office, policy: policy, at: clock)
    else { throw Failure("the attack locked the owner out") }
    guard
      case .success = try await database.login(
        email: "u0@k.se", password: right + "0", address: "10.9.9.9", policy: policy, at: clock)
    else { throw Failure("spraying locked out an account's owner") }
    // Never a lockout: after the longest delay, the new address may try again.
    guard
      case .success = try await database.login(
        email: "admin@lan.se", password: right, address: "198.51.100.200", policy: policy,
        at: clock.addingTimeInterval(300))
    else { throw Failure("the delay did not end") }
    let throttled = try await database.auditLog().filter { $0.action == .login && $0.outcome == .throttled }
    #expect(!throttled.isEmpty && throttled.allSatisfy { $0.detail.contains("address=") })
    await database.close()
  }
}

@Suite struct TokenExpiryTests {
  @Test func tokensExpireAndAreRevokedOneByOne() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    _ = try await database.addUser(
      email: "a@k.se", role: .samordnare(kommun: "0180"), password: "rätt häftklammer 42", policy: testPolicy,
      actor: "root", at: t0)
    let yearly = try await database.issueToken(email: "a@k.se", actor: "root", at: t0)
    let short = try await database.issueToken(
      email: "a@k.se", expiresAt: t0.addingTimeInterval(86400), actor: "root", at: t0)
    await #expect(throws: AccountError.expiryInPast) {
      _ = try await database.issueToken(email: "a@k.se", expiresAt: t0, actor: "root", at: t0)
    }
    // Before: a token never expired.
    #expect(try await database.user(bearerToken: short, at: t0.addingTimeInterval(86399))?.email == "a@k.se")
    #expect(try await database.user(bearerToken: short, at: t0.addingTimeInterval(86400)) == nil)
    #expect(try await database.user(bearerToken: yearly, at: t0.addingTimeInterval(364 * 86400)) != nil)
    #expect(try await database.user(bearerToken: yearly, at: t0.addingTimeInterval(365 * 86400)) == nil)
    let listed = try await database.tokens(email: "a@k.se")
    #expect(listed.map(\.expiresAt) == [t0.addingTimeInterval(365 * 86400), t0.addingTimeInterval(86400)])
    try await database.revokeToken(id: listed[0].id, actor: "root", at: t0)
    #expect(try await database.user(bearerToken: yearly, at: t0) == nil)
    #expect(try await database.user(bearerToken: short, at: t0) != nil, "the other token stays")
    await #expect(throws: AccountError.unknownToken(listed[0].id)) {
      try await database.revokeToken(id: listed[0].id, actor: "root", at: t0)
    }
    let audit = try await database.auditLog().map(\.action)
    #expect(audit.contains(.tokenRevoked))
    await database.close()
  }

  /// A database from before expiry (schema 2): its tokens get a year from when they were issued.
  @Test func migrationGivesExistingTokensTheDefault() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    _ = try await database.addUser(
      email: "a@k.se", role: .samordnare(kommun: "0180"), password: "rätt häftklammer 42", policy: testPolicy,
      actor: "root", at: t0)
    await database.close()
    let token = String(repeating: "ab", count: 32)
    _ = try shell(
      "/usr/bin/sqlite3",
      [
        path,
        """
        DROP TABLE api_tokens; DROP TABLE login_attempts; DROP TABLE calendar_feeds;
        CREATE TABLE api_tokens (token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
          created_at TEXT NOT NULL);
        INSERT INTO api_tokens VALUES ('\(Secrets.sha256(token))', 1, '2026-09-21T12:26:40.000');
        PRAGMA user_version = 2;
        """,
      ])
    let migrated = try await Database.open(path: path)
    let tokens = try await migrated.tokens(email: "a@k.se")
    let issued = try #require(ISO8601DateFormatter().date(from: "2026-09-21T12:26:40Z"))
    #expect(tokens.map(\.createdAt) == [issued])
    #expect(tokens.map(\.expiresAt) == [ISO8601DateFormatter().date(from: "2027-09-21T12:26:40Z")!])
    #expect(try await migrated.user(bearerToken: token, at: issued.addingTimeInterval(86400)) != nil)
    #expect(try await migrated.user(bearerToken: token, at: issued.addingTimeInterval(366 * 86400)) == nil)
    await migrated.close()
  }
}

@Suite(.serialized) struct FileModeTests {
  static func mode(_ path: String) -> mode_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
  }

  /// Before: under umask 022 the database, its -wal and -shm and every backup were 0644.
  @Test func databaseAndBackupsAreTheServicesAloneUnderUmask022() async throws {
    let previous = umask(0o022)
    defer { umask(previous) }
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    _ = try await database.submit(plan("0180"), at: t0)
    #expect(database.narrowed.isEmpty)
    for file in [path, path + "-wal", path + "-shm"] {
      #expect(Self.mode(file) == 0o600, "\(file)")
    }
    let backup = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("kopia.sqlite").path
    try await database.backup(to: backup)
    #expect(Self.mode(backup) == 0o600)
    await database.close()

    // An existing database that others can read is narrowed when it is opened, and says so.
    chmod(path, 0o644)
    chmod(backup, 0o664)
    let reopened = try await Database.open(path: path)
    #expect(reopened.narrowed.map(\.path) == [path])
    #expect(reopened.narrowed.first?.mode == 0o644)
    #expect(Self.mode(path) == 0o600)
    await reopened.close()
  }
}

@Suite struct RestoreTests {
  /// A backup taken while eight writers submit holds every submission acknowledged before it began;
  /// restored, it passes the checks, and a restore never replaces a file.
  @Test func backupUnderLoadRestoresEverythingAcknowledgedBefore() async throws {
    let path = try temporaryDatabase()
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    let database = try await Database.open(path: path)
    let acknowledged = Acknowledgements()
    let backup = folder.appendingPathComponent("kopia.sqlite").path
    let backupStarted = try await withThrowingTaskGroup(of: Int?.self) { group in
      for writer in 0..<8 {
        group.addTask {
          for index in 0..<25 {
            let stored = try await database.submit(plan("0180", "<p w='\(writer)' n='\(index)'/>"), at: t0)
            acknowledged.append(stored.id)
          }
          return nil
        }
      }
      group.addTask {
        while acknowledged.count < 40 { try await Task.sleep(for: .milliseconds(1)) }
        let before = acknowledged.count
        try await database.backup(to: backup)
        return before
      }
      var started = 0
      for try await value in group { if let value { started = value } }
      return started
    }
    let before = Array(acknowledged.ids.prefix(backupStarted))
    await database.close()

    let restored = folder.appendingPathComponent("ny.sqlite").path
    let report = try await Database.restore(backup: backup, to: restored)
    #expect(report.submissions >= before.count)
    let reopened = try await Database.open(path: restored)
    let ids = Set(try await reopened.allSubmissions().map(\.id))
    #expect(before.allSatisfy(ids.contains), "every submission acknowledged before the backup began")
    await reopened.close()
    #expect(FileModeTests.mode(restored) == 0o600)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("restoring") }.isEmpty)

    // Never over an existing database, live or not.
    await #expect(throws: StoreError.self) { _ = try await Database.restore(backup: backup, to: path) }
    await #expect(throws: StoreError.self) { _ = try await Database.restore(backup: backup, to: restored) }

    // A backup whose stored plan no longer matches its SHA-256 is refused, and nothing is left behind.
    let damaged = folder.appendingPathComponent("skadad.sqlite").path
    try FileManager.default.copyItem(atPath: backup, toPath: damaged)
    _ = try shell(
      "/usr/bin/sqlite3",
      [damaged, "DROP TRIGGER submissions_immutable; UPDATE submissions SET bytes = x'00' WHERE rowid = 1;"])
    do {
      _ = try await Database.restore(backup: damaged, to: folder.appendingPathComponent("inte.sqlite").path)
      Issue.record("a damaged backup was restored")
    } catch let error as StoreError {
      #expect(error.kind == .damaged && error.description.contains("SHA-256"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("inte.sqlite").path))
  }
}

final class Acknowledgements: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func append(_ id: String) { lock.withLock { list.append(id) } }
  var count: Int { lock.withLock { list.count } }
  var ids: [String] { lock.withLock { list } }
}

struct Failure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
