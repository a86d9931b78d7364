import ArgumentParser
import PlanDocument
import RuleEngine
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--format` of `init`.
enum InitFormat: String, CaseArgument {
  case xml, json, docx
}

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract:
      "Skriv en mall för ett plandokument. Skriver aldrig över en befintlig fil utan --force. (Write a plan template; never overwrites without --force.)",
    discussion: """
      Mallen har alla avsnitt, ett exempel i varje lista och platshållare: texter som börjar med "ANGE:" \
      och datum 1900-01-01. Med --kommun fylls kommunens namn och län i från SCB:s kodlista. \
      (The template has every section, one example in each list, and placeholders: texts beginning with \
      "ANGE:" and dates 1900-01-01. With --kommun, the name and county come from SCB's code list.)
      """)

  @OptionGroup var common: RuleSetOptions

  @Option(help: "Mallens form. (Template format.)")
  var format: InitFormat = .xml

  @Option(help: "SCB:s fyrsiffriga kommunkod, t.ex. 1282. (Statistics Sweden's four-digit municipality code.)")
  var kommun: String?

  @Option(
    help:
      "Fil att skriva (standard: plan.xml, plan.json eller plan.docx i arbetsmappen; - för standard ut). (File to write; default plan.xml, plan.json or plan.docx; - for standard output.)"
  )
  var output: String?

  @Flag(help: "Skriv över en befintlig fil. (Overwrite an existing file.)")
  var force = false

  func run() throws {
    var namn = PlanTemplate.unknownKommunNamn
    var kod = PlanTemplate.unknownKommunKod
    var lan: String? = nil
    if let given = kommun?.trimmingWhiteSpace(newlines: false) {
      let ruleSet = try common.loadRuleSet()
      guard let municipality = ruleSet.municipalities[given] else {
        Console.error(
          common.lang.say(
            sv:
              "okänd kommunkod \"\(given)\": ange SCB:s fyrsiffriga kommunkod, t.ex. 1282 för Landskrona (\(ruleSet.municipalities.count) koder finns i regeluppsättningens kommuner.tsv)",
            en:
              "unknown municipality code \"\(given)\": give Statistics Sweden's four-digit code, e.g. 1282 for Landskrona (\(ruleSet.municipalities.count) codes are in the rule set's kommuner.tsv)"
          )
        )
        throw Status.usage
      }
      namn = municipality.name
      kod = municipality.code
      lan = municipality.county
    }
    let bytes: [UInt8]
    switch format {
    case .xml: bytes = Array(PlanTemplate.render(format: .xml, kommunNamn: namn, kommunKod: kod, lan: lan).utf8)
    case .json: bytes = Array(PlanTemplate.render(format: .json, kommunNamn: namn, kommunKod: kod, lan: lan).utf8)
    case .docx: bytes = try PlanTemplate.renderDocx(kommunNamn: namn, kommunKod: kod, lan: lan, language: common.lang)
    }
    let target = output ?? "plan.\(format.rawValue)"
    if target == "-" {
      if format == .docx && isatty(STDOUT_FILENO) == 1 {
        Console.error(
          common.lang.say(
            sv: "en .docx-mall skrivs inte till terminalen: ange --output FIL",
            en: "a .docx template is not written to the terminal: give --output FILE"))
        throw Status.usage
      }
      try Console.emit(bytes: bytes, to: nil, language: common.lang)
      return
    }
    do {
      try PlanTemplate.write(bytes: bytes, toFile: target, overwrite: force)
    } catch {
      Console.error(error.message.text(common.lang))
      throw Status.usage
    }
    let who = kommun == nil ? "" : common.lang.say(sv: " för \(namn)", en: " for \(namn)")
    Console.error(
      common.lang.say(
        sv:
          "Skrev mallen\(who) till \(target). Ersätt allt som börjar med \(PlanTemplate.placeholderPrefix) och datumen \(PlanTemplate.placeholderDate), och kontrollera sedan med: lagkoll check \(target)",
        en:
          "Wrote the template\(who) to \(target). Replace everything beginning with \(PlanTemplate.placeholderPrefix) and the dates \(PlanTemplate.placeholderDate), then check with: lagkoll check \(target)"
      )
    )
  }
}
