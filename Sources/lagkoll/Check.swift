import ArgumentParser
import InputCollection
import PlanDocument
import Reporting
import RuleEngine

extension OutputFormat: CaseArgument {}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Kontrollera plandokument (XML, JSON eller Word). En mapp genomsöks efter *.xml, *.json och *.docx. (Check plan documents.)")

  @OptionGroup var common: CommonOptions

  @Option(help: "Utdataformat. (Output format.)")
  var format: OutputFormat = .text

  @Option(help: "Skriv rapporten till en fil i stället för standard ut. (Write the report to a file.)")
  var output: String?

  @Option(name: .customLong("fail-on"), help: "Lägsta allvarlighet som ger slutkod 1. (Lowest severity that exits 1.)")
  var failOn: FailOn = .error

  @Flag(name: .customLong("skip-foreign"), help: "Hoppa över namngivna filer som inte är plandokument. (Skip named files that are not plans.)")
  var skipForeign = false

  @Option(name: .customLong("max-file-size"), help: "Största fil som läses, i byte. (Largest file read, in bytes.)")
  var maxFileSize: Int?

  @Flag(
    help:
      "Bara för --format text: inget för filer som är klara; sammanfattningen räknar alla filer. (Text only: nothing for files that are ready; the summary counts every file.)"
  )
  var quiet = false

  @Argument(help: "Filer eller mappar. (Files or folders.)")
  var paths: [String]

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    let checker = try common.makeChecker(
      ruleSet: ruleSet, failOn: failOn, skipForeign: skipForeign, maxFileSize: maxFileSize)
    if quiet, format != .text {
      Console.error(
        common.lang.say(sv: "--quiet gäller bara --format text", en: "--quiet applies to --format text only"))
      throw Status.usage
    }
    let inputs = InputCollector.collect(paths, rawArguments: Console.rawArguments)
    try Console.refuseOutput(output, onto: inputs, language: common.lang)
    let report = checker.check(inputs)
    try InputSet.requirePlanDocuments(report, paths: paths, language: common.lang)
    let reporter: any Reporter =
      format == .text
      ? TextReporter(language: common.lang, color: output == nil && Console.useColor, quiet: quiet)
      : format.reporter(language: common.lang, ruleSet: ruleSet, color: false)
    try Console.emit(reporter.render(report), to: output, language: common.lang)
    if report.hasUnreadable { throw Status.unreadable }
    // --fail-on decides the exit code, and nothing in the report.
    if report.exceedsFailOn { throw Status.findings }
  }
}
