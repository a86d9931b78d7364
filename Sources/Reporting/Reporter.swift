import PlanDocument
import RuleEngine

/// The tool's identity in reports.
public enum ToolInfo {
  public static let name = "lagkoll"
  public static let version = "0.1.0"
}

/// Turns a check report into one output format. Reporters build text; they never print or write files.
public protocol Reporter {
  func render(_ report: CheckReport) -> String
}

/// User-facing words of the reports, Swedish first.
enum Words {
  static func severity(_ severity: Severity, _ language: Language) -> String {
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

  /// "Klar att lämna in" / "Inte klar: 3 fel, 2 varningar".
  static func verdict(_ file: FileResult, _ language: Language) -> String {
    let counts = Severity.allCases.compactMap { severity -> String? in
      let number = file.count(severity)
      return number == 0 ? nil : count(number, severity, language)
    }
    switch file.status {
    case .passed:
      let ready = language == .sv ? "Klar att lämna in" : "Ready to submit"
      return counts.isEmpty ? ready : "\(ready) (\(counts.joined(separator: ", ")))"
    case .failed:
      return (language == .sv ? "Inte klar: " : "Not ready: ") + counts.joined(separator: ", ")
    case .unreadable:
      return language == .sv ? "Kunde inte läsas" : "Could not be read"
    case .skipped where file.readError?.kind == .foreign || file.readError == nil:
      return language == .sv ? "Hoppades över: inte ett plandokument" : "Skipped: not a plan document"
    case .skipped:
      // A folder search's dangling link, link loop or link out of the folder: the reason is on its own line.
      return language == .sv ? "Hoppades över" : "Skipped"
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
