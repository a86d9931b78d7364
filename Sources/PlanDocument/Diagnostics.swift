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
    /// A Word document with tracked changes nobody accepted or rejected (read as if accepted).
    case unacceptedChanges
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
  /// Most members of one object (JSON keys, XML child elements of an object). The format's largest
  /// object has a few dozen fields; tens of thousands of keys are an attack on every later lookup.
  public var maxMembers: Int
  /// Most attributes on one XML element. The format uses `id` and namespace declarations; libxml2 2.9
  /// checks a tag's attributes against each other, quadratic in their number, before any callback.
  public var maxAttributes: Int

  public init(maxFileSize: Int = 64 << 20, maxDepth: Int = 256, maxMembers: Int = 1_000, maxAttributes: Int = 64) {
    self.maxFileSize = maxFileSize
    self.maxDepth = maxDepth
    self.maxMembers = maxMembers
    self.maxAttributes = maxAttributes
  }

  /// The ranges a configuration may set: beyond them a limit no longer protects (a depth of a million
  /// overflows the stack of the tree walks; a size past 2 GiB is past what the XML reader can address).
  public static let fileSizeRange = 1...Int(Int32.max)
  public static let depthRange = 1...1_000

  public static let `default` = ReadLimits()
}
