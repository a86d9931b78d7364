import PlanDocument

/// Where a finding lands: the file, the line and column (1-based, columns in code points), and the JSON
/// Pointer over the common tree, which is the same for the XML and the JSON form of a document. In a
/// Word document, line and column are those in its `word/document.xml`, and `word` says where it is in
/// the terms of a person who has the document open (part, table, row, column, paragraph).
public struct FindingLocation: Sendable, Hashable {
  public var file: String
  public var line: Int
  public var column: Int
  public var path: JSONPointer
  public var word: WordLocation?

  public init(file: String, line: Int, column: Int, path: JSONPointer, word: WordLocation? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
    self.word = word
  }
}

/// One thing a rule found: what is missing, wrong or outdated, where, and which source asks for it.
public struct Finding: Sendable {
  public var ruleId: String
  public var obligation: String
  public var basis: Basis
  public var severity: Severity
  /// The message: the rule's template and the placeholder values, rendered only by a reporter that
  /// prints it, in the one language it prints (a county review's CSV never renders one).
  public var message: FindingMessage
  public var reference: Citation
  public var location: FindingLocation
  /// For something outdated: the first day it was outdated (a plan whose validity ended 2026-06-30 is
  /// outdated since 2026-07-01).
  public var outdatedSince: CivilDate?
  /// Set when a configured suppression covers the finding: it is still listed (json, sarif, html) but
  /// does not fail the run.
  public var suppression: Suppression?
  /// Nonzero for the one finding that stands for the findings of a rule past the cap in one document
  /// (`Run.findingsPerRule`): how many were left out. It counts as that many in every summary and
  /// verdict, so the cap shortens a report without making a plan look better than it is.
  public var omitted = 0

  /// How many findings this one counts as: itself, or the findings it summarises.
  public var weight: Int { omitted > 0 ? omitted : 1 }

  public init(
    ruleId: String, obligation: String, basis: Basis, severity: Severity, message: LocalizedText,
    reference: Citation, location: FindingLocation, outdatedSince: CivilDate? = nil
  ) {
    self.init(
      ruleId: ruleId, obligation: obligation, basis: basis, severity: severity, message: FindingMessage(message),
      reference: reference, location: location, outdatedSince: outdatedSince)
  }

  public init(
    ruleId: String, obligation: String, basis: Basis, severity: Severity, message: FindingMessage,
    reference: Citation, location: FindingLocation, outdatedSince: CivilDate? = nil
  ) {
    self.ruleId = ruleId
    self.obligation = obligation
    self.basis = basis
    self.severity = severity
    self.message = message
    self.reference = reference
    self.location = location
    self.outdatedSince = outdatedSince
  }
}

/// A configured exception: this rule's findings (in this file, at this path) are accepted for a reason,
/// until a date.
public struct Suppression: Sendable, Hashable {
  public var rule: String
  public var file: String?
  public var path: String?
  public var reason: String
  public var expires: CivilDate?
  /// Where the suppression is written in the configuration file.
  public var source: String

  public init(rule: String, file: String?, path: String?, reason: String, expires: CivilDate?, source: String) {
    self.rule = rule
    self.file = file
    self.path = path
    self.reason = reason
    self.expires = expires
    self.source = source
  }
}

/// A finding's message, kept as its parts until a reporter asks for it in one language: most findings
/// of a county review are only counted, and rendering every message in both languages was a sixth of
/// the review's work.
public struct FindingMessage: Sendable {
  private enum Storage: Sendable {
    /// A text made whole (a summary of omitted findings, a configuration notice, a test's finding).
    case text(LocalizedText)
    case template(MessageParts)
  }

  private let storage: Storage

  public init(_ text: LocalizedText) { storage = .text(text) }

  init(_ parts: MessageParts) { storage = .template(parts) }

  /// The message in `language`, rendered now.
  public func text(_ language: Language) -> String {
    switch storage {
    case .text(let text): text.text(language)
    case .template(let parts): parts.render(language)
    }
  }
}

/// What a rule's message is filled with, for one finding: the template (the rule's), the check's own
/// placeholder values, and the ones every message may use, kept as they are (the path as a pointer,
/// the as-of date as a date) and turned into text only when the message is rendered. A class, so a
/// finding copied between arrays retains one reference, not every string.
final class MessageParts: Sendable {
  let template: LocalizedText
  let values: [PlaceholderName: LocalizedText]
  /// `{id}` and `{label}`: the selected node's, shared by all its findings.
  let subject: MessageSubject
  /// `{path}`.
  let path: JSONPointer
  /// `{asOf}`.
  let asOf: CivilDate

  init(
    template: LocalizedText, values: [PlaceholderName: LocalizedText], subject: MessageSubject, path: JSONPointer,
    asOf: CivilDate
  ) {
    self.template = template
    self.values = values
    self.subject = subject
    self.path = path
    self.asOf = asOf
  }

  func render(_ language: Language) -> String {
    MessageTemplate.render(template.text(language)) { name in
      switch name {
      case "id": subject.id
      case "label": subject.label
      case "path": path.description
      case "asOf": asOf.description
      default: PlaceholderName(rawValue: String(name)).flatMap { values[$0] }?.text(language)
      }
    }
  }
}

/// The selected node's id and label, looked up once for all its findings.
final class MessageSubject: Sendable {
  let id: String
  let label: String

  init(id: String, label: String) {
    self.id = id
    self.label = label
  }
}

/// A message template with `{placeholder}`s.
enum MessageTemplate {
  /// The names of the placeholders in `template`.
  static func placeholders(in template: String) -> [String] {
    var names: [String] = []
    scan(template, literal: { _ in }, placeholder: { names.append(String($0)) }, unclosed: { _ in })
    return names
  }

  /// `template` with each `{name}` replaced by `value(name)`; a name without a value stays as written,
  /// an unclosed `{` too.
  static func render(_ template: String, value: (Substring) -> String?) -> String {
    var result = ""
    result.reserveCapacity(template.utf8.count + 32)
    scan(
      template, literal: { result.append(contentsOf: $0) },
      placeholder: { name in
        if let text = value(name) {
          result += text
        } else {
          result += "{"
          result.append(contentsOf: name)
          result += "}"
        }
      },
      unclosed: {
        result += "{"
        result.append(contentsOf: $0)
      })
    // A placeholder that may be empty (`{setting}`) ends many messages: no dangling space after it.
    while result.utf8.last == UInt8(ascii: " ") { result.removeLast() }
    return result
  }

  /// Splits `template` into literal runs and placeholders, in order, over its UTF-8 bytes (the braces
  /// are ASCII): a `{` inside an open placeholder gives up the open one as literal text (`unclosed`),
  /// a `}` outside one is literal.
  private static func scan(
    _ template: String, literal: (Substring) -> Void, placeholder: (Substring) -> Void, unclosed: (Substring) -> Void
  ) {
    let bytes = template.utf8
    var literalStart = bytes.startIndex
    var open: String.Index?
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: "{") {
        if let start = open {
          unclosed(template[start..<index])
        } else if literalStart != index {
          literal(template[literalStart..<index])
        }
        open = bytes.index(after: index)
      } else if byte == UInt8(ascii: "}"), let start = open {
        placeholder(template[start..<index])
        open = nil
        literalStart = bytes.index(after: index)
      }
      index = bytes.index(after: index)
    }
    if let start = open {
      unclosed(template[start...])
    } else if literalStart != bytes.endIndex {
      literal(template[literalStart...])
    }
  }
}

extension LocalizedText {
  /// The same text in both languages: a date, an id, a value from the document.
  static func same(_ text: String) -> LocalizedText { LocalizedText(sv: text, en: text) }
}
