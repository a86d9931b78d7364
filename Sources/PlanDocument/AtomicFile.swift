#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file whole or not at all, without following or clobbering what an attacker may have planted.
///
/// The text goes to a new temporary file in the target's folder, opened with `O_CREAT | O_EXCL |
/// O_NOFOLLOW` under a random name (a symlink or file planted at a predictable name can neither redirect
/// nor block the write), then is renamed over the target in one step, so a reader sees the old file or
/// the new one, never half of one. A file that is replaced keeps its permission bits (a report a county
/// keeps private stays private). The temporary file is removed on every failure, and on SIGINT, SIGTERM
/// and SIGHUP while it exists (see `installInterruptCleanup`).
public enum AtomicFile {
  public struct Failure: Error, Sendable {
    /// The errno value.
    public var code: Int32
    /// Why, in the user's language.
    public var reason: LocalizedText { SystemErrorText.reason(code) }
  }

  /// Writes `bytes` to `path`. With `replacing` false an existing file (or link) at `path` is never
  /// replaced: the error is EEXIST.
  public static func write(_ bytes: some Collection<UInt8>, to path: String, replacing: Bool) throws(Failure) {
    let folder = FilePaths.parent(path)
    let name = FilePaths.lastComponent(path)
    var existing = stat()
    let replacesFile = stat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG
    if !replacing {
      var link = stat()
      if lstat(path, &link) == 0 { throw Failure(code: EEXIST) }
    }
    var descriptor: Int32 = -1
    var temporary = ""
    for _ in 0..<16 {
      let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      temporary = FilePaths.appending(".\(name).\(random).tmp", to: folder)
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
      if descriptor >= 0 || errno != EEXIST { break }
    }
    guard descriptor >= 0 else { throw Failure(code: errno) }
    setPending(temporary)
    func fail(_ code: Int32) -> Failure {
      close(descriptor)
      unlink(temporary)
      setPending(nil)
      return Failure(code: code)
    }
    if replacesFile {
      // The old file's permission bits (umask applied only to new files); its owner where allowed.
      _ = fchown(descriptor, existing.st_uid, existing.st_gid)
      if fchmod(descriptor, existing.st_mode & 0o7777) != 0 { throw fail(errno) }
    }
    if let code = writeAll(Array(bytes), to: descriptor) { throw fail(code) }
    // A full disk may only show at close (NFS): an error, never a half-written report put in place.
    if close(descriptor) != 0 {
      let code = errno
      unlink(temporary)
      setPending(nil)
      throw Failure(code: code)
    }
    let placed: Int32
    if replacing {
      placed = rename(temporary, path)
    } else {
      // link(2) fails with EEXIST if anything appeared at `path` meanwhile: never clobbered.
      placed = link(temporary, path)
    }
    let code = errno
    unlink(temporary)
    setPending(nil)
    if placed != 0 { throw Failure(code: code) }
  }

  /// Writes all of `bytes` to an open descriptor as Foundation's `FileHandle.write(contentsOf:)` did:
  /// again after EINTR and after a short write, failing when a write fails or writes nothing. The errno
  /// value of a failure (EIO when a write wrote nothing without one), or nil.
  public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
    var written = 0
    while written < bytes.count {
      var count = 0
      repeat {
        count = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
      } while count < 0 && errno == EINTR
      if count <= 0 { return count < 0 && errno != 0 ? errno : EIO }
      written += count
    }
    return nil
  }

  /// As `writeAll(_:to:)`, for an array.
  public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
    bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
  }

  /// How a command writes to the path it was given as its output.
  public enum OutputKind: Equatable, Sendable {
    /// Nothing there yet, or a regular file: written whole or not at all (`write(_:to:replacing:)`).
    case file
    /// A character device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO): written into, as a shell's `>`
    /// would. A file renamed over it would take the device's place, as root even /dev/null's.
    case stream
    /// Never written: a folder (EISDIR), a block device or a socket (ENOTSUP). Written into, a block
    /// device named by mistake as root would lose its first sectors.
    case refused(Int32)
  }

  public static func outputKind(_ path: String) -> OutputKind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .file }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFCHR, S_IFIFO: return .stream
    case S_IFDIR: return .refused(EISDIR)
    default: return .refused(ENOTSUP)
    }
  }

  /// Writes `bytes` into the stream at `path` (`OutputKind.stream`); the errno value of a failure, or
  /// nil. Opening a FIFO waits, as a shell's `>` does, until something reads it.
  public static func writeInto(_ bytes: UnsafeRawBufferPointer, path: String) -> Int32? {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return errno }
    defer { close(descriptor) }
    return writeAll(bytes, to: descriptor)
  }

  // MARK: Interrupts

  /// The temporary file being written, as a C string for the signal handler (which may not allocate).
  nonisolated(unsafe) private static var pending: UnsafeMutablePointer<CChar>?
  private static let lock = MutexLock()

  private static func setPending(_ path: String?) {
    lock.withLock {
      let old = pending
      pending = path.map { strdup($0) }
      free(old)
    }
  }

  /// Removes the temporary file on SIGINT, SIGTERM and SIGHUP, then ends the process as the signal
  /// would have (exit 128 + signal). Called once by a command-line program that writes files.
  public static func installInterruptCleanup() {
    for number in [SIGINT, SIGTERM, SIGHUP] {
      signal(number) { received in
        if let path = AtomicFile.pending { unlink(path) }
        _exit(128 + received)
      }
    }
  }
}

/// write(2), for `AtomicFile`, whose own `write` the plain name would mean.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
