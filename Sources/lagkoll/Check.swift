import ArgumentParser
import PlanDocument
import Reporting
import RuleEngine

extension OutputFormat: ExpressibleByArgument {}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Kontrollera plandokument (XML eller JSON). En mapp genomsöks efter *.xml och *.json. (Check plan documents.)")

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

  @Flag(help: "Skriv bara ut fynd, ingen sammanfattning. (Print nothing for files that pass.)")
  var quiet = false

  @Argument(help: "Filer eller mappar. (Files or folders.)")
  var paths: [String]

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    let checker = try common.makeChecker(
      ruleSet: ruleSet, failOn: failOn, skipForeign: skipForeign, maxFileSize: maxFileSize)
    let inputs = InputCollector.collect(paths, rawArguments: Console.rawArguments)
    try Console.refuseOutput(output, onto: inputs, language: common.lang)
    var report = checker.check(inputs)
    if quiet, format == .text {
      report.files = report.files.filter { $0.status != .passed && $0.status != .skipped }
    }
    let reporter = format.reporter(language: common.lang, ruleSet: ruleSet, color: output == nil && Console.useColor)
    try Console.emit(reporter.render(report), to: output, language: common.lang)
    if report.hasUnreadable { throw Status.unreadable }
    if report.hasFailures { throw Status.findings }
  }
}
