/// The languages of user-facing text: Swedish first, English on request.
public enum Language: String, Sendable, CaseIterable, Codable {
  case sv, en
}

/// A text in both user languages.
public struct LocalizedText: Sendable, Hashable, Codable {
  public var sv: String
  public var en: String

  public init(sv: String, en: String) {
    self.sv = sv
    self.en = en
  }

  public func text(_ language: Language) -> String {
    switch language {
    case .sv: sv
    case .en: en
    }
  }
}

/// Why a file could not be read as a plan document. Reading stops at the first such error.
public struct ReadError: Error, Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    /// The bytes are not well-formed JSON or XML, or are not valid UTF-8.
    case malformed
    /// Well-formed, but not a plan document (another XML root or namespace, JSON without formatversion).
    /// A folder search skips such files; a file named on the command line is an error.
    case foreign
    /// A plan document of a format version this lagkoll does not know.
    case unsupportedVersion
    /// A configured limit was exceeded: size, depth, entity expansion.
    case limit
    /// The file could not be opened or read at all.
    case io
  }

  public var kind: Kind
  public var message: LocalizedText
  /// Where the problem was found; nil when it concerns the file as a whole (it could not be opened).
  public var location: SourceLocation?

  public init(_ kind: Kind, _ message: LocalizedText, at location: SourceLocation?) {
    self.kind = kind
    self.message = message
    self.location = location
  }

  public init(_ kind: Kind, sv: String, en: String, at location: SourceLocation?) {
    self.init(kind, LocalizedText(sv: sv, en: en), at: location)
  }
}

/// Something a reader noticed that does not stop reading: a duplicate JSON key, an XML attribute the
/// format does not have. The rule engine reports these as findings of `dokument.valbildad`.
public struct ReadDiagnostic: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case duplicateKey
    case unexpectedContent
  }

  public var kind: Kind
  public var message: LocalizedText
  public var location: SourceLocation
  public var path: JSONPointer

  public init(_ kind: Kind, _ message: LocalizedText, at location: SourceLocation, path: JSONPointer) {
    self.kind = kind
    self.message = message
    self.location = location
    self.path = path
  }
}

/// Limits that keep hostile or accidental input from exhausting time or memory.
public struct ReadLimits: Sendable, Hashable {
  /// Largest file read, in bytes.
  public var maxFileSize: Int
  /// Deepest nesting of objects and arrays (JSON) or elements (XML).
  public var maxDepth: Int

  public init(maxFileSize: Int = 64 << 20, maxDepth: Int = 256) {
    self.maxFileSize = maxFileSize
    self.maxDepth = maxDepth
  }

  public static let `default` = ReadLimits()
}
