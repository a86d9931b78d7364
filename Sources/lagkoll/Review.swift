import ArgumentParser
import InputCollection
import PlanDocument
import Reporting
import RuleEngine

extension ReviewFormat: CaseArgument {}

/// `lagkoll review`: the county view of many municipalities' documents, one obligation matrix.
struct Review: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract:
      "Granska många kommuners plandokument: en matris med skyldigheter per kommun. (County review: many municipalities, one obligation matrix.)",
    discussion: """
      Mappar genomsöks rekursivt efter *.xml, *.json och *.docx. En fil som inte är ett plandokument räknas som \
      oläsbar (slutkod 3) om inte --skip-foreign anges. (Folders are searched recursively; a file that is \
      not a plan counts as unreadable unless --skip-foreign is given.)
      """)

  @OptionGroup var common: CommonOptions

  @Option(help: "Utdataformat. (Output format.)")
  var format: ReviewFormat = .text

  @Option(help: "Skriv rapporten till en fil i stället för standard ut. (Write the report to a file.)")
  var output: String?

  @Option(name: .customLong("fail-on"), help: "Lägsta allvarlighet som ger slutkod 1. (Lowest severity that exits 1.)")
  var failOn: FailOn = .error

  @Flag(
    name: .customLong("skip-foreign"),
    help:
      "Hoppa över filer som inte är plandokument i stället för att räkna dem som oläsbara. (Skip files that are not plans.)"
  )
  var skipForeign = false

  @Option(name: .customLong("max-file-size"), help: "Största fil som läses, i byte. (Largest file read, in bytes.)")
  var maxFileSize: Int?

  @Option(
    name: .customLong("lan"),
    help: "Bara ett län: SCB:s länskod (12) eller namn (Skåne). (Only one county: its code or name.)")
  var lan: String?

  @Flag(
    name: .customLong("no-bom"),
    help: "CSV utan byte order mark (standard: med, för Excel). (CSV without a byte order mark.)")
  var noBOM = false

  @Argument(help: "Filer eller mappar. (Files or folders.)")
  var paths: [String]

  func run() throws {
    let ruleSet = try common.loadRuleSet()
    var county: County?
    if let lan {
      guard let found = ruleSet.county(matching: lan) else {
        let known = ruleSet.counties.map { "\($0.code) \($0.name)" }.joined(separator: ", ")
        Console.error(
          common.lang.say(
            sv: "okänt län \"\(lan)\" för --lan: ange SCB:s länskod eller namn (\(known))",
            en: "unknown county \"\(lan)\" for --lan: give Statistics Sweden's county code or name (\(known))"))
        throw Status.usage
      }
      county = found
    }
    let checker = try common.makeChecker(
      ruleSet: ruleSet, failOn: failOn, skipForeign: skipForeign, maxFileSize: maxFileSize)
    // Every file in a submission folder is meant to be a plan: one that is not is reported, unless the
    // reviewer asks to skip such files.
    var inputs = InputCollector.collect(paths, rawArguments: Console.rawArguments)
    try Console.refuseOutput(output, onto: inputs, language: common.lang)
    if !skipForeign {
      for index in inputs.indices { inputs[index].named = true }
    }
    let report = checker.check(inputs)
    try InputSet.requirePlanDocuments(report, paths: paths, language: common.lang)
    let matrix = ReviewMatrix(report: report, ruleSet: ruleSet, county: county)
    let text = format.reporter(language: common.lang, ruleSet: ruleSet, byteOrderMark: !noBOM).render(matrix)
    try Console.emit(text, to: output, language: common.lang)
    if matrix.report.hasUnreadable { throw Status.unreadable }
    // --fail-on decides the exit code, and nothing in the review.
    if matrix.report.exceedsFailOn { throw Status.findings }
  }
}
