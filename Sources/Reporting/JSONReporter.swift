import PlanDocument
import RuleEngine

/// The machine format of PRODUCT.md: the `ReportDocument` of a run (tool, asOf, ruleset, files with
/// their findings and dates to come, summary), written with its members in the model's order.
public struct JSONReporter: Reporter {
  public var language: Language
  /// Whether files carry their path (`files[].path`, `location.file`). The server leaves them out: an
  /// upload's name is the client's, not a file of the server's.
  public var includesPaths: Bool

  public init(language: Language, includesPaths: Bool = true) {
    self.language = language
    self.includesPaths = includesPaths
  }

  public func render(_ report: CheckReport) -> String {
    JSONReporter.value(ReportDocument(report, language, includesPaths: includesPaths)).serialized() + "\n"
  }

  /// A part of the report model as JSON, for the formats that embed one (the review's, `rules`).
  public static func value(_ part: some Encodable) -> JSONValue {
    // The model's own encoders write nothing that can fail.
    (try? JSONValueEncoder.encode(part)) ?? .null
  }

  /// `{ "file", "changes": [...] }`: the configuration file used and what it changed. The review uses it too.
  public static func configuration(_ notice: ConfigurationNotice, _ language: Language) -> JSONValue {
    value(ReportDocument.Configuration(notice, language))
  }

  /// One file: path, kommun, status, read error and findings. The county review's JSON uses it too.
  public static func file(_ file: FileResult, _ language: Language, includesPath: Bool = true) -> JSONValue {
    value(ReportDocument.File(file, language, includesPath: includesPath))
  }

  /// A citation as a finding carries it; `rules --format json` uses it too.
  public static func reference(_ reference: Citation, _ language: Language) -> JSONValue {
    value(ReportDocument.Citation(reference, language))
  }
}
