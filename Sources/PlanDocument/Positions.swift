#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Line and column of any byte offset: a binary search in the line starts, then a count of code points
/// from the line's start, or, on a line longer than `stride` bytes, from the last checkpoint before the
/// offset, so a lookup never scans more than `stride` bytes. A document written on one long line
/// (40 000 keys on one line) would otherwise make each lookup a scan of the line.
///
/// LF, CR LF and a lone CR end a line (XML 1.0 § 2.11, and the JSON reader's rule); columns count code
/// points, from `origin` on the first line (after a byte order mark).
///
/// The table grows as far as the lookups reach: a plan whose one finding is on line 160 finds the line
/// ends of 160 lines, not of 600 000. Line ends are found with `memchr`, which reads 16 or 32 bytes at a
/// step, and code points are counted only on long lines. Size: 4 bytes per line and 8 per `stride`
/// bytes of long lines (at most 2.4 MB for a 24 MB plan of 600 000 lines; the table with a checkpoint of
/// three numbers at every line start it replaces was three times that, and was always built whole).
struct Positions: Sendable {
  static let stride = 512
  /// The offset of each line's first byte found so far: line `n` starts at `lineStarts[n - 1]`. A line
  /// end at the very end of the input starts one more, empty, line at `input.count`.
  private(set) var lineStarts: [UInt32]
  /// Inside lines longer than `stride`: an offset every `stride` bytes and the column there, in order.
  private(set) var checkpointOffsets: [UInt32] = []
  private(set) var checkpointColumns: [UInt32] = []
  /// Every line end before this offset is in `lineStarts`; the last line found is complete once this
  /// is the input's end.
  private var frontier: Int
  /// The next LF and CR at or after `frontier` (the input's end when there is none).
  private var nextLF = -1
  private var nextCR = -1

  init(_ input: [UInt8], origin: Int) {
    let start = min(origin, input.count)
    lineStarts = [UInt32(start)]
    frontier = start
  }

  /// A table with every line of `input` found (for tests and for callers that look up everywhere).
  init(complete input: [UInt8], origin: Int) {
    self.init(input, origin: origin)
    input.withUnsafeBufferPointer { extend(through: $0.count, in: $0) }
  }

  /// Finds line ends until the line holding `target` is complete (or the input ends).
  private mutating func extend(through target: Int, in bytes: UnsafeBufferPointer<UInt8>) {
    let count = bytes.count
    guard let base = bytes.baseAddress else {
      frontier = count
      return
    }
    func next(_ byte: UInt8, from: Int) -> Int { firstIndex(of: byte, in: bytes, from: from) ?? count }
    // Most files have no CR at all: one search that reaches the end is all the lone-CR rule costs then.
    if nextLF < frontier { nextLF = next(0x0A, from: frontier) }
    if nextCR < frontier { nextCR = next(0x0D, from: frontier) }
    while frontier < count && Int(lineStarts[lineStarts.count - 1]) <= target {
      let lineStart = Int(lineStarts[lineStarts.count - 1])
      let lineEnd = min(nextLF, nextCR)
      var nextStart = count
      if lineEnd < count {
        nextStart = lineEnd + 1
        if lineEnd == nextCR, nextStart < count, base[nextStart] == 0x0A { nextStart += 1 }  // CR LF
      }
      if nextStart - lineStart > Self.stride { addCheckpoints(from: lineStart, to: nextStart, base) }
      frontier = nextStart
      guard lineEnd < count else { break }
      lineStarts.append(UInt32(nextStart))
      if nextLF < nextStart { nextLF = next(0x0A, from: nextStart) }
      if nextCR < nextStart { nextCR = next(0x0D, from: nextStart) }
    }
  }

  /// Checkpoints every `stride` bytes of the line from `start` to `end` (the next line's start).
  private mutating func addCheckpoints(from start: Int, to end: Int, _ base: UnsafePointer<UInt8>) {
    var offset = start
    var column = 1
    while offset + Self.stride < end {
      column += Self.codePoints(base + offset, Self.stride)
      offset += Self.stride
      checkpointOffsets.append(UInt32(offset))
      checkpointColumns.append(UInt32(column))
    }
  }

  /// The number of code points that start in `count` bytes at `pointer`: the bytes that are not UTF-8
  /// continuation bytes (10xxxxxx).
  @inline(__always)
  static func codePoints(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    var index = 0
    var continuations = 0
    while index + 8 <= count {
      let word = UnsafeRawPointer(pointer + index).loadUnaligned(as: UInt64.self)
      // A continuation byte has bit 7 set and bit 6 clear.
      continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
      index += 8
    }
    while index < count {
      if pointer[index] & 0xC0 == 0x80 { continuations += 1 }
      index += 1
    }
    return count - continuations
  }

  /// The greatest index whose element is ≤ `target` in the sorted `values`, or -1.
  private static func lastIndex(in values: [UInt32], notAfter target: UInt32) -> Int {
    var low = 0
    var high = values.count
    // Invariant: values[..<low] ≤ target < values[high...].
    while low < high {
      let mid = (low + high) / 2
      if values[mid] <= target { low = mid + 1 } else { high = mid }
    }
    return low - 1
  }

  /// The line and column of `offset` in `input` (the bytes the table was made for), finding line ends
  /// as far as needed first.
  mutating func location(ofOffset offset: Int, in input: [UInt8]) -> SourceLocation {
    input.withUnsafeBufferPointer { bytes in
      let target = max(0, min(offset, bytes.count))
      if frontier < bytes.count && Int(lineStarts[lineStarts.count - 1]) <= target {
        extend(through: target, in: bytes)
      }
      let line = max(0, Self.lastIndex(in: lineStarts, notAfter: UInt32(target)))
      var from = Int(lineStarts[line])
      var column = 1
      let lineEnd = line + 1 < lineStarts.count ? Int(lineStarts[line + 1]) : bytes.count
      if lineEnd - from > Self.stride {
        let checkpoint = Self.lastIndex(in: checkpointOffsets, notAfter: UInt32(target))
        if checkpoint >= 0, Int(checkpointOffsets[checkpoint]) >= from {
          from = Int(checkpointOffsets[checkpoint])
          column = Int(checkpointColumns[checkpoint])
        }
      }
      if target > from { column += Self.codePoints(bytes.baseAddress! + from, target - from) }
      return SourceLocation(offset: target, line: line + 1, column: column)
    }
  }
}

/// The offset of the first `byte` at or after `from` in `bytes`, found by `memchr` (which reads 16 or 32
/// bytes at a step; a Swift loop, or `firstIndex(of:)`, reads one).
@inline(__always)
func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
  guard from < bytes.count, let base = bytes.baseAddress,
    let found = memchr(base + from, Int32(byte), bytes.count - from)
  else { return nil }
  return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
}

/// Line and column of any byte offset of a document that was read as a stream and not kept (a Word
/// document's body, inflated out of its archive a chunk at a time): what `Positions` finds in the bytes
/// is recorded as they pass, so the lookups need none of them. Same answers as `Positions` (LF, CR LF and
/// a lone CR end a line; columns count code points), at an eighth of the document's size: one bit per
/// byte says whether it is a UTF-8 continuation byte, and every 512 bytes the count of them so far, so a
/// column is the bytes from the line's start less the continuation bytes among them.
struct StreamedPositions: Sendable {
  /// The offset of each line's first byte; line `n` starts at `lineStarts[n - 1]`.
  private(set) var lineStarts: [UInt32] = [0]
  /// Bit `i` of word `w`: byte `64 w + i` is a continuation byte (10xxxxxx).
  private var continuationBits: [UInt64] = []
  /// The continuation bytes before each block of `wordsPerBlock` words (set by `finish`).
  private var blockCounts: [UInt32] = []
  private static let wordsPerBlock = 8
  /// The bytes recorded so far.
  private(set) var count = 0
  /// The last byte recorded was a CR: whether it ends a line alone depends on the next byte.
  private var pendingCR = false

  /// `expectedCount`: the document's size if known (its bits get their room at once, not by doubling).
  init(expectedCount: Int = 0) {
    continuationBits.reserveCapacity((max(0, expectedCount) + 63) / 64)
  }

  /// Records the next `chunk` of the document.
  mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) {
    guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
    let start = count
    if pendingCR {
      pendingCR = false
      if base[0] != 0x0A { lineStarts.append(UInt32(start)) }
    }
    // Line ends, found by memchr as `Positions` finds them.
    var from = 0
    while let lf = firstIndex(of: 0x0A, in: chunk, from: from) {
      recordCRs(in: chunk, from: from, to: lf, start: start)
      lineStarts.append(UInt32(start + lf + 1))
      from = lf + 1
    }
    recordCRs(in: chunk, from: from, to: chunk.count, start: start)
    // Continuation bytes: eight bytes are skipped at once when none has its high bit set (ASCII).
    let words = (start + chunk.count + 63) / 64
    if continuationBits.count < words {
      continuationBits.append(contentsOf: repeatElement(0, count: words - continuationBits.count))
    }
    var index = 0
    while index < chunk.count {
      if index + 8 <= chunk.count,
        UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        index += 8
        continue
      }
      if base[index] & 0xC0 == 0x80 {
        let offset = start + index
        continuationBits[offset >> 6] |= 1 << UInt64(offset & 63)
      }
      index += 1
    }
    count += chunk.count
  }

  /// Lone CRs in `chunk[from..<to]` (no LF in that range): each starts a line, except one at the
  /// chunk's end, which waits for the next byte.
  private mutating func recordCRs(in chunk: UnsafeBufferPointer<UInt8>, from: Int, to: Int, start: Int) {
    var at = from
    while at < to, let cr = firstIndex(of: 0x0D, in: UnsafeBufferPointer(rebasing: chunk[..<to]), from: at) {
      if cr + 1 == chunk.count {
        pendingCR = true
      } else if chunk[cr + 1] != 0x0A {
        lineStarts.append(UInt32(start + cr + 1))
      }
      at = cr + 1
    }
  }

  /// Ends the recording: a CR as the very last byte ends its line, and the block counts are summed.
  mutating func finish() {
    if pendingCR {
      pendingCR = false
      lineStarts.append(UInt32(count))
    }
    blockCounts.removeAll(keepingCapacity: true)
    blockCounts.reserveCapacity(continuationBits.count / Self.wordsPerBlock + 1)
    var total: UInt32 = 0
    for (index, word) in continuationBits.enumerated() {
      if index % Self.wordsPerBlock == 0 { blockCounts.append(total) }
      total &+= UInt32(word.nonzeroBitCount)
    }
  }

  /// The continuation bytes before `offset` (≤ `count`).
  private func continuations(before offset: Int) -> Int {
    let word = offset >> 6
    let block = word / Self.wordsPerBlock
    guard block < blockCounts.count else { return 0 }
    var total = Int(blockCounts[block])
    for index in block * Self.wordsPerBlock..<word { total += continuationBits[index].nonzeroBitCount }
    if offset & 63 != 0, word < continuationBits.count {
      total += (continuationBits[word] & ((1 << UInt64(offset & 63)) - 1)).nonzeroBitCount
    }
    return total
  }

  /// The line and column of `offset`, as `Positions.location(ofOffset:in:)` gives them for the same
  /// bytes (after `finish`).
  func location(ofOffset offset: Int) -> SourceLocation {
    let target = max(0, min(offset, count))
    var low = 0
    var high = lineStarts.count
    while low < high {
      let mid = (low + high) / 2
      if Int(lineStarts[mid]) <= target { low = mid + 1 } else { high = mid }
    }
    let line = max(0, low - 1)
    let lineStart = Int(lineStarts[line])
    let column = 1 + (target - lineStart) - (continuations(before: target) - continuations(before: lineStart))
    return SourceLocation(offset: target, line: line + 1, column: column)
  }
}
