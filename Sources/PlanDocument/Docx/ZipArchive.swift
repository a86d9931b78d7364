import CZlib

/// Bounds for reading a ZIP container (a .docx). Every one is checked before the archive's own claims
/// are trusted, and the sizes once more while inflating: a declared size may lie.
public struct ZipLimits: Sendable, Hashable {
  /// Most entries in the central directory. A .docx from Word or LibreOffice has a dozen or two.
  public var maxEntries: Int
  /// Largest uncompressed entry, declared or inflated.
  public var maxEntrySize: Int
  /// Largest sum of the declared uncompressed sizes of all entries.
  public var maxTotalSize: Int
  /// Highest ratio of uncompressed to compressed size for an entry of more than `ratioFloor` bytes.
  /// Text compresses 5 to 30 times; deflate's own ceiling is about 1 032.
  public var maxRatio: Int
  public var ratioFloor: Int

  public init(
    maxEntries: Int = 1_000, maxEntrySize: Int = 64 << 20, maxTotalSize: Int = 256 << 20, maxRatio: Int = 200,
    ratioFloor: Int = 1 << 20
  ) {
    self.maxEntries = maxEntries
    self.maxEntrySize = maxEntrySize
    self.maxTotalSize = maxTotalSize
    self.maxRatio = maxRatio
    self.ratioFloor = ratioFloor
  }
}

/// A ZIP archive in memory, its central directory read and checked; entries are inflated on demand,
/// never to a file. Refused: ZIP64 and multi-disk archives, truncated ones, encrypted entries, names
/// that are absolute or step up (`../`), duplicate names (compared as OPC compares part names,
/// ignoring ASCII case), entries whose data overlap (the "overlapping files" zip bomb), and entries
/// over the size, count and ratio bounds. Nested archives are never opened: only named XML parts are.
public struct ZipArchive: Sendable {
  struct Entry: Sendable {
    var name: String
    var method: UInt16
    var flags: UInt16
    var crc: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
    /// Where the compressed data start (after the local header), found when the archive is opened.
    var dataStart = 0
  }

  let bytes: [UInt8]
  let limits: ZipLimits
  private(set) var entries: [Entry] = []
  /// Lower-cased name → index in `entries`.
  private var byName: [String: Int] = [:]

  static let localSignature: UInt32 = 0x0403_4b50
  static let centralSignature: UInt32 = 0x0201_4b50
  static let endSignature: UInt32 = 0x0605_4b50

  /// Whether `bytes` start as a ZIP archive does (a local file header, or an empty archive's end record).
  static func looksLikeZip(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B
      && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6))
  }

  public init(_ bytes: [UInt8], limits: ZipLimits = ZipLimits()) throws(ReadError) {
    self.bytes = bytes
    self.limits = limits
    try readDirectory()
  }

  func entry(named name: String) -> Entry? {
    byName[name.lowercased()].map { entries[$0] }
  }

  /// The parts' names, in the order of the central directory.
  public var names: [String] { entries.map(\.name) }

  /// The whole of the part `name` (compared ignoring ASCII case, as OPC does), inflated under the
  /// archive's bounds; nil when there is no such part.
  public func contents(named name: String) throws(ReadError) -> [UInt8]? {
    guard let entry = entry(named: name) else { return nil }
    return try contents(of: entry)
  }

  // MARK: Little-endian fields

  private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
  private func u32(_ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }

  static func broken(sv: String, en: String) -> ReadError {
    ReadError(
      .malformed, sv: "Word-dokumentet är skadat eller ofullständigt: \(sv)",
      en: "the Word document is damaged or incomplete: \(en)", at: nil)
  }

  static func overLimit(sv: String, en: String) -> ReadError {
    ReadError(
      .limit, sv: "Word-dokumentet läses inte: \(sv)", en: "the Word document is not read: \(en)", at: nil)
  }

  // MARK: The central directory

  private mutating func readDirectory() throws(ReadError) {
    let (total, directoryOffset, directorySize) = try endRecord()
    var cursor = directoryOffset
    var declaredTotal = 0
    entries.reserveCapacity(total)
    for _ in 0..<total {
      let (entry, next) = try directoryEntry(at: cursor, directoryEnd: directoryOffset + directorySize)
      try checkLimits(entry, declaredTotal: &declaredTotal)
      byName[entry.name.lowercased()] = entries.count
      entries.append(entry)
      cursor = next
    }
    try locateData(before: directoryOffset)
  }

  /// The end record's count of entries and the central directory's place, each bounded and checked
  /// against the file before a single entry is looked at.
  private func endRecord() throws(ReadError) -> (total: Int, directoryOffset: Int, directorySize: Int) {
    let count = bytes.count
    guard count >= 22 else {
      throw Self.broken(sv: "filen är för kort för ett ZIP-arkiv", en: "the file is too short for a ZIP archive")
    }
    // The end record is the last 22 bytes plus a comment of at most 65 535 bytes.
    var end = -1
    var index = count - 22
    let lowest = max(0, count - 22 - 65_535)
    while index >= lowest {
      if bytes[index] == 0x50, bytes[index + 1] == 0x4B, u32(index) == Self.endSignature,
        index + 22 + Int(u16(index + 20)) == count
      {
        end = index
        break
      }
      index -= 1
    }
    guard end >= 0 else {
      throw Self.broken(
        sv: "ZIP-arkivets slutpost saknas (filen är avkortad)",
        en: "the ZIP archive's end record is missing (the file is truncated)")
    }
    let disk = u16(end + 4)
    let directoryDisk = u16(end + 6)
    let entriesHere = Int(u16(end + 8))
    let total = Int(u16(end + 10))
    let directorySize = Int(u32(end + 12))
    let directoryOffset = Int(u32(end + 16))
    if total == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      throw Self.overLimit(
        sv: "ZIP64-arkiv (för mer än 4 GB eller 65 535 delar) behövs inte för en plan",
        en: "a ZIP64 archive (for more than 4 GB or 65 535 parts) is not needed for a plan")
    }
    guard disk == 0, directoryDisk == 0, entriesHere == total else {
      throw Self.broken(sv: "arkivet är delat på flera filer", en: "the archive is split over several files")
    }
    // The count is bounded before a single entry is looked at.
    guard total <= limits.maxEntries else {
      throw Self.overLimit(
        sv: "arkivet har \(total) delar, fler än gränsen \(limits.maxEntries)",
        en: "the archive has \(total) parts, more than the limit of \(limits.maxEntries)")
    }
    guard directoryOffset + directorySize <= end else {
      throw Self.broken(
        sv: "innehållsförteckningen pekar utanför filen (filen är avkortad)",
        en: "the table of contents points past the file (the file is truncated)")
    }
    return (total, directoryOffset, directorySize)
  }

  /// The central directory's entry at `cursor`, and where the next one starts; a name used twice and
  /// an encrypted entry are refused here.
  private func directoryEntry(at cursor: Int, directoryEnd: Int) throws(ReadError) -> (Entry, next: Int) {
    guard cursor + 46 <= directoryEnd, u32(cursor) == Self.centralSignature else {
      throw Self.broken(sv: "innehållsförteckningen är trasig", en: "the table of contents is broken")
    }
    let flags = u16(cursor + 8)
    let method = u16(cursor + 10)
    let crc = u32(cursor + 16)
    let compressed = Int(u32(cursor + 20))
    let uncompressed = Int(u32(cursor + 24))
    let nameLength = Int(u16(cursor + 28))
    let extraLength = Int(u16(cursor + 30))
    let commentLength = Int(u16(cursor + 32))
    let localOffset = Int(u32(cursor + 42))
    let next = cursor + 46 + nameLength + extraLength + commentLength
    guard next <= directoryEnd else {
      throw Self.broken(sv: "innehållsförteckningen är trasig", en: "the table of contents is broken")
    }
    let name = try Self.checkedName(bytes[cursor + 46..<cursor + 46 + nameLength])
    let key = name.lowercased()
    guard byName[key] == nil else {
      throw Self.broken(
        sv: "delen \"\(Self.shown(name))\" förekommer två gånger i arkivet",
        en: "the part \"\(Self.shown(name))\" occurs twice in the archive")
    }
    if flags & 1 != 0 {
      throw ReadError(
        .malformed, sv: "Word-dokumentet är krypterat (lösenordsskyddat); spara det utan lösenord som .docx",
        en: "the Word document is encrypted (password-protected); save it without a password as .docx", at: nil)
    }
    let entry = Entry(
      name: name, method: method, flags: flags, crc: crc, compressedSize: compressed,
      uncompressedSize: uncompressed, localHeaderOffset: localOffset)
    return (entry, next)
  }

  /// The bounds on what an entry unpacks to: its own size, the archive's total, the ratio a zip bomb
  /// needs, and sizes that contradict each other.
  private func checkLimits(_ entry: Entry, declaredTotal: inout Int) throws(ReadError) {
    let name = entry.name
    let uncompressed = entry.uncompressedSize
    let compressed = entry.compressedSize
    guard uncompressed <= limits.maxEntrySize else {
      throw Self.overLimit(
        sv: "delen \"\(Self.shown(name))\" är \(uncompressed) byte opackad, mer än gränsen \(limits.maxEntrySize)",
        en:
          "the part \"\(Self.shown(name))\" is \(uncompressed) bytes unpacked, more than the limit of \(limits.maxEntrySize)"
      )
    }
    declaredTotal += uncompressed
    guard declaredTotal <= limits.maxTotalSize else {
      throw Self.overLimit(
        sv: "delarna är tillsammans mer än \(limits.maxTotalSize) byte opackade",
        en: "the parts together are more than \(limits.maxTotalSize) bytes unpacked")
    }
    if uncompressed > limits.ratioFloor,
      uncompressed > compressed.multipliedReportingOverflow(by: limits.maxRatio).partialValue
    {
      throw Self.overLimit(
        sv: "delen \"\(Self.shown(name))\" packas upp mer än \(limits.maxRatio) gånger (en ZIP-bomb?)",
        en: "the part \"\(Self.shown(name))\" unpacks more than \(limits.maxRatio) times (a zip bomb?)")
    }
    if entry.method == 0 && compressed != uncompressed {
      throw Self.broken(
        sv: "delen \"\(Self.shown(name))\" har motsägande storlekar",
        en: "the part \"\(Self.shown(name))\" has contradictory sizes")
    }
  }

  /// Finds each entry's data after its local header and refuses data that run past the directory or
  /// overlap another entry's.
  private mutating func locateData(before directoryOffset: Int) throws(ReadError) {
    for index in entries.indices {
      let offset = entries[index].localHeaderOffset
      guard offset + 30 <= directoryOffset, u32(offset) == Self.localSignature else {
        throw Self.broken(
          sv: "delen \"\(Self.shown(entries[index].name))\" saknas där arkivet säger att den står",
          en: "the part \"\(Self.shown(entries[index].name))\" is missing where the archive says it is")
      }
      let nameLength = Int(u16(offset + 26))
      let extraLength = Int(u16(offset + 28))
      let start = offset + 30 + nameLength + extraLength
      guard start + entries[index].compressedSize <= directoryOffset else {
        throw Self.broken(
          sv: "delen \"\(Self.shown(entries[index].name))\" tar slut i förtid (filen är avkortad)",
          en: "the part \"\(Self.shown(entries[index].name))\" ends early (the file is truncated)")
      }
      guard bytes[offset + 30..<offset + 30 + nameLength].elementsEqual(entries[index].name.utf8) else {
        throw Self.broken(
          sv: "delen \"\(Self.shown(entries[index].name))\" har ett annat namn i sitt eget huvud",
          en: "the part \"\(Self.shown(entries[index].name))\" has another name in its own header")
      }
      entries[index].dataStart = start
    }
    let order = entries.indices.sorted { entries[$0].localHeaderOffset < entries[$1].localHeaderOffset }
    for (a, b) in zip(order, order.dropFirst()) {
      guard entries[a].dataStart + entries[a].compressedSize <= entries[b].localHeaderOffset else {
        throw Self.broken(
          sv:
            "delarna \"\(Self.shown(entries[a].name))\" och \"\(Self.shown(entries[b].name))\" överlappar (en ZIP-bomb?)",
          en:
            "the parts \"\(Self.shown(entries[a].name))\" and \"\(Self.shown(entries[b].name))\" overlap (a zip bomb?)")
      }
    }
  }

  /// A part name as written, refused when absolute, stepping up, or not UTF-8 text.
  static func checkedName(_ raw: ArraySlice<UInt8>) throws(ReadError) -> String {
    guard let name = String(validating: raw, as: UTF8.self), !name.isEmpty,
      !name.unicodeScalars.contains(where: { $0.value < 0x20 })
    else {
      throw broken(sv: "ett delnamn är inte läsbar text", en: "a part name is not readable text")
    }
    let steps = name.split(separator: "/", omittingEmptySubsequences: false).flatMap {
      $0.split(separator: "\\", omittingEmptySubsequences: false)
    }
    let absolute =
      name.hasPrefix("/") || name.hasPrefix("\\") || (steps.first.map { $0.count == 2 && $0.last == ":" } ?? false)
    if absolute || steps.contains("..") {
      throw ReadError(
        .malformed,
        sv: "Word-dokumentet läses inte: delnamnet \"\(shown(name))\" pekar utanför arkivet (absolut sökväg eller ../)",
        en:
          "the Word document is not read: the part name \"\(shown(name))\" points outside the archive (an absolute path or ../)",
        at: nil)
    }
    return name
  }

  /// A name for a message: at most 80 characters.
  static func shown(_ name: String) -> String {
    name.count > 80 ? String(name.prefix(80)) + "…" : name
  }

  /// The whole of an entry, inflated and counted (for small parts: content types, relationships).
  func contents(of entry: Entry) throws(ReadError) -> [UInt8] {
    let stream = try EntryStream(self, entry)
    var result: [UInt8] = []
    result.reserveCapacity(entry.uncompressedSize)
    // No larger than the part: a 64 KB buffer for each small part was 16 fresh pages, zeroed.
    guard stream.readToEnd(chunkSize: min(64 << 10, max(entry.uncompressedSize, 1)), { result.append(contentsOf: $0) })
    else { throw stream.error! }
    return result
  }
}

/// One entry's bytes, pulled in chunks (libxml2's read callback calls `read`): inflated by zlib, counted
/// against the entry's declared size and the limit, its CRC checked at the end. Never more than the
/// declared size is produced, so a lying header cannot make it inflate on.
final class EntryStream {
  private let archive: [UInt8]
  private let entry: ZipArchive.Entry
  private var stream = z_stream()
  private var started = false
  private var finished = false
  private var produced = 0
  private var crc: UInt = 0
  private var storedCursor = 0
  private(set) var error: ReadError?

  init(_ archive: ZipArchive, _ entry: ZipArchive.Entry) throws(ReadError) {
    self.archive = archive.bytes
    self.entry = entry
    guard entry.method == 0 || entry.method == 8 else {
      throw ZipArchive.broken(
        sv: "delen \"\(ZipArchive.shown(entry.name))\" är packad med en metod som inte stöds (\(entry.method))",
        en: "the part \"\(ZipArchive.shown(entry.name))\" is packed with an unsupported method (\(entry.method))")
    }
    crc = UInt(crc32(0, nil, 0))
  }

  deinit {
    if started { inflateEnd(&stream) }
  }

  private func fail(_ error: ReadError) -> Int {
    self.error = error
    return -1
  }

  /// Reads what is left of the entry, `chunkSize` bytes at a time, handing each chunk to `body` (by
  /// default letting it go); false on an error, then in `error` (a wrong checksum, a part longer than it
  /// declares: found within the same bounds as any read).
  @discardableResult
  func readToEnd(chunkSize: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void = { _ in }) -> Bool {
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    while true {
      let got = buffer.withUnsafeMutableBufferPointer { read(into: $0.baseAddress!, length: $0.count) }
      if got <= 0 { return got == 0 }
      buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<got])) }
    }
  }

  /// Up to `length` bytes of the entry into `buffer`; 0 at its end, -1 on an error (then `error`).
  func read(into buffer: UnsafeMutablePointer<UInt8>, length: Int) -> Int {
    if error != nil { return -1 }
    if finished { return 0 }
    let remaining = entry.uncompressedSize - produced
    let wanted = min(length, remaining)
    var got = 0
    if entry.method == 0 {
      archive.withUnsafeBufferPointer { bytes in
        (buffer).update(from: bytes.baseAddress! + entry.dataStart + storedCursor, count: wanted)
      }
      storedCursor += wanted
      got = wanted
    } else {
      if !started {
        let status = inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
          return fail(ZipArchive.broken(sv: "zlib kunde inte starta", en: "zlib could not start"))
        }
        started = true
        stream.avail_in = 0
      }
      var status = Z_OK
      archive.withUnsafeBufferPointer { bytes in
        let base = UnsafeMutablePointer(mutating: bytes.baseAddress! + entry.dataStart)
        let consumed = Int(stream.total_in)
        stream.next_in = base + consumed
        stream.avail_in = UInt32(entry.compressedSize - consumed)
        // One byte more than the entry should still hold, to catch data past its declared size.
        stream.next_out = buffer
        stream.avail_out = UInt32(min(length, remaining + 1))
        status = inflate(&stream, Z_NO_FLUSH)
        got = Int(stream.next_out - buffer)
        // The declared size reached exactly (the reader's chunks can end there): the data must end too,
        // so inflate on into one spare byte until the stream ends or gives that byte.
        while status == Z_OK && got == remaining {
          let before = stream.avail_in
          let extra = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { spare in
            stream.next_out = spare.baseAddress
            stream.avail_out = 1
            status = inflate(&stream, Z_NO_FLUSH)
            return 1 - Int(stream.avail_out)
          }
          got += extra
          if extra == 0 && stream.avail_in == before { break }
        }
      }
      if got > remaining {
        return fail(
          ZipArchive.overLimit(
            sv:
              "delen \"\(ZipArchive.shown(entry.name))\" packas upp till mer än de \(entry.uncompressedSize) byte den anger (en ZIP-bomb?)",
            en:
              "the part \"\(ZipArchive.shown(entry.name))\" unpacks to more than the \(entry.uncompressedSize) bytes it declares (a zip bomb?)"
          ))
      }
      if status == Z_STREAM_END {
        if produced + got != entry.uncompressedSize {
          return fail(
            ZipArchive.broken(
              sv: "delen \"\(ZipArchive.shown(entry.name))\" är kortare än den anger",
              en: "the part \"\(ZipArchive.shown(entry.name))\" is shorter than it declares"))
        }
      } else if status != Z_OK || (got == 0 && stream.avail_in == 0) {
        return fail(
          ZipArchive.broken(
            sv: "delen \"\(ZipArchive.shown(entry.name))\" kan inte packas upp",
            en: "the part \"\(ZipArchive.shown(entry.name))\" cannot be unpacked"))
      }
    }
    produced += got
    crc = UInt(crc32(uLong(crc), buffer, UInt32(got)))
    if produced == entry.uncompressedSize {
      finished = true
      if UInt32(truncatingIfNeeded: crc) != entry.crc {
        return fail(
          ZipArchive.broken(
            sv: "delen \"\(ZipArchive.shown(entry.name))\" har fel kontrollsumma",
            en: "the part \"\(ZipArchive.shown(entry.name))\" has a wrong checksum"))
      }
    }
    return got
  }
}
