import PlanDocument

/// Where a finding lands: the file, the line and column (1-based, columns in code points), and the JSON
/// Pointer over the common tree, which is the same for the XML and the JSON form of a document.
public struct FindingLocation: Sendable, Hashable {
  public var file: String
  public var line: Int
  public var column: Int
  public var path: JSONPointer

  public init(file: String, line: Int, column: Int, path: JSONPointer) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }
}

/// One thing a rule found: what is missing, wrong or outdated, where, and which source asks for it.
public struct Finding: Sendable {
  public var ruleId: String
  public var obligation: String
  public var basis: Basis
  public var severity: Severity
  /// The message in both languages; the reporter picks one.
  public var message: LocalizedText
  public var reference: Reference
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
    reference: Reference, location: FindingLocation, outdatedSince: CivilDate? = nil
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

/// A message template with `{placeholder}`s, filled in both languages.
enum MessageTemplate {
  /// The names of the placeholders in `template`.
  static func placeholders(in template: String) -> [String] {
    var names: [String] = []
    var current: String?
    for character in template {
      if character == "{" {
        current = ""
      } else if character == "}", let name = current {
        names.append(name)
        current = nil
      } else if current != nil {
        current!.append(character)
      }
    }
    return names
  }

  static func render(_ template: String, _ values: [String: LocalizedText], _ language: Language) -> String {
    var result = ""
    var current: String?
    for character in template {
      if character == "{" {
        if let open = current { result += "{" + open }
        current = ""
      } else if character == "}", let name = current {
        result += values[name]?.text(language) ?? "{\(name)}"
        current = nil
      } else if current != nil {
        current!.append(character)
      } else {
        result.append(character)
      }
    }
    if let open = current { result += "{" + open }
    // A placeholder that may be empty (`{setting}`) ends many messages: no dangling space after it.
    while result.last == " " { result.removeLast() }
    return result
  }

  static func render(_ template: LocalizedText, _ values: [String: LocalizedText]) -> LocalizedText {
    LocalizedText(sv: render(template.sv, values, .sv), en: render(template.en, values, .en))
  }
}

extension LocalizedText {
  /// The same text in both languages: a date, an id, a value from the document.
  static func same(_ text: String) -> LocalizedText { LocalizedText(sv: text, en: text) }
}
