import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Work offered to a thread of its own, which the thread that needs its result does itself when the
/// second thread has not begun it by then (`value()`).
///
/// A thread made is not a thread running. On a shared machine (two virtual cores, the host's other
/// tenants) a new thread waited up to 7.5 ms for a core while the caller, running, waited for its
/// result (`perf sched timehist`, docs/engine.md "Start-up, fifth round"). Whoever comes first takes the
/// work: the second thread when a core is free, else the caller, which then loses nothing by having
/// offered it. A plain POSIX thread, not a worker of Dispatch's pool: the pool starts a manager thread
/// of its own beside the worker, and the caller may itself be one of the pool's workers (a folder
/// checked on every core), which a wait for another worker could stall.
public final class SecondThread<Value>: @unchecked Sendable {
  // `work` is taken once, under `lock`; `outcome` is written by the second thread before `finished`
  // is signalled and read by the caller only after waiting for it, which orders the two.
  private var work: (() -> Value)?
  private var outcome: Value?
  private let lock = MutexLock()
  private let finished = DispatchSemaphore(value: 0)
  /// Whether a thread was made for the work (a limit on threads can refuse one); without one, only
  /// `value()` can do it.
  public private(set) var started = false

  /// Offers `work` to a new thread. The work, and all it captures, belong to that thread until
  /// `value()` returns: the caller hands them over (the closure is not `@Sendable`, because
  /// `BlockPipeline` shares its channel with the parse, under its own locks).
  public init(_ work: @escaping () -> Value) {
    self.work = work
    let box = Unmanaged.passRetained(ThreadStart { self.runIfFree() })
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    // Detached: nothing joins it, so a caller that took the work never waits for a thread that has not
    // had a core yet only to see it end.
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    #if canImport(Darwin)
      var thread: pthread_t? = nil
    #else
      var thread = pthread_t()
    #endif
    let made = pthread_create(
      &thread, &attributes,
      { context in
        #if canImport(Darwin)
          Unmanaged<ThreadStart>.fromOpaque(context).takeRetainedValue().body()
        #else
          Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().body()
        #endif
        return nil
      }, box.toOpaque())
    started = made == 0
    if !started { box.release() }
  }

  /// The work's value: done here if the second thread has not begun it, else waited for. Call it
  /// once (the second thread signals once, and not at all when the work was taken back).
  public func value() -> Value {
    if let work = take() { return work() }
    finished.wait()
    return outcome!
  }

  /// Whether the second thread took the work (so far): false once `value()` has taken it.
  private func take() -> (() -> Value)? {
    lock.withLock {
      defer { work = nil }
      return work
    }
  }

  private func runIfFree() {
    guard let work = take() else { return }
    outcome = work()
    finished.signal()
  }
}

/// A thread's body, as one object a C function pointer can carry (it cannot capture a generic type).
private final class ThreadStart {
  let body: () -> Void
  init(_ body: @escaping () -> Void) { self.body = body }
}
