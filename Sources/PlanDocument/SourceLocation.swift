/// A position in a source file: byte offset, 1-based line and 1-based column counted in Unicode code points.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var offset: Int
  // Line and column are kept in 32 bits each (diagnostics and findings hold many locations; the tree
  // itself keeps only byte offsets). A file would need more than four billion lines or columns to reach
  // the bound, where the value stays at the bound.
  private var storedLine: UInt32
  private var storedColumn: UInt32

  public var line: Int {
    get { Int(storedLine) }
    set { storedLine = UInt32(clamping: newValue) }
  }

  public var column: Int {
    get { Int(storedColumn) }
    set { storedColumn = UInt32(clamping: newValue) }
  }

  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.storedLine = UInt32(clamping: line)
    self.storedColumn = UInt32(clamping: column)
  }

  /// The start of a file, used where nothing more precise is known (an empty file, say).
  public static let start = SourceLocation(offset: 0, line: 1, column: 1)

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }

  public var description: String { "\(line):\(column)" }
}

/// Turns byte offsets into line and column for one buffer of UTF-8.
///
/// Readers that cannot count lines as they go (libxml2 reports byte positions) use this instead; the
/// line starts are found once, so each lookup is a binary search plus a scan of one line.
public struct LineIndex: Sendable {
  private let lineStarts: [Int]

  public init(_ bytes: UnsafeBufferPointer<UInt8>) {
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte == 0x0A {
        starts.append(index + 1)
      } else if byte == 0x0D {
        // CR LF counts as one line end; a lone CR is a line end too (XML 1.0 § 2.11).
        if index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
        starts.append(index + 1)
      }
      index += 1
    }
    lineStarts = starts
  }

  /// The location of `offset` in `bytes` (the same buffer the index was built from).
  public func location(ofOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
    }
    var column = 1
    var index = lineStarts[low]
    while index < clamped {
      // Count code points: every byte that is not a UTF-8 continuation byte starts one.
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return SourceLocation(offset: clamped, line: low + 1, column: column)
  }
}
