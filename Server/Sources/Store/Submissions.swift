import Foundation
import NIOCore
import SQLiteNIO

/// A plan as it was submitted, with what the engine found in it then. Never changed once stored.
public struct Submission: Sendable, Equatable {
  public var id: String
  /// SCB's four-digit municipality code.
  public var kommun: String
  /// The submitter's e-mail address.
  public var submitter: String
  public var receivedAt: Date
  public var ruleSetVersion: String
  /// SHA-256 of `bytes`, lowercase hex.
  public var sha256: String
  public var contentType: String
  public var bytes: [UInt8]
  /// The JSON report of `check --format json` (without paths), as computed when it was received.
  public var findings: String
  public var errors: Int
  public var warnings: Int
  /// The verdict at submission: no error that counts, nothing outdated.
  public var ready: Bool
  /// The plan's own `datum`, when it states one.
  public var planDatum: String?
  /// Set once the submission is withdrawn: it then no longer counts as its kommun's latest.
  public var withdrawal: Withdrawal? = nil
}

/// Who withdrew a submission, when and why. The submission itself is kept, bytes and all.
public struct Withdrawal: Sendable, Equatable {
  public var by: String
  public var at: Date
  public var reason: String

  public init(by: String, at: Date, reason: String) {
    self.by = by
    self.at = at
    self.reason = reason
  }
}

public enum WithdrawalError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknown(String)
  case alreadyWithdrawn(String)

  public var description: String {
    switch self {
    case .unknown(let id): "ingen inlämning \(id). (No such submission.)"
    case .alreadyWithdrawn(let id): "inlämningen \(id) är redan återkallad. (Already withdrawn.)"
    }
  }
}

/// What the caller knows before storing: everything but the id, the hash and the time.
public struct NewSubmission: Sendable {
  public var kommun: String
  public var submitter: String
  public var ruleSetVersion: String
  public var contentType: String
  public var bytes: [UInt8]
  public var findings: String
  public var errors: Int
  public var warnings: Int
  public var ready: Bool
  public var planDatum: String?

  public init(
    kommun: String, submitter: String, ruleSetVersion: String, contentType: String, bytes: [UInt8], findings: String,
    errors: Int, warnings: Int, ready: Bool, planDatum: String?
  ) {
    self.kommun = kommun
    self.submitter = submitter
    self.ruleSetVersion = ruleSetVersion
    self.contentType = contentType
    self.bytes = bytes
    self.findings = findings
    self.errors = errors
    self.warnings = warnings
    self.ready = ready
    self.planDatum = planDatum
  }
}

extension Database {
  /// Stores a submission and its audit line in one transaction. When this returns, both are on disk.
  public func submit(_ new: NewSubmission, at now: Date) async throws -> Submission {
    let submission = Submission(
      id: Secrets.identifier(), kommun: new.kommun, submitter: new.submitter, receivedAt: now,
      ruleSetVersion: new.ruleSetVersion, sha256: Secrets.sha256(new.bytes), contentType: new.contentType,
      bytes: new.bytes, findings: new.findings, errors: new.errors, warnings: new.warnings, ready: new.ready,
      planDatum: new.planDatum)
    try await transaction { transaction in
      try await transaction.execute(
        """
        INSERT INTO submissions (id, kommun, submitter, received_at, ruleset_version, sha256, content_type, bytes,
          findings, errors, warnings, ready, plan_datum)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          .text(submission.id), .text(submission.kommun), .text(submission.submitter),
          .text(Timestamp.text(now)), .text(submission.ruleSetVersion), .text(submission.sha256),
          .text(submission.contentType), .blob(ByteBuffer(bytes: submission.bytes)), .text(submission.findings),
          .integer(.init(submission.errors)), .integer(.init(submission.warnings)),
          .integer(submission.ready ? 1 : 0), submission.planDatum.map { .text($0) } ?? .null,
        ])
      try await AuditLog.append(
        in: transaction, at: now, actor: new.submitter, action: .submission, subject: submission.id,
        outcome: .ok, detail: "kommun=\(new.kommun) sha256=\(submission.sha256)")
    }
    return submission
  }

  /// Withdraws a submission: records who, when and why, and audits it, in one transaction. The
  /// submission's bytes and findings are untouched; it stops counting as its kommun's latest.
  public func withdraw(id: String, by actor: String, reason: String, at now: Date) async throws -> Submission {
    // Checked inside the write transaction: of two withdrawals at once, the second sees the first.
    try await transaction { transaction in
      let rows = try await transaction.rows("SELECT withdrawn_at FROM submissions WHERE id = ?", [.text(id)])
      guard let row = rows.first else { throw WithdrawalError.unknown(id) }
      guard row.column("withdrawn_at")?.string == nil else { throw WithdrawalError.alreadyWithdrawn(id) }
      try await transaction.execute(
        "UPDATE submissions SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ? WHERE id = ?",
        [.text(Timestamp.text(now)), .text(actor), .text(reason), .text(id)])
      try await AuditLog.append(
        in: transaction, at: now, actor: actor, action: .withdrawal, subject: id, outcome: .ok, detail: reason)
    }
    guard let submission = try await submission(id: id) else { throw WithdrawalError.unknown(id) }
    return submission
  }

  /// One submission by id, or nil.
  public func submission(id: String) async throws -> Submission? {
    try await read("SELECT * FROM submissions WHERE id = ?", [.text(id)]).first.flatMap(Submission.init(row:))
  }

  /// A kommun's submissions, newest first.
  public func submissions(kommun: String) async throws -> [Submission] {
    try await read(
      "SELECT * FROM submissions WHERE kommun = ? ORDER BY received_at DESC, rowid DESC", [.text(kommun)]
    ).compactMap(Submission.init(row:))
  }

  /// The newest submission of each kommun as it stood at `date` (an instant): received on or before it
  /// and not withdrawn by then. A plan withdrawn later still counts as of a date before its
  /// withdrawal, so a past date's answer does not change after the fact. `kommuner` limits it to those
  /// kommuner (nil: all); without `bytes` the plans' bytes are not read (`bytes` is then empty).
  public func latestSubmissions(
    asOf date: Date, kommuner: [String]? = nil, bytes: Bool = true
  ) async throws -> [String: Submission] {
    let at = SQLiteData.text(Timestamp.text(date))
    let (only, codes) = Self.kommunFilter(kommuner, column: "s.kommun")
    let rows = try await read(
      """
      SELECT \(bytes ? "*" : Self.columnsWithoutBytes) FROM submissions AS s
      WHERE received_at <= ? AND (withdrawn_at IS NULL OR withdrawn_at > ?)\(only) AND rowid = (
        SELECT rowid FROM submissions WHERE kommun = s.kommun AND received_at <= ?
          AND (withdrawn_at IS NULL OR withdrawn_at > ?)
        ORDER BY received_at DESC, rowid DESC LIMIT 1)
      """, [at, at] + codes + [at, at])
    var result: [String: Submission] = [:]
    for submission in rows.compactMap(Submission.init(row:)) { result[submission.kommun] = submission }
    return result
  }

  /// Submissions received or withdrawn after `after` and up to `upTo` (both instants), oldest first,
  /// of `kommuner` (nil: all), without their bytes (`bytes` is empty).
  public func submissions(
    receivedOrWithdrawnAfter after: Date, upTo: Date, kommuner: [String]? = nil
  ) async throws -> [Submission] {
    let (from, to) = (SQLiteData.text(Timestamp.text(after)), SQLiteData.text(Timestamp.text(upTo)))
    let (only, codes) = Self.kommunFilter(kommuner, column: "kommun")
    return try await read(
      """
      SELECT \(Self.columnsWithoutBytes) FROM submissions
      WHERE ((received_at > ? AND received_at <= ?) OR (withdrawn_at > ? AND withdrawn_at <= ?))\(only)
      ORDER BY received_at, rowid
      """, [from, to, from, to] + codes
    ).compactMap(Submission.init(row:))
  }

  /// Every column but the plan's bytes: for lists that need what was found, not the plan itself.
  static let columnsWithoutBytes = """
    id, kommun, submitter, received_at, ruleset_version, sha256, content_type, findings, errors, warnings,
    ready, plan_datum, withdrawn_at, withdrawn_by, withdrawal_reason
    """

  /// ` AND column IN (?, …)` and its bound codes, or nothing for all kommuner. Codes are bound, never
  /// part of the SQL.
  static func kommunFilter(_ kommuner: [String]?, column: String) -> (String, [SQLiteData]) {
    guard let kommuner else { return ("", []) }
    guard !kommuner.isEmpty else { return (" AND 0", []) }
    let marks = Array(repeating: "?", count: kommuner.count).joined(separator: ", ")
    return (" AND \(column) IN (\(marks))", kommuner.map { .text($0) })
  }

  /// Every submission, oldest first (for tests and the durability check).
  public func allSubmissions() async throws -> [Submission] {
    try await read("SELECT * FROM submissions ORDER BY received_at, rowid").compactMap(Submission.init(row:))
  }
}

extension Submission {
  init?(row: SQLiteRow) {
    guard let id = row.text("id"), let kommun = row.text("kommun"), let submitter = row.text("submitter"),
      let received = row.text("received_at").flatMap(Timestamp.date), let ruleSet = row.text("ruleset_version"),
      let sha = row.text("sha256"), let type = row.text("content_type"), let findings = row.text("findings")
    else { return nil }
    self.init(
      id: id, kommun: kommun, submitter: submitter, receivedAt: received, ruleSetVersion: ruleSet, sha256: sha,
      contentType: type, bytes: row.column("bytes")?.blob.map { Array($0.readableBytesView) } ?? [], findings: findings,
      errors: row.integer("errors") ?? 0,
      warnings: row.integer("warnings") ?? 0, ready: row.integer("ready") == 1, planDatum: row.text("plan_datum"))
    if let at = row.text("withdrawn_at").flatMap(Timestamp.date) {
      withdrawal = Withdrawal(by: row.text("withdrawn_by") ?? "", at: at, reason: row.text("withdrawal_reason") ?? "")
    }
  }
}
