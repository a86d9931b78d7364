import PlanDocument
import RuleEngine

/// Turns a county review (the obligation matrix) into one output format. Like `Reporter`, it builds
/// text and never prints or writes files.
public protocol ReviewReporter {
  func render(_ matrix: ReviewMatrix) -> String
}

/// The formats of `lagkoll review --format`.
public enum ReviewFormat: String, CaseIterable, Sendable {
  case text, markdown, csv, json, html

  /// The reporter for this format. `byteOrderMark` applies to `csv` only.
  public func reporter(language: Language, ruleSet: RuleSet, byteOrderMark: Bool = true) -> any ReviewReporter {
    switch self {
    case .text: ReviewTextReporter(language: language)
    case .markdown: ReviewMarkdownReporter(language: language)
    case .csv: ReviewCSVReporter(byteOrderMark: byteOrderMark)
    case .json: ReviewJSONReporter(language: language)
    case .html: ReviewHTMLReporter(language: language, ruleSet: ruleSet)
    }
  }
}

/// The words and symbols every review format shares.
enum ReviewWords {
  /// One character per state, so a matrix reads without colour: the shared `Symbols`.
  static func symbol(_ state: ObligationState) -> String { Symbols.state(state) }

  static func state(_ state: ObligationState, _ language: Language) -> String {
    switch (state, language) {
    case (.ok, .sv): "uppfyllt"
    case (.ok, .en): "met"
    case (.error, _), (.warning, _), (.info, _):
      Words.severity(state == .error ? .error : state == .warning ? .warning : .info, language)
    case (.suppressed, _): Words.suppressed(language)
    case (.notApplicable, .sv): "gäller inte per dagen"
    case (.notApplicable, .en): "not in force on the date"
    }
  }

  static func legend(_ language: Language) -> [(ObligationState, String)] {
    ObligationState.allCases.map { ($0, state($0, language)) }
  }

  /// A row's verdict in a word or two.
  static func status(_ row: ReviewRow, _ language: Language) -> String { Words.verdictWord(row.verdict, language) }

  /// The duplicate marker: Swedish in every language, as the column is named in the issue.
  static let duplicate = "dubblett"

  static func duplicateNote(_ language: Language) -> String {
    language.say(
      sv: "dubblett: flera dokument för samma kommun",
      en: "dubblett (duplicate): several documents for the same municipality")
  }

  static func title(_ language: Language) -> String {
    language.say(sv: "Granskning för län enligt SFS 2023:196", en: "County review under SFS 2023:196")
  }

  static func basisHeading(_ basis: Basis, _ language: Language) -> String {
    switch (basis, language) {
    case (.lag, .sv): "Lagkrav"
    case (.lag, .en): "Legal requirements"
    case (.vagledning, .sv): "Vägledning"
    case (.vagledning, .en): "Guidance"
    case (.dokument, .sv): "Dokumentet"
    case (.dokument, .en): "Document"
    case (.konfiguration, .sv): "Konfigurationen"
    case (.konfiguration, .en): "Configuration"
    }
  }

  static func kommun(_ row: ReviewRow, _ language: Language) -> String {
    row.kommun ?? language.say(sv: "(kommun saknas)", en: "(no municipality)")
  }

  /// "12 dokument, 11 kommuner, 3 klara, 9 inte klara, 1 kunde inte läsas, 2 dubbletter".
  static func overview(_ summary: ReviewSummary, _ language: Language) -> String {
    var parts = [
      language.say(
        sv: "\(summary.documents) dokument",
        en: "\(summary.documents) \(summary.documents == 1 ? "document" : "documents")"),
      language.say(
        sv: "\(summary.municipalities) \(summary.municipalities == 1 ? "kommun" : "kommuner")",
        en: "\(summary.municipalities) \(summary.municipalities == 1 ? "municipality" : "municipalities")"),
      language.say(sv: "\(summary.passed) \(summary.passed == 1 ? "klar" : "klara")", en: "\(summary.passed) ready"),
      language.say(
        sv: "\(summary.failed) inte \(summary.failed == 1 ? "klar" : "klara")",
        en: "\(summary.failed) not ready"),
    ]
    if summary.outdatedWithoutErrors > 0 {
      parts.append(
        language.say(
          sv:
            "\(summary.outdatedWithoutErrors) \(summary.outdatedWithoutErrors == 1 ? "inaktuell" : "inaktuella") utan fel",
          en: "\(summary.outdatedWithoutErrors) outdated without errors"))
    }
    if summary.unreadable > 0 {
      parts.append(
        language.say(
          sv: "\(summary.unreadable) kunde inte läsas",
          en: "\(summary.unreadable) unreadable"))
    }
    if summary.skipped > 0 {
      parts.append(
        language.say(
          sv: "\(summary.skipped) hoppades över",
          en: "\(summary.skipped) skipped"))
    }
    if summary.duplicates > 0 {
      parts.append(
        language.say(
          sv: "\(summary.duplicates) \(summary.duplicates == 1 ? "dubblett" : "dubbletter")",
          en: "\(summary.duplicates) dubblett (duplicate)"))
    }
    return parts.joined(separator: ", ")
  }

  /// "4 av 6 kommuner har aktuella planer" style lines for outdated plans and overdue follow-ups.
  static func outdated(_ summary: ReviewSummary, _ language: Language) -> String {
    language.say(
      sv:
        "\(summary.outdated) av \(summary.municipalities) kommuner har något inaktuellt (plan, lägesbild, överenskommelse eller uppföljning)",
      en:
        "\(summary.outdated) of \(summary.municipalities) municipalities have something outdated (plan, lägesbild, agreement or follow-up)"
    )
  }

  static func overdue(_ summary: ReviewSummary, _ language: Language) -> String {
    language.say(
      sv: "\(summary.followUpsOverdue) av \(summary.municipalities) kommuner har en försenad uppföljning",
      en: "\(summary.followUpsOverdue) of \(summary.municipalities) municipalities have an overdue follow-up")
  }

  static func meeting(_ count: Int?, _ total: Int, _ language: Language) -> String {
    guard let count else { return language.say(sv: "gäller inte per dagen", en: "not in force on the date") }
    return language.say(sv: "\(count) av \(total)", en: "\(count) of \(total)")
  }

  /// Pads to a width in characters (å, ä and ö are one character each).
  static func pad(_ text: String, _ width: Int) -> String {
    let count = text.count
    return count >= width ? text : text + String(repeating: " ", count: width - count)
  }

  static func truncate(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(width - 1)) + "…"
  }
}

/// The compact terminal matrix: one line per document, one symbol per obligation, the columns numbered
/// and explained below.
public struct ReviewTextReporter: ReviewReporter {
  public var language: Language

  public init(language: Language) {
    self.language = language
  }

  public func render(_ matrix: ReviewMatrix) -> String {
    let clean = TextReporter.clean
    let summary = matrix.summary
    var out = ReviewWords.title(language) + " · " + Words.asOf(matrix.asOf, language)
    out += language.say(sv: " · regeluppsättning ", en: " · rule set ") + clean(matrix.report.rulesetVersion) + "\n"
    out += ReviewWords.overview(summary, language) + "\n"
    if let notice = matrix.report.configuration { out += clean(Words.configuration(notice, language)) + "\n" }
    out += "\n"

    out += rows(matrix)
    out += columns(matrix)
    out += unreadableAndSkipped(matrix)
    return out
  }

  /// The matrix: one row per document, numbered columns read downwards.
  private func rows(_ matrix: ReviewMatrix) -> String {
    let clean = TextReporter.clean
    var out = ""
    let names = matrix.rows.map { clean(ReviewWords.kommun($0, language)) }
    let nameWidth = min(max(names.map(\.count).max() ?? 6, 6), 24)
    let statusWidth = matrix.rows.map { ReviewWords.status($0, language).count }.max() ?? 4
    let lead =
      ReviewWords.pad(
        language.say(
          sv: "Kommun",
          en: "Municipality"), nameWidth) + "  "
      + ReviewWords.pad(
        language.say(
          sv: "Kod",
          en: "Code"), 4) + "  "
      + ReviewWords.pad("Status", statusWidth) + "  "
    let blank = String(repeating: " ", count: lead.count)
    let count = matrix.obligations.count
    // Column numbers read downwards: tens on the first line, ones on the second.
    if count >= 10 {
      out += blank + (1...count).map { $0 >= 10 ? String($0 / 10) : " " }.joined(separator: " ") + "\n"
    }
    out += lead + (0..<count).map { String(($0 + 1) % 10) }.joined(separator: " ") + "\n"
    for (row, name) in zip(matrix.rows, names) {
      var line = ReviewWords.pad(ReviewWords.truncate(name, nameWidth), nameWidth) + "  "
      line +=
        ReviewWords.pad(clean(row.kod ?? "–"), 4) + "  "
        + ReviewWords.pad(ReviewWords.status(row, language), statusWidth) + "  "
      if row.status == .unreadable {
        line += clean(row.path)
      } else {
        line += row.cells.map(ReviewWords.symbol).joined(separator: " ")
        line += "  " + clean(row.path)
        if row.duplicate { line += "  [\(ReviewWords.duplicate)]" }
      }
      out += line + "\n"
    }
    return out
  }

  /// The legend and the numbered columns explained, with how many municipalities meet each legal
  /// requirement.
  private func columns(_ matrix: ReviewMatrix) -> String {
    let clean = TextReporter.clean
    let summary = matrix.summary
    var out = ""
    out += "\n" + language.say(sv: "Teckenförklaring: ", en: "Legend: ")
    out += ReviewWords.legend(language).map { "\(ReviewWords.symbol($0.0)) \($0.1)" }.joined(separator: "  ")
    out +=
      "  [\(ReviewWords.duplicate)] "
      + language.say(
        sv: "flera dokument för samma kommun",
        en: "several documents for the same municipality") + "\n\n"

    out += language.say(
      sv: "Kolumner (skyldigheter; för lagkrav: hur många kommuner som uppfyller dem):\n",
      en: "Columns (obligations; for legal requirements: how many municipalities meet them):\n")
    let idWidth = matrix.obligations.map(\.id.count).max() ?? 0
    for (index, obligation) in matrix.obligations.enumerated() {
      var line = ReviewWords.pad(String(index + 1), 3) + " " + ReviewWords.pad(clean(obligation.id), idWidth) + "  "
      line += clean(obligation.title.text(language)) + " (" + Words.basis(obligation.basis, language)
      if obligation.basis == .lag {
        line += ", " + ReviewWords.meeting(summary.meeting[index], summary.municipalities, language)
      }
      out += line + ")\n"
    }
    out += "\n" + ReviewWords.outdated(summary, language) + "\n" + ReviewWords.overdue(summary, language) + "\n"

    return out
  }

  /// Nothing is silently missing: the files that could not be read, and those skipped, with why.
  private func unreadableAndSkipped(_ matrix: ReviewMatrix) -> String {
    let clean = TextReporter.clean
    var out = ""
    let unreadable = matrix.unreadable
    if !unreadable.isEmpty {
      out += "\n" + language.say(sv: "Kunde inte läsas:\n", en: "Could not be read:\n")
      for row in unreadable {
        let place = row.readError?.location.map { ":\($0.line):\($0.column)" } ?? ""
        out += "  \(clean(row.path))\(place): \(clean(row.readError?.message.text(language) ?? ""))\n"
      }
    }
    if !matrix.skipped.isEmpty {
      out += "\n" + language.say(sv: "Hoppades över (inte plandokument):\n", en: "Skipped (not plan documents):\n")
      for file in matrix.skipped {
        // A folder search also skips dangling links, loops and links out of the folder: say which.
        let reason = file.readError.flatMap { $0.kind == .foreign ? nil : $0.message.text(language) }
        out += "  \(clean(file.path))" + (reason.map { ": " + clean($0) } ?? "") + "\n"
      }
    }
    return out
  }
}

/// The matrix as a Markdown table (GitHub's tables), with numbered columns explained below. Text from
/// documents is escaped so that it never becomes markup.
public struct ReviewMarkdownReporter: ReviewReporter {
  public var language: Language

  public init(language: Language) {
    self.language = language
  }

  public func render(_ matrix: ReviewMatrix) -> String {
    let md = Escape.markdown
    let summary = matrix.summary
    var out = "# " + ReviewWords.title(language) + "\n\n"
    out +=
      [
        language.say(sv: "Per \(matrix.asOf)", en: "As of \(matrix.asOf)"),
        language.say(sv: "regeluppsättning ", en: "rule set ") + md(matrix.report.rulesetVersion),
        "\(ToolInfo.name) \(ToolInfo.version)",
      ].joined(separator: " · ") + "\n\n"
    out += "**" + md(ReviewWords.overview(summary, language)) + "**\n\n"
    out += "- " + md(ReviewWords.outdated(summary, language)) + "\n"
    out += "- " + md(ReviewWords.overdue(summary, language)) + "\n"
    if let notice = matrix.report.configuration { out += "- " + md(Words.configuration(notice, language)) + "\n" }
    out += "\n"

    out += language.say(
      sv: "| Kommun | Kod | Län | Fil | Status |",
      en: "| Municipality | Code | County | File | Status |")
    for index in matrix.obligations.indices { out += " \(index + 1) |" }
    out += "\n|---|---|---|---|---|" + String(repeating: ":-:|", count: matrix.obligations.count) + "\n"
    for row in matrix.rows {
      var status = md(ReviewWords.status(row, language))
      if row.duplicate { status += " · **\(ReviewWords.duplicate)**" }
      out +=
        "| \(md(ReviewWords.kommun(row, language))) | \(md(row.kod ?? "–")) | \(md(row.lan ?? "–")) | \(md(row.path)) | \(status) |"
      if row.status == .unreadable {
        out += String(repeating: " |", count: matrix.obligations.count)
      } else {
        for state in row.cells { out += " \(md(ReviewWords.symbol(state))) |" }
      }
      out += "\n"
    }
    out += "\n" + language.say(sv: "**Teckenförklaring:** ", en: "**Legend:** ")
    out += ReviewWords.legend(language).map { "\(md(ReviewWords.symbol($0.0))) \(md($0.1))" }.joined(separator: " · ")
    out +=
      " · **\(ReviewWords.duplicate)** "
      + md(
        language.say(
          sv: "flera dokument för samma kommun",
          en: "several documents for the same municipality")) + "\n\n"

    out += language.say(
      sv: "## Kolumner\n\n| Nr | Skyldighet | Rubrik | Grund | Uppfyller |\n|--:|---|---|---|---|\n",
      en: "## Columns\n\n| No. | Obligation | Title | Basis | Meeting it |\n|--:|---|---|---|---|\n")
    for (index, obligation) in matrix.obligations.enumerated() {
      let meeting =
        obligation.basis == .lag
        ? md(ReviewWords.meeting(summary.meeting[index], summary.municipalities, language)) : ""
      out +=
        "| \(index + 1) | `\(obligation.id)` | \(md(obligation.title.text(language))) | \(md(Words.basis(obligation.basis, language))) | \(meeting) |\n"
    }

    let unreadable = matrix.unreadable
    if !unreadable.isEmpty {
      out += "\n" + language.say(sv: "## Kunde inte läsas\n\n", en: "## Could not be read\n\n")
      for row in unreadable {
        let place =
          row.readError?.location.map {
            language.say(
              sv: " (rad \($0.line), kolumn \($0.column))",
              en: " (line \($0.line), column \($0.column))")
          } ?? ""
        out += "- \(md(row.path))\(place): \(md(row.readError?.message.text(language) ?? ""))\n"
      }
    }
    if !matrix.skipped.isEmpty {
      out +=
        "\n"
        + language.say(
          sv: "## Hoppades över (inte plandokument)\n\n",
          en: "## Skipped (not plan documents)\n\n")
      for file in matrix.skipped { out += "- \(md(file.path))\n" }
    }
    return out
  }
}
