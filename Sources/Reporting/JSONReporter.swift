import PlanDocument
import RuleEngine

/// The machine format of PRODUCT.md: tool, asOf, ruleset, files with their findings, summary.
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
    let files = report.files.map { JSONReporter.file($0, language, includesPath: includesPaths, nextDueAsOf: report.asOf) }
    var members: [(String, JSONValue)] = [
      ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))])),
      ("asOf", .string(report.asOf.description)),
      ("ruleset", .object([("version", .string(report.rulesetVersion))])),
      ("files", .array(files)),
      ("summary", .object(summary(report))),
    ]
    if let notice = report.configuration { members.append(("configuration", JSONReporter.configuration(notice, language))) }
    return JSONValue.object(members).serialized() + "\n"
  }

  /// `{ "file", "changes": [...] }`: the configuration file used and what it changed. The review uses it too.
  public static func configuration(_ notice: ConfigurationNotice, _ language: Language) -> JSONValue {
    .object([
      ("file", .string(notice.file)),
      ("changes", .array(Words.configurationChanges(notice, language).map(JSONValue.string))),
    ])
  }

  private func summary(_ report: CheckReport) -> [(String, JSONValue)] {
    var members: [(String, JSONValue)] = [
      ("files", .int(report.files.count)),
      ("errors", .int(report.count(.error))),
      ("warnings", .int(report.count(.warning))),
      ("infos", .int(report.count(.info))),
      ("ready", .int(report.files.filter { $0.verdict.isReady }.count)),
      ("outdated", .int(report.files.filter { $0.verdict == .outdated }.count)),
      ("notReady", .int(report.files.filter { $0.verdict == .notReady }.count)),
      ("unreadable", .int(report.unreadableFiles.count)),
    ]
    if includesPaths { members.append(("unreadableFiles", .array(report.unreadableFiles.map { .string($0.path) }))) }
    members.append(("skipped", .int(report.files.filter { $0.status == .skipped }.count)))
    return members
  }

  /// One file: path, kommun, status, read error and findings, and with `nextDueAsOf` the dates still to
  /// come on that day (`nextDue`, after the findings). The county review's JSON uses it too.
  public static func file(
    _ file: FileResult, _ language: Language, includesPath: Bool = true, nextDueAsOf: CivilDate? = nil
  ) -> JSONValue {
    var members: [(String, JSONValue)] = includesPath ? [("path", .string(file.path))] : []
    if let kommun = file.kommun {
      members.append(("kommun", .object([
        ("namn", kommun.namn.map(JSONValue.string) ?? .null),
        ("kod", kommun.kod.map(JSONValue.string) ?? .null),
        ("lan", kommun.lan.map(JSONValue.string) ?? .null),
      ])))
    } else {
      members.append(("kommun", .null))
    }
    // The status and the verdict come from the findings alone, never from --fail-on.
    members.append(("status", .string(file.status.rawValue)))
    members.append(("verdict", .string(file.verdict.rawValue)))
    if let error = file.readError {
      var errorMembers: [(String, JSONValue)] = [("message", .string(error.message.text(language))), ("kind", .string(error.kind.rawValue))]
      if let location = error.location {
        errorMembers += [("line", .int(location.line)), ("column", .int(location.column))]
      }
      members.append(("error", .object(errorMembers)))
    }
    members.append(
      ("findings", .array(file.findings.sorted(by: Finding.documentOrder).map { finding($0, language, includesPath: includesPath) })))
    if let asOf = nextDueAsOf { members.append(("nextDue", nextDue(file, asOf: asOf, language, includesPath: includesPath))) }
    return .object(members)
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

  static func finding(_ finding: Finding, _ language: Language, includesPath: Bool = true) -> JSONValue {
    var location: [(String, JSONValue)] = includesPath ? [("file", .string(finding.location.file))] : []
    location += [
      ("line", .int(finding.location.line)),
      ("column", .int(finding.location.column)),
      ("path", .string(finding.location.path.description)),
    ]
    // A Word document's place in its own terms, beside line and column (which are word/document.xml's).
    if let word = finding.location.word {
      var members: [(String, JSONValue)] = [("section", .string(word.section))]
      if let table = word.table { members.append(("table", .string(table))) }
      if let row = word.row { members.append(("row", .int(row))) }
      if let column = word.column { members.append(("column", .string(column))) }
      if let field = word.field { members.append(("field", .string(field))) }
      members.append(("paragraph", .int(word.paragraph)))
      members.append(("text", .string(word.text(language))))
      location.append(("word", .object(members)))
    }
    var members: [(String, JSONValue)] = [
      ("ruleId", .string(finding.ruleId)),
      ("obligation", .string(finding.obligation)),
      ("basis", .string(finding.basis.rawValue)),
      ("severity", .string(finding.severity.rawValue)),
      ("message", .string(finding.message.text(language))),
      ("reference", reference(finding.reference, language)),
      ("location", .object(location)),
    ]
    if let date = finding.outdatedSince { members.append(("outdatedSince", .string(date.description))) }
    if let suppression = finding.suppression {
      // Listed, but not counted in the summary and never failing the run.
      members.append(("suppressed", .bool(true)))
      members.append(("suppression", .object([
        ("reason", .string(suppression.reason)),
        ("expires", suppression.expires.map { .string($0.description) } ?? .null),
      ])))
    }
    return .object(members)
  }

  public static func reference(_ reference: Reference, _ language: Language) -> JSONValue {
    var members: [(String, JSONValue)] = []
    switch reference.kind {
    case .statute:
      members.append(("sfs", reference.sfs.map(JSONValue.string) ?? .null))
      members.append(("paragraf", reference.paragraf.map(JSONValue.string) ?? .null))
      if let punkt = reference.punkt { members.append(("punkt", .string(punkt))) }
    case .guidance, .configuration:
      // A configuration's source is the place in the configuration file.
      members.append(("source", reference.source.map(JSONValue.string) ?? .null))
      members.append(("title", .string(reference.title.text(language))))
    }
    members.append(("verified", .bool(reference.verified)))
    if let url = reference.url { members.append(("url", .string(url))) }
    members.append(("summary", .string(reference.summary.text(language))))
    return .object(members)
  }
}
