import Foundation
import Logging
import SQLiteNIO

/// One SQLite file, opened for durability: write-ahead log, and `synchronous = FULL`, so that a COMMIT
/// returns only after the log is on disk. A caller that acknowledges after `transaction` returns never
/// acknowledges what a crash or `kill -9` can take back.
///
/// One connection per process, and one statement sequence at a time through it: a transaction is a
/// critical section (SQLite allows one writer anyway), so concurrent requests queue here rather than
/// interleaving their statements on the shared connection. Other processes (the `users` and `backup`
/// subcommands beside a running server) wait for the file's lock in SQLite's busy handler.
public final class Database: Sendable {
  public let path: String
  let connection: SQLiteConnection
  private let gate = SerialGate()
  /// Files of this database that others could read and that opening narrowed to 0600, for the log.
  public let narrowed: [FileModes.Narrowed]

  /// Opens (creating it if need be) and migrates the database at `path`. The file, its `-wal` and
  /// `-shm` are readable by this account alone, whatever the umask (see FileModes).
  public static func open(path: String) async throws -> Database {
    let narrowed = FileModes.secureDatabase(path)
    let connection: SQLiteConnection
    do {
      connection = try await SQLiteConnection.open(
        storage: .file(path: path), logger: Logger(label: "lagkoll.sqlite", factory: { _ in SwiftLogNoOpLogHandler() }))
    } catch {
      throw StoreError(error, path: path)
    }
    let database = Database(path: path, connection: connection, narrowed: narrowed)
    do {
      // WAL persists in the file; `synchronous` is per connection, so it is set on every open.
      _ = try await database.rows("PRAGMA journal_mode = WAL")
      _ = try await database.rows("PRAGMA synchronous = FULL")
      _ = try await database.rows("PRAGMA foreign_keys = ON")
      try await Migrations.run(on: database)
    } catch {
      try? await connection.close()
      throw StoreError(error, path: path)
    }
    return database
  }

  private init(path: String, connection: SQLiteConnection, narrowed: [FileModes.Narrowed]) {
    self.path = path
    self.connection = connection
    self.narrowed = narrowed
  }

  public func close() async {
    try? await connection.close()
  }

  /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; any error rolls back. When this returns, the
  /// transaction is durable.
  public func transaction<T: Sendable>(_ body: @Sendable (Transaction) async throws -> T) async throws -> T {
    do {
      return try await gate.run {
        try await self.execute("BEGIN IMMEDIATE")
        do {
          let result = try await body(Transaction(database: self))
          try await self.execute("COMMIT")
          return result
        } catch {
          try? await self.execute("ROLLBACK")
          throw error
        }
      }
    } catch let error as StoreError {
      throw error
    } catch let error as WithdrawalError {
      // A refusal decided inside the transaction (which rolled back), not a database failure.
      throw error
    } catch let error as AccountError {
      throw error
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// A read outside any write transaction (SQLite's own snapshot for the one statement).
  public func read(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
    do {
      return try await gate.run { try await self.rows(sql, binds) }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// A consistent copy of the whole database while others keep using it (`VACUUM INTO` reads one
  /// snapshot), readable by this account alone and on disk when this returns. The target must not
  /// exist: it is created empty first, exclusively, so that no file is ever overwritten.
  public func backup(to target: String) async throws {
    try FileModes.createExclusively(target)
    do {
      _ = try await gate.run { try await self.rows("VACUUM INTO ?", [.text(target)]) }
      try FileModes.synchronise(target)
    } catch {
      _ = unlink(target)
      throw StoreError(error, path: target)
    }
  }

  func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws {
    _ = try await rows(sql, binds)
  }

  func rows(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
    let collected = RowCollector()
    try await connection.query(sql, binds) { collected.append($0) }
    return collected.rows
  }
}

/// The statements of one transaction. Only bound parameters: no text from outside is ever part of SQL.
public struct Transaction: Sendable {
  let database: Database

  public func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws {
    try await database.execute(sql, binds)
  }

  public func rows(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
    try await database.rows(sql, binds)
  }
}

private final class RowCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var collected: [SQLiteRow] = []
  func append(_ row: SQLiteRow) { lock.withLock { collected.append(row) } }
  var rows: [SQLiteRow] { lock.withLock { collected } }
}

/// Runs one async operation at a time, in the order they arrive (an actor alone would interleave them
/// at every `await`).
final class SerialGate: @unchecked Sendable {
  private let lock = NSLock()
  private var busy = false
  private var waiting: [CheckedContinuation<Void, Never>] = []

  func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    await acquire()
    defer { release() }
    return try await body()
  }

  private func acquire() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let proceed = lock.withLock {
        if busy {
          waiting.append(continuation)
          return false
        }
        busy = true
        return true
      }
      if proceed { continuation.resume() }
    }
  }

  private func release() {
    let next = lock.withLock {
      if waiting.isEmpty {
        busy = false
        return nil as CheckedContinuation<Void, Never>?
      }
      return waiting.removeFirst()
    }
    next?.resume()
  }
}

extension SQLiteRow {
  func text(_ name: String) -> String? { column(name)?.string }
  func integer(_ name: String) -> Int? { column(name)?.integer.map { Int($0) } }
}
