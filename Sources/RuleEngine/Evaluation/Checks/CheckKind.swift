import PlanDocument

/// One check kind: everything about it in one type, in one file of this folder, registered by one line in
/// `CheckKinds.all`. The parser looks a rule's `check:` up in the registry and validates its options
/// against `options`; `rules lint` reads `placeholders`; `lagkoll rules reference` prints the whole
/// language from the registry (docs/regler-referens.md); the evaluator calls `evaluate`, the kind's one
/// predicate (whether a selected node gives a finding is asked by running it, never by a copy of it).
public protocol CheckKind: Sendable, Encodable {
  /// The name rule files use (`check: present`).
  static var name: String { get }
  /// What the kind checks, for the reference.
  static var documentation: LocalizedText { get }
  /// The options the kind takes: the parser refuses any other and requires the required ones.
  static var options: [CheckOption] { get }
  /// The placeholders a message of this kind may use, besides `CheckPlaceholder.common`.
  static var placeholders: [CheckPlaceholder] { get }
  /// A rule using the kind, as YAML (`check:` and `options:`), for the reference.
  static var example: String { get }
  /// Documents the kind passes and documents where it reports, with the paths its findings land on:
  /// the kind's own tests, run with the kind alone (`CheckKindExampleTests`), as SwiftLint's rule
  /// descriptions carry theirs.
  static var examples: [CheckKindExample] { get }
  /// Whether the kind reports what the document index collected (the index is then built first).
  static var readsIndex: Bool { get }

  /// Reads the options (their names already checked against `options`).
  init(options: CheckOptions) throws(RuleSetError)

  /// Runs the check on one selected node, reporting each finding.
  func evaluate(on selected: Match, in run: Run, report: Report)

  /// The paths the check reads (a rule that follows a reference needs the document index).
  var paths: [PathPattern] { get }
  /// The conditions the check tests items with (`rules lint` reads their regular expressions).
  var conditions: [Condition] { get }
  /// The interval a configuration may set (`parameter`), when the check has one.
  var interval: NumberParameter? { get }

  /// The days on which the check, on `selected`, stops holding as the as-of date moves on: for each,
  /// where the finding would land and the last day on which the check is still silent. Only kinds whose
  /// answer changes with the as-of date have any (`Deadlines.swift`); the calendar reads them, and a test
  /// over generated plans runs the check itself on each day and the day after.
  func deadlines(on selected: Match, in run: Run) -> [CheckDeadline]
  /// Whether `deadlines` can give any: the calendar walks only the rules whose check says so.
  var hasDeadlines: Bool { get }
}

extension CheckKind {
  public static var readsIndex: Bool { false }
  public var paths: [PathPattern] { [] }
  public var conditions: [Condition] { [] }
  public var interval: NumberParameter? { nil }
  public func deadlines(on selected: Match, in run: Run) -> [CheckDeadline] { [] }
  public var hasDeadlines: Bool { false }

  /// The name rule files use for the kind.
  public var kindName: String { Self.name }

  /// Every placeholder a message of this kind may use, the common ones included.
  public var placeholderNames: Set<String> { Set(Self.placeholderSet.map(\.rawValue)) }

  /// The same, typed: what the kind's findings may carry values for, and `CheckPlaceholder.common`.
  public static var placeholderSet: Set<PlaceholderName> {
    Set(placeholders.map(\.name)).union(CheckPlaceholder.common.map(\.name))
  }
}

/// One option of a check kind: its name, the type of its value, whether a rule must give it.
public struct CheckOption: Sendable {
  public enum ValueType: Sendable {
    /// A path relative to the selected node.
    case path
    /// One path or a list of them.
    case paths
    case flag
    case wholeNumber
    case texts
    /// A condition on an item (`all`, `any`, `not`, or `field` and one test).
    case condition
    /// One of the given words.
    case choice([String])
    case text
    /// What a date is compared with: `asOf`, `termStart`, a date, or `{field: path}`.
    case dateOperand

    var words: LocalizedText {
      switch self {
      case .path: LocalizedText(sv: "sökväg", en: "path")
      case .paths: LocalizedText(sv: "sökväg eller lista av sökvägar", en: "path or list of paths")
      case .flag: LocalizedText(sv: "`true` eller `false`", en: "`true` or `false`")
      case .wholeNumber: LocalizedText(sv: "heltal", en: "whole number")
      case .texts: LocalizedText(sv: "text eller lista av texter", en: "text or list of texts")
      case .condition: LocalizedText(sv: "villkor", en: "condition")
      case .choice(let words):
        LocalizedText(
          sv: words.map { "`\($0)`" }.joined(separator: " eller "),
          en: words.map { "`\($0)`" }.joined(separator: " or "))
      case .text: LocalizedText(sv: "text", en: "text")
      case .dateOperand:
        LocalizedText(
          sv: "`asOf`, `termStart`, ett datum eller `{field: sökväg}`",
          en: "`asOf`, `termStart`, a date or `{field: path}`")
      }
    }
  }

  public var name: String
  public var type: ValueType
  public var required: Bool
  public var documentation: LocalizedText

  public init(_ name: String, _ type: ValueType, required: Bool = false, _ sv: String, _ en: String) {
    self.name = name
    self.type = type
    self.required = required
    self.documentation = LocalizedText(sv: sv, en: en)
  }
}

/// The name of a placeholder a message may use (`{field}`): typed, so that a check that fills one
/// misspelt does not compile. Rule files name them as text, checked against the kind's set at load.
public enum PlaceholderName: String, Sendable, Hashable, CaseIterable {
  // Every message's (`CheckPlaceholder.common`).
  case id, label, path, asOf
  // The check kinds'.
  case field, value, detail, outdatedSince, min, count, items, missing, values
  case fran, till, limit, months, ruleMonths, term, setting
}

/// A placeholder a message may use (`{field}`), and what it is replaced by.
public struct CheckPlaceholder: Sendable {
  public var name: PlaceholderName
  public var documentation: LocalizedText

  public init(_ name: PlaceholderName, _ sv: String, _ en: String) {
    self.name = name
    self.documentation = LocalizedText(sv: sv, en: en)
  }

  /// Placeholders every message may use: the selected node's id, a label (its rubrik, namn, titel or
  /// id), the finding's path, and the as-of date.
  public static let common: [CheckPlaceholder] = [
    CheckPlaceholder(.id, "den valda nodens id", "the selected node's id"),
    CheckPlaceholder(
      .label, "den valda nodens rubrik, namn, titel eller id, annars dess sökväg",
      "the selected node's heading, name, title or id, else its path"),
    CheckPlaceholder(.path, "fyndets sökväg (JSON-pekare)", "the finding's path (JSON Pointer)"),
    CheckPlaceholder(.asOf, "kontrolldagen", "the as-of date"),
  ]

  // Placeholders several kinds share.
  static let field = CheckPlaceholder(
    .field, "fältet fyndet gäller, på svenska med å, ä, ö", "the field the finding is about, as the format names it")
  static let value = CheckPlaceholder(.value, "värdet som det står i dokumentet", "the value as the document writes it")
  static let detail = CheckPlaceholder(
    .detail, "vad kontrollen fann, i en mening", "what the check found, in one sentence")
  static let outdatedSince = CheckPlaceholder(
    .outdatedSince, "dagen då kravet slutade vara uppfyllt", "the day the requirement stopped being met")
}

/// What a check found at one place: the node it lands on, a more exact location when there is one (a
/// key's), the values of the message's placeholders, and for something outdated the day it became so.
public struct CheckFinding: Sendable {
  public var at: Match
  public var location: SourceLocation?
  public var values: [PlaceholderName: LocalizedText]
  public var outdatedSince: CivilDate?

  public init(
    at: Match, location: SourceLocation? = nil, values: [PlaceholderName: LocalizedText] = [:],
    outdatedSince: CivilDate? = nil
  ) {
    self.at = at
    self.location = location
    self.values = values
    self.outdatedSince = outdatedSince
  }
}

/// Reports one finding of a check.
public typealias Report = (CheckFinding) -> Void

/// A check's options as a rule writes them, read into typed values with an error at the exact place.
public struct CheckOptions {
  let mapping: YAMLFields.Mapping

  /// The option, or nil when the rule leaves it out.
  func optional(_ name: String) -> YAMLFields? { mapping[name] }

  func path(_ name: String) throws(RuleSetError) -> PathPattern {
    try RuleParser.path(try mapping.required(name), absolute: false)
  }
  func optionalPath(_ name: String) throws(RuleSetError) -> PathPattern? {
    guard let value = mapping[name] else { return nil }
    return try RuleParser.path(value, absolute: false)
  }
  func paths(_ name: String) throws(RuleSetError) -> [PathPattern] {
    try RuleParser.paths(try mapping.required(name))
  }
  func flag(_ name: String) throws(RuleSetError) -> Bool { try mapping[name]?.bool() ?? false }
  func wholeNumber(_ name: String) throws(RuleSetError) -> Int { try mapping.required(name).int() }
  func texts(_ name: String) throws(RuleSetError) -> [String] { try mapping.required(name).strings() }
  func condition(_ name: String) throws(RuleSetError) -> Condition {
    try RuleParser.condition(try mapping.required(name))
  }
  func optionalCondition(_ name: String) throws(RuleSetError) -> Condition? {
    guard let value = mapping[name] else { return nil }
    return try RuleParser.condition(value)
  }
}
