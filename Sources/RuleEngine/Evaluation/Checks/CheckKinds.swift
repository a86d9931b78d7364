import PlanDocument

/// The registry: every check kind, one line each, in the order of the reference. A new kind is one file
/// in this folder and one line here.
public enum CheckKinds {
  public static let all: [Entry] = [
    Entry(Present.self),
    Entry(NonEmpty.self),
    Entry(MinItems.self),
    Entry(Value.self),
    Entry(DateComparison.self),
    Entry(InForce.self),
    Entry(AnyMatch.self),
    Entry(ContainsAll.self),
    Entry(DistinctCount.self),
    Entry(MunicipalityCode.self),
    Entry(FormatTypes.self),
    Entry(UnknownFields.self),
    Entry(FormatDates.self),
    Entry(FormatRanges.self),
    Entry(UniqueIds.self),
    Entry(ReferencesResolve.self),
    Entry(ReaderDiagnostics.self),
  ]

  /// A kind's static description and its parser, taken from the type once. (Values, not metatypes:
  /// Swift 6.3.1's SIL generation crashed on a typed throw through `any CheckKind.Type`.)
  public struct Entry: Sendable {
    public let name: String
    public let documentation: LocalizedText
    public let options: [CheckOption]
    public let placeholders: [CheckPlaceholder]
    public let example: String
    public let examples: [CheckKindExample]
    /// The placeholders the kind's findings may fill, the common ones included.
    public let placeholderSet: Set<PlaceholderName>
    let make: @Sendable (CheckOptions) throws(RuleSetError) -> any CheckKind

    init<Kind: CheckKind>(_ kind: Kind.Type) {
      name = Kind.name
      documentation = Kind.documentation
      options = Kind.options
      placeholders = Kind.placeholders
      example = Kind.example
      examples = Kind.examples
      placeholderSet = Kind.placeholderSet
      make = { options throws(RuleSetError) in try Kind(options: options) }
    }
  }

  /// Kinds of earlier rule languages and what replaced them (issue 11's one rule language).
  static let retired: [String: LocalizedText] = {
    let date = LocalizedText(
      sv: "ersatt av date, en jämförelse av datum med asOf, termStart, ett fast datum eller ett annat fält",
      en: "replaced by date, one comparison of dates with asOf, termStart, a fixed date or another field")
    return [
      "validDate": LocalizedText(
        sv: "borttagen: formatDates prövar varje datumfält i formatet, date jämför datum",
        en: "removed: formatDates checks every date field of the format, date compares dates"),
      "enum": LocalizedText(sv: "ersatt av value med is: {in: [...]}", en: "replaced by value with is: {in: [...]}"),
      "pattern": LocalizedText(
        sv: "ersatt av value med is: {matches: ...}", en: "replaced by value with is: {matches: ...}"),
      "dateOrder": date, "notAfterAsOf": date, "notAfter": date, "maxAge": date, "currentMandate": date,
    ]
  }()

  static let byName: [String: Entry] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

  /// The kind a rule names, its options checked against the kind's schema and read by the kind.
  static func parse(kind kindField: YAMLFields, options optionsField: YAMLFields?) throws(RuleSetError) -> any CheckKind
  {
    let name = try kindField.string()
    guard let kind = byName[name] else {
      let list = all.map(\.name).joined(separator: ", ")
      // A kommun's own rule set written for an earlier lagkoll names a kind the one language replaced:
      // say what replaced it, not only what exists.
      let hint = retired[name].map { " (\($0.sv))" } ?? ""
      let hintEn = retired[name].map { " (\($0.en))" } ?? ""
      throw kindField.error(
        "okänd kontrolltyp \"\(name)\"\(hint); kända typer: \(list)",
        "unknown check kind \"\(name)\"\(hintEn); known kinds: \(list)")
    }
    let mapping: YAMLFields.Mapping
    if let optionsField {
      mapping = try optionsField.mapping(allowed: Set(kind.options.map(\.name)))
    } else {
      mapping = YAMLFields.Mapping(owner: kindField, entries: [])
    }
    for option in kind.options where option.required {
      _ = try mapping.required(option.name)  // the same error, at the options, as every missing key
    }
    return try kind.make(CheckOptions(mapping: mapping))
  }
}
