#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The forms a plan document comes in.
public enum SourceFormat: String, Sendable, Codable {
  case xml, json
  /// Word's .docx, laid out as `DocxLayout` says.
  case docx
}

/// A plan document read into the common tree.
public struct Document: Sendable {
  /// The path the document was read from, as the user named it.
  public var file: String
  public var format: SourceFormat
  public var root: Node
  /// What the reader noticed without stopping: duplicate keys, unexpected XML content.
  public var diagnostics: [ReadDiagnostic]

  /// Where a location of this document stands in Word terms (a document read from a .docx), else nil.
  public func wordLocation(of location: SourceLocation) -> WordLocation? {
    root.storage.wordPlaces?.location(atOffset: location.offset)
  }

  public init(file: String, format: SourceFormat, root: Node, diagnostics: [ReadDiagnostic] = []) {
    self.file = file
    self.format = format
    self.root = root
    self.diagnostics = diagnostics
  }
}

/// What a format reader gives back: the tree and the non-fatal diagnostics.
public struct ParseResult: Sendable {
  public var root: Node
  public var diagnostics: [ReadDiagnostic]

  public init(root: Node, diagnostics: [ReadDiagnostic] = []) {
    self.root = root
    self.diagnostics = diagnostics
  }
}

/// Reads plan documents from files or bytes, choosing the reader by file name or content.
public enum DocumentReader {
  /// The format a file name announces, if any.
  public static func format(forPath path: String) -> SourceFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".xml") { return .xml }
    if lower.hasSuffix(".json") { return .json }
    if lower.hasSuffix(".docx") { return .docx }
    return nil
  }

  /// Reads and parses the file at `path`. The file is opened read-only and never written to.
  /// `rawPath`: the path's bytes when `path` cannot give them (a file name that is not UTF-8).
  public static func read(file path: String, rawPath: [UInt8]? = nil, limits: ReadLimits = .default) throws(ReadError)
    -> Document
  {
    let bytes = try readBytes(path: path, rawPath: rawPath, limits: limits)
    return try parse(bytes, file: path, format: format(forPath: path), limits: limits)
  }

  /// Parses `bytes` as a plan document. Without a `format`, the first significant byte decides.
  public static func parse(
    _ bytes: [UInt8], file: String, format: SourceFormat? = nil, limits: ReadLimits = .default
  ) throws(ReadError) -> Document {
    if bytes.count > limits.maxFileSize {
      throw ReadError(
        .limit,
        sv: "filen är \(bytes.count) byte, större än gränsen \(limits.maxFileSize) byte",
        en: "the file is \(bytes.count) bytes, over the limit of \(limits.maxFileSize) bytes",
        at: .start)
    }
    // A Word document is recognised by its content whatever it is called (a .doc, a .docx named .xml).
    let chosen = DocxReader.recognises(bytes) ? .docx : format ?? sniff(bytes)
    let result: ParseResult
    do {
      result = try bytes.withUnsafeBufferPointer { buffer in
        switch chosen {
        case .json: try JSONReader.parse(buffer, limits: limits, source: bytes)
        case .xml: try XMLReader.parse(buffer, limits: limits, source: bytes)
        case .docx: try DocxReader.parse(bytes, limits: limits)
        }
      }
    } catch let error as ReadError {
      throw error
    } catch {
      throw ReadError(.malformed, sv: "\(error)", en: "\(error)", at: .start)
    }
    try checkIsPlan(result.root, format: chosen)
    return Document(file: file, format: chosen, root: result.root, diagnostics: result.diagnostics)
  }

  /// JSON plan documents are recognised by a top-level `formatversion` (the XML reader checks its root
  /// element and namespace itself); every plan's version must be one this lagkoll knows.
  static func checkIsPlan(_ root: Node, format: SourceFormat) throws(ReadError) {
    guard root.kind == .object, let version = root["formatversion"] else {
      // An XML plan without formatversion is left to the rules, as is a Word plan whose parts were
      // recognised (the Word reader refuses a document with none).
      if format == .xml || format == .docx { return }
      throw ReadError(
        .foreign,
        sv: "inte ett plandokument: JSON-dokumentet saknar \"formatversion\" på översta nivån",
        en: "not a plan document: the JSON document has no top-level \"formatversion\"",
        at: root.location)
    }
    let text = (version.scalarText ?? "").trimmingWhiteSpace()
    let major = String(text.split(separator: ".", maxSplits: 1).first ?? "")
    guard PlanFormat.supportedMajorVersions.contains(major) else {
      throw ReadError(
        .unsupportedVersion,
        sv:
          "okänd formatversion \"\(text)\": lagkoll läser version \(PlanFormat.supportedMajorVersions.sorted().joined(separator: ", "))",
        en:
          "unknown format version \"\(text)\": lagkoll reads version \(PlanFormat.supportedMajorVersions.sorted().joined(separator: ", "))",
        at: version.location)
    }
  }

  static func sniff(_ bytes: [UInt8]) -> SourceFormat {
    for byte in bytes {
      switch byte {
      case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue  // white space and a UTF-8 BOM
      case UInt8(ascii: "<"): return .xml
      default: return .json
      }
    }
    return .json
  }

  /// Reads the file's bytes, refusing what is not a regular file and what is over the size limit.
  ///
  /// The file is opened read-only and non-blocking, and checked with `fstat` on the open descriptor: a
  /// FIFO, a socket or a device (`/dev/zero`, a named pipe called `plan.xml`) would otherwise block the
  /// run or be read without end, and checking the path before opening it would leave a window in which
  /// the file can be swapped. One byte past the limit is read, so an oversized file is refused without
  /// reading all of it.
  public static func readBytes(path: String, rawPath: [UInt8]? = nil, limits: ReadLimits) throws(ReadError) -> [UInt8] {
    let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
    let descriptor =
      rawPath.map { raw in open(raw.map { CChar(bitPattern: $0) } + [0], flags) } ?? open(path, flags)
    guard descriptor >= 0 else {
      let code = errno
      let (sv, en): (String, String) =
        switch code {
        case ENOENT, ENOTDIR: ("filen finns inte", "the file does not exist")
        case ELOOP:
          ("filen kan inte läsas: symboliska länkar i en slinga", "the file cannot be read: symbolic links in a loop")
        case EACCES: ("filen kan inte läsas: behörighet saknas", "the file cannot be read: permission denied")
        default: ("filen kan inte läsas", "the file cannot be read")
        }
      throw ReadError(.io, sv: sv, en: en, at: nil)
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw ReadError(.io, sv: "filen kan inte läsas", en: "the file cannot be read", at: nil)
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      let isDirectory = status.st_mode & S_IFMT == S_IFDIR
      throw ReadError(
        .io,
        sv: isDirectory
          ? "filen kan inte läsas: det är en mapp"
          : "filen kan inte läsas: det är ingen vanlig fil (utan t.ex. en namngiven rörledning eller en enhet)",
        en: isDirectory
          ? "the file cannot be read: it is a folder"
          : "the file cannot be read: it is not a regular file (but, say, a named pipe or a device)",
        at: nil)
    }
    // Held to what the readers can address, so `limit + 1` below cannot overflow whatever was configured.
    let limit = min(max(limits.maxFileSize, 0), Int(Int32.max))
    func tooLarge() -> ReadError {
      ReadError(
        .limit, sv: "filen är större än gränsen \(limit) byte",
        en: "the file is larger than the limit of \(limit) bytes", at: .start)
    }
    let expected = Int(status.st_size)
    if expected > limit { throw tooLarge() }
    // The size may change while the file is read: read until the end, never more than limit + 1 bytes.
    var bytes = [UInt8](repeating: 0, count: min(max(expected, 0), limit) + 1)
    var count = 0
    while true {
      if count == bytes.count {
        if count > limit { break }
        bytes.append(contentsOf: repeatElement(0, count: min(max(count, 4096), limit + 1 - count)))
      }
      let got = bytes.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if got < 0 {
        if errno == EINTR { continue }
        let message = String(cString: strerror(errno))
        throw ReadError(.io, sv: "filen kan inte läsas: \(message)", en: "the file cannot be read: \(message)", at: nil)
      }
      if got == 0 { break }
      count += got
    }
    if count > limit { throw tooLarge() }
    bytes.removeSubrange(count...)
    return bytes
  }
}

/// `read(2)`, which the enum's own `read(file:)` would otherwise shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
