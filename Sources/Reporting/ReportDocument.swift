import PlanDocument
import RuleEngine

/// The findings report as a type: what `JSONReporter` writes (PRODUCT.md's JSON shape, members in this
/// order) and what the service stores with a submission and reads back. One contract, checked by the
/// compiler on both sides: a renamed key is a renamed property.
public struct ReportDocument: Codable, Sendable, Hashable {
  public var tool: Tool
  public var asOf: String
  public var ruleset: RuleSetVersion
  public var files: [File]
  public var summary: Summary
  /// The configuration file used and what it changed; absent without one.
  public var configuration: Configuration?

  public struct Tool: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
  }

  public struct RuleSetVersion: Codable, Sendable, Hashable {
    public var version: String
  }

  /// Counts over every file; `unreadableFiles` is left out where paths are (the service).
  public struct Summary: Codable, Sendable, Hashable {
    public var files, errors, warnings, infos, ready, outdated, notReady, unreadable: Int
    public var unreadableFiles: [String]?
    public var skipped: Int
  }

  public struct Configuration: Codable, Sendable, Hashable {
    public var file: String
    public var changes: [String]
  }

  /// One file: its path (left out by the service: an upload's name is the client's), the kommun it says
  /// it is about (null when it says none), status, verdict, read error, findings and the dates to come.
  public struct File: Codable, Sendable, Hashable {
    public var path: String?
    public var kommun: Kommun?
    /// `FileResult.Status`'s raw value.
    public var status: String
    /// `Verdict`'s raw value.
    public var verdict: String
    public var error: ReadFailure?
    public var findings: [Finding]
    /// The dates still to come, soonest first: in the check report, not in the review's files.
    public var nextDue: [DueDate]? = nil

    public var verdictValue: Verdict? { Verdict(rawValue: verdict) }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encodeIfPresent(path, forKey: .path)
      try container.encode(kommun, forKey: .kommun)
      try container.encode(status, forKey: .status)
      try container.encode(verdict, forKey: .verdict)
      try container.encodeIfPresent(error, forKey: .error)
      try container.encode(findings, forKey: .findings)
      try container.encodeIfPresent(nextDue, forKey: .nextDue)
    }
  }

  /// The municipality as the document writes it; each part null when the document leaves it out.
  public struct Kommun: Codable, Sendable, Hashable {
    public var namn, kod, lan: String?

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(namn, forKey: .namn)
      try container.encode(kod, forKey: .kod)
      try container.encode(lan, forKey: .lan)
    }
  }

  /// Why the file could not be read, and where when known.
  public struct ReadFailure: Codable, Sendable, Hashable {
    public var message: String
    /// `ReadError.Kind`'s raw value.
    public var kind: String
    public var line, column: Int?
  }

  public struct Finding: Codable, Sendable, Hashable {
    public var ruleId: String
    public var obligation: String
    /// `Basis`'s raw value.
    public var basis: String
    /// `Severity`'s raw value.
    public var severity: String
    public var message: String
    public var reference: Citation
    public var location: Location
    public var outdatedSince: String?
    /// Present (true) only for a suppressed finding: listed, not counted, never failing the run.
    public var suppressed: Bool?
    public var suppression: Suppression?

    public init(
      ruleId: String, obligation: String, basis: String, severity: String, message: String, reference: Citation,
      location: Location, outdatedSince: String? = nil, suppressed: Bool? = nil, suppression: Suppression? = nil
    ) {
      self.ruleId = ruleId
      self.obligation = obligation
      self.basis = basis
      self.severity = severity
      self.message = message
      self.reference = reference
      self.location = location
      self.outdatedSince = outdatedSince
      self.suppressed = suppressed
      self.suppression = suppression
    }

    public var basisValue: Basis? { Basis(rawValue: basis) }
    public var severityValue: Severity? { Severity(rawValue: severity) }
    public var isSuppressed: Bool { suppressed == true }
  }

  /// What a finding cites: a paragraph (`sfs`, `paragraf`, `punkt`) or guidance or the configuration
  /// (`source`, `title`), whether it is verified, its web address and what it says in our words.
  public struct Citation: Codable, Sendable, Hashable {
    public var sfs, paragraf, punkt: String?
    public var source, title: String?
    public var verified: Bool
    public var url: String?
    public var summary: String

    public init(
      sfs: String? = nil, paragraf: String? = nil, punkt: String? = nil, source: String? = nil, title: String? = nil,
      verified: Bool, url: String? = nil, summary: String
    ) {
      self.sfs = sfs
      self.paragraf = paragraf
      self.punkt = punkt
      self.source = source
      self.title = title
      self.verified = verified
      self.url = url
      self.summary = summary
    }

    /// Whether it cites a statute (the JSON then has `sfs` and `paragraf`, possibly null).
    public var isStatute: Bool { title == nil }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      if isStatute {
        try container.encode(sfs, forKey: .sfs)
        try container.encode(paragraf, forKey: .paragraf)
        try container.encodeIfPresent(punkt, forKey: .punkt)
      } else {
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(title, forKey: .title)
      }
      try container.encode(verified, forKey: .verified)
      try container.encodeIfPresent(url, forKey: .url)
      try container.encode(summary, forKey: .summary)
    }
  }

  /// Where a finding lands; `file` is left out where paths are (the service).
  public struct Location: Codable, Sendable, Hashable {
    public var file: String?
    public var line: Int
    public var column: Int
    /// The JSON Pointer, as text.
    public var path: String
    /// A Word document's place in its own terms, beside line and column (which are word/document.xml's).
    public var word: WordPlace?

    public init(file: String? = nil, line: Int, column: Int, path: String, word: WordPlace? = nil) {
      self.file = file
      self.line = line
      self.column = column
      self.path = path
      self.word = word
    }
  }

  /// Where in a Word document: the part, the table, row and column or field, the paragraph, in words.
  public struct WordPlace: Codable, Sendable, Hashable {
    public var section: String
    public var table: String?
    public var row: Int?
    public var column: String?
    public var field: String?
    public var paragraph: Int
    public var text: String
  }

  /// A date that follows from the plan, as `lagkoll calendar --format json` gives it and the check
  /// report's `nextDue` lists it: what is due, by when, on which basis, and the rule it becomes.
  public struct DueDate: Codable, Sendable, Hashable {
    public var due: String
    /// The day the rule's finding starts: the day after `due`.
    public var overdueSince: String
    /// `overdue` or `coming` on the as-of date.
    public var status: String
    public var what: String
    public var ruleId: String
    public var ruleTitle: String
    public var obligation: String
    /// `Basis`'s raw value.
    public var basis: String
    /// `Severity`'s raw value.
    public var severity: String
    public var reference: Citation
    public var interval: Interval?
    /// The plan's date the due date is counted from; null for a date without one.
    public var basedOn: String?
    public var subject: String
    public var location: Location
    /// Stable across versions of the plan (`CalendarReporter.uid`).
    public var uid: String

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(due, forKey: .due)
      try container.encode(overdueSince, forKey: .overdueSince)
      try container.encode(status, forKey: .status)
      try container.encode(what, forKey: .what)
      try container.encode(ruleId, forKey: .ruleId)
      try container.encode(ruleTitle, forKey: .ruleTitle)
      try container.encode(obligation, forKey: .obligation)
      try container.encode(basis, forKey: .basis)
      try container.encode(severity, forKey: .severity)
      try container.encode(reference, forKey: .reference)
      try container.encodeIfPresent(interval, forKey: .interval)
      try container.encode(basedOn, forKey: .basedOn)
      try container.encode(subject, forKey: .subject)
      try container.encode(location, forKey: .location)
      try container.encode(uid, forKey: .uid)
    }
  }

  /// How far apart a recurring date falls, and who set it (`IntervalSource`'s raw value).
  public struct Interval: Codable, Sendable, Hashable {
    public var months: Int
    public var source: String
    /// The configuration parameter that set it, for the kommun's own interval.
    public var parameter: String?
    /// The law's limit in months, where the kommun's own interval is stricter.
    public var limit: Int?
  }

  public struct Suppression: Codable, Sendable, Hashable {
    public var reason: String
    public var expires: String?

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(reason, forKey: .reason)
      try container.encode(expires, forKey: .expires)
    }
  }
}

extension ReportDocument {
  /// The report of a run, in `language`, with or without paths.
  public init(_ report: CheckReport, _ language: Language, includesPaths: Bool = true) {
    let files = report.files
    self.init(
      tool: Tool(name: ToolInfo.name, version: ToolInfo.version), asOf: report.asOf.description,
      ruleset: RuleSetVersion(version: report.rulesetVersion),
      files: files.map { File($0, language, includesPath: includesPaths, datesAsOf: report.asOf) },
      summary: Summary(
        files: files.count, errors: report.count(.error), warnings: report.count(.warning),
        infos: report.count(.info), ready: files.filter { $0.verdict.isReady }.count,
        outdated: files.filter { $0.verdict == .outdated }.count,
        notReady: files.filter { $0.verdict == .notReady }.count, unreadable: report.unreadableFiles.count,
        unreadableFiles: includesPaths ? report.unreadableFiles.map(\.path) : nil,
        skipped: files.filter { $0.status == .skipped }.count),
      configuration: report.configuration.map { Configuration($0, language) })
  }
}

extension ReportDocument.Configuration {
  public init(_ notice: ConfigurationNotice, _ language: Language) {
    self.init(file: notice.file, changes: Words.configurationChanges(notice, language))
  }
}

extension ReportDocument.File {
  /// One file; the status and the verdict come from the findings alone, never from `--fail-on`. With
  /// `datesAsOf`, its dates still to come on that day (`nextDue`), as the check report gives them.
  public init(_ file: FileResult, _ language: Language, includesPath: Bool = true, datesAsOf asOf: CivilDate? = nil) {
    self.init(
      path: includesPath ? file.path : nil,
      kommun: file.kommun.map { ReportDocument.Kommun(namn: $0.namn, kod: $0.kod, lan: $0.lan) },
      status: file.status.rawValue, verdict: file.verdict.rawValue,
      error: file.readError.map {
        ReportDocument.ReadFailure(
          message: $0.message.text(language), kind: $0.kind.rawValue, line: $0.location?.line,
          column: $0.location?.column)
      },
      findings: file.findings.sorted(by: Finding.documentOrder).map {
        ReportDocument.Finding($0, language, includesPath: includesPath)
      },
      nextDue: asOf.map { asOf in
        ComingDates.of(file, asOf: asOf).map { deadline in
          ReportDocument.DueDate(
            CalendarEvent(
              deadline: deadline, kommun: file.kommun, file: file.path, isOverdue: false,
              uid: CalendarReporter.uid(deadline, kommun: file.kommun, file: file.path),
              lastModified: min(deadline.basedOn ?? asOf, asOf)), language, includesPath: includesPath)
        }
      })
  }
}

extension ReportDocument.DueDate {
  /// A calendar's event as a date of the report.
  public init(_ event: CalendarEvent, _ language: Language, includesPath: Bool = true) {
    let deadline = event.deadline
    self.init(
      due: deadline.due.description, overdueSince: deadline.overdueSince.description,
      status: event.isOverdue ? "overdue" : "coming", what: deadline.title.text(language), ruleId: deadline.ruleId,
      ruleTitle: deadline.ruleTitle.text(language), obligation: deadline.obligation,
      basis: deadline.basis.rawValue, severity: deadline.severity.rawValue,
      reference: ReportDocument.Citation(deadline.reference, language),
      interval: deadline.interval.map {
        ReportDocument.Interval(
          months: $0.months, source: $0.source.rawValue, parameter: $0.parameter, limit: $0.limit)
      },
      basedOn: deadline.basedOn?.description, subject: deadline.label,
      location: ReportDocument.Location(
        file: includesPath ? event.file : nil, line: deadline.location.line, column: deadline.location.column,
        path: deadline.location.path.description),
      uid: event.uid)
  }
}

extension ReportDocument.Finding {
  public init(_ finding: Finding, _ language: Language, includesPath: Bool = true) {
    self.init(
      ruleId: finding.ruleId, obligation: finding.obligation, basis: finding.basis.rawValue,
      severity: finding.severity.rawValue, message: finding.message.text(language),
      reference: ReportDocument.Citation(finding.reference, language),
      location: ReportDocument.Location(
        file: includesPath ? finding.location.file : nil, line: finding.location.line,
        column: finding.location.column, path: finding.location.path.description,
        word: finding.location.word.map {
          ReportDocument.WordPlace(
            section: $0.section, table: $0.table, row: $0.row, column: $0.column, field: $0.field,
            paragraph: $0.paragraph, text: $0.text(language))
        }),
      outdatedSince: finding.outdatedSince?.description, suppressed: finding.suppression.map { _ in true },
      suppression: finding.suppression.map {
        ReportDocument.Suppression(reason: $0.reason, expires: $0.expires?.description)
      })
  }
}

extension ReportDocument.Citation {
  public init(_ reference: Citation, _ language: Language) {
    let statute = reference.kind == .statute
    self.init(
      sfs: statute ? reference.sfs : nil, paragraf: statute ? reference.paragraf : nil,
      punkt: statute ? reference.punkt : nil, source: statute ? nil : reference.source,
      title: statute ? nil : reference.title.text(language), verified: reference.verified, url: reference.url,
      summary: reference.summary.text(language))
  }
}
