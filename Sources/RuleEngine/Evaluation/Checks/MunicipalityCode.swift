import PlanDocument

/// The municipality code is one of Sweden's and agrees with the name (and county, when given).
struct MunicipalityCode: CheckKind {
  static let name = "kommun"
  static let documentation = LocalizedText(
    sv: "Kommunkoden är en av Sveriges 290 (kommuner.tsv) och stämmer med namnet och, när det anges, länet.",
    en:
      "The municipality code is one of Sweden's 290 (kommuner.tsv) and agrees with the name and, when given, the county."
  )
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: kommun"
  static let examples: [CheckKindExample] = [
    .valid(#"{"kommun": {"namn": "Malmö stad", "kod": "1280", "lan": "Skåne län"}}"#),
    .invalid(#"{"kommun": {"namn": "Lund", "kod": "1280"}}"#, at: ["/kommun/namn"]),
    .invalid(#"{"kommun": {"namn": "Lund", "kod": "1281", "lan": "Hallands län"}}"#, at: ["/kommun/lan"]),
    .invalid(#"{"kommun": {"namn": "Lund", "kod": "9999"}}"#, at: ["/kommun/kod"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    guard let kommun = selected.node[PlanFormat.Name.kommun] else { return }
    let kommunMatch = Match(parent: selected, key: PlanFormat.Name.kommun, node: kommun)
    guard let codeNode = kommun[PlanFormat.Name.kod], let code = codeNode.string else { return }
    let codeMatch = Match(parent: kommunMatch, key: PlanFormat.Name.kod, node: codeNode)
    guard let municipality = run.ruleSet.municipalities[code] else {
      report(
        CheckFinding(
          at: codeMatch,
          values: [
            .detail: LocalizedText(
              sv: "koden \"\(code)\" är inte en av Sveriges 290 kommunkoder",
              en: "the code \"\(code)\" is not one of Sweden's 290 municipality codes")
          ]))
      return
    }
    if let nameNode = kommun[PlanFormat.Name.namn], let name = nameNode.string, !Self.sameName(name, municipality.name)
    {
      report(
        CheckFinding(
          at: Match(parent: kommunMatch, key: PlanFormat.Name.namn, node: nameNode),
          values: [
            .detail: LocalizedText(
              sv: "kod \(code) är \(municipality.name), inte \"\(name)\"",
              en: "code \(code) is \(municipality.name), not \"\(name)\"")
          ]))
    }
    if let countyNode = kommun[PlanFormat.Name.lan], let county = countyNode.string,
      !Self.sameName(county, municipality.county)
    {
      report(
        CheckFinding(
          at: Match(parent: kommunMatch, key: PlanFormat.Name.lan, node: countyNode),
          values: [
            .detail: LocalizedText(
              sv: "\(municipality.name) ligger i \(municipality.county), inte \"\(county)\"",
              en: "\(municipality.name) is in \(municipality.county), not \"\(county)\"")
          ]))
    }
  }

  /// Names agree regardless of case and a trailing " kommun" ("Malmö kommun" is Malmö).
  static func sameName(_ written: String, _ official: String) -> Bool {
    var text = written.trimmingWhiteSpace(newlines: false).lowercased()
    for suffix in [" kommun", " stad"] where text.hasSuffix(suffix) {
      text = String(text.dropLast(suffix.count))
    }
    return text == official.lowercased()
  }
}
