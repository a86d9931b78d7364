import ArgumentParser
import InputCollection
import PlanDocument
import Reporting
import RuleEngine
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension OutputFormat: CaseArgument {}

/// `--format` of `check`: a report format, or `docx`, the coordinator's Word document back with a
/// comment at each finding (one .docx input, written to --output).
enum CheckFormat: String, CaseArgument {
  case text, json, sarif, junit, github, markdown, html, docx

  var report: OutputFormat? { OutputFormat(rawValue: rawValue) }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Kontrollera plandokument (XML, JSON eller Word). En mapp genomsöks efter *.xml, *.json och *.docx. (Check plan documents.)"
  )

  @OptionGroup var common: CommonOptions

  @Option(
    help:
      "Utdataformat; docx: Word-dokumentet tillbaka med en kommentar vid varje fynd (kräver en .docx och --output). (Output format; docx: the Word document back with a comment at each finding.)"
  )
  var format: CheckFormat = .text

  @Option(help: "Skriv rapporten till en fil i stället för standard ut. (Write the report to a file.)")
  var output: String?

  @Option(name: .customLong("fail-on"), help: "Lägsta allvarlighet som ger slutkod 1. (Lowest severity that exits 1.)")
  var failOn: FailOn = .error

  @Flag(
    name: .customLong("skip-foreign"),
    help: "Hoppa över namngivna filer som inte är plandokument. (Skip named files that are not plans.)")
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

  /// What was asked, as plain values: the same request `CheckLane` builds without ArgumentParser.
  var request: CheckRequest {
    CheckRequest(
      settings: common.settings, format: format, output: output, failOn: failOn, skipForeign: skipForeign,
      maxFileSize: maxFileSize, quiet: quiet, paths: paths)
  }

  func run() throws { try request.run() }
}

/// One `check`, however its command line was read: ArgumentParser (`Check`) or the plain lane
/// (`CheckLane`). The defaults are those of `Check`'s options.
struct CheckRequest: Equatable {
  var settings = CheckingSettings()
  var format: CheckFormat = .text
  var output: String? = nil
  var failOn: FailOn = .error
  var skipForeign = false
  var maxFileSize: Int? = nil
  var quiet = false
  var paths: [String] = []

  func run() throws {
    let configurationFile = settings.configurationFile()
    var collected: [InputFile]? = nil
    var readAhead: Result<Document, ReadError>? = nil
    let ruleSet = try ruleSetReadingAhead(configurationFile: configurationFile, collected: &collected, into: &readAhead)
    let checker = try settings.makeChecker(
      ruleSet: ruleSet, configurationFile: configurationFile, failOn: failOn, skipForeign: skipForeign,
      maxFileSize: maxFileSize)
    defer { KeptUntilExit.keep(checker) }
    if quiet, format != .text {
      Console.error(
        settings.lang.say(sv: "--quiet gäller bara --format text", en: "--quiet applies to --format text only"))
      throw Status.usage
    }
    let inputs = collected ?? InputCollector.collect(paths, rawArguments: Console.rawArguments)
    try Console.refuseOutput(output, onto: inputs, language: settings.lang)
    guard let reportFormat = format.report else {
      try reviewedCopy(inputs, checker: checker)
      return
    }
    let report: CheckReport
    if let read = readAhead.take() {
      // Handed over, not copied: a large plan is let go on the release queue, as `check(_:)` lets it go.
      report = checker.report([checker.check(inputs[0], read: consume read)])
    } else {
      report = checker.check(inputs)
    }
    try InputSet.requirePlanDocuments(report, paths: paths, language: settings.lang)
    let reporter: any Reporter =
      reportFormat == .text
      ? TextReporter(language: settings.lang, color: output == nil && Console.useColor, quiet: quiet)
      : reportFormat.reporter(language: settings.lang, ruleSet: ruleSet, color: false)
    try Console.emit(reporter.render(report), to: output, language: settings.lang)
    if report.hasUnreadable { throw Status.unreadable }
    // --fail-on decides the exit code, and nothing in the report.
    if report.exceedsFailOn { throw Status.findings }
  }

  /// The rule set and, when one regular file is checked for a report and no configuration file applies,
  /// that plan read meanwhile (into `readAhead`; the file's input into `collected`). Reading needs only
  /// the limits, which without a configuration file are the defaults and `--max-file-size`; decoding the
  /// built-in rule set is a sixth of checking a typical plan (docs/engine.md, "Start-up, third round"),
  /// so it runs on the second core while this one reads. Nothing is printed before the rule set is in
  /// hand, so errors come in the same order either way; a folder is still searched, and a pipe or a
  /// device still opened, only after the rule set and the configuration have loaded.
  private func ruleSetReadingAhead(
    configurationFile: String?, collected: inout [InputFile]?, into readAhead: inout Result<Document, ReadError>?
  ) throws -> RuleSet {
    var info = stat()
    guard format.report != nil, paths.count == 1, stat(paths[0], &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      configurationFile == nil, let limits = settings.limits(Configuration(), maxFileSize: maxFileSize)
    else { return try settings.loadRuleSet() }
    let inputs = InputCollector.collect(paths, rawArguments: Console.rawArguments)
    collected = inputs
    guard inputs.count == 1, inputs[0].skipped == nil, inputs[0].unreadable == nil else {
      return try settings.loadRuleSet()
    }
    let settings = settings
    let ruleSet = SecondThread { Result { try settings.loadRuleSet() } }
    readAhead = PlanChecker.read(inputs[0], limits: limits)
    return try ruleSet.value().get()
  }

  /// `--format docx`: one Word plan in, its reviewed copy out (never onto the input: `refuseOutput`).
  /// The verdict line goes to standard error, so the command says what it found as it does for reports.
  func reviewedCopy(_ inputs: [InputFile], checker: PlanChecker) throws {
    let language = settings.lang
    guard inputs.count == 1, let input = inputs.first, input.named, input.skipped == nil, input.unreadable == nil,
      input.path.lowercased().hasSuffix(".docx")
    else {
      Console.error(
        language.say(
          sv: "--format docx tar ett Word-dokument (.docx), inte "
            + "\(inputs.count == 1 ? "\"\(inputs[0].path)\"" : "\(inputs.count) filer"): ange en .docx-fil",
          en: "--format docx takes one Word document (.docx), not "
            + "\(inputs.count == 1 ? "\"\(inputs[0].path)\"" : "\(inputs.count) files"): name one .docx file"))
      throw Status.usage
    }
    guard let output, output != "-" else {
      Console.error(
        language.say(
          sv: "--format docx skriver en granskad kopia: ange --output FIL, t.ex. --output plan-granskad.docx",
          en: "--format docx writes a reviewed copy: give --output FILE, e.g. --output plan-granskad.docx"))
      throw Status.usage
    }
    let (bytes, document) = try PlanInput.read(input, format: .docx, limits: checker.limits, language: language)
    guard document.format == .docx else {
      Console.error(
        language.say(
          sv: "--format docx tar ett Word-dokument (.docx); \(input.path) är \(document.format.rawValue)",
          en: "--format docx takes a Word document (.docx); \(input.path) is \(document.format.rawValue)"))
      throw Status.usage
    }
    let result = checker.result(for: document)
    let copy: [UInt8]
    do {
      copy = try DocxReviewer.reviewedCopy(
        original: bytes, document: document, result: result, asOf: checker.options.asOf, language: settings.lang)
    } catch {
      Console.error(
        language.say(
          sv: "kan inte skriva den granskade kopian: \(error)", en: "cannot write the reviewed copy: \(error)"))
      throw Status.unreadable
    }
    try Console.emit(bytes: copy, to: output, language: settings.lang)
    Console.error("\(input.path): \(DocxReviewer.verdict(result, settings.lang)) → \(output)")
    if result.exceeds(checker.failOn) { throw Status.findings }
  }
}
