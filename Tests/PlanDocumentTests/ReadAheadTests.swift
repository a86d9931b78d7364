import Foundation
import Testing

@testable import PlanDocument

/// The Word reader's input, read ahead on the building thread and taken on the parse's: the bytes
/// arrive whole and in order whoever read them, an error comes after the bytes before it, and no more
/// than the limit waits.
struct ReadAheadTests {
  /// `count` bytes of a pattern that shows any reordering, then 0 (or -1 after `failAt` bytes).
  final class Source: @unchecked Sendable {
    let count: Int
    let failAt: Int?
    private(set) var given = 0
    private(set) var calls = 0
    init(count: Int, failAt: Int? = nil) {
      self.count = count
      self.failAt = failAt
    }
    static func byte(_ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: index &* 31 &+ index >> 8) }
    var chunkSource: ChunkSource {
      ChunkSource { [self] buffer, length in
        calls += 1
        if let failAt, given >= failAt { return -1 }
        let end = min(count, given + length, failAt ?? Int.max)
        for index in given..<end { buffer[index - given] = Self.byte(index) }
        defer { given = end }
        return end - given
      }
    }
  }

  /// Reads `reader` to its end on a second thread, in pieces of varying length, while this thread
  /// fills; the bytes read and the last result (0 or -1).
  static func readAll(_ ahead: ReadAhead, filling: Bool) -> ([UInt8], Int) {
    let reader = ahead.reader
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var bytes: [UInt8] = []
    nonisolated(unsafe) var last = 0
    let thread = SecondThread { () -> Void in
      var buffer = [UInt8](repeating: 0, count: 5_000)
      var round = 0
      while true {
        round += 1
        let got = buffer.withUnsafeMutableBufferPointer { reader.read($0.baseAddress!, 1 + (round * 997) % 5_000) }
        if got <= 0 {
          last = got
          break
        }
        bytes += buffer[0..<got]
      }
      done.signal()
    }
    // Without a thread (a limit on threads), value() reads it all here.
    while filling, thread.started, done.wait(timeout: .now()) == .timedOut { ahead.fill() }
    thread.value()
    return (bytes, last)
  }

  @Test(arguments: [0, 1, 32 * 1024, 32 * 1024 + 1, 1_000_000], [true, false])
  func theBytesArriveInOrder(count: Int, filling: Bool) {
    let ahead = ReadAhead(Source(count: count).chunkSource)
    let (bytes, last) = Self.readAll(ahead, filling: filling)
    #expect(bytes.count == count)
    #expect(bytes == (0..<count).map(Source.byte))
    #expect(last == 0)
  }

  @Test func anErrorComesAfterTheBytesBeforeIt() {
    let ahead = ReadAhead(Source(count: 900_000, failAt: 300_001).chunkSource)
    let (bytes, last) = Self.readAll(ahead, filling: true)
    #expect(bytes == (0..<300_001).map(Source.byte))
    #expect(last == -1)
  }

  @Test func noMoreThanTheLimitWaits() {
    let source = Source(count: 10_000_000)
    let ahead = ReadAhead(source.chunkSource)
    ahead.fill()
    ahead.fill()
    #expect(source.given == ReadAhead.limit)
    #expect(source.calls == ReadAhead.limit / ReadAhead.chunkSize)
  }
}
