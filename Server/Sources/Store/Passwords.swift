import Foundation
import HummingbirdBcrypt
import NIOPosix

/// The one home of the rule for what a password may be, checked wherever one is set (the command line,
/// the admin page, a user's own change) and before any is compared at login.
///
/// bcrypt hashes a C string: it stops at the first NUL and ignores everything past 72 bytes. Refusing
/// both (every control character, and more than 72 bytes of UTF-8) makes what is hashed exactly what
/// was typed, so two passwords that differ anywhere never both open an account. Pre-hashing with a
/// digest would lift the 72-byte limit, but it needs a hash format of our own beside bcrypt's, for
/// passwords no person types; the limit is stated instead.
public enum PasswordRule {
  public static let minimumCharacters = 12
  public static let maximumBytes = 72

  /// Why `password` cannot be set, or nil.
  public static func problem(_ password: String) -> AccountError? {
    if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      return .passwordControl
    }
    if password.utf8.count > maximumBytes { return .passwordTooLong }
    if password.count < minimumCharacters { return .weakPassword }
    return nil
  }

  /// Whether bcrypt sees all of `password`: nothing after a NUL or past byte 72 could be lost.
  static func hashable(_ password: String) -> Bool {
    password.utf8.count <= maximumBytes && !password.utf8.contains(0)
      && !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
  }
}

/// bcrypt off the threads that serve requests: a fixed pool of its own, so that a burst of logins waits
/// its turn there instead of holding the event loops and Swift's cooperative threads (two on a two-core
/// machine) while `/healthz` and every other request wait behind it. Its threads also run at a lower
/// scheduling priority, so that the processor goes to a waiting request first.
public final class PasswordHasher: Sendable {
  private let pool: NIOThreadPool

  public init(threads: Int) {
    pool = NIOThreadPool(numberOfThreads: max(1, threads))
    pool.start()
  }

  /// One thread fewer than the machine has processors (at least one): one is always left for requests.
  public static let shared = PasswordHasher(threads: ProcessInfo.processInfo.activeProcessorCount - 1)

  func hash(_ password: String, cost: UInt8) async throws -> String {
    try await pool.runIfActive {
      Self.yieldingPriority()
      return Bcrypt.hash(password, cost: cost)
    }
  }

  /// Without a hash (an unknown account), one nobody knows is checked: the same work either way.
  func verify(_ password: String, hash: String?) async throws -> Bool {
    try await pool.runIfActive {
      Self.yieldingPriority()
      return Bcrypt.verify(password, hash: hash ?? Database.dummyHash)
    }
  }

  /// Lowers this thread's priority (on Linux, `who` 0 is the calling thread, whose nice value is its
  /// own); harmless to repeat.
  private static func yieldingPriority() {
    #if os(Linux)
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    #endif
  }
}
