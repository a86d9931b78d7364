import Foundation
import SQLiteNIO

/// A personal, read-only calendar feed: calendar clients cannot sign in, so the address carries a
/// secret. Only its SHA-256 is stored; the address is shown once, when it is made. A feed reads as
/// its user: what the user may see, and nothing once the user is disabled or the feed revoked.
public struct CalendarFeed: Sendable, Equatable {
  /// What a feed covers: one kommun, or one county's kommuner (the path's first segment).
  public enum Scope: String, Sendable, CaseIterable {
    case kommun, lan
  }

  public var id: Int
  public var userID: Int
  public var scope: Scope
  /// The kommun's or the county's SCB code.
  public var code: String
  public var createdAt: Date
  /// The last time a client read it; nil before the first.
  public var lastUsedAt: Date?
  public var revokedAt: Date?

  /// The feed's path, without its secret.
  public var path: String { "/\(scope.rawValue)/\(code)/kalender.ics" }

  public init(
    id: Int, userID: Int, scope: Scope, code: String, createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil
  ) {
    self.id = id
    self.userID = userID
    self.scope = scope
    self.code = code
    self.createdAt = createdAt
    self.lastUsedAt = lastUsedAt
    self.revokedAt = revokedAt
  }
}

extension Database {
  /// Makes a feed of `user` for one kommun or county and returns it with its secret, once. Audited.
  public func createCalendarFeed(
    for user: User, scope: CalendarFeed.Scope, code: String, at now: Date
  ) async throws -> (feed: CalendarFeed, token: String) {
    guard !user.disabled else { throw AccountError.unknown(user.email) }
    let token = Secrets.token()
    let id = try await transaction { transaction in
      try await transaction.execute(
        "INSERT INTO calendar_feeds (token_hash, user_id, scope, code, created_at) VALUES (?, ?, ?, ?, ?)",
        [
          .text(Secrets.sha256(token)), .integer(.init(user.id)), .text(scope.rawValue), .text(code),
          .text(Timestamp.text(now)),
        ])
      let id = try await transaction.rows("SELECT last_insert_rowid() AS id").first?.integer("id") ?? 0
      try await AuditLog.append(
        in: transaction, at: now, actor: user.email, action: .feedCreated, subject: "\(scope.rawValue)/\(code)",
        outcome: .ok, detail: "feed=\(id)")
      return id
    }
    let feed = CalendarFeed(id: id, userID: user.id, scope: scope, code: code, createdAt: now)
    return (feed, token)
  }

  /// A user's feeds, newest first, revoked ones included (the page lists them as revoked).
  public func calendarFeeds(of user: User) async throws -> [CalendarFeed] {
    try await read("SELECT * FROM calendar_feeds WHERE user_id = ? ORDER BY id DESC", [.integer(.init(user.id))])
      .compactMap(CalendarFeed.init(row:))
  }

  /// Revokes one of the user's own feeds; false when the user has no such feed still in use. Audited.
  @discardableResult
  public func revokeCalendarFeed(id: Int, of user: User, at now: Date) async throws -> Bool {
    try await transaction { transaction in
      let rows = try await transaction.rows(
        "SELECT id, scope, code FROM calendar_feeds WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        [.integer(.init(id)), .integer(.init(user.id))])
      guard let row = rows.first else { return false }
      try await transaction.execute(
        "UPDATE calendar_feeds SET revoked_at = ? WHERE id = ?", [.text(Timestamp.text(now)), .integer(.init(id))])
      try await AuditLog.append(
        in: transaction, at: now, actor: user.email, action: .feedRevoked,
        subject: "\(row.text("scope") ?? "")/\(row.text("code") ?? "")", outcome: .ok, detail: "feed=\(id)")
      return true
    }
  }

  /// The feed a secret opens, with its user: only a feed not revoked, of a user not disabled. Marks
  /// it used at `now`, for the user's list.
  public func calendarFeed(token: String, at now: Date) async throws -> (feed: CalendarFeed, user: User)? {
    let hash = Secrets.sha256(token)
    let rows = try await read(
      """
      SELECT calendar_feeds.id AS feed_id, calendar_feeds.token_hash AS stored, calendar_feeds.scope,
        calendar_feeds.code, calendar_feeds.created_at AS feed_created_at, users.*
      FROM calendar_feeds JOIN users ON users.id = calendar_feeds.user_id
      WHERE calendar_feeds.token_hash = ? AND calendar_feeds.revoked_at IS NULL AND users.disabled = 0
      """, [.text(hash)])
    // The lookup is by hash, which an attacker cannot steer; the comparison is constant-time anyway.
    guard let row = rows.first, let stored = row.text("stored"), Secrets.constantTimeEquals(stored, hash),
      let user = User(row: row), let id = row.integer("feed_id"),
      let scope = row.text("scope").flatMap(CalendarFeed.Scope.init(rawValue:)), let code = row.text("code"),
      let created = row.text("feed_created_at").flatMap(Timestamp.date)
    else { return nil }
    try await transaction { transaction in
      try await transaction.execute(
        "UPDATE calendar_feeds SET last_used_at = ? WHERE id = ?", [.text(Timestamp.text(now)), .integer(.init(id))])
    }
    let feed = CalendarFeed(id: id, userID: user.id, scope: scope, code: code, createdAt: created, lastUsedAt: now)
    return (feed, user)
  }
}

extension CalendarFeed {
  init?(row: SQLiteRow) {
    guard let id = row.integer("id"), let user = row.integer("user_id"),
      let scope = row.text("scope").flatMap(Scope.init(rawValue:)), let code = row.text("code"),
      let created = row.text("created_at").flatMap(Timestamp.date)
    else { return nil }
    self.init(
      id: id, userID: user, scope: scope, code: code, createdAt: created,
      lastUsedAt: row.text("last_used_at").flatMap(Timestamp.date),
      revokedAt: row.text("revoked_at").flatMap(Timestamp.date))
  }
}
