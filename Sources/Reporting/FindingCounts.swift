import PlanDocument
import RuleEngine

/// How many findings of each severity count, as the verdict and the summary count them: a suppressed
/// finding is listed (json, sarif, html) but not counted and never fails a run.
public struct FindingCounts: Sendable, Hashable {
  public var errors = 0
  public var warnings = 0
  public var infos = 0
  /// Findings a configured suppression covers; not in the counts above.
  public var suppressed = 0

  public init() {}

  public init(_ findings: some Sequence<Finding>) {
    for finding in findings { add(finding) }
  }

  /// The counts over every file of a report.
  public init(_ report: CheckReport) {
    self.init(report.files.lazy.flatMap(\.findings))
  }

  public mutating func add(_ finding: Finding) {
    // A summary of findings left out past the cap counts as the findings it stands for.
    guard finding.suppression == nil else {
      suppressed += finding.weight
      return
    }
    switch finding.severity {
    case .error: errors += finding.weight
    case .warning: warnings += finding.weight
    case .info: infos += finding.weight
    }
  }

  public subscript(severity: Severity) -> Int {
    switch severity {
    case .error: errors
    case .warning: warnings
    case .info: infos
    }
  }

  /// Findings that count, of any severity.
  public var total: Int { errors + warnings + infos }
}

extension Finding {
  public var isSuppressed: Bool { suppression != nil }

  /// Whether the finding makes its file fail at the `--fail-on` threshold (nil: nothing fails).
  public func fails(at threshold: Severity?) -> Bool {
    guard let threshold, suppression == nil else { return false }
    return severity >= threshold
  }
}

extension Words {
  /// "3 fel, 2 varningar" for the counts that are not zero; "inga fynd" / "no findings" when all are.
  static func counts(_ counts: FindingCounts, _ language: Language) -> String {
    var parts = Severity.allCases.compactMap { severity -> String? in
      counts[severity] == 0 ? nil : count(counts[severity], severity, language)
    }
    if counts.suppressed > 0 { parts.append(suppressedCount(counts.suppressed, language)) }
    if parts.isEmpty { return language.say(sv: "inga fynd", en: "no findings") }
    return parts.joined(separator: ", ")
  }

  /// "3 filer: 1 klar, 1 inte klar, 1 kunde inte läsas (finns-inte.xml); 7 fel, 2 varningar, 0 info (per
  /// 2026-11-24)": every file counted, every unreadable one named, never a silent gap.
  static func summary(_ report: CheckReport, _ language: Language) -> String {
    let files = report.files.count
    var verdicts: [String] = []
    let ready = report.files.filter { $0.verdict.isReady }.count
    let outdated = report.files.filter { $0.verdict == .outdated }.count
    let notReady = report.files.filter { $0.verdict == .notReady }.count
    let unreadable = report.unreadableFiles
    let skipped = report.files.filter { $0.verdict == .skipped }.count
    if ready > 0 {
      verdicts.append(
        language.say(
          sv: "\(ready) \(ready == 1 ? "klar" : "klara")",
          en: "\(ready) ready"))
    }
    if outdated > 0 {
      verdicts.append(
        language.say(
          sv: "\(outdated) \(outdated == 1 ? "inaktuell" : "inaktuella")",
          en: "\(outdated) outdated"))
    }
    if notReady > 0 {
      verdicts.append(
        language.say(
          sv: "\(notReady) inte \(notReady == 1 ? "klar" : "klara")",
          en: "\(notReady) not ready"))
    }
    if !unreadable.isEmpty {
      let names = unreadable.map(\.path).joined(separator: ", ")
      verdicts.append(
        language.say(
          sv: "\(unreadable.count) kunde inte läsas (\(names))",
          en: "\(unreadable.count) unreadable (\(names))"))
    }
    if skipped > 0 { verdicts.append(language.say(sv: "\(skipped) hoppades över", en: "\(skipped) skipped")) }
    var out = language.say(
      sv: "\(files) \(files == 1 ? "fil" : "filer")",
      en: "\(files) \(files == 1 ? "file" : "files")")
    if !verdicts.isEmpty { out += ": " + verdicts.joined(separator: ", ") }
    out += "; " + Severity.allCases.map { count(report.count($0), $0, language) }.joined(separator: ", ")
    out += " (" + asOf(report.asOf, language) + ")"
    return out
  }

  static func suppressedCount(_ number: Int, _ language: Language) -> String {
    language.say(sv: "\(number) \(number == 1 ? "undantaget" : "undantagna")", en: "\(number) suppressed")
  }

  /// "undantaget" / "suppressed", the label of a suppressed finding.
  static func suppressed(_ language: Language) -> String {
    language.say(sv: "undantaget", en: "suppressed")
  }

  /// "Undantaget: skäl (gäller till 2027-06-30)".
  static func suppression(_ suppression: Suppression, _ language: Language) -> String {
    var text = language.say(sv: "Undantaget: ", en: "Suppressed: ") + suppression.reason
    if let expires = suppression.expires {
      text += language.say(sv: " (gäller till och med \(expires))", en: " (until \(expires))")
    }
    return text
  }

  static func outdatedSince(_ date: CivilDate, _ language: Language) -> String {
    language.say(sv: "inaktuellt sedan \(date)", en: "outdated since \(date)")
  }

  /// "fel" → "Fel": the first letter upper-cased, for headings and badges.
  static func capitalized(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
  }

  public static func basis(_ basis: Basis, _ language: Language) -> String {
    switch (basis, language) {
    case (.lag, .sv): "lagkrav"
    case (.lag, .en): "legal requirement"
    case (.vagledning, .sv): "vägledning, inte lagkrav"
    case (.vagledning, .en): "guidance, not a legal requirement"
    case (.dokument, .sv): "dokumentets riktighet"
    case (.dokument, .en): "document integrity"
    case (.konfiguration, .sv): "kommunens egen konfiguration, inte lagkrav"
    case (.konfiguration, .en): "the municipality's own configuration, not a legal requirement"
    }
  }

  static func verified(_ verified: Bool, _ language: Language) -> String {
    switch (verified, language) {
    case (true, .sv): "verifierad mot lagtexten"
    case (true, .en): "verified against the statute"
    case (false, .sv): "ej verifierad"
    case (false, .en): "not verified"
    }
  }

  /// "Per 2026-11-24" / "As of 2026-11-24".
  static func asOf(_ date: CivilDate, _ language: Language) -> String {
    language.say(sv: "per \(date)", en: "as of \(date)")
  }

  /// The obligation's title from the rule set, or its id when the rule set does not know it.
  static func obligation(_ id: String, _ ruleSet: RuleSet, _ language: Language) -> String {
    if id == ConfigurationFinding.obligation, ruleSet.obligation(id) == nil {
      return Citation.configuration("").title.text(language)
    }
    return ruleSet.obligation(id)?.title.text(language) ?? id
  }

  /// "/atgardsplan/atgarder/2": the document root shows as "/".
  static func path(_ pointer: JSONPointer) -> String {
    let text = pointer.description
    return text.isEmpty ? "/" : text
  }
}
