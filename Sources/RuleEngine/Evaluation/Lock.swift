import Foundation

/// A plain mutual-exclusion lock for the few caches shared between concurrent document checks.
final class NSLockish: @unchecked Sendable {
  private let lock = NSLock()

  func withLock<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
