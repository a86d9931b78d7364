import Dispatch

/// A value worked out on another thread while this one does something else; `value()` waits for it.
/// (The semaphore orders the worker's write of `result` before the reader's read, which is why the
/// class may be shared across threads.)
final class Background<Value>: @unchecked Sendable {
  private var result: Result<Value, any Error>?
  private let done = DispatchSemaphore(value: 0)

  init(_ work: @escaping @Sendable () throws -> Value) {
    DispatchQueue.global(qos: .userInitiated).async {
      self.result = Result { try work() }
      self.done.signal()
    }
  }

  /// Waits for the value; call it once (the semaphore is signalled once).
  func value() throws -> Value {
    done.wait()
    return try result!.get()
  }
}
