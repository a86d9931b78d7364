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
  /// Too many failed attempts for this address lately: not even the right password is tried.
  case throttled
}

/// Login throttling and session lifetime.
public struct AccountPolicy: Sendable {
  public var maxFailures: Int
  public var failureWindow: TimeInterval
  public var sessionLifetime: TimeInterval
  /// bcrypt's cost (12 in production; tests use the minimum, 4).
  public var bcryptCost: UInt8

  public init(
    maxFailures: Int = 5, failureWindow: TimeInterval = 15 * 60, sessionLifetime: TimeInterval = 8 * 3600,
    bcryptCost: UInt8 = 12
  ) {
    self.maxFailures = maxFailures
    self.failureWindow = failureWindow
    self.sessionLifetime = sessionLifetime
    self.bcryptCost = bcryptCost
  }
}

public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
  case exists(String)
  case unknown(String)
  case weakPassword
  /// The address holds a control or format character (a line break, an invisible character).
  case invalidEmail(String)

  public var description: String {
    switch self {
    case .exists(let email): "användaren \(email) finns redan. (The user exists already.)"
    case .unknown(let email): "ingen användare \(email). (No such user.)"
    case .weakPassword: "lösenordet ska ha minst 12 tecken. (The password must have at least 12 characters.)"
    case .invalidEmail(let email):
      "e-postadressen \(PlainText.neutralised(email)) innehåller styr- eller formattecken. (The e-mail address holds control or format characters.)"
    }
  }
}

extension Database {
  /// Adds a user. `actor` is who did it (the operator's account name for the command line).
  public func addUser(
    email: String, role: Role, password: String, policy: AccountPolicy, actor: String, at now: Date
  ) async throws -> User {
    guard !PlainText.hasControl(email) else { throw AccountError.invalidEmail(email) }
    guard password.count >= 12 else { throw AccountError.weakPassword }
    if try await user(email: email) != nil { throw AccountError.exists(email) }
    let hash = Bcrypt.hash(password, cost: policy.bcryptCost)
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

  /// A new bearer token for a user; only its hash is kept. The token is returned once, here.
  public func issueToken(email: String, actor: String, at now: Date) async throws -> String {
    guard let user = try await user(email: email), !user.disabled else { throw AccountError.unknown(email) }
    let token = Secrets.token()
    try await transaction { transaction in
      try await transaction.execute(
        "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
        [.text(Secrets.sha256(token)), .integer(.init(user.id)), .text(Timestamp.text(now))])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .tokenIssued, subject: email, outcome: .ok)
    }
    return token
  }

  /// The enabled user a bearer token belongs to.
  public func user(bearerToken token: String) async throws -> User? {
    let hash = Secrets.sha256(token)
    let rows = try await read(
      """
      SELECT users.*, api_tokens.token_hash AS stored FROM api_tokens JOIN users ON users.id = api_tokens.user_id
      WHERE api_tokens.token_hash = ? AND users.disabled = 0
      """, [.text(hash)])
    // The lookup is by hash, which an attacker cannot steer; the comparison is constant-time anyway.
    guard let row = rows.first, let stored = row.text("stored"), Secrets.constantTimeEquals(stored, hash) else {
      return nil
    }
    return User(row: row)
  }

  /// Checks a password, with throttling: after `maxFailures` failed attempts for one address within
  /// the window, attempts are refused without looking at the password. Every attempt is audited.
  public func login(email: String, password: String, policy: AccountPolicy, at now: Date) async throws
    -> LoginResult
  {
    let since = Timestamp.text(now.addingTimeInterval(-policy.failureWindow))
    let failures =
      try await read(
        "SELECT count(*) AS n FROM audit WHERE action = 'login' AND subject = ? COLLATE NOCASE AND outcome != 'ok' AND at > ?",
        [.text(email), .text(since)]
      ).first?.integer("n") ?? 0
    if failures >= policy.maxFailures {
      try await transaction { transaction in
        try await AuditLog.append(
          in: transaction, at: now, actor: email, action: .login, subject: email, outcome: .throttled)
      }
      return .throttled
    }
    let user = try await user(email: email)
    let stored = try await read("SELECT password_hash FROM users WHERE email = ?", [.text(email)]).first?.text(
      "password_hash")
    // An unknown address costs the same bcrypt work as a known one, so timing does not tell them apart.
    let matches = Bcrypt.verify(password, hash: stored ?? Database.dummyHash)
    guard let user, matches, !user.disabled else {
      try await transaction { transaction in
        try await AuditLog.append(
          in: transaction, at: now, actor: email, action: .login, subject: email, outcome: .refused)
      }
      return .refused
    }
    let token = Secrets.token()
    let session = Session(user: user, csrf: Secrets.token(), expiresAt: now.addingTimeInterval(policy.sessionLifetime))
    try await transaction { transaction in
      try await transaction.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        [
          .text(Secrets.sha256(token)), .integer(.init(user.id)), .text(session.csrf), .text(Timestamp.text(now)),
          .text(Timestamp.text(session.expiresAt)),
        ])
      try await transaction.execute("DELETE FROM sessions WHERE expires_at <= ?", [.text(Timestamp.text(now))])
      try await AuditLog.append(in: transaction, at: now, actor: email, action: .login, subject: email, outcome: .ok)
    }
    return .success(token: token, session: session)
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

  /// A bcrypt hash of nothing anyone knows, checked when the address is unknown.
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
