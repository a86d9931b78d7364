import PlanDocument

@testable import RuleEngine

/// A fixed rule set and check report that every reporter test renders. The rule set is built here, not
/// loaded from `rules/`, so the golden files change only when a reporter does. The findings carry
/// hostile text from a "document": markup, an entity, quotes, a line break followed by a workflow
/// command, a spreadsheet formula, a CDATA end, a terminal escape and a bidirectional override.
enum ReportFixture {
  static let asOf = CivilDate(year: 2026, month: 11, day: 24)!

  static let hostileMessage = LocalizedText(
    sv: "Problemet \"<script>alert('x')</script>\" & <b>mer</b>\n::error::pwned",
    en: "The problem \"<script>alert('x')</script>\" & <b>more</b>\n::error::pwned")

  static let formulaMessage = LocalizedText(
    sv:
      "Ansvarig saknas för =cmd|' /C calc'!A0 ]]> \u{1B}[31mröd\u{1B}[0m | *fet* _kursiv_ `kod` [länk](javascript:alert(1)) 100%, klart: ja\r\nrad två \u{202E}txet",
    en:
      "Responsible missing for =cmd|' /C calc'!A0 ]]> \u{1B}[31mred\u{1B}[0m | *bold* _italic_ `code` [link](javascript:alert(1)) 100%, done: yes\r\nline two \u{202E}txet"
  )

  static let riksdagen =
    "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/lag-2023196-om-kommuners-ansvar-for_sfs-2023-196/"

  static func statute(
    _ id: String, _ paragraf: String, _ punkt: String?, verified: Bool, title: (String, String),
    summary: (String, String), text: String? = nil
  ) -> Citation {
    var reference = Citation(
      id: id, kind: .statute, sfs: "2023:196", paragraf: paragraf, punkt: punkt, verified: verified, url: riksdagen,
      source: nil, title: LocalizedText(sv: title.0, en: title.1), summary: LocalizedText(sv: summary.0, en: summary.1),
      validFrom: CivilDate(year: 2023, month: 7, day: 1), validTo: nil)
    reference.text = text
    reference.verifiedAgainst = verified ? "Riksdagens SFS-databas" : nil
    return reference
  }

  static func guidance(_ id: String, _ source: String, url: String?, title: (String, String), summary: (String, String))
    -> Citation
  {
    Citation(
      id: id, kind: .guidance, sfs: nil, paragraf: nil, punkt: nil, verified: false, url: url, source: source,
      title: LocalizedText(sv: title.0, en: title.1), summary: LocalizedText(sv: summary.0, en: summary.1),
      validFrom: nil, validTo: nil)
  }

  static let references: [Citation] = [
    statute(
      "sfs-2023-196-3", "3", nil, verified: true, title: ("Lagens syfte", "The purpose of the act"),
      summary: (
        "Kommunerna tar utifrån ett kunskapsbaserat underlag ställning till behovet av åtgärder.",
        "Municipalities take a position on the need for measures from a knowledge-based foundation."
      )),
    statute(
      "sfs-2023-196-4", "4", nil, verified: true, title: ("Lägesbild och åtgärdsplan", "Lägesbild and action plan"),
      summary: (
        "Kommunen ska ta fram en lägesbild över brottsligheten inom kommunens geografiska område.",
        "The municipality shall produce a picture of crime within its geographic area."
      ),
      text:
        "Kommuner ska ta fram en lägesbild över brottsligheten inom kommunens geografiska område. Lägesbilden ska innehålla\n1. en kartläggning av brottsligheten, dess omfattning och konsekvenser,\n2. annan information av betydelse i sammanhanget, och\n3. en analys av kartläggningen och informationen."
    ),
    statute(
      "sfs-2023-196-4-1", "4", "1", verified: true, title: ("Lägesbild: kartläggning", "Lägesbild: mapping"),
      summary: (
        "Lägesbilden innehåller en kartläggning av brottsligheten, dess omfattning och konsekvenser.",
        "The lägesbild holds a mapping of crime, its extent and consequences."
      ), text: "en kartläggning av brottsligheten, dess omfattning och konsekvenser,"),
    statute(
      "sfs-2023-196-5", "5", nil, verified: true, title: ("Lägesbild och åtgärdsplan", "Lägesbild and action plan"),
      summary: (
        "Kommunen ska besluta en åtgärdsplan med lägesbilden som underlag.",
        "The municipality shall decide an action plan with the lägesbild as its basis."
      ),
      text:
        "Kommuner ska, med lägesbilden som underlag, besluta om en plan för vilka åtgärder som kommunen avser att vidta för att förebygga brott (åtgärdsplan)."
    ),
    statute(
      "sfs-2023-196-overgang", "övergångsbestämmelser", "2", verified: false,
      title: ("Övergångsbestämmelser", "Transitional provisions"),
      summary: (
        "Den första åtgärdsplanen skulle beslutas senast den 1 juli 2024.",
        "The first action plan was to be decided by 1 July 2024."
      )),
    guidance(
      "bra-atgardsplan", "Brå", url: "https://bra.se/",
      title: ("Brås stöd för åtgärdsplan", "Brå's support on the action plan"),
      summary: (
        "Varje åtgärd har en ansvarig, en tidsram och mätbara mål.",
        "Each action has someone responsible, a time frame and measurable goals."
      )),
    guidance(
      "scb-kommunkoder", "SCB", url: "https://www.scb.se/",
      title: ("Kommun- och länskoder", "Municipality and county codes"),
      summary: ("SCB:s fyrsiffriga kommunkoder.", "Statistics Sweden's four-digit municipality codes.")),
  ]

  static func obligation(
    _ id: String, _ basis: Basis, _ references: [String], title: (String, String), description: (String, String)
  ) -> Obligation {
    Obligation(
      id: id, basis: basis, defaultSeverity: basis.defaultSeverity, title: LocalizedText(sv: title.0, en: title.1),
      description: LocalizedText(sv: description.0, en: description.1), references: references)
  }

  static let obligations: [Obligation] = [
    obligation(
      "lagesbild", .lag, ["sfs-2023-196-4", "sfs-2023-196-3"], title: ("Lägesbild finns", "A lägesbild exists"),
      description: (
        "Kommunen har tagit fram en lägesbild över brottsligheten.",
        "The municipality has produced a lägesbild of crime."
      )),
    obligation(
      "lagesbild.kartlaggning", .lag, ["sfs-2023-196-4-1"],
      title: ("Kartläggning av brottslighet", "Mapping of crime"),
      description: (
        "Lägesbilden kartlägger brottsligheten med omfattning och konsekvenser.",
        "The lägesbild maps crime with its extent and consequences."
      )),
    obligation(
      "atgardsplan", .lag, ["sfs-2023-196-5"], title: ("Åtgärdsplan beslutad", "An action plan has been decided"),
      description: ("Kommunen har beslutat en åtgärdsplan.", "The municipality has decided an action plan.")),
    obligation(
      "atgardsplan.forsta-beslut", .lag, ["sfs-2023-196-overgang"],
      title: ("Första åtgärdsplanen i tid", "The first action plan in time"),
      description: (
        "Den första åtgärdsplanen beslutades senast 2024-07-01.", "The first action plan was decided by 2024-07-01."
      )),
    obligation(
      "atgardsplan.ansvar", .vagledning, ["bra-atgardsplan"],
      title: ("Ansvarig för varje åtgärd", "Someone responsible for each action"),
      description: ("Varje åtgärd anger vem som är ansvarig.", "Each action names who is responsible.")),
    obligation(
      "dokument.kommun", .dokument, ["scb-kommunkoder"], title: ("Giltig kommunkod", "A valid municipality code"),
      description: (
        "Kommunkoden är en av Sveriges 290 och stämmer med namnet.",
        "The code is one of Sweden's 290 and matches the name."
      )),
  ]

  static func rule(
    _ id: String, _ obligation: String, _ basis: Basis, _ severity: Severity, _ reference: String,
    title: (String, String),
    validTo: CivilDate? = nil
  ) -> Rule {
    Rule(
      id: id, obligation: obligation, basis: basis, severity: severity, reference: reference,
      validFrom: CivilDate(year: 2023, month: 7, day: 1), validTo: validTo,
      title: LocalizedText(sv: title.0, en: title.1),
      selector: try! PathPattern.parse("/").get(), condition: nil, check: Present(fields: [], any: false),
      message: LocalizedText(sv: "–", en: "–"), examples: [], file: "regler/test.yaml", line: 1, column: 1)
  }

  static let ruleSet = RuleSet(
    version: "2026.1-test",
    references: Dictionary(uniqueKeysWithValues: references.map { ($0.id, $0) }),
    obligations: obligations,
    municipalities: [:],
    rules: [
      rule(
        "LB-001", "lagesbild", .lag, .error, "sfs-2023-196-4",
        title: ("Kommunen har tagit fram en lägesbild.", "The municipality has produced a lägesbild.")),
      rule(
        "LB-004", "lagesbild.kartlaggning", .lag, .error, "sfs-2023-196-4-1",
        title: ("Varje problem har omfattning och konsekvenser.", "Each problem has its extent and consequences.")),
      rule(
        "AP-001", "atgardsplan", .lag, .error, "sfs-2023-196-5",
        title: ("En åtgärdsplan är beslutad.", "An action plan has been decided.")),
      rule(
        "AP-002", "atgardsplan.forsta-beslut", .lag, .error, "sfs-2023-196-overgang",
        title: ("Den första planen beslutades i tid.", "The first plan was decided in time."),
        validTo: CivilDate(year: 2024, month: 12, day: 31)),
      rule(
        "AP-010", "atgardsplan.ansvar", .vagledning, .warning, "bra-atgardsplan",
        title: ("Varje åtgärd har en ansvarig.", "Each action has someone responsible.")),
      rule(
        "DOK-004", "dokument.kommun", .dokument, .info, "scb-kommunkoder",
        title: ("Kommunkoden är giltig.", "The code is valid.")),
    ])

  static func reference(_ id: String) -> Citation { ruleSet.references[id]! }

  static func finding(
    _ ruleId: String, _ message: LocalizedText, severity: Severity? = nil, file: String, line: Int, column: Int,
    path: String,
    outdatedSince: CivilDate? = nil
  ) -> Finding {
    let rule = ruleSet.rule(ruleId)
    let obligation = rule?.obligation ?? "atgardsplan"
    return Finding(
      ruleId: ruleId, obligation: obligation, basis: rule?.basis ?? .lag,
      severity: severity ?? rule?.severity ?? .warning,
      message: message, reference: reference(rule?.reference ?? "sfs-2023-196-5"),
      location: FindingLocation(file: file, line: line, column: column, path: JSONPointer(parsing: path)!),
      outdatedSince: outdatedSince)
  }

  static let malmo = "plans/Malmö plan.xml"

  /// A date that follows from a plan, as the engine gives them (`Evaluator.deadlines`).
  static func deadline(
    _ ruleId: String, _ obligation: (String, String), basis: Basis, severity: Severity, reference: Citation,
    file: String, line: Int, path: String, due: String, basedOn: String, interval: Deadline.Interval? = nil
  ) -> Deadline {
    Deadline(
      ruleId: ruleId, obligation: "o.\(ruleId)", basis: basis, severity: severity,
      title: LocalizedText(sv: obligation.0, en: obligation.1),
      ruleTitle: LocalizedText(sv: obligation.0, en: obligation.1),
      reference: reference,
      location: FindingLocation(file: file, line: line, column: 7, path: JSONPointer(parsing: path)!),
      subject: "", label: "<b>etikett</b>", due: CivilDate(due)!, basedOn: CivilDate(basedOn), interval: interval)
  }

  static let paragraph6 = statute(
    "sfs-2023-196-6", "6", nil, verified: true, title: ("Uppdatering och uppföljning", "Update and follow-up"),
    summary: (
      "Lägesbilden uppdateras och planen följs upp minst vartannat år.", "Updated and followed up every other year."
    ))

  static let police = guidance(
    "polisen-samverkan", "Polisen", url: "https://polisen.se/",
    title: ("Samverkan <och> medborgarlöften", "Cooperation <and> citizen promises"),
    summary: ("Överenskommelser förnyas.", "Agreements are renewed."))

  /// The report with 5 § marked as not verified: a rule set of someone else's may cite a paragraph whose
  /// wording nobody checked, and every format must say so.
  static var reportCitingAnUnverifiedParagraph: CheckReport {
    var report = self.report
    for file in report.files.indices {
      for finding in report.files[file].findings.indices
      where report.files[file].findings[finding].reference.id == "sfs-2023-196-5" {
        report.files[file].findings[finding].reference.verified = false
      }
    }
    return report
  }

  static var report: CheckReport {
    var suppressed = finding(
      "AP-001", LocalizedText(sv: "Ingen åtgärdsplan är beslutad.", en: "No action plan has been decided."),
      file: malmo, line: 2, column: 3, path: "/atgardsplan")
    suppressed.suppression = Suppression(
      rule: "AP-001", file: malmo, path: "/atgardsplan", reason: "Beslut i KF väntas <december> & klart",
      expires: CivilDate(year: 2027, month: 6, day: 30), source: ".lagkoll.yaml:4:5")
    // A notice about the configuration, made as the engine makes it: its own basis and source, never
    // AP-001's statute. The fixture's shorter message keeps the golden files' lines short.
    var expired = ConfigurationFinding.expired(
      Suppression(
        rule: "AP-001", file: malmo, path: "/atgardsplan", reason: "Beslut väntas",
        expires: CivilDate(year: 2026, month: 6, day: 30), source: ".lagkoll.yaml:9:5"),
      expires: CivilDate(year: 2026, month: 6, day: 30)!,
      at: FindingLocation(file: malmo, line: 2, column: 3, path: JSONPointer(parsing: "/atgardsplan")!))
    expired.message = FindingMessage(
      LocalizedText(
        sv: "Undantaget för AP-001 (.lagkoll.yaml:9:5) gick ut 2026-06-30 och gäller inte längre.",
        en: "The suppression of AP-001 (.lagkoll.yaml:9:5) expired on 2026-06-30 and no longer applies."))

    let malmoFindings = [
      finding(
        "AP-010", formulaMessage, file: malmo, line: 41, column: 9, path: "/atgardsplan/atgarder/2",
        outdatedSince: CivilDate(year: 2026, month: 7, day: 1)),
      finding(
        "LB-004", hostileMessage, file: malmo, line: 14, column: 7, path: "/lagesbilder/0/kartlaggning/problem/1"),
      suppressed,
      expired,
      finding(
        "DOK-004", LocalizedText(sv: "Okänt fält \"a\"b<c>&d\".", en: "Unknown field \"a\"b<c>&d\"."),
        file: malmo, line: 3, column: 5, path: "/kommun/a\"b<c>&d~1e"),
      finding(
        "LB-001", LocalizedText(sv: "Dokumentet innehåller ingen lägesbild.", en: "The document holds no lägesbild."),
        file: malmo, line: 1, column: 1, path: ""),
    ]
    let vaxjo = "plans/vaxjo.json"
    let vaxjoFindings = [
      finding(
        "AP-010",
        LocalizedText(
          sv: "Åtgärden \"Trygga skolvägar\" saknar ansvarig.",
          en: "The action \"Trygga skolvägar\" names no one responsible."),
        file: vaxjo, line: 22, column: 11, path: "/atgardsplan/atgarder/0")
    ]
    // A configuration that turned a rule off and lowered another: every format must say so. Its path
    // carries markup and a CI log command, as a file name can.
    var configuration = ConfigurationNotice(file: "konfig/<b>##[error]</b>.lagkoll.yaml")
    configuration.severities = [
      .init(rule: "LB-004", from: .error, to: nil), .init(rule: "AP-010", from: .warning, to: .info),
    ]
    configuration.parameters = [.init(name: "lagesbild.maxAlderManader", value: 18, standard: 24)]
    configuration.suppressions = 1
    return CheckReport(
      asOf: asOf, rulesetVersion: "2026.1-test", failOn: .error,
      files: [
        FileResult(
          path: malmo, format: .xml,
          kommun: KommunInfo(namn: "Malmö <script>alert(1)</script>", kod: "1280", lan: "Skåne län"),
          status: .failed, findings: malmoFindings, readError: nil,
          deadlines: [
            // Passed: a finding already, not among the dates to come.
            deadline(
              "AP-008", ("Planen beslutad under mandatperioden", "The plan decided in the term"), basis: .vagledning,
              severity: .warning, reference: reference("bra-atgardsplan"), file: malmo, line: 30,
              path: "/atgardsplan/beslut/datum", due: "2026-10-14", basedOn: "2022-05-30"),
            deadline(
              "UPP-001",
              ("Åtgärdsplanen följs upp minst vartannat år", "The action plan is followed up every other year"),
              basis: .lag, severity: .error, reference: paragraph6, file: malmo, line: 60,
              path: "/uppfoljningar/0/datum",
              due: "2027-01-15", basedOn: "2025-07-15",
              interval: Deadline.Interval(
                months: 18, source: .kommun, parameter: "uppfoljning.intervallManader", limit: 24)),
          ]),
        FileResult(
          path: "plans/lund.json", format: .json, kommun: KommunInfo(namn: "Lund", kod: "1281", lan: "Skåne län"),
          status: .passed, findings: [], readError: nil,
          deadlines: [
            deadline(
              "SV-003", ("Gällande överenskommelse med polisen", "An agreement with the police in force"),
              basis: .vagledning, severity: .warning, reference: police, file: "plans/lund.json", line: 40,
              path: "/samverkan/overenskommelser", due: "2027-12-31", basedOn: "2025-01-01"),
            deadline(
              "LB-007", ("Lägesbilden uppdateras minst vartannat år", "The lägesbild is updated every other year"),
              basis: .lag, severity: .error, reference: paragraph6, file: "plans/lund.json", line: 12,
              path: "/lagesbilder/0/datum", due: "2027-03-01", basedOn: "2025-03-01",
              interval: Deadline.Interval(months: 24, source: .law, parameter: "lagesbild.maxAlderManader", limit: 24)),
          ]),
        FileResult(
          path: vaxjo, format: .json, kommun: KommunInfo(namn: "Växjö", kod: "0780", lan: nil), status: .passed,
          findings: vaxjoFindings, readError: nil),
        FileResult(
          path: "plans/trasig.xml", format: .xml, kommun: nil, status: .unreadable, findings: [],
          readError: ReadError(
            .malformed, sv: "Elementet <plan> avslutas aldrig (\"]]>\" & annat)\n::error::pwned",
            en: "The element <plan> is never closed (\"]]>\" & more)\n::error::pwned",
            at: SourceLocation(offset: 120, line: 7, column: 12))),
        FileResult(
          path: "plans/package.json", format: .json, kommun: nil, status: .skipped, findings: [],
          readError: ReadError(
            .foreign, sv: "Inte ett plandokument: formatversion saknas.",
            en: "Not a plan document: formatversion is missing.",
            at: nil)),
      ], configuration: configuration)
  }
}
