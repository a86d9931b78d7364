import PlanDocument
import RuleEngine

/// The report formats of `--format`, each chosen by its identifier.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text, json, sarif, junit, github, markdown, html

  /// The reporter for this format. `color` applies to `text` only; the command line turns it on for a
  /// terminal and never with NO_COLOR.
  public func reporter(language: Language, ruleSet: RuleSet, color: Bool) -> any Reporter {
    switch self {
    case .text: TextReporter(language: language, color: color)
    case .json: JSONReporter(language: language)
    case .sarif: SARIFReporter(language: language, ruleSet: ruleSet)
    case .junit: JUnitReporter(language: language, ruleSet: ruleSet)
    case .github: GitHubReporter(language: language, ruleSet: ruleSet)
    case .markdown: MarkdownReporter(language: language, ruleSet: ruleSet)
    case .html: HTMLReporter(language: language, ruleSet: ruleSet)
    }
  }

  /// The usual file extension of a report in this format.
  public var fileExtension: String {
    switch self {
    case .text, .github: "txt"
    case .json: "json"
    case .sarif: "sarif"
    case .junit: "xml"
    case .markdown: "md"
    case .html: "html"
    }
  }
}
