/// A part's bytes, read ahead by the thread that builds the plan while libxml2 takes them on the
/// parse's thread (`BlockPipeline`).
///
/// Inflating the main part, checking its CRC and recording its line ends were 1.7 M of the parse
/// thread's 17.1 M instructions on a typical plan, and the parse is the thread the user waits for;
/// the building thread waits for blocks about a third of that time. So the builder calls `fill()`
/// whenever it would wait, which reads up to `limit` bytes ahead in chunks, and the parse takes the
/// chunks. When none is ready the parse reads the source itself rather than wait for them: at most it
/// waits for the one chunk being read (docs/engine.md, "Start-up, fifth round").
///
/// The source is read by one thread at a time (`sourceLock`), and a chunk joins the queue before that
/// lock is let go, so the bytes arrive in the source's order whichever thread read them. An error of
/// the source (-1) stops the reading ahead; the parse reaches it after the chunks before it, by reading
/// the source again (a `ChunkSource` says 0 or -1 again once it has).
final class ReadAhead: @unchecked Sendable {
  static let chunkSize = 16 * 1024
  /// At most this many bytes wait in the queue: a plan's body inflates to many times its file. Kept
  /// small so that the same few chunks of memory are used again: with 256 KB ahead, a typical plan's
  /// whole body (165 KB) was queued on fresh pages, 50 more page faults, on this machine about 10 µs each.
  static let limit = 64 * 1024

  private let source: ChunkSource
  private let sourceLock = MutexLock()
  /// Under `sourceLock`: the source has said 0 or -1, so `fill` has nothing more to read.
  private var exhausted = false
  private let queueLock = MutexLock()
  /// Under `queueLock`: chunks read ahead, oldest first, and their bytes.
  private var chunks: [[UInt8]] = []
  private var queuedBytes = 0
  /// The parse's own: the chunk it is taking bytes from, and how far it has.
  private var current: [UInt8] = []
  private var offset = 0

  init(_ source: ChunkSource) {
    self.source = source
  }

  /// The parse's side: one reader (the chunk being taken is its own).
  var reader: ChunkSource {
    ChunkSource { [self] buffer, length in read(buffer, length) }
  }

  /// Reads ahead until `limit` bytes wait or the source has ended.
  func fill() {
    while queueLock.withLock({ queuedBytes + ReadAhead.chunkSize <= ReadAhead.limit }) {
      let more = sourceLock.withLock { () -> Bool in
        if exhausted { return false }
        var got = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: ReadAhead.chunkSize) { buffer, count in
          got = source.read(buffer.baseAddress!, ReadAhead.chunkSize)
          count = max(got, 0)
        }
        guard got > 0 else {
          exhausted = true
          return false
        }
        queueLock.withLock {
          chunks.append(chunk)
          queuedBytes += got
        }
        return true
      }
      if !more { return }
    }
  }

  private func read(_ buffer: UnsafeMutablePointer<UInt8>, _ length: Int) -> Int {
    if offset == current.count, !takeChunk() {
      // Nothing read ahead: read the source here, unless a chunk was queued while this thread waited
      // for the source.
      let direct = sourceLock.withLock { () -> Int? in
        takeChunk() ? nil : source.read(buffer, length)
      }
      if let direct { return direct }
    }
    let count = min(length, current.count - offset)
    current.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: count) }
    offset += count
    return count
  }

  /// Makes the oldest queued chunk the current one; false when none waits.
  private func takeChunk() -> Bool {
    let next = queueLock.withLock { () -> [UInt8]? in
      guard !chunks.isEmpty else { return nil }
      let chunk = chunks.removeFirst()
      queuedBytes -= chunk.count
      return chunk
    }
    guard let next else { return false }
    current = next
    offset = 0
    return true
  }
}
