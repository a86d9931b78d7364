import CZlib

/// Writes a ZIP archive (a .docx package) in memory: each part deflated by the system zlib, in the order
/// given, with a fixed time stamp (1980-01-01), so the same parts give the same bytes. The one ZIP writer
/// of the package, beside the one reader (`ZipArchive`, which a reviewed copy reads the user's archive
/// with, under the same bounds).
public enum ZipWriter {
  /// The archive of `parts` (name, bytes). `deflate`: false stores the parts uncompressed.
  public static func zip(_ parts: [(name: String, bytes: [UInt8])], deflate: Bool = true) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    for (name, bytes) in parts {
      let nameBytes = Array(name.utf8)
      let crc = bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, uInt($0.count))) }
      let packed = deflate ? Self.deflate(bytes) : bytes
      let method: UInt16 = deflate ? 8 : 0
      let offset = out.count
      // Local file header; bit 11: the name is UTF-8.
      append32(&out, 0x0403_4b50)
      append16(&out, 20)
      append16(&out, 0x0800)
      append16(&out, method)
      append16(&out, 0)  // 00:00
      append16(&out, 0x21)  // 1980-01-01
      append32(&out, crc)
      append32(&out, UInt32(packed.count))
      append32(&out, UInt32(bytes.count))
      append16(&out, UInt16(nameBytes.count))
      append16(&out, 0)
      out += nameBytes
      out += packed
      // Its central directory entry.
      append32(&central, 0x0201_4b50)
      append16(&central, 0x0314)  // made by: Unix, 2.0
      append16(&central, 20)
      append16(&central, 0x0800)
      append16(&central, method)
      append16(&central, 0)
      append16(&central, 0x21)
      append32(&central, crc)
      append32(&central, UInt32(packed.count))
      append32(&central, UInt32(bytes.count))
      append16(&central, UInt16(nameBytes.count))
      append16(&central, 0)
      append16(&central, 0)
      append16(&central, 0)
      append16(&central, 0)
      append32(&central, 0o100644 << 16)
      append32(&central, UInt32(offset))
      central += nameBytes
    }
    let directoryOffset = out.count
    out += central
    append32(&out, 0x0605_4b50)
    append16(&out, 0)
    append16(&out, 0)
    // No ZIP64: more than 65 535 parts wrap the count (no .docx has that many; the hostile tests make
    // such an archive on purpose).
    append16(&out, UInt16(truncatingIfNeeded: parts.count))
    append16(&out, UInt16(truncatingIfNeeded: parts.count))
    append32(&out, UInt32(central.count))
    append32(&out, UInt32(directoryOffset))
    append16(&out, 0)
    return out
  }

  /// `bytes` as a raw deflate stream (no zlib header), as ZIP's method 8 holds it.
  public static func deflate(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    guard
      deflateInit2_(
        &stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)
      ) == Z_OK
    else { preconditionFailure("zlib could not start") }
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
    var written = 0
    bytes.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { output in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress
        stream.avail_out = uInt(output.count)
        let status = CZlib.deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END, "deflateBound holds the whole stream")
        written = output.count - Int(stream.avail_out)
      }
    }
    out.removeSubrange(written...)
    return out
  }

  private static func append16(_ out: inout [UInt8], _ value: UInt16) {
    out.append(UInt8(value & 0xFF))
    out.append(UInt8(value >> 8))
  }

  private static func append32(_ out: inout [UInt8], _ value: UInt32) {
    for shift in stride(from: 0, through: 24, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
  }
}
