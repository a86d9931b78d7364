import Foundation
import Store
import Testing

@Suite struct AccountTests {
  let password = "rätt häftklammer 42"

  @Test func addListDisable() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    let user = try await database.addUser(
      email: "Anna@Kommun.se", role: .samordnare(kommun: "0180"), password: password, policy: testPolicy,
      actor: "root", at: t0)
    #expect(user.role == .samordnare(kommun: "0180") && !user.disabled)
    await #expect(throws: AccountError.exists("anna@kommun.se")) {
      _ = try await database.addUser(
        email: "anna@kommun.se", role: .admin, password: password, policy: testPolicy, actor: "root", at: t0)
    }
    await #expect(throws: AccountError.weakPassword) {
      _ = try await database.addUser(
        email: "b@l.se", role: .granskare(lan: "01"), password: "kort", policy: testPolicy, actor: "root", at: t0)
    }
    _ = try await database.addUser(
      email: "bra@bra.se", role: .granskare(lan: nil), password: password, policy: testPolicy, actor: "root", at: t0)
    #expect(try await database.users().map(\.email) == ["Anna@Kommun.se", "bra@bra.se"])
    try await database.disableUser(email: "anna@kommun.se", actor: "root", at: t0)
    #expect(try await database.user(email: "anna@kommun.se")?.disabled == true)
    guard
      case .refused = try await database.login(
        email: "anna@kommun.se", password: password, address: "192.0.2.1", policy: testPolicy, at: t0)
    else {
      Issue.record("a disabled user logged in")
      return
    }
    let actions = try await database.auditLog().map { "\($0.action.rawValue) \($0.subject) \($0.outcome.rawValue)" }
    #expect(
      actions == [
        "user.add Anna@Kommun.se ok", "user.add bra@bra.se ok", "user.disable anna@kommun.se ok",
        "login anna@kommun.se refused",
      ])
    await database.close()
  }

  @Test func passwordsAreBcryptAndTokensOnlyHashed() async throws {
    let path = try temporaryDatabase()
    let database = try await Database.open(path: path)
    _ = try await database.addUser(
      email: "a@k.se", role: .samordnare(kommun: "0180"), password: password, policy: testPolicy, actor: "root", at: t0)
    let token = try await database.issueToken(email: "a@k.se", actor: "root", at: t0)
    #expect(token.count == 64)
    #expect(try await database.user(bearerToken: token, at: t0)?.email == "a@k.se")
    #expect(try await database.user(bearerToken: String(token.dropLast()) + "0", at: t0) == nil || token.hasSuffix("0"))
    #expect(try await database.user(bearerToken: "", at: t0) == nil)
    await database.close()
    let dump = try shell("/usr/bin/sqlite3", [path, ".dump"])
    #expect(!dump.contains(token) && !dump.contains(password))
    #expect(dump.contains("$2b$04$") || dump.contains("$2a$04$") || dump.contains("$2y$04$"))
    // A disabled user's tokens stop working.
    let reopened = try await Database.open(path: path)
    try await reopened.disableUser(email: "a@k.se", actor: "root", at: t0)
    #expect(try await reopened.user(bearerToken: token, at: t0) == nil)
    await reopened.close()
  }

  @Test func sessionsRotateExpireAndThrottle() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    _ = try await database.addUser(
      email: "g@lan.se", role: .granskare(lan: "01"), password: password, policy: testPolicy, actor: "root", at: t0)
    guard
      case .success(let first, let session) = try await database.login(
        email: "g@lan.se", password: password, address: "192.0.2.1", policy: testPolicy, at: t0)
    else {
      Issue.record("login failed")
      return
    }
    guard
      case .success(let second, _) = try await database.login(
        email: "G@LAN.se", password: password, address: "192.0.2.1", policy: testPolicy, at: t0)
    else {
      Issue.record("login failed")
      return
    }
    #expect(first != second, "every login gets a new session")
    #expect(session.csrf.count == 64 && session.csrf != first)
    #expect(try await database.session(token: first, at: t0.addingTimeInterval(60))?.user.email == "g@lan.se")
    #expect(try await database.session(token: first, at: t0.addingTimeInterval(3601)) == nil, "expired")
    try await database.logout(token: second, at: t0)
    #expect(try await database.session(token: second, at: t0) == nil)
    // Three wrong passwords from this (known) address, then even the right one waits the first delay.
    for _ in 0..<3 {
      guard
        case .refused = try await database.login(
          email: "g@lan.se", password: "fel", address: "192.0.2.1", policy: testPolicy, at: t0)
      else {
        Issue.record("a wrong password was accepted")
        return
      }
    }
    guard
      case .throttled = try await database.login(
        email: "g@lan.se", password: password, address: "192.0.2.1", policy: testPolicy, at: t0)
    else {
      Issue.record("no throttling")
      return
    }
    guard
      case .success = try await database.login(
        email: "g@lan.se", password: password, address: "192.0.2.1", policy: testPolicy, at: t0.addingTimeInterval(901))
    else {
      Issue.record("throttling did not end")
      return
    }
    let outcomes = try await database.auditLog().filter { $0.action == .login }.map(\.outcome.rawValue)
    #expect(outcomes == ["ok", "ok", "refused", "refused", "refused", "throttled", "ok"])
    await database.close()
  }

  @Test func rolesSeeWhatIsTheirs() {
    #expect(Role.samordnare(kommun: "0180").maySee(kommun: "0180", county: "01"))
    #expect(!Role.samordnare(kommun: "0180").maySee(kommun: "0181", county: "01"))
    #expect(Role.granskare(lan: "01").maySee(kommun: "0181", county: "01"))
    #expect(!Role.granskare(lan: "01").maySee(kommun: "1280", county: "12"))
    #expect(Role.granskare(lan: nil).maySee(kommun: "1280", county: "12"))
    #expect(Role.admin.maySee(lan: "12") && !Role.samordnare(kommun: "1280").maySee(lan: "12"))
    #expect(!Role.granskare(lan: "01").maySee(lan: "12"))
  }

  @Test func constantTimeEquality() {
    #expect(Secrets.constantTimeEquals("abc", "abc"))
    #expect(!Secrets.constantTimeEquals("abc", "abd"))
    #expect(!Secrets.constantTimeEquals("abc", "abcd"))
    #expect(Secrets.identifier() != Secrets.identifier())
  }
}
