import SQLiteNIO

/// The schema, as numbered steps. A database records the steps it has had in `PRAGMA user_version`;
/// opening runs the missing ones, each in its own transaction with its version bump, so a crash
/// mid-migration leaves the previous version intact. Steps are never edited once released: a change
/// is a new step at the end.
enum Migrations {
  static let steps: [[String]] = [
    // 1: submissions, accounts, sessions, the audit log.
    [
      """
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('samordnare', 'granskare', 'admin')),
        kommun TEXT,
        lan TEXT,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        CHECK ((role = 'samordnare') = (kommun IS NOT NULL)),
        CHECK (role = 'granskare' OR lan IS NULL)
      )
      """,
      """
      CREATE TABLE api_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      )
      """,
      """
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )
      """,
      // Immutable: no UPDATE or DELETE touches a row (triggers refuse them); a correction is a new row.
      """
      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        kommun TEXT NOT NULL,
        submitter TEXT NOT NULL,
        received_at TEXT NOT NULL,
        ruleset_version TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        findings TEXT NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        ready INTEGER NOT NULL,
        plan_datum TEXT,
        withdrawn_at TEXT
      )
      """,
      "CREATE INDEX submissions_by_kommun ON submissions (kommun, received_at)",
      """
      CREATE TRIGGER submissions_immutable BEFORE UPDATE OF id, kommun, submitter, received_at, ruleset_version,
        sha256, content_type, bytes, findings, errors, warnings, ready, plan_datum ON submissions
      BEGIN SELECT RAISE(ABORT, 'submissions are immutable'); END
      """,
      """
      CREATE TRIGGER submissions_kept BEFORE DELETE ON submissions
      BEGIN SELECT RAISE(ABORT, 'submissions are never deleted'); END
      """,
      """
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
      )
      """,
      "CREATE INDEX audit_by_action ON audit (action, subject, at)",
    ],
    // 2: withdrawals. The plan's bytes and findings stay as they were; a withdrawal records who, when
    // and why beside them, once: it is final, as the submission is.
    [
      "ALTER TABLE submissions ADD COLUMN withdrawn_by TEXT",
      "ALTER TABLE submissions ADD COLUMN withdrawal_reason TEXT",
      """
      CREATE TRIGGER submissions_withdrawn_once BEFORE UPDATE OF withdrawn_at, withdrawn_by, withdrawal_reason
        ON submissions WHEN OLD.withdrawn_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a withdrawal is final'); END
      """,
    ],
    // 3: API tokens expire and are listed and revoked one by one, by an id that no VACUUM renumbers
    // (a rowid may change; an INTEGER PRIMARY KEY does not). Tokens issued before expire a year after
    // they were issued, the default. Login attempts by address, for throttling that an attacker cannot
    // turn against an account's owner (see AccountPolicy).
    [
      """
      CREATE TABLE api_tokens_expiring (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )
      """,
      // The same text form as Timestamp's (UTC, milliseconds, no zone), so that text order stays time order.
      """
      INSERT INTO api_tokens_expiring (token_hash, user_id, created_at, expires_at)
      SELECT token_hash, user_id, created_at, strftime('%Y-%m-%dT%H:%M:%f', created_at, '+1 year')
      FROM api_tokens ORDER BY created_at, rowid
      """,
      "DROP TABLE api_tokens",
      "ALTER TABLE api_tokens_expiring RENAME TO api_tokens",
      """
      CREATE TABLE login_attempts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        email TEXT NOT NULL COLLATE NOCASE,
        address TEXT NOT NULL,
        ok INTEGER NOT NULL
      )
      """,
      "CREATE INDEX login_attempts_by_address ON login_attempts (address, at)",
      "CREATE INDEX login_attempts_by_email ON login_attempts (email, address, at)",
    ],
    // 4: personal calendar feeds (a calendar client cannot sign in). The secret in a feed's address is
    // kept only as its SHA-256; a revoked feed stays listed (revoked_at), and a feed reads nothing once
    // its user is disabled.
    [
      """
      CREATE TABLE calendar_feeds (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        scope TEXT NOT NULL CHECK (scope IN ('kommun', 'lan')),
        code TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      )
      """,
      "CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id)",
    ],
  ]

  static var latest: Int { steps.count }

  static func run(on database: Database) async throws {
    let version: Int
    do {
      version =
        try await database.rows("PRAGMA user_version").first?.column("user_version")?.integer.map { Int($0) } ?? 0
    } catch {
      throw StoreError(error, path: database.path)
    }
    guard version <= latest else { throw StoreError(.newerSchema(version), path: database.path) }
    for (index, step) in steps.enumerated() where index + 1 > version {
      try await database.transaction { transaction in
        for statement in step { try await transaction.execute(statement) }
        // PRAGMA takes no parameter; the number is ours, never input.
        try await transaction.execute("PRAGMA user_version = \(index + 1)")
      }
    }
  }
}
