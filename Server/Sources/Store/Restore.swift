import Foundation
import SQLiteNIO

#if canImport(Glibc)
  import Glibc
#endif

/// What a restore found in the backup it brought back.
public struct RestoreReport: Sendable, Equatable {
  public var submissions: Int
  public var users: Int
  public var schemaVersion: Int
}

extension Database {
  /// Brings `backup` back as a new database at `target`, which must not exist (nor its `-wal` or
  /// `-shm`): a restore never replaces a database, live or not. The backup is copied to a temporary
  /// file beside the target and checked there (SQLite's integrity and foreign-key checks, and every
  /// stored plan against its SHA-256); only a copy that passes gets the target's name, by a link that
  /// fails if the name was taken meanwhile. The backup itself is only read.
  public static func restore(backup: String, to target: String) async throws -> RestoreReport {
    for path in [target, target + "-wal", target + "-shm"] where FileManager.default.fileExists(atPath: path) {
      throw StoreError(.targetExists, path: path)
    }
    guard let source = FileHandle(forReadingAtPath: backup) else {
      throw StoreError(.cannotOpen, path: backup, detail: "cannot read the backup")
    }
    defer { try? source.close() }
    let temporary = target + ".restoring-" + String(Secrets.identifier().prefix(8))
    try FileModes.createExclusively(temporary)
    func discard() {
      for suffix in ["", "-wal", "-shm", "-journal"] { _ = unlink(temporary + suffix) }
    }
    do {
      guard let destination = FileHandle(forWritingAtPath: temporary) else {
        throw StoreError(.cannotOpen, path: temporary)
      }
      do {
        while let chunk = try source.read(upToCount: 1 << 20), !chunk.isEmpty {
          try destination.write(contentsOf: chunk)
        }
        try destination.synchronize()
        try destination.close()
      } catch {
        try? destination.close()
        throw StoreError(error, path: temporary)
      }
      let report = try await check(copy: temporary, of: backup)
      guard link(temporary, target) == 0 else {
        throw StoreError(errno == EEXIST ? .targetExists : .cannotOpen, path: target)
      }
      FileModes.synchroniseFolder(of: target)
      discard()
      return report
    } catch {
      discard()
      throw error
    }
  }

  /// Opens the copy (migrating it if the backup is older), checks it and closes it, leaving one file.
  private static func check(copy: String, of backup: String) async throws -> RestoreReport {
    let database: Database
    do {
      database = try await Database.open(path: copy)
    } catch let error as StoreError {
      throw StoreError(.damaged, path: backup, detail: error.detail.isEmpty ? error.description : error.detail)
    }
    do {
      let integrity = try await database.read("PRAGMA integrity_check").compactMap { $0.text("integrity_check") }
      guard integrity == ["ok"] else {
        throw StoreError(
          .damaged, path: backup, detail: "integrity_check: " + integrity.prefix(5).joined(separator: "; "))
      }
      let foreign = try await database.read("PRAGMA foreign_key_check")
      guard foreign.isEmpty else {
        throw StoreError(.damaged, path: backup, detail: "foreign_key_check: \(foreign.count) rows")
      }
      // Plan by plan, so that a large database is never read into memory whole.
      var submissions = 0
      var after: Int = -1
      while true {
        let rows = try await database.read(
          "SELECT rowid AS n, id, sha256, bytes FROM submissions WHERE rowid > ? ORDER BY rowid LIMIT 64",
          [.integer(after)])
        guard let last = rows.last?.integer("n") else { break }
        for row in rows {
          let bytes = row.column("bytes")?.blob.map { Array($0.readableBytesView) } ?? []
          guard let stored = row.text("sha256"), Secrets.sha256(bytes) == stored else {
            throw StoreError(
              .damaged, path: backup, detail: "submission \(row.text("id") ?? "?") does not match its SHA-256")
          }
          submissions += 1
        }
        after = last
      }
      let users = try await database.read("SELECT count(*) AS n FROM users").first?.integer("n") ?? 0
      let version =
        try await database.read("PRAGMA user_version").first?.column("user_version")?.integer.map { Int($0) } ?? 0
      // Everything into the one file that gets the target's name; the copy's -wal goes with the copy.
      _ = try await database.read("PRAGMA wal_checkpoint(TRUNCATE)")
      await database.close()
      return RestoreReport(submissions: submissions, users: users, schemaVersion: version)
    } catch {
      await database.close()
      throw error
    }
  }
}
