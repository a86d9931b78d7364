import PlanDocument
import RuleEngine

/// The machine format of PRODUCT.md: the `ReportDocument` of a run (tool, asOf, ruleset, files with
/// their findings, summary), written with its members in the model's order.
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
    var document = JSONReporter.value(ReportDocument(report, language, includesPaths: includesPaths))
    // The dates still to come follow each file's findings (`nextDue`); they are the calendar's, not
    // part of the stored report model, which ignores them when it reads a report back.
    if case .object(var members) = document, let index = members.firstIndex(where: { $0.0 == "files" }),
      case .array(let files) = members[index].1
    {
      members[index].1 = .array(
        zip(files, report.files).map { value, file in
          guard case .object(var fileMembers) = value else { return value }
          fileMembers.append(
            ("nextDue", JSONReporter.nextDue(file, asOf: report.asOf, language, includesPath: includesPaths)))
          return .object(fileMembers)
        })
      document = .object(members)
    }
    return document.serialized() + "\n"
  }

  /// A file's dates still to come, soonest first, as `lagkoll calendar --format json` gives them: what
  /// the kommun must do next, and by when.
  static func nextDue(_ file: FileResult, asOf: CivilDate, _ language: Language, includesPath: Bool) -> JSONValue {
    let calendar = CalendarReporter(language: language, includesPaths: includesPath)
    return .array(
      ComingDates.of(file, asOf: asOf).map { deadline in
        calendar.date(
          CalendarEvent(
            deadline: deadline, kommun: file.kommun, file: file.path, isOverdue: false,
            uid: CalendarReporter.uid(deadline, kommun: file.kommun, file: file.path),
            lastModified: min(deadline.basedOn ?? asOf, asOf)))
      })
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
