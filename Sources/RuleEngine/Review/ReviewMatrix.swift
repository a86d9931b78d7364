import PlanDocument

/// The state of one obligation in one document, as a county review shows it: the worst finding of that
/// obligation, or `ok`, or `n/a` when no rule for the obligation is in force on the as-of date.
public enum ObligationState: String, Sendable, Hashable, CaseIterable {
  case ok
  case error
  case warning
  case info
  /// Every finding of the obligation is covered by a configured suppression.
  case suppressed
  /// No rule for the obligation is in force on the as-of date (before the law, say).
  case notApplicable = "n/a"

  /// How bad the state is, for picking the worst: a counting finding beats a suppressed one, which beats
  /// none.
  var rank: Int {
    switch self {
    case .notApplicable: 0
    case .ok: 1
    case .suppressed: 2
    case .info: 3
    case .warning: 4
    case .error: 5
    }
  }

  /// Whether the obligation counts as met: no finding that counts, other than information.
  public var isMet: Bool {
    switch self {
    case .ok, .info, .suppressed: true
    case .error, .warning, .notApplicable: false
    }
  }

  /// Whether a finding that counts says the obligation is not met.
  public var isFailing: Bool { self == .error || self == .warning }

  init(_ severity: Severity) {
    switch severity {
    case .error: self = .error
    case .warning: self = .warning
    case .info: self = .info
    }
  }
}

/// One row of the review: one document (or one file that could not be read).
public struct ReviewRow: Sendable {
  /// The index of the file in `ReviewMatrix.report.files`.
  public var fileIndex: Int
  public var path: String
  /// The municipality's name: SCB's when the document's code is valid, else what the document says.
  public var kommun: String?
  public var kod: String?
  /// The county's name: SCB's when the code is valid, else what the document says.
  public var lan: String?
  /// The municipality as SCB lists it, when the document's code is one of the 290.
  public var municipality: Municipality?
  /// The municipality as the document writes it.
  public var stated: KommunInfo?
  public var status: FileResult.Status
  /// What the row says: ready, ready with warnings, outdated, not ready, unreadable.
  public var verdict: Verdict
  /// Another document in the review is about the same municipality.
  public var duplicate: Bool
  /// One state per obligation, in `ReviewMatrix.obligations` order; empty for a file not read.
  public var cells: [ObligationState]
  /// Why the file could not be read.
  public var readError: ReadError?
  /// The first day something in the document was outdated, over its findings that count.
  public var outdatedSince: CivilDate?

  /// Whether the document names a municipality other than the one its code says.
  public var nameDiffers: Bool {
    guard let municipality, let name = stated?.namn else { return false }
    return ReviewRow.normalized(name) != ReviewRow.normalized(municipality.name)
  }

  /// The key that says two documents are about the same municipality: the code when it is one of the
  /// 290, else the code as written, else the name as written.
  var municipalityKey: String? {
    if let municipality { return "kod:" + municipality.code }
    if let code = stated?.kod?.trimmingWhiteSpace(newlines: false), !code.isEmpty { return "kod:" + code }
    if let name = stated?.namn, !name.isEmpty { return "namn:" + ReviewRow.normalized(name) }
    return nil
  }

  /// Case and a trailing " kommun" or " stad" do not make another municipality.
  static func normalized(_ name: String) -> String {
    var text = name.trimmingWhiteSpace().lowercased()
    for suffix in [" kommun", " stad"] where text.hasSuffix(suffix) {
      text = String(text.dropLast(suffix.count))
    }
    return text
  }
}

/// The county view of many documents: one row per document, one column per obligation (in the rule
/// set's order, which follows DOMAIN.md), each cell the worst state of that obligation in that document.
public struct ReviewMatrix: Sendable {
  /// The columns of the obligations whose failing state is an overdue follow-up (the rule set's role
  /// `plan-uppfoljning`).
  public var followUpColumns: [Int] = []

  public var report: CheckReport
  public var obligations: [Obligation]
  /// Whether any rule of the obligation at the same index is in force on the as-of date.
  public var inForce: [Bool]
  /// Documents and unreadable files, by municipality code (SCB order, so counties come together), then
  /// path; documents without a valid code after them. Skipped files are not rows.
  public var rows: [ReviewRow]
  /// Files found in a folder search that are not plan documents (with `--skip-foreign`).
  public var skipped: [FileResult]

  /// The county the review is limited to (`--lan`), if any.
  public var county: County?
  /// Documents about municipalities of other counties, left out by `--lan`.
  public var otherCounties = 0

  public var asOf: CivilDate { report.asOf }

  /// The review of `report`, limited to one county when `county` is given: documents about another
  /// county's municipalities are left out (and counted); files that could not be read, and documents
  /// whose municipality is unknown, stay, since nobody can say they belong elsewhere.
  public init(report: CheckReport, ruleSet: RuleSet, county: County? = nil) {
    var report = report
    if let county {
      let before = report.files.count
      report.files = report.files.filter { file in
        guard let code = file.kommun?.kod?.trimmingWhiteSpace(newlines: false),
          let municipality = ruleSet.municipalities[code]
        else { return true }
        return municipality.countyCode == county.code
      }
      otherCounties = before - report.files.count
    }
    self.county = county
    self.report = report
    obligations = ruleSet.obligations
    let rulesInForce = Set(ruleSet.rules(on: report.asOf).map(\.obligation))
    inForce = obligations.map { rulesInForce.contains($0.id) }
    var column: [String: Int] = [:]
    for (index, obligation) in obligations.enumerated() { column[obligation.id] = index }
    followUpColumns = ruleSet.obligations(with: .planFollowUp).compactMap { column[$0] }

    var rows: [ReviewRow] = []
    var skipped: [FileResult] = []
    for (fileIndex, file) in report.files.enumerated() {
      if file.status == .skipped {
        skipped.append(file)
        continue
      }
      let code = file.kommun?.kod?.trimmingWhiteSpace(newlines: false)
      let municipality = code.flatMap { ruleSet.municipalities[$0] }
      var row = ReviewRow(
        fileIndex: fileIndex, path: file.path, kommun: municipality?.name ?? file.kommun?.namn,
        kod: municipality?.code ?? file.kommun?.kod, lan: municipality?.county ?? file.kommun?.lan,
        municipality: municipality, stated: file.kommun, status: file.status, verdict: file.verdict, duplicate: false,
        cells: [], readError: file.readError, outdatedSince: file.outdatedSince)
      if file.status != .unreadable {
        var cells = inForce.map { $0 ? ObligationState.ok : .notApplicable }
        for finding in file.findings {
          guard let index = column[finding.obligation] else { continue }
          let state: ObligationState = finding.suppression == nil ? ObligationState(finding.severity) : .suppressed
          // A finding in a column without a rule in force still shows (n/a ranks lowest): it came from
          // somewhere.
          if state.rank > cells[index].rank { cells[index] = state }
        }
        row.cells = cells
      }
      rows.append(row)
    }

    // Duplicates: one pass over a dictionary, never a comparison of every pair.
    var counts: [String: Int] = [:]
    for row in rows where row.status != .unreadable {
      if let key = row.municipalityKey { counts[key, default: 0] += 1 }
    }
    for index in rows.indices where rows[index].status != .unreadable {
      if let key = rows[index].municipalityKey, counts[key, default: 0] > 1 { rows[index].duplicate = true }
    }

    rows.sort { a, b in
      let left = (a.municipality == nil ? 1 : 0, a.municipality?.code ?? "", a.path)
      let right = (b.municipality == nil ? 1 : 0, b.municipality?.code ?? "", b.path)
      return left < right
    }
    self.rows = rows
    self.skipped = skipped
  }

  /// The rows in groups by county, in row order (SCB's codes put a county's municipalities together):
  /// documents whose municipality is unknown, and files that could not be read, form a last group
  /// without a county.
  public var countyGroups: [(county: County?, rows: [Int])] {
    var groups: [(county: County?, rows: [Int])] = []
    var unknown: [Int] = []
    for (index, row) in rows.enumerated() {
      guard let municipality = row.municipality else {
        unknown.append(index)
        continue
      }
      if let last = groups.last, last.county?.code == municipality.countyCode {
        groups[groups.count - 1].rows.append(index)
      } else {
        groups.append((County(code: municipality.countyCode, name: municipality.county), [index]))
      }
    }
    if !unknown.isEmpty { groups.append((nil, unknown)) }
    return groups
  }

  /// The file behind a row.
  public func file(_ row: ReviewRow) -> FileResult { report.files[row.fileIndex] }

  /// The column of an obligation.
  public func column(of obligation: String) -> Int? {
    obligations.firstIndex { $0.id == obligation }
  }

  /// The rows of documents that were read.
  public var documents: [ReviewRow] { rows.filter { $0.status != .unreadable } }

  /// The rows of files that could not be read.
  public var unreadable: [ReviewRow] { rows.filter { $0.status == .unreadable } }

  /// Whether a document is outdated: a finding that counts says since when, or the plan or the
  /// lägesbild is not current.
  public func isOutdated(_ row: ReviewRow) -> Bool {
    row.status != .unreadable && file(row).isOutdated
  }

  /// Whether a document's follow-up is overdue.
  public func isFollowUpOverdue(_ row: ReviewRow) -> Bool {
    followUpColumns.contains { $0 < row.cells.count && row.cells[$0].isFailing }
  }

  /// The documents grouped by municipality, in row order: one group per municipality, with every
  /// document about it (more than one only for duplicates).
  public var municipalities: [[ReviewRow]] {
    var order: [String] = []
    var groups: [String: [ReviewRow]] = [:]
    for (index, row) in rows.enumerated() where row.status != .unreadable {
      // A document that names no municipality is a municipality of its own.
      let key = row.municipalityKey ?? "rad:\(index)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(row)
    }
    return order.map { groups[$0]! }
  }

  /// The summary a county reviewer reads first.
  public var summary: ReviewSummary {
    let groups = municipalities
    var meeting: [Int?] = []
    for (index, applies) in inForce.enumerated() {
      guard applies else {
        meeting.append(nil)
        continue
      }
      // A municipality with two documents meets a duty only if both do.
      meeting.append(groups.filter { $0.allSatisfy { $0.cells[index].isMet } }.count)
    }
    let documents = rows.filter { $0.status != .unreadable }
    return ReviewSummary(
      documents: documents.count,
      municipalities: groups.count,
      passed: documents.filter { $0.verdict.isReady }.count,
      outdatedWithoutErrors: documents.filter { $0.verdict == .outdated }.count,
      failed: documents.filter { $0.verdict == .notReady }.count,
      unreadable: rows.count - documents.count,
      skipped: skipped.count,
      duplicates: documents.filter(\.duplicate).count,
      meeting: meeting,
      outdated: groups.filter { $0.contains(where: isOutdated) }.count,
      followUpsOverdue: groups.filter { $0.contains(where: isFollowUpOverdue) }.count)
  }
}

/// A county as SCB lists it: two-digit code and name ("12", "Skåne län").
public struct County: Sendable, Hashable {
  public var code: String
  public var name: String

  public init(code: String, name: String) {
    self.code = code
    self.name = name
  }
}

extension RuleSet {
  /// Sweden's counties, from the municipality list, by code.
  public var counties: [County] {
    var seen: [String: String] = [:]
    for municipality in municipalities.values { seen[municipality.countyCode] = municipality.county }
    return seen.map { County(code: $0.key, name: $0.value) }.sorted { $0.code < $1.code }
  }

  /// The county `text` names: its code ("12", "01" or "1"), or its name with or without "län" and the
  /// genitive s, in any case ("Skåne", "skåne län", "Stockholm", "Stockholms län").
  public func county(matching text: String) -> County? {
    func normalized(_ name: String) -> String {
      var name = name.trimmingWhiteSpace(newlines: false).lowercased()
      if name.hasSuffix(" län") { name = String(name.dropLast(4)) }
      if name.hasSuffix("s") { name = String(name.dropLast()) }
      return name
    }
    let trimmed = text.trimmingWhiteSpace(newlines: false)
    let code = trimmed.count == 1 ? "0" + trimmed : trimmed
    return counties.first { $0.code == code } ?? counties.first { normalized($0.name) == normalized(trimmed) }
  }
}

/// The figures at the top of a review.
public struct ReviewSummary: Sendable, Hashable {
  public var documents: Int
  /// Different municipalities among the documents (duplicates count once).
  public var municipalities: Int
  /// Documents that are ready (no error that counts, nothing outdated), warnings or not.
  public var passed: Int
  /// Documents with no error that counts but something outdated: neither ready nor failed.
  public var outdatedWithoutErrors: Int
  /// Documents with an error that counts.
  public var failed: Int
  public var unreadable: Int
  public var skipped: Int
  /// Documents that share their municipality with another document.
  public var duplicates: Int
  /// Per obligation (matrix order): how many municipalities meet it; nil when no rule is in force.
  public var meeting: [Int?]
  /// Municipalities with at least one outdated document.
  public var outdated: Int
  /// Municipalities with at least one document whose follow-up is overdue.
  public var followUpsOverdue: Int
}
