import Foundation

/// The two forms a plan document comes in.
public enum SourceFormat: String, Sendable, Codable {
  case xml, json
}

/// A plan document read into the common tree.
public struct Document: Sendable {
  /// The path the document was read from, as the user named it.
  public var file: String
  public var format: SourceFormat
  public var root: Node
  /// What the reader noticed without stopping: duplicate keys, unexpected XML content.
  public var diagnostics: [ReadDiagnostic]

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
    return nil
  }

  /// Reads and parses the file at `path`. The file is opened read-only and never written to.
  public static func read(file path: String, limits: ReadLimits = .default) throws(ReadError) -> Document {
    let bytes = try readBytes(path: path, limits: limits)
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
    let chosen = format ?? sniff(bytes)
    let result: ParseResult
    do {
      result = try bytes.withUnsafeBufferPointer { buffer in
        switch chosen {
        case .json: try JSONReader.parse(buffer, limits: limits)
        case .xml: try XMLReader.parse(buffer, limits: limits)
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
      if format == .xml { return }  // an XML plan without formatversion is left to the rules
      throw ReadError(
        .foreign,
        sv: "inte ett plandokument: JSON-dokumentet saknar \"formatversion\" på översta nivån",
        en: "not a plan document: the JSON document has no top-level \"formatversion\"",
        at: root.location)
    }
    let text = (version.scalarText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    let major = String(text.split(separator: ".", maxSplits: 1).first ?? "")
    guard PlanFormat.supportedMajorVersions.contains(major) else {
      throw ReadError(
        .unsupportedVersion,
        sv: "okänd formatversion \"\(text)\": lagkoll läser version \(PlanFormat.supportedMajorVersions.sorted().joined(separator: ", "))",
        en: "unknown format version \"\(text)\": lagkoll reads version \(PlanFormat.supportedMajorVersions.sorted().joined(separator: ", "))",
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

  static func readBytes(path: String, limits: ReadLimits) throws(ReadError) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      throw ReadError(
        .io,
        sv: exists ? "filen kan inte läsas" : "filen finns inte",
        en: exists ? "the file cannot be read" : "the file does not exist",
        at: nil)
    }
    defer { try? handle.close() }
    do {
      // Read one byte past the limit, so an oversized file is refused without reading all of it.
      let data = try handle.read(upToCount: limits.maxFileSize + 1) ?? Data()
      if data.count > limits.maxFileSize {
        throw ReadError(
          .limit,
          sv: "filen är större än gränsen \(limits.maxFileSize) byte",
          en: "the file is larger than the limit of \(limits.maxFileSize) bytes",
          at: .start)
      }
      return [UInt8](data)
    } catch let error as ReadError {
      throw error
    } catch {
      throw ReadError(
        .io, sv: "filen kan inte läsas: \(error.localizedDescription)",
        en: "the file cannot be read: \(error.localizedDescription)", at: nil)
    }
  }
}
