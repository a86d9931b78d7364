import Foundation
import SQLiteNIO

/// One line of the audit log: who did what to what, when, and whether it succeeded.
public struct AuditEntry: Sendable, Equatable {
  public enum Action: String, Sendable, CaseIterable {
    case login, logout, submission, withdrawal
    case userAdded = "user.add"
    case userDisabled = "user.disable"
    case tokenIssued = "user.token"
    case tokenRevoked = "user.token.revoke"
    /// A user changed their own password.
    case passwordChanged = "user.password"
    /// An admin or the operator set a user's password.
    case passwordReset = "user.password.reset"
    /// A user made or revoked one of their personal calendar feeds.
    case feedCreated = "feed.create"
    case feedRevoked = "feed.revoke"
  }
  public enum Outcome: String, Sendable { case ok, refused, throttled }

  public var at: Date
  public var actor: String
  public var action: Action
  public var subject: String
  public var outcome: Outcome
  public var detail: String

  /// One line for `lagkoll-server audit`: tab-separated, so the fields can be cut and sorted. Control
  /// and format characters in a field are visible escapes: no field can forge a line, a field or a
  /// reading order.
  public var line: String {
    [Timestamp.text(at), actor, action.rawValue, subject, outcome.rawValue, detail]
      .map(PlainText.neutralised)
      .joined(separator: "\t")
  }
}

enum AuditLog {
  static func append(
    in transaction: Transaction, at: Date, actor: String, action: AuditEntry.Action, subject: String,
    outcome: AuditEntry.Outcome, detail: String = ""
  ) async throws {
    try await transaction.execute(
      "INSERT INTO audit (at, actor, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
      [
        .text(Timestamp.text(at)), .text(actor), .text(action.rawValue), .text(subject), .text(outcome.rawValue),
        .text(detail),
      ])
  }
}

extension Database {
  /// The audit log, oldest first.
  public func auditLog() async throws -> [AuditEntry] {
    try await read("SELECT * FROM audit ORDER BY id").compactMap { row in
      guard let at = row.text("at").flatMap(Timestamp.date), let actor = row.text("actor"),
        let action = row.text("action").flatMap(AuditEntry.Action.init(rawValue:)),
        let subject = row.text("subject"), let outcome = row.text("outcome").flatMap(AuditEntry.Outcome.init(rawValue:))
      else { return nil }
      return AuditEntry(
        at: at, actor: actor, action: action, subject: subject, outcome: outcome,
        detail: row.text("detail") ?? "")
    }
  }
}
