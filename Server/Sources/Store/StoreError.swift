import Foundation
import SQLiteNIO

/// Why the store could not do what was asked, in words for an operator or a user: Swedish first.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The file or its folder cannot be written (permissions, a read-only file system).
    case readOnly
    /// The disk (or quota) is full.
    case full
    /// The file could not be opened or created.
    case cannotOpen
    /// The file was written by a newer lagkoll-server.
    case newerSchema(Int)
    /// A backup's or a restore's target exists: neither ever overwrites a file.
    case targetExists
    /// A backup to restore fails SQLite's integrity check, or a stored plan no longer has its SHA-256.
    case damaged
    /// Anything else SQLite reported.
    case other
  }

  public var kind: Kind
  public var path: String
  /// SQLite's own message, for the log.
  public var detail: String

  public init(_ kind: Kind, path: String, detail: String = "") {
    self.kind = kind
    self.path = path
    self.detail = detail
  }

  init(_ error: any Error, path: String) {
    if let error = error as? StoreError {
      self = error
      return
    }
    let detail = String(describing: error)
    var kind = Kind.other
    if let error = error as? SQLiteError {
      let reason = String(describing: error.reason)
      if reason.lowercased().hasPrefix("readonly") || reason == "permission" {
        kind = .readOnly
      } else if reason == "full" {
        kind = .full
      } else if reason.hasPrefix("cantOpen") {
        kind = .cannotOpen
      }
    }
    self.init(kind, path: path, detail: detail)
  }

  public var description: String {
    switch kind {
    case .readOnly:
      "databasen \(path) kan inte skrivas (skrivskyddad fil eller mapp); inget sparades. "
        + "(The database cannot be written: read-only file or folder; nothing was saved.)"
    case .full:
      "disken är full för databasen \(path); inget sparades. (The disk is full; nothing was saved.)"
    case .cannotOpen:
      "databasen \(path) kan inte öppnas eller skapas. (The database cannot be opened or created.)"
    case .newerSchema(let version):
      "databasen \(path) har schemaversion \(version), nyare än denna lagkoll-server känner; uppgradera programmet. "
        + "(The database was written by a newer lagkoll-server.)"
    case .targetExists:
      "\(path) finns redan; säkerhetskopiering och återställning skriver aldrig över en fil. "
        + "(The target exists; backup and restore never overwrite a file.)"
    case .damaged:
      "säkerhetskopian \(path) är skadad: \(detail); inget återställdes. (The backup is damaged; nothing was restored.)"
    case .other:
      "databasfel i \(path): \(detail). (Database error.)"
    }
  }
}
