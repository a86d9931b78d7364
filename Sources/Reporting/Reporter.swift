import PlanDocument
import RuleEngine

/// The tool's identity in reports.
public enum ToolInfo {
  public static let name = "lagkoll"
  public static let version = "0.1.0"
  /// The rule catalogue (generated from rules/, an anchor per rule id), relative to lagkoll's
  /// repository: SARIF's helpUri of a rule whose source has no web address. Relative because the
  /// repository has no public address yet, and a made-up one would be a broken link.
  public static let ruleCatalogue = "docs/regelkatalog.md"
  /// Where a configuration finding's help is: the README's section on `.lagkoll.yaml`.
  public static let configurationHelp = "README.md"
}

/// Turns a check report into one output format. Reporters build text; they never print or write files.
public protocol Reporter {
  func render(_ report: CheckReport) -> String
}

/// User-facing words of the reports (and of the command line's listings), Swedish first.
public enum Words {
  /// Where a finding is, as the person reading the document finds it: `line:column` in XML and JSON;
  /// in a Word document its part, table, row and column and the paragraph's number ("Åtgärdsplan (5 §)
  /// › Åtgärder, rad 3, kolumn Ansvarig (stycke 212)"), since a .docx has no lines to go to.
  public static func place(_ location: FindingLocation, _ language: Language) -> String {
    if let word = location.word { return word.textWithParagraph(language) }
    return "\(location.line):\(location.column)"
  }

  public static func severity(_ severity: Severity, _ language: Language) -> String {
    switch (severity, language) {
    case (.error, .sv): "fel"
    case (.warning, .sv): "varning"
    case (.info, .sv): "info"
    case (.error, .en): "error"
    case (.warning, .en): "warning"
    case (.info, .en): "info"
    }
  }

  static func count(_ number: Int, _ severity: Severity, _ language: Language) -> String {
    switch (severity, language) {
    case (.error, .sv): "\(number) fel"
    case (.warning, .sv): "\(number) \(number == 1 ? "varning" : "varningar")"
    case (.info, .sv): "\(number) info"
    case (.error, .en): "\(number) \(number == 1 ? "error" : "errors")"
    case (.warning, .en): "\(number) \(number == 1 ? "warning" : "warnings")"
    case (.info, .en): "\(number) info"
    }
  }

  /// "Klar att lämna in" / "Klar att lämna in, med 2 varningar" / "Inaktuell sedan 2026-10-15: 1 varning" /
  /// "Inte klar: 3 fel, 2 varningar", from the findings alone (never from `--fail-on`).
  static func verdict(_ file: FileResult, _ language: Language) -> String {
    let counts = Severity.allCases.compactMap { severity -> String? in
      let number = file.count(severity)
      return number == 0 ? nil : count(number, severity, language)
    }
    switch file.verdict {
    case .ready:
      let ready = language.say(sv: "Klar att lämna in", en: "Ready to submit")
      return counts.isEmpty ? ready : "\(ready) (\(counts.joined(separator: ", ")))"
    case .readyWithWarnings:
      return language.say(sv: "Klar att lämna in, med ", en: "Ready to submit, with ") + counts.joined(separator: ", ")
    case .outdated:
      let since = file.outdatedSince.map { language.say(sv: " sedan \($0)", en: " since \($0)") } ?? ""
      return language.say(sv: "Inaktuell\(since): ", en: "Outdated\(since): ") + counts.joined(separator: ", ")
    case .notReady:
      return language.say(sv: "Inte klar: ", en: "Not ready: ") + counts.joined(separator: ", ")
    case .unreadable:
      return language.say(sv: "Kunde inte läsas", en: "Could not be read")
    case .skipped where file.readError?.kind == .foreign || file.readError == nil:
      return language.say(sv: "Hoppades över: inte ett plandokument", en: "Skipped: not a plan document")
    case .skipped:
      // A folder search's dangling link, link loop or link out of the folder: the reason is on its own line.
      return language.say(sv: "Hoppades över", en: "Skipped")
    }
  }

  /// The verdict in a word or two, for badges and matrix rows.
  static func verdictWord(_ verdict: Verdict, _ language: Language) -> String {
    switch (verdict, language) {
    case (.ready, .sv): "klar"
    case (.ready, .en): "ready"
    case (.readyWithWarnings, .sv): "klar, med varningar"
    case (.readyWithWarnings, .en): "ready, with warnings"
    case (.outdated, .sv): "inaktuell"
    case (.outdated, .en): "outdated"
    case (.notReady, .sv): "inte klar"
    case (.notReady, .en): "not ready"
    case (.unreadable, .sv): "kunde inte läsas"
    case (.unreadable, .en): "unreadable"
    case (.skipped, .sv): "hoppades över"
    case (.skipped, .en): "skipped"
    }
  }

  /// "gäller från 2023-07-01", "gäller 2023-07-01 – 2025-12-31", "gäller alltid": never "– – –".
  public static func validity(from: CivilDate?, to: CivilDate?, _ language: Language) -> String {
    switch (from, to) {
    case (nil, nil): return language.say(sv: "utan tidsgräns", en: "without time limit")
    case (let from?, nil): return language.say(sv: "från och med \(from)", en: "from \(from)")
    case (nil, let to?): return language.say(sv: "till och med \(to)", en: "until \(to)")
    case (let from?, let to?): return language.say(sv: "\(from) – \(to)", en: "\(from) – \(to)")
    }
  }

  static func kommun(_ info: KommunInfo?) -> String? {
    guard let info, let name = info.namn ?? info.kod else { return nil }
    if let code = info.kod, info.namn != nil { return "\(name), \(code)" }
    return name
  }
}

extension Finding {
  /// Findings in the order a reader goes through a file.
  static func documentOrder(_ a: Finding, _ b: Finding) -> Bool {
    (a.location.line, a.location.column, a.ruleId) < (b.location.line, b.location.column, b.ruleId)
  }
}
