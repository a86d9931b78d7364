import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The database holds password hashes, plans and the audit log: its files are the service's alone
/// (0600), whatever umask it was started with. SQLite creates `-wal` and `-shm` with the mode of the
/// database file, so a database file made 0600 before SQLite opens it takes its companions along.
public enum FileModes {
  /// A file whose mode let others read or write it, and the mode it had.
  public struct Narrowed: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var mode: mode_t

    public var description: String { "\(path) (\(String(mode, radix: 8)) → 600)" }
  }

  /// The database's own mode.
  public static let mode: mode_t = 0o600

  /// Creates the database file 0600 if it is missing, and narrows it and its `-wal` and `-shm` where
  /// they let others in. What cannot be done here (a missing folder, no permission) is left for
  /// SQLite to report as it opens the file.
  static func secureDatabase(_ path: String) -> [Narrowed] {
    let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
    if descriptor >= 0 {
      _ = fchmod(descriptor, mode)
      _ = close(descriptor)
    }
    return [path, path + "-wal", path + "-shm"].compactMap(narrow)
  }

  /// Takes group and other bits off an existing file; the file and its old mode when there were any.
  static func narrow(_ path: String) -> Narrowed? {
    var status = stat()
    // A regular file only (S_IFREG), never what a symbolic link points at.
    guard lstat(path, &status) == 0, status.st_mode & 0o170000 == 0o100000 else { return nil }
    let permissions = status.st_mode & 0o7777
    guard permissions & 0o077 != 0 else { return nil }
    guard chmod(path, permissions & 0o700) == 0 else { return nil }
    return Narrowed(path: path, mode: permissions)
  }

  /// Creates an empty file 0600 that must not exist yet: one call, so that nothing can appear between
  /// a check and the write and be overwritten.
  static func createExclusively(_ path: String) throws {
    let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
      if errno == EEXIST { throw StoreError(.targetExists, path: path) }
      throw StoreError(.cannotOpen, path: path, detail: String(cString: strerror(errno)))
    }
    _ = fchmod(descriptor, mode)
    _ = close(descriptor)
  }

  /// Flushes a finished file to disk.
  static func synchronise(_ path: String) throws {
    let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw StoreError(.cannotOpen, path: path) }
    defer { _ = close(descriptor) }
    guard fsync(descriptor) == 0 else {
      throw StoreError(errno == ENOSPC ? .full : .other, path: path, detail: String(cString: strerror(errno)))
    }
  }

  /// Flushes a folder's entries (a new name in it) to disk.
  static func synchroniseFolder(of path: String) {
    let folder = (path as NSString).deletingLastPathComponent
    let descriptor = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    _ = close(descriptor)
  }
}

extension Database {
  /// The database's size on disk: the file and its write-ahead log (nil if neither can be read).
  public func fileBytes() -> Int? {
    let sizes = [path, path + "-wal"].compactMap { file -> Int? in
      var status = stat()
      return stat(file, &status) == 0 ? Int(status.st_size) : nil
    }
    return sizes.isEmpty ? nil : sizes.reduce(0, +)
  }
}
