import PlanDocument
import RuleEngine

/// `lagkoll calendar --format`.
public enum CalendarFormat: String, Sendable, CaseIterable {
  case ics, text, json
}

/// One date of a calendar: a file's deadline, with what the calendar adds (its status on the as-of date,
/// its stable UID, the day it last changed).
public struct CalendarEvent: Sendable {
  public var deadline: Deadline
  /// The kommun the plan is about, as it says.
  public var kommun: KommunInfo?
  /// The plan's file (a submission's name on the server).
  public var file: String
  /// Whether the last day has passed on the as-of date.
  public var isOverdue: Bool
  /// Stable across versions of the plan: kommun, obligation, rule and subject.
  public var uid: String
  /// The day the event last changed: the plan's date it comes from (or a later `revised` day that the
  /// caller knows of, such as a submission's), never after the as-of date. Not the clock: the same plan
  /// on the same as-of date gives the same calendar, byte for byte.
  public var lastModified: CivilDate
}

/// The dates that follow from plans, as iCalendar (RFC 5545), text or JSON: what is due, by when, on
/// which basis (the law's paragraph, the guidance, or the kommun's own interval) and which rule's finding
/// it becomes the day after.
public struct CalendarReporter: Sendable {
  public var language: Language
  /// Only dates in `from`…`to` (both included, either open).
  public var from: CivilDate?
  public var to: CivilDate?
  /// Reminders, in days before the date, for dates still to come.
  public var alarmDays: [Int]
  /// Whether files carry their path (the server leaves them out, as in its JSON report).
  public var includesPaths: Bool
  /// The calendar's name in a client; the kommuner's names when nil.
  public var name: String?

  public static let defaultAlarmDays = [90, 14]

  public init(
    language: Language, from: CivilDate? = nil, to: CivilDate? = nil,
    alarmDays: [Int] = CalendarReporter.defaultAlarmDays,
    includesPaths: Bool = true, name: String? = nil
  ) {
    self.language = language
    self.from = from
    self.to = to
    self.alarmDays = alarmDays
    self.includesPaths = includesPaths
    self.name = name
  }

  /// The events of a report's readable files inside the window, by date, then file and rule order.
  /// `revised`: per file path, a day the caller knows the plan changed (a submission, a withdrawal).
  public func events(_ report: CheckReport, revised: [String: CivilDate] = [:]) -> [CalendarEvent] {
    var result: [(Int, Int, CalendarEvent)] = []
    for (fileIndex, file) in report.files.enumerated() {
      for (index, deadline) in file.deadlines.enumerated() {
        if let from, deadline.due < from { continue }
        if let to, deadline.due > to { continue }
        var changed = deadline.basedOn ?? report.asOf
        if let day = revised[file.path], day > changed { changed = day }
        result.append(
          (
            fileIndex, index,
            CalendarEvent(
              deadline: deadline, kommun: file.kommun, file: file.path, isOverdue: deadline.isOverdue(on: report.asOf),
              uid: CalendarReporter.uid(deadline, kommun: file.kommun, file: file.path),
              lastModified: min(changed, report.asOf))
          ))
      }
    }
    result.sort { ($0.2.deadline.due, $0.0, $0.1) < ($1.2.deadline.due, $1.0, $1.1) }
    return result.map(\.2)
  }

  public func render(_ report: CheckReport, format: CalendarFormat, revised: [String: CivilDate] = [:]) -> String {
    let events = events(report, revised: revised)
    switch format {
    case .ics: return ics(events, report: report)
    case .text: return text(events, report: report)
    case .json: return json(events, report: report)
    }
  }

  // MARK: UID

  /// `kommun-obligation-rule-subject@lagkoll`: the kommun's code (or, for a plan without one, its file),
  /// the obligation and rule ids, and a hash of the subject (plan text never stands in a UID as it is).
  public static func uid(_ deadline: Deadline, kommun: KommunInfo?, file: String) -> String {
    func safe(_ text: String) -> String {
      let allowed = text.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-"
      }
      return allowed && !text.isEmpty && text.count <= 64 ? text : "h" + hash(text)
    }
    let owner = kommun?.kod.map { "k" + safe($0) } ?? "f" + hash(file)
    return "\(owner)-\(safe(deadline.obligation))-\(safe(deadline.ruleId))-\(hash(deadline.subject))@lagkoll"
  }

  /// FNV-1a (64 bits) as 16 hex digits: stable across runs and machines, unlike `Hasher`.
  static func hash(_ text: String) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01B3
    }
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  // MARK: Words

  /// The kommun by its name, else its code.
  func kommunName(_ event: CalendarEvent) -> String? {
    CalendarReporter.name(of: event.kommun)
  }

  static func name(of kommun: KommunInfo?) -> String? {
    [kommun?.namn, kommun?.kod].compactMap { $0 }.first { !$0.isEmpty }
  }

  /// "Sista dag: Lägesbilden uppdateras minst vartannat år (Exempelstad)".
  public func summary(_ event: CalendarEvent) -> String {
    let what = event.deadline.title.text(language)
    let head =
      event.isOverdue
      ? language.say(
        sv: "Försenat sedan \(event.deadline.overdueSince)", en: "Overdue since \(event.deadline.overdueSince)")
      : language.say(sv: "Sista dag", en: "Last day")
    return "\(head): \(what)" + (kommunName(event).map { " (\($0))" } ?? "")
  }

  /// The basis in words: the law's paragraph, or the guidance and its source.
  public func basis(_ deadline: Deadline) -> String {
    let citation = deadline.reference.citation(language)
    return "\(Words.basis(deadline.basis, language)), \(citation)"
  }

  /// Where the interval comes from, or nil when the date has none (a validity's end, a term's end).
  public func interval(_ deadline: Deadline) -> String? {
    guard let interval = deadline.interval else { return nil }
    let months = interval.months
    switch interval.source {
    case .law:
      return language.say(sv: "\(months) månader, lagens gräns", en: "\(months) months, the law's limit")
    case .kommun:
      let limit =
        interval.limit.map {
          language.say(sv: "; lagens gräns är \($0) månader", en: "; the law's limit is \($0) months")
        } ?? ""
      let name = interval.parameter ?? ""
      return language.say(
        sv: "\(months) månader, kommunens egen inställning (\(name) i .lagkoll.yaml)\(limit)",
        en: "\(months) months, the municipality's own setting (\(name) in .lagkoll.yaml)\(limit)")
    case .ruleOfThumb:
      return language.say(
        sv: "\(months) månader, lagkolls tumregel, inte ett lagkrav",
        en: "\(months) months, lagkoll's rule of thumb, not a legal requirement")
    }
  }

  /// The lines of an event's description, plan text among them as data.
  public func details(_ event: CalendarEvent) -> [String] {
    let deadline = event.deadline
    let severity = Words.severity(deadline.severity, language)
    var lines = [
      deadline.ruleTitle.text(language),
      language.say(
        sv: "Sista dag då kravet är uppfyllt: \(deadline.due). Från \(deadline.overdueSince) ger regel "
          + "\(deadline.ruleId) ett fynd (\(severity)).",
        en: "Last day the requirement is met: \(deadline.due). From \(deadline.overdueSince) rule "
          + "\(deadline.ruleId) gives a finding (\(severity))."),
      language.say(sv: "Grund: ", en: "Basis: ") + basis(deadline),
    ]
    if let interval = interval(deadline) { lines.append(language.say(sv: "Intervall: ", en: "Interval: ") + interval) }
    if let basedOn = deadline.basedOn {
      lines.append(language.say(sv: "Räknat från: ", en: "Counted from: ") + "\(basedOn) (\(deadline.label))")
    } else {
      lines.append(language.say(sv: "Gäller: ", en: "Concerns: ") + deadline.label)
    }
    var place = deadline.location.path.description
    if includesPaths { place = "\(event.file), \(place)" }
    lines.append(
      language.say(sv: "Plats: ", en: "Place: ") + place
        + language.say(sv: " (rad \(deadline.location.line))", en: " (line \(deadline.location.line))"))
    return lines
  }

  // MARK: iCalendar

  func ics(_ events: [CalendarEvent], report: CheckReport) -> String {
    var out = ICalendarWriter()
    out.raw("BEGIN", "VCALENDAR")
    out.raw("VERSION", "2.0")
    out.raw("PRODID", "-//lagkoll//lagkoll \(ToolInfo.version)//\(language.say(sv: "SV", en: "EN"))")
    out.raw("CALSCALE", "GREGORIAN")
    let names = Array(Set(report.files.compactMap { CalendarReporter.name(of: $0.kommun) })).sorted()
    out.text(
      "X-WR-CALNAME",
      name ?? "lagkoll: "
        + (names.isEmpty ? language.say(sv: "kalender", en: "calendar") : names.joined(separator: ", ")))
    // Subscribing clients fetch again this often (RFC 7986, and Outlook's own property).
    out.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT12H")
    out.raw("X-PUBLISHED-TTL", "PT12H")
    for event in events {
      let deadline = event.deadline
      let modified = ICalendarWriter.midnightUTC(event.lastModified)
      out.raw("BEGIN", "VEVENT")
      out.text("UID", event.uid)
      // Without a METHOD, DTSTAMP is the last revision, as LAST-MODIFIED (RFC 5545 3.8.7.2).
      out.raw("DTSTAMP", modified)
      out.raw("LAST-MODIFIED", modified)
      // Increases with each newer date the event follows from: a client replaces the event it has.
      out.raw("SEQUENCE", String(max(0, event.lastModified.dayNumber - CalendarReporter.sequenceOrigin.dayNumber)))
      // All day, on the last day: a DATE has no time zone to drift in.
      out.raw("DTSTART;VALUE=DATE", ICalendarWriter.date(deadline.due))
      out.raw("DTEND;VALUE=DATE", ICalendarWriter.date(deadline.due.adding(days: 1)))
      out.text("SUMMARY", summary(event))
      out.text("DESCRIPTION", details(event).joined(separator: "\n"))
      out.texts("CATEGORIES", ["lagkoll", deadline.basis.rawValue, deadline.ruleId])
      if let url = deadline.reference.url, CalendarReporter.isPlainURL(url) { out.raw("URL", url) }
      out.raw("TRANSP", "TRANSPARENT")
      out.raw("CLASS", "PRIVATE")
      if !event.isOverdue {
        for days in alarmDays {
          out.raw("BEGIN", "VALARM")
          out.raw("ACTION", "DISPLAY")
          out.raw("TRIGGER", days == 0 ? "PT0S" : "-P\(days)D")
          out.text("DESCRIPTION", summary(event))
          out.raw("END", "VALARM")
        }
      }
      out.raw("END", "VEVENT")
    }
    out.raw("END", "VCALENDAR")
    return out.result
  }

  /// SEQUENCE counts days from the law's entry into force: a later date a plan gives, a higher number.
  static let sequenceOrigin = CivilDate(year: 2023, month: 7, day: 1)!

  /// A reference's address from the rule set, written as a URI only when it is one plainly (no space,
  /// control character or quote); otherwise it is left out rather than escaped into a broken URI.
  static func isPlainURL(_ url: String) -> Bool {
    (url.hasPrefix("https://") || url.hasPrefix("http://"))
      && url.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
  }

  // MARK: Text

  func text(_ events: [CalendarEvent], report: CheckReport) -> String {
    var out = language.say(sv: "Kalender, kontrolldag \(report.asOf)", en: "Calendar, as of \(report.asOf)")
    if from != nil || to != nil {
      out += language.say(
        sv: " (datum \(from?.description ?? "…")–\(to?.description ?? "…"))",
        en: " (dates \(from?.description ?? "…")–\(to?.description ?? "…"))")
    }
    out += "\n"
    for file in report.files {
      guard file.status == .unreadable || file.readError != nil else { continue }
      let reason =
        file.readError.map { error in
          (error.location.map { ":\($0.line):\($0.column)" } ?? "") + ": " + error.message.text(language)
        } ?? ""
      let word =
        file.status == .skipped
        ? language.say(sv: "hoppades över", en: "skipped")
        : language.say(sv: "kunde inte läsas", en: "could not be read")
      out += "\n" + TextReporter.clean("\(file.path)\(reason) (\(word))") + "\n"
    }
    for (overdue, heading) in [
      (true, language.say(sv: "Försenat", en: "Overdue")), (false, language.say(sv: "Kommande", en: "Coming")),
    ] {
      let part = events.filter { $0.isOverdue == overdue }
      out += "\n\(heading)\n"
      if part.isEmpty { out += language.say(sv: "  (inget)\n", en: "  (none)\n") }
      for event in part {
        let deadline = event.deadline
        var line = "  \(deadline.due)  \(deadline.title.text(language))"
        if let kommun = kommunName(event) { line += " – \(kommun)" }
        out += TextReporter.clean(line) + "\n"
        let state =
          overdue
          ? language.say(sv: "försenat sedan \(deadline.overdueSince)", en: "overdue since \(deadline.overdueSince)")
          : language.say(sv: "fynd från \(deadline.overdueSince)", en: "finding from \(deadline.overdueSince)")
        out += TextReporter.clean("              [\(deadline.ruleId) · \(basis(deadline))] \(state)") + "\n"
        if let interval = interval(deadline) {
          let label = language.say(sv: "intervall: ", en: "interval: ")
          out += TextReporter.clean("              " + label + interval) + "\n"
        }
        var place = "\(deadline.location.path)"
        if includesPaths { place = "\(event.file):\(deadline.location.line):\(deadline.location.column) \(place)" }
        out += TextReporter.clean("              \(deadline.label) · \(place)") + "\n"
      }
    }
    let overdue = events.filter(\.isOverdue).count
    out +=
      "\n"
      + language.say(
        sv: "Sammanfattning: \(events.count - overdue) kommande, \(overdue) försenade",
        en: "Summary: \(events.count - overdue) coming, \(overdue) overdue")
    let unreadable = report.unreadableFiles.count
    if unreadable > 0 {
      out += language.say(sv: ", \(unreadable) filer kunde inte läsas", en: ", \(unreadable) files could not be read")
    }
    return out + "\n"
  }

  // MARK: JSON

  func json(_ events: [CalendarEvent], report: CheckReport) -> String {
    var files: [JSONValue] = []
    for file in report.files {
      var members: [(String, JSONValue)] = includesPaths ? [("path", .string(file.path))] : []
      members.append(("kommun", file.kommun.map(CalendarReporter.kommun) ?? .null))
      members.append(("status", .string(file.status.rawValue)))
      if let error = file.readError {
        var errorMembers: [(String, JSONValue)] = [
          ("message", .string(error.message.text(language))), ("kind", .string(error.kind.rawValue)),
        ]
        if let location = error.location {
          errorMembers += [("line", .int(location.line)), ("column", .int(location.column))]
        }
        members.append(("error", .object(errorMembers)))
      }
      members.append(("dates", .array(events.filter { $0.file == file.path }.map { date($0) })))
      files.append(.object(members))
    }
    let overdue = events.filter(\.isOverdue).count
    var window: [(String, JSONValue)] = []
    window.append(("from", from.map { .string($0.description) } ?? .null))
    window.append(("to", to.map { .string($0.description) } ?? .null))
    return JSONValue.object([
      ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))])),
      ("asOf", .string(report.asOf.description)),
      ("ruleset", .object([("version", .string(report.rulesetVersion))])),
      ("window", .object(window)),
      ("files", .array(files)),
      (
        "summary",
        .object([
          ("files", .int(report.files.count)),
          ("coming", .int(events.count - overdue)),
          ("overdue", .int(overdue)),
          ("unreadable", .int(report.unreadableFiles.count)),
        ])
      ),
    ]).serialized() + "\n"
  }

  static func kommun(_ kommun: KommunInfo) -> JSONValue {
    .object([
      ("namn", kommun.namn.map(JSONValue.string) ?? .null),
      ("kod", kommun.kod.map(JSONValue.string) ?? .null),
      ("lan", kommun.lan.map(JSONValue.string) ?? .null),
    ])
  }

  /// One date as JSON, as the check report's `nextDue` lists it.
  public func date(_ event: CalendarEvent) -> JSONValue {
    JSONReporter.value(ReportDocument.DueDate(event, language, includesPath: includesPaths))
  }
}

/// What a kommun must do next, and by when: the dates still to come of each readable file, for the
/// `check` reports' section under the summary (the passed ones are findings already).
public enum ComingDates {
  /// At most this many per file in the text and HTML reports; the JSON report and `lagkoll calendar`
  /// give them all.
  public static let shownPerFile = 5

  /// The file's dates on or after the as-of date, soonest first (rule order among equal days).
  public static func of(_ file: FileResult, asOf: CivilDate) -> [Deadline] {
    file.deadlines.enumerated().filter { !$0.element.isOverdue(on: asOf) }
      .sorted { ($0.element.due, $0.offset) < ($1.element.due, $1.offset) }.map(\.element)
  }

  /// "Kommande datum (sista dag då kravet är uppfyllt)".
  public static func heading(_ language: Language) -> String {
    language.say(
      sv: "Kommande datum (sista dag då kravet är uppfyllt)", en: "Coming dates (the last day the requirement is met)")
  }

  /// "… och 2 till: lagkoll calendar ger alla".
  public static func more(_ count: Int, _ language: Language) -> String {
    language.say(
      sv: "… och \(count) till: lagkoll calendar ger alla", en: "… and \(count) more: lagkoll calendar gives them all")
  }

  /// "[LB-007 · lagkrav, 6 § SFS 2023:196]", with the kommun's own interval when it set one.
  public static func source(_ deadline: Deadline, _ language: Language) -> String {
    var text = "\(deadline.ruleId) · \(CalendarReporter(language: language).basis(deadline))"
    if deadline.interval?.source != .law, let interval = CalendarReporter(language: language).interval(deadline) {
      text += " · " + interval
    }
    return "[\(text)]"
  }
}
