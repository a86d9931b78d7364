import Foundation
import HummingbirdBcrypt
import SQLiteNIO

/// What an account may see and do (PRODUCT.md, "The service").
public enum Role: Sendable, Hashable {
  /// A kommun's coordinator: submits and sees that kommun's plans (SCB municipality code).
  case samordnare(kommun: String)
  /// A county reviewer (SCB county code), or Brå's reviewer of the whole country (nil).
  case granskare(lan: String?)
  /// Manages users; sees everything.
  case admin

  public var name: String {
    switch self {
    case .samordnare: "samordnare"
    case .granskare: "granskare"
    case .admin: "admin"
    }
  }

  /// Whether this role may see a kommun's submissions; `county` is the kommun's county code.
  public func maySee(kommun: String, county: String?) -> Bool {
    switch self {
    case .admin: true
    case .granskare(nil): true
    case .granskare(let lan?): lan == county
    case .samordnare(let own): own == kommun
    }
  }

  /// Whether this role may see a county's matrix.
  public func maySee(lan: String) -> Bool {
    switch self {
    case .admin, .granskare(nil): true
    case .granskare(let own?): own == lan
    case .samordnare: false
    }
  }

  public var description: String {
    switch self {
    case .samordnare(let kommun): "samordnare kommun=\(kommun)"
    case .granskare(let lan?): "granskare lan=\(lan)"
    case .granskare(nil): "granskare riket"
    case .admin: "admin"
    }
  }
}

public struct User: Sendable, Equatable {
  public var id: Int
  public var email: String
  public var role: Role
  public var disabled: Bool
  public var createdAt: Date
}

/// A signed-in browser: the cookie's value is known only to the browser; its hash is stored.
public struct Session: Sendable {
  public var user: User
  /// The token every form of this session carries.
  public var csrf: String
  public var expiresAt: Date
}

public enum LoginResult: Sendable {
  /// `token` is the new session cookie's value (a new one at every login: rotation).
  case success(token: String, session: Session)
  case refused
  /// Too many failed attempts lately from this address, or against this account from addresses it has
  /// not logged in from: not even the right password is tried before `until`.
  case throttled(until: Date)
}

/// A progressive delay: after `freeFailures` failed attempts, each further attempt must wait
/// `firstDelay`, then twice as long, and so on up to `maximumDelay`, counted from the last failure.
/// Never a lockout: the wait is bounded, and it ends by itself.
public struct Throttle: Sendable, Equatable {
  public var freeFailures: Int
  public var firstDelay: TimeInterval
  public var maximumDelay: TimeInterval

  public init(freeFailures: Int, firstDelay: TimeInterval = 2, maximumDelay: TimeInterval = 300) {
    self.freeFailures = freeFailures
    self.firstDelay = firstDelay
    self.maximumDelay = maximumDelay
  }

  /// When the next attempt may be made after `failures` failures, the last at `last`; nil: now.
  func until(failures: Int, last: Date?, now: Date) -> Date? {
    guard failures >= freeFailures, let last else { return nil }
    let doublings = min(failures - freeFailures, 30)
    let delay = min(firstDelay * Double(1 << doublings), maximumDelay)
    let until = last.addingTimeInterval(delay)
    return until > now ? until : nil
  }
}

/// Login throttling, session and token lifetimes.
///
/// Throttling has two keys, so that an attacker cannot turn it against an account's owner. Failures
/// from one address (against any accounts) slow that address down: password spraying. Failures
/// against one account slow down the addresses that have not logged in to it before; an address the
/// account has logged in from lately is slowed only by its own failures, so the owner still gets in
/// while the account is under attack from elsewhere.
public struct AccountPolicy: Sendable {
  /// Failures against one account (from addresses new to it), or from one known address, before delays.
  public var accountThrottle: Throttle
  /// Failures from one address against any accounts before delays (higher: an office shares one).
  public var addressThrottle: Throttle
  /// Failures older than this are forgotten.
  public var failureWindow: TimeInterval
  /// How long an address that logged in to an account stays known to it.
  public var knownAddressMemory: TimeInterval
  public var sessionLifetime: TimeInterval
  /// bcrypt's cost (12 in production; tests use the minimum, 4).
  public var bcryptCost: UInt8

  /// `maxFailures` is the account's free failures before delays.
  public init(
    maxFailures: Int = 5, failureWindow: TimeInterval = 3600, sessionLifetime: TimeInterval = 8 * 3600,
    bcryptCost: UInt8 = 12, addressFailures: Int = 20, firstDelay: TimeInterval = 2,
    maximumDelay: TimeInterval = 300, knownAddressMemory: TimeInterval = 90 * 86400
  ) {
    accountThrottle = Throttle(freeFailures: maxFailures, firstDelay: firstDelay, maximumDelay: maximumDelay)
    addressThrottle = Throttle(freeFailures: addressFailures, firstDelay: firstDelay, maximumDelay: maximumDelay)
    self.failureWindow = failureWindow
    self.knownAddressMemory = knownAddressMemory
    self.sessionLifetime = sessionLifetime
    self.bcryptCost = bcryptCost
  }

  /// An API token's lifetime unless its issuer says otherwise: a year.
  public static let tokenLifetime: TimeInterval = 365 * 86400
}

public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
  case exists(String)
  case unknown(String)
  case weakPassword
  /// More than 72 bytes of UTF-8: bcrypt would ignore the rest.
  case passwordTooLong
  /// A control character (a NUL above all, after which bcrypt ignores the rest).
  case passwordControl
  /// The current password given to change it is wrong.
  case wrongPassword
  /// Too many wrong passwords lately (see `AccountPolicy`): try again after `until`.
  case throttled(until: Date)
  /// The address holds a control or format character (a line break, an invisible character).
  case invalidEmail(String)
  case unknownToken(Int)
  /// A token's expiry must lie in the future.
  case expiryInPast

  public var sv: String {
    switch self {
    case .exists(let email): "användaren \(email) finns redan"
    case .unknown(let email): "ingen användare \(email)"
    case .weakPassword: "lösenordet ska ha minst \(PasswordRule.minimumCharacters) tecken"
    case .passwordTooLong:
      "lösenordet får vara högst \(PasswordRule.maximumBytes) byte långt (å, ä och ö räknas som två)"
    case .passwordControl: "lösenordet får inte innehålla styrtecken (som radbrytning, tabb eller nolltecken)"
    case .wrongPassword: "det nuvarande lösenordet stämmer inte"
    case .throttled: "för många felaktiga lösenord; vänta en stund och försök igen"
    case .invalidEmail(let email):
      "e-postadressen \(PlainText.neutralised(email)) innehåller styr- eller formattecken"
    case .unknownToken(let id): "ingen API-nyckel med id \(id)"
    case .expiryInPast: "utgångsdatumet måste ligga i framtiden"
    }
  }

  public var en: String {
    switch self {
    case .exists: "the user exists already"
    case .unknown: "no such user"
    case .weakPassword: "the password must have at least \(PasswordRule.minimumCharacters) characters"
    case .passwordTooLong: "the password may be at most \(PasswordRule.maximumBytes) bytes long (UTF-8)"
    case .passwordControl: "the password must not contain control characters (line breaks, tabs, NUL)"
    case .wrongPassword: "the current password is wrong"
    case .throttled: "too many wrong passwords; wait a while and try again"
    case .invalidEmail: "the e-mail address holds control or format characters"
    case .unknownToken: "no API token with that id"
    case .expiryInPast: "the expiry date must lie in the future"
    }
  }

  public var description: String { "\(sv). (\(en.prefix(1).uppercased() + en.dropFirst()).)" }
}

/// An API token as it is listed: never the token itself, which only its holder has.
public struct APIToken: Sendable, Equatable {
  public var id: Int
  public var email: String
  public var createdAt: Date
  public var expiresAt: Date
}

extension Database {
  /// Adds a user. `actor` is who did it (the operator's account name for the command line).
  public func addUser(
    email: String, role: Role, password: String, policy: AccountPolicy, actor: String, at now: Date
  ) async throws -> User {
    guard !PlainText.hasControl(email) else { throw AccountError.invalidEmail(email) }
    if let problem = PasswordRule.problem(password) { throw problem }
    if try await user(email: email) != nil { throw AccountError.exists(email) }
    let hash = try await PasswordHasher.shared.hash(password, cost: policy.bcryptCost)
    let (kommun, lan): (SQLiteData, SQLiteData) =
      switch role {
      case .samordnare(let code): (.text(code), .null)
      case .granskare(let code?): (.null, .text(code))
      default: (.null, .null)
      }
    try await transaction { transaction in
      try await transaction.execute(
        "INSERT INTO users (email, role, kommun, lan, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [.text(email), .text(role.name), kommun, lan, .text(hash), .text(Timestamp.text(now))])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .userAdded, subject: email, outcome: .ok,
        detail: role.description)
    }
    guard let user = try await user(email: email) else { throw AccountError.unknown(email) }
    return user
  }

  public func user(email: String) async throws -> User? {
    try await read("SELECT * FROM users WHERE email = ?", [.text(email)]).first.flatMap(User.init(row:))
  }

  public func users() async throws -> [User] {
    try await read("SELECT * FROM users ORDER BY email").compactMap(User.init(row:))
  }

  /// Disables a user and ends its sessions and tokens.
  public func disableUser(email: String, actor: String, at now: Date) async throws {
    guard let user = try await user(email: email) else { throw AccountError.unknown(email) }
    try await transaction { transaction in
      try await transaction.execute("UPDATE users SET disabled = 1 WHERE id = ?", [.integer(.init(user.id))])
      try await transaction.execute("DELETE FROM sessions WHERE user_id = ?", [.integer(.init(user.id))])
      try await transaction.execute("DELETE FROM api_tokens WHERE user_id = ?", [.integer(.init(user.id))])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .userDisabled, subject: email, outcome: .ok)
    }
  }

  /// A new bearer token for a user, valid until `expiresAt` (a year from `now` unless said); only its
  /// hash is kept. The token is returned once, here.
  public func issueToken(email: String, expiresAt: Date? = nil, actor: String, at now: Date) async throws -> String {
    guard let user = try await user(email: email), !user.disabled else { throw AccountError.unknown(email) }
    let expiry = expiresAt ?? now.addingTimeInterval(AccountPolicy.tokenLifetime)
    guard expiry > now else { throw AccountError.expiryInPast }
    let token = Secrets.token()
    try await transaction { transaction in
      try await transaction.execute(
        "INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        [
          .text(Secrets.sha256(token)), .integer(.init(user.id)), .text(Timestamp.text(now)),
          .text(Timestamp.text(expiry)),
        ])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .tokenIssued, subject: email, outcome: .ok,
        detail: "expires=\(Timestamp.text(expiry))")
    }
    return token
  }

  /// A user's API tokens, oldest first, expired ones included (until revoked).
  public func tokens(email: String) async throws -> [APIToken] {
    guard try await user(email: email) != nil else { throw AccountError.unknown(email) }
    return try await read(
      """
      SELECT api_tokens.id, users.email, api_tokens.created_at, api_tokens.expires_at FROM api_tokens
      JOIN users ON users.id = api_tokens.user_id WHERE users.email = ? ORDER BY api_tokens.id
      """, [.text(email)]
    ).compactMap { row in
      guard let id = row.integer("id"), let email = row.text("email"),
        let created = row.text("created_at").flatMap(Timestamp.date),
        let expires = row.text("expires_at").flatMap(Timestamp.date)
      else { return nil }
      return APIToken(id: id, email: email, createdAt: created, expiresAt: expires)
    }
  }

  /// Revokes one API token by its listed id; the user's other tokens and sessions stay.
  public func revokeToken(id: Int, actor: String, at now: Date) async throws {
    try await transaction { transaction in
      let rows = try await transaction.rows(
        "SELECT users.email FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.id = ?",
        [.integer(.init(id))])
      guard let email = rows.first?.text("email") else { throw AccountError.unknownToken(id) }
      try await transaction.execute("DELETE FROM api_tokens WHERE id = ?", [.integer(.init(id))])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .tokenRevoked, subject: email, outcome: .ok,
        detail: "token=\(id)")
    }
  }

  /// The enabled user an unexpired bearer token belongs to.
  public func user(bearerToken token: String, at now: Date) async throws -> User? {
    let hash = Secrets.sha256(token)
    let rows = try await read(
      """
      SELECT users.*, api_tokens.token_hash AS stored FROM api_tokens JOIN users ON users.id = api_tokens.user_id
      WHERE api_tokens.token_hash = ? AND users.disabled = 0 AND api_tokens.expires_at > ?
      """, [.text(hash), .text(Timestamp.text(now))])
    // The lookup is by hash, which an attacker cannot steer; the comparison is constant-time anyway.
    guard let row = rows.first, let stored = row.text("stored"), Secrets.constantTimeEquals(stored, hash) else {
      return nil
    }
    return User(row: row)
  }

  /// Checks a password from `address` (the client's IP address), throttled as `AccountPolicy` says;
  /// every attempt is audited. On success, a new session.
  public func login(
    email: String, password: String, address: String, policy: AccountPolicy, at now: Date
  ) async throws -> LoginResult {
    switch try await checkPassword(
      email: email, password: password, address: address, policy: policy, action: .login, at: now)
    {
    case .throttled(let until): return .throttled(until: until)
    case .refused: return .refused
    case .matches(let user):
      let token = Secrets.token()
      let session = Session(
        user: user, csrf: Secrets.token(), expiresAt: now.addingTimeInterval(policy.sessionLifetime))
      try await transaction { transaction in
        try await transaction.execute(
          "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
          [
            .text(Secrets.sha256(token)), .integer(.init(user.id)), .text(session.csrf),
            .text(Timestamp.text(now)), .text(Timestamp.text(session.expiresAt)),
          ])
        try await transaction.execute("DELETE FROM sessions WHERE expires_at <= ?", [.text(Timestamp.text(now))])
        try await Self.recordAttempt(in: transaction, email: email, address: address, ok: true, policy: policy, at: now)
        try await AuditLog.append(
          in: transaction, at: now, actor: email, action: .login, subject: email, outcome: .ok,
          detail: "address=\(address)")
      }
      return .success(token: token, session: session)
    }
  }

  /// A signed-in user changes their own password: the current one is checked (and throttled as a
  /// login is), the new one must pass `PasswordRule`. The user's other sessions end; the session
  /// `keeping` (the cookie's value) and the API tokens stay.
  public func changePassword(
    email: String, current: String, new: String, keeping sessionToken: String?, address: String,
    policy: AccountPolicy, at now: Date
  ) async throws {
    if let problem = PasswordRule.problem(new) { throw problem }
    switch try await checkPassword(
      email: email, password: current, address: address, policy: policy, action: .passwordChanged, at: now)
    {
    case .throttled(let until): throw AccountError.throttled(until: until)
    case .refused: throw AccountError.wrongPassword
    case .matches(let user):
      let hash = try await PasswordHasher.shared.hash(new, cost: policy.bcryptCost)
      try await transaction { transaction in
        try await transaction.execute(
          "UPDATE users SET password_hash = ? WHERE id = ?", [.text(hash), .integer(.init(user.id))])
        try await transaction.execute(
          "DELETE FROM sessions WHERE user_id = ? AND token_hash != ?",
          [.integer(.init(user.id)), .text(sessionToken.map(Secrets.sha256) ?? "")])
        try await Self.recordAttempt(in: transaction, email: email, address: address, ok: true, policy: policy, at: now)
        try await AuditLog.append(
          in: transaction, at: now, actor: email, action: .passwordChanged, subject: email, outcome: .ok,
          detail: "address=\(address)")
      }
    }
  }

  /// An admin (or the operator) sets a user's password: every session of the user ends, tokens stay.
  public func resetPassword(email: String, new: String, policy: AccountPolicy, actor: String, at now: Date)
    async throws
  {
    if let problem = PasswordRule.problem(new) { throw problem }
    guard let user = try await user(email: email) else { throw AccountError.unknown(email) }
    let hash = try await PasswordHasher.shared.hash(new, cost: policy.bcryptCost)
    try await transaction { transaction in
      try await transaction.execute(
        "UPDATE users SET password_hash = ? WHERE id = ?", [.text(hash), .integer(.init(user.id))])
      try await transaction.execute("DELETE FROM sessions WHERE user_id = ?", [.integer(.init(user.id))])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .passwordReset, subject: user.email, outcome: .ok)
    }
  }

  private enum PasswordCheck {
    case matches(User)
    case refused
    case throttled(Date)
  }

  /// The throttles first (a throttled attempt is not even compared, and adds no failure), then bcrypt
  /// on its own threads. A failure or a throttled attempt is recorded and audited here; a match is
  /// recorded by the caller, in the transaction that acts on it.
  private func checkPassword(
    email: String, password: String, address: String, policy: AccountPolicy, action: AuditEntry.Action, at now: Date
  ) async throws -> PasswordCheck {
    if let until = try await throttledUntil(email: email, address: address, policy: policy, at: now) {
      try await transaction { transaction in
        try await AuditLog.append(
          in: transaction, at: now, actor: email, action: action, subject: email, outcome: .throttled,
          detail: "address=\(address) until=\(Timestamp.text(until))")
      }
      return .throttled(until)
    }
    let user = try await user(email: email)
    let stored = try await read("SELECT password_hash FROM users WHERE email = ?", [.text(email)]).first?.text(
      "password_hash")
    // What no password can be (see PasswordRule) is compared with nothing anyone knows, so that bcrypt
    // never sees a cut-off password; an unknown address costs the same bcrypt work as a known one.
    let hashable = PasswordRule.hashable(password)
    let matches = try await PasswordHasher.shared.verify(hashable ? password : "", hash: hashable ? stored : nil)
    guard let user, matches, hashable, stored != nil, !user.disabled else {
      try await transaction { transaction in
        try await Self.recordAttempt(
          in: transaction, email: email, address: address, ok: false, policy: policy, at: now)
        try await AuditLog.append(
          in: transaction, at: now, actor: email, action: action, subject: email, outcome: .refused,
          detail: "address=\(address)")
      }
      return .refused
    }
    return .matches(user)
  }

  /// The latest of the waits that apply to an attempt on `email` from `address`, if any is still running.
  func throttledUntil(email: String, address: String, policy: AccountPolicy, at now: Date) async throws -> Date? {
    let since = Timestamp.text(now.addingTimeInterval(-policy.failureWindow))
    func failures(_ condition: String, _ binds: [SQLiteData]) async throws -> (Int, Date?) {
      let row = try await read(
        "SELECT count(*) AS n, max(at) AS last FROM login_attempts WHERE ok = 0 AND at > ? AND \(condition)",
        [.text(since)] + binds
      ).first
      return (row?.integer("n") ?? 0, row?.text("last").flatMap(Timestamp.date))
    }
    var waits: [Date] = []
    let (fromAddress, lastFromAddress) = try await failures("address = ?", [.text(address)])
    waits += [policy.addressThrottle.until(failures: fromAddress, last: lastFromAddress, now: now)].compactMap { $0 }
    let known =
      try await read(
        "SELECT 1 FROM login_attempts WHERE ok = 1 AND email = ? AND address = ? AND at > ? LIMIT 1",
        [.text(email), .text(address), .text(Timestamp.text(now.addingTimeInterval(-policy.knownAddressMemory)))]
      ).isEmpty == false
    if known {
      // The owner's own address: only its own failures since it last got in count (in the order they
      // were recorded: two attempts can share an instant).
      let lastSuccess =
        try await read(
          "SELECT max(id) AS last FROM login_attempts WHERE ok = 1 AND email = ? AND address = ?",
          [.text(email), .text(address)]
        ).first?.integer("last") ?? 0
      let (mine, lastMine) = try await failures(
        "email = ? AND address = ? AND id > ?", [.text(email), .text(address), .integer(lastSuccess)])
      waits += [policy.accountThrottle.until(failures: mine, last: lastMine, now: now)].compactMap { $0 }
    } else {
      let (against, lastAgainst) = try await failures("email = ?", [.text(email)])
      waits += [policy.accountThrottle.until(failures: against, last: lastAgainst, now: now)].compactMap { $0 }
    }
    return waits.max()
  }

  /// One attempt for the throttles; forgets what no throttle reads any more.
  static func recordAttempt(
    in transaction: Transaction, email: String, address: String, ok: Bool, policy: AccountPolicy, at now: Date
  ) async throws {
    try await transaction.execute(
      "INSERT INTO login_attempts (at, email, address, ok) VALUES (?, ?, ?, ?)",
      [.text(Timestamp.text(now)), .text(email), .text(address), .integer(ok ? 1 : 0)])
    if ok {
      try await transaction.execute(
        "DELETE FROM login_attempts WHERE (ok = 0 AND at < ?) OR at < ?",
        [
          .text(Timestamp.text(now.addingTimeInterval(-policy.failureWindow))),
          .text(Timestamp.text(now.addingTimeInterval(-policy.knownAddressMemory))),
        ])
    }
  }

  /// The live session a cookie value names, or nil when unknown, expired or its user disabled.
  public func session(token: String, at now: Date) async throws -> Session? {
    let rows = try await read(
      """
      SELECT users.*, sessions.csrf, sessions.expires_at FROM sessions JOIN users ON users.id = sessions.user_id
      WHERE sessions.token_hash = ? AND sessions.expires_at > ? AND users.disabled = 0
      """, [.text(Secrets.sha256(token)), .text(Timestamp.text(now))])
    guard let row = rows.first, let user = User(row: row), let csrf = row.text("csrf"),
      let expires = row.text("expires_at").flatMap(Timestamp.date)
    else { return nil }
    return Session(user: user, csrf: csrf, expiresAt: expires)
  }

  public func logout(token: String, at now: Date) async throws {
    guard let session = try await session(token: token, at: now) else { return }
    try await transaction { transaction in
      try await transaction.execute("DELETE FROM sessions WHERE token_hash = ?", [.text(Secrets.sha256(token))])
      try await AuditLog.append(
        in: transaction, at: now, actor: session.user.email, action: .logout, subject: session.user.email,
        outcome: .ok)
    }
  }

  /// A bcrypt hash of nothing anyone knows, checked when the address is unknown (made on first use, on
  /// the hasher's threads: see PasswordHasher.verify).
  static let dummyHash = Bcrypt.hash(Secrets.token(), cost: 12)
}

extension User {
  init?(row: SQLiteRow) {
    guard let id = row.integer("id"), let email = row.text("email"), let roleName = row.text("role"),
      let created = row.text("created_at").flatMap(Timestamp.date)
    else { return nil }
    let role: Role
    switch roleName {
    case "samordnare":
      guard let kommun = row.text("kommun") else { return nil }
      role = .samordnare(kommun: kommun)
    case "granskare": role = .granskare(lan: row.text("lan"))
    case "admin": role = .admin
    default: return nil
    }
    self.init(id: id, email: email, role: role, disabled: row.integer("disabled") == 1, createdAt: created)
  }
}
