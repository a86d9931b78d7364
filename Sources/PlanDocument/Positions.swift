import Foundation

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
