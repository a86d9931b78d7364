import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Store

/// The dates that follow from kommuner's plans, as the service shows them: each kommun's latest
/// standing submission (a withdrawal moves its dates back to the plan before it, or to none), checked
/// as of a day by the same engine and reporter as `lagkoll calendar`. The kommun is named as SCB names
/// it, never as the plan says, so that UIDs stay the kommun's whatever a plan claims.
struct PlanCalendar: Sendable {
  var report: CheckReport
  /// Per kommun code (the file's name in the report): the last day its dates changed (a submission
  /// received, a withdrawal), so that a subscribed client replaces the events it has.
  var revised: [String: CivilDate]

  /// `histories`: each kommun's submissions, in any order.
  init(histories: [(Municipality, [Submission])], asOf: CivilDate, service: CheckService) {
    let checker = PlanChecker(ruleSet: service.ruleSet, options: EvaluationOptions(asOf: asOf), limits: service.limits)
    var files: [FileResult] = []
    var revised: [String: CivilDate] = [:]
    for (municipality, history) in histories {
      let standing = history.filter { $0.withdrawal == nil }.max { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
      guard let standing else { continue }
      var days = history.map { Today.inSweden(at: $0.receivedAt) }
      days += history.compactMap { $0.withdrawal.map { Today.inSweden(at: $0.at) } }
      revised[municipality.code] = days.filter { $0 <= asOf }.max()
      // The format as the reader finds it, as the kommun page reads the plan.
      guard var file = checker.check(bytes: standing.bytes, name: municipality.code, format: nil).files.first else {
        continue
      }
      file.kommun = KommunInfo(namn: municipality.name, kod: municipality.code, lan: municipality.countyCode)
      files.append(file)
    }
    report = CheckReport(asOf: asOf, rulesetVersion: service.ruleSet.version, failOn: nil, files: files)
    self.revised = revised
  }

  var asOf: CivilDate { report.asOf }

  /// The events up to `to` (open when nil), overdue ones included, soonest first.
  func events(to: CivilDate? = nil, language: Language) -> [CalendarEvent] {
    CalendarReporter(language: language, to: to, includesPaths: false).events(report, revised: revised)
  }

  /// The iCalendar feed (RFC 5545) of every date, passed ones included.
  func ics(name: String, language: Language) -> String {
    CalendarReporter(language: language, includesPaths: false, name: name).render(
      report, format: .ics, revised: revised)
  }
}

/// The panels of dates on the kommun and county pages, and the county's CSV of them.
struct CalendarPanels {
  var calendar: PlanCalendar
  var language: Language
  private func h(_ text: String) -> String { Escape.xml(text) }

  /// How far ahead the kommun page and the county page look.
  var kommunHorizon: CivilDate { calendar.asOf.adding(months: 12) }
  var countyHorizon: CivilDate { calendar.asOf.adding(days: 90) }

  /// The kommun page: "Kommande" (the next 12 months) and "Försenat"; `feed` is the panel's way to the
  /// calendar (a download link, the form that makes a personal address).
  func kommun(feed: String) -> String {
    let events = calendar.events(to: kommunHorizon, language: language)
    var out = "<section id=\"kommande\" class=\"dates\">\n"
    out += "<h2>\(h(language.say(sv: "Kommande", en: "Coming")))</h2>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "Sista dag för det som förfaller från \(calendar.asOf) till och med \(kommunHorizon), ur den senaste gällande inlämningen; från dagen efter ger regeln ett fynd.", en: "The last day of what falls due from \(calendar.asOf) up to \(kommunHorizon), from the latest standing submission; from the day after, the rule gives a finding.")))</p>\n"
    out += list(
      events.filter { !$0.isOverdue },
      empty: language.say(
        sv: "Inget förfaller de närmaste tolv månaderna.", en: "Nothing falls due in the next twelve months."))
    out += feed
    out += "</section>\n<section id=\"forsenat\" class=\"dates\">\n"
    out += "<h2>\(h(language.say(sv: "Försenat", en: "Overdue")))</h2>\n"
    out += list(events.filter(\.isOverdue), empty: language.say(sv: "Inget är försenat.", en: "Nothing is overdue."))
    return out + "</section>\n"
  }

  private func list(_ events: [CalendarEvent], empty: String) -> String {
    guard !calendar.report.files.isEmpty else {
      return "<p>\(h(language.say(sv: "Ingen plan är inlämnad än.", en: "No plan has been submitted yet.")))</p>\n"
    }
    guard !events.isEmpty else { return "<p>\(h(empty))</p>\n" }
    var out = "<ul class=\"dates\">\n"
    for event in events {
      let deadline = event.deadline
      out += "<li class=\"\(event.isOverdue ? "overdue" : "coming")\"><strong class=\"date\">\(deadline.due)</strong> "
      out += h(deadline.title.text(language))
      if event.isOverdue {
        out +=
          " – <span class=\"late\">\(h(language.say(sv: "försenat sedan \(deadline.overdueSince)", en: "overdue since \(deadline.overdueSince)")))</span>"
      }
      out += "<br /><span class=\"basis\">\(h(ComingDates.source(deadline, language))) · \(h(deadline.label))</span>"
      out += "</li>\n"
    }
    return out + "</ul>\n"
  }

  /// The county page: what falls due across its kommuner in the next 90 days, and what is overdue.
  func county(code: String) -> String {
    let events = calendar.events(to: countyHorizon, language: language)
    let english = language.say(sv: "", en: "?lang=en")
    var out = "<section id=\"kalender\" class=\"dates\">\n"
    out +=
      "<h2>\(h(language.say(sv: "Förfaller inom 90 dagar, och försenat", en: "Due within 90 days, and overdue")))</h2>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "Ur varje kommuns senaste gällande inlämning, per \(calendar.asOf) (till och med \(countyHorizon)); datumet är sista dag då kravet är uppfyllt.", en: "From each municipality's latest standing submission, as of \(calendar.asOf) (up to \(countyHorizon)); the date is the last day the requirement is met.")))"
    out +=
      " <a href=\"/lan/\(h(code))/kalender.csv\(english)\">\(h(language.say(sv: "Listan som CSV", en: "The list as CSV")))</a></p>\n"
    guard !events.isEmpty else {
      return out
        + "<p>\(h(language.say(sv: "Inget förfaller de närmaste 90 dagarna och inget är försenat.", en: "Nothing falls due in the next 90 days and nothing is overdue.")))</p>\n</section>\n"
    }
    out +=
      "<table class=\"dates\">\n"
      + PageShell.tableHead(
        language.say(
          sv: ["Sista dag", "Kommun", "Vad", "Grund och regel", "Läge"],
          en: ["Last day", "Municipality", "What", "Basis and rule", "State"]))
    out += "<tbody>\n"
    for event in events {
      let deadline = event.deadline
      let kod = event.kommun?.kod ?? ""
      let state =
        event.isOverdue
        ? language.say(sv: "försenat sedan \(deadline.overdueSince)", en: "overdue since \(deadline.overdueSince)")
        : language.say(sv: "kommande", en: "coming")
      out += "<tr class=\"\(event.isOverdue ? "overdue" : "coming")\"><td class=\"date\">\(deadline.due)</td>"
      out += "<th scope=\"row\"><a href=\"/kommun/\(h(kod))\(english)\">\(h(event.kommun?.namn ?? kod))</a></th>"
      out += "<td>\(h(deadline.title.text(language)))</td>"
      out += "<td class=\"basis\">\(h(ComingDates.source(deadline, language)))</td><td>\(h(state))</td></tr>\n"
    }
    return out + "</tbody>\n</table>\n</section>\n"
  }

  /// The county list as CSV, through the review CSV's writer: plan text is data, a cell never starts
  /// a formula (`=`, `+`, `-`, `@`, tab, CR get a `'`).
  func countyCSV() -> String {
    var out = ReviewCSVReporter.utf8Mark
    ReviewCSVReporter.line(
      [
        "sista_dag", "forsenat_sedan", "status", "kommun", "kod", "vad", "regel", "skyldighet", "grund", "hanvisning",
        "avser",
      ], into: &out)
    for event in calendar.events(to: countyHorizon, language: language) {
      let deadline = event.deadline
      ReviewCSVReporter.line(
        [
          deadline.due.description, deadline.overdueSince.description, event.isOverdue ? "overdue" : "coming",
          event.kommun?.namn ?? "", event.kommun?.kod ?? "", deadline.title.text(language), deadline.ruleId,
          deadline.obligation, deadline.basis.rawValue, deadline.reference.citation(language), deadline.label,
        ], into: &out)
    }
    return out
  }

  static let style = """
    .dates ul.dates { list-style: none; padding: 0; margin: 0.4rem 0; }
    .dates ul.dates li { padding: 0.35rem 0; border-bottom: 1px solid var(--line); }
    .dates .date { font-variant-numeric: tabular-nums; white-space: nowrap; }
    .dates li.overdue .date, .dates tr.overdue td.date, .dates span.late { color: #a4161a; }
    .dates .basis { color: #555; font-size: 0.9em; }
    table.dates { width: 100%; }
    table.dates th, table.dates td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    table.dates thead th { font-size: 0.767rem; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); }
    table.dates tbody th { font-weight: 500; }
    .dates form.feed { margin: 0.6rem 0 0; }

    """
}
