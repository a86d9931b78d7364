import PlanDocument
import RuleEngine

/// The matrix for machines: `{tool, asOf, ruleset, obligations, rows, files, summary}`. `files` holds
/// every file with every finding, encoded as `lagkoll check --format json` encodes them.
public struct ReviewJSONReporter: ReviewReporter {
  public var language: Language

  public init(language: Language) {
    self.language = language
  }

  public func render(_ matrix: ReviewMatrix) -> String {
    let summary = matrix.summary
    let counts = FindingCounts(matrix.report)
    let obligations: [JSONValue] = matrix.obligations.enumerated().map { index, obligation in
      .object([
        ("id", .string(obligation.id)),
        ("basis", .string(obligation.basis.rawValue)),
        ("title", .string(obligation.title.text(language))),
        ("inForce", .bool(matrix.inForce[index])),
      ])
    }
    let rows: [JSONValue] = matrix.rows.map { row in
      var members: [(String, JSONValue)] = [
        ("kommun", row.kommun.map(JSONValue.string) ?? .null),
        ("kod", row.kod.map(JSONValue.string) ?? .null),
        ("lan", row.lan.map(JSONValue.string) ?? .null),
        ("fil", .string(row.path)),
        ("status", .string(row.status.rawValue)),
        ("verdict", .string(row.verdict.rawValue)),
        ("duplicate", .bool(row.duplicate)),
        ("cells", .object(zip(matrix.obligations, row.cells).map { ($0.id, .string($1.rawValue)) })),
      ]
      if let since = row.outdatedSince { members.append(("outdatedSince", .string(since.description))) }
      if let error = row.readError { members.append(("error", .string(error.message.text(language)))) }
      return .object(members)
    }
    let meeting: [(String, JSONValue)] = zip(matrix.obligations, summary.meeting).compactMap { obligation, count in
      guard obligation.basis == .lag else { return nil }
      return (obligation.id, count.map(JSONValue.int) ?? .null)
    }
    var members: [(String, JSONValue)] = [
      ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))])),
      ("asOf", .string(matrix.asOf.description)),
      ("ruleset", .object([("version", .string(matrix.report.rulesetVersion))])),
      ("obligations", .array(obligations)),
      ("rows", .array(rows)),
      ("files", .array(matrix.report.files.map(file))),
      (
        "summary",
        .object([
          ("files", .int(matrix.report.files.count)),
          ("documents", .int(summary.documents)),
          ("municipalities", .int(summary.municipalities)),
          ("passed", .int(summary.passed)),
          ("outdatedWithoutErrors", .int(summary.outdatedWithoutErrors)),
          ("failed", .int(summary.failed)),
          ("unreadable", .int(summary.unreadable)),
          ("skipped", .int(summary.skipped)),
          ("duplicates", .int(summary.duplicates)),
          ("errors", .int(counts.errors)),
          ("warnings", .int(counts.warnings)),
          ("infos", .int(counts.infos)),
          ("suppressed", .int(counts.suppressed)),
          ("outdated", .int(summary.outdated)),
          ("followUpsOverdue", .int(summary.followUpsOverdue)),
          ("meetingLegalRequirements", .object(meeting)),
        ])
      ),
    ]
    if let notice = matrix.report.configuration {
      members.append(("configuration", JSONReporter.configuration(notice, language)))
    }
    return JSONValue.object(members).serialized() + "\n"
  }

  /// One file exactly as `check --format json` writes it.
  private func file(_ file: FileResult) -> JSONValue { JSONReporter.file(file, language) }
}
