import Dispatch
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Frees large documents off the calling thread. Freeing the hundreds of thousands of nodes of a 20 MB
/// plan is a noticeable part of checking it, and the report does not wait for it (a command that exits
/// next leaves the rest to the end of the process). Small documents are freed where they are.
enum BackgroundRelease {
  private static let queue = DispatchQueue(label: "lagkoll.release", qos: .utility)

  /// Files of at least this size count as large.
  static let largeFileSize = 1 << 20

  static func isLarge(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && Int(status.st_size) >= largeFileSize
  }

  /// Takes over `value` and lets it go on the release queue: the caller must hold no other reference
  /// for the freeing to happen there.
  static func release<Value>(_ value: consuming Value) {
    nonisolated(unsafe) let held = value
    queue.async { withExtendedLifetime(held) {} }
  }
}
