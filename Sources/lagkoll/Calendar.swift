import ArgumentParser
import InputCollection
import PlanDocument
import Reporting
import RuleEngine

extension CalendarFormat: CaseArgument {}

/// `--alarm-days 90,14`: reminders in days before each date; `none` for no reminders.
struct AlarmDays: ExpressibleByArgument {
  var days: [Int]

  init?(argument: String) {
    if argument == "none" {
      days = []
      return
    }
    var days: [Int] = []
    for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
      guard let value = Int(part.filter { $0 != " " }), (0...3650).contains(value) else { return nil }
      if !days.contains(value) { days.append(value) }
    }
    self.days = days
  }

  var defaultValueDescription: String { days.map(String.init).joined(separator: ",") }
}

struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract:
      "De kommande och försenade datum som följer av planer, som iCalendar, text eller JSON. (The coming and overdue dates that follow from plans.)"
  )

  @OptionGroup var common: CommonOptions

  @Option(help: "Utdataformat: ics (RFC 5545), text eller json. (Output format.)")
  var format: CalendarFormat = .ics

  @Option(help: "Bara datum från och med ÅÅÅÅ-MM-DD. (Only dates from this day.)")
  var from: CivilDate?

  @Option(help: "Bara datum till och med ÅÅÅÅ-MM-DD. (Only dates up to this day.)")
  var to: CivilDate?

  @Option(
    name: .customLong("alarm-days"),
    help:
      "Påminnelser, dagar före varje kommande datum, t.ex. 90,14; none för inga. (Reminders, days before; none for none.)"
  )
  var alarmDays = AlarmDays(argument: "90,14")!

  @Option(help: "Skriv kalendern till en fil i stället för standard ut. (Write the calendar to a file.)")
  var output: String?

  @Flag(
    name: .customLong("skip-foreign"),
    help: "Hoppa över namngivna filer som inte är plandokument. (Skip named files that are not plans.)")
  var skipForeign = false

  @Argument(help: "Filer eller mappar. (Files or folders.)")
  var paths: [String]

  func validate() throws {
    if let from, let to, from > to {
      throw ValidationError(
        common.lang.say(sv: "--from (\(from)) ligger efter --to (\(to))", en: "--from (\(from)) is after --to (\(to))"))
    }
  }

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    // Read as `check` reads: the same configuration (a kommun's intervals), limits and file handling.
    let checker = try common.makeChecker(ruleSet: ruleSet, failOn: .never, skipForeign: skipForeign, maxFileSize: nil)
    let inputs = InputCollector.collect(paths, rawArguments: Console.rawArguments)
    try Console.refuseOutput(output, onto: inputs, language: common.lang)
    let report = checker.check(inputs)
    try InputSet.requirePlanDocuments(report, paths: paths, language: common.lang)
    let reporter = CalendarReporter(language: common.lang, from: from, to: to, alarmDays: alarmDays.days)
    // A calendar has no place for an error: each unreadable file is named on standard error as well
    // (the text and JSON forms list it too), and the exit code is 3, as for `check`.
    for file in report.unreadableFiles {
      let place = file.readError?.location.map { ":\($0.line):\($0.column)" } ?? ""
      let reason = file.readError?.message.text(common.lang) ?? ""
      Console.error("\(file.path)\(place): \(common.lang.say(sv: "fel", en: "error")): \(reason)")
    }
    try Console.emit(reporter.render(report, format: format), to: output, language: common.lang)
    if report.hasUnreadable { throw Status.unreadable }
  }
}
