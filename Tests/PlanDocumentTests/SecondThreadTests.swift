import Foundation
import Testing

@testable import PlanDocument

/// Work offered to a second thread is done exactly once, by that thread or by the caller, whichever
/// comes first, and `value()` gives its result either way.
struct SecondThreadTests {
  /// Counts the runs of the work, from whichever thread.
  final class Runs: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var threadsSeen: Set<String> = []
    func add() {
      lock.withLock {
        count += 1
        threadsSeen.insert("\(pthread_self())")
      }
    }
    var value: Int { lock.withLock { count } }
    var threads: Set<String> { lock.withLock { threadsSeen } }
  }

  @Test func theWorkRunsOnceWhoeverTakesIt() {
    var takers: Set<String> = []
    for attempt in 0..<300 {
      let runs = Runs()
      let second = SecondThread { () -> Int in
        runs.add()
        return attempt * 2
      }
      #expect(second.started)
      // Asked for at once (the caller usually comes first) or after a pause (the thread usually does).
      if attempt % 2 == 1 { usleep(200) }
      #expect(second.value() == attempt * 2)
      #expect(runs.value == 1)
      takers.formUnion(runs.threads)
    }
    // Asked for at once, the caller takes work the thread has not begun; after a pause, the thread has
    // it. Over 150 tries of each, both happen (a value() that only ever waited would fail here).
    #expect(takers.contains("\(pthread_self())"), "the caller never took the work back")
    #expect(takers.count >= 2, "the work ran on \(takers.count) thread(s)")
  }

  /// The caller waits for work the second thread has begun, rather than doing it again.
  @Test func theCallerWaitsForWorkBegunElsewhere() {
    let begun = DispatchSemaphore(value: 0)
    let runs = Runs()
    let second = SecondThread { () -> String in
      begun.signal()
      usleep(20_000)
      runs.add()
      return "klar"
    }
    begun.wait()
    #expect(second.value() == "klar")
    #expect(runs.value == 1)
  }
}
