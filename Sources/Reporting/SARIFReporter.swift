import PlanDocument
import RuleEngine

/// SARIF 2.1.0 for code scanning: every rule in force with its help and reference, the statute's
/// paragraphs and points as a taxonomy (guidance as a second one), one result per finding with the file
/// position and the JSON Pointer as a logical location, suppressed findings marked as such, and files that
/// could not be read as tool execution notifications.
public struct SARIFReporter: Reporter {
  public var language: Language
  public var ruleSet: RuleSet

  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
  /// The base that relative artifact URIs resolve against: the root of the checked-out repository.
  public static let sourceRoot = "%SRCROOT%"
  /// The name of the guidance taxonomy, next to one taxonomy per statute ("SFS 2023:196").
  public static let guidanceTaxonomy = "Vägledning"

  public init(language: Language, ruleSet: RuleSet) {
    self.language = language
    self.ruleSet = ruleSet
  }

  public func render(_ report: CheckReport) -> String {
    let taxonomies = Taxonomies(ruleSet, language)

    var rules = ruleSet.rules(on: report.asOf).map { RuleDescription($0, ruleSet) }
    // A finding whose rule is not in force or not in the rule set (an expired suppression is reported
    // as KONFIG-001) still gets a descriptor, so every result resolves.
    var known = Set(rules.map(\.id))
    for finding in report.files.flatMap(\.findings) where known.insert(finding.ruleId).inserted {
      rules.append(RuleDescription(finding, ruleSet))
    }
    let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

    let artifactIndex = Dictionary(
      report.files.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
    let artifacts: [JSONValue] = report.files.map { file in
      var members: [(String, JSONValue)] = [("location", artifactLocation(file.path, index: nil))]
      members.append(("roles", .array([.string("analysisTarget")])))
      if file.format == .docx {
        // Not text: no source language, and its results have no regions (see `result`).
        members.append(("mimeType", .string(SARIFReporter.wordMediaType)))
      } else if let format = file.format {
        members.append(("sourceLanguage", .string(format.rawValue)))
      }
      return .object(members)
    }

    var results: [JSONValue] = []
    for file in report.files {
      for finding in file.findings.sorted(by: Finding.documentOrder) {
        results.append(
          result(finding, ruleIndex: ruleIndex[finding.ruleId], artifactIndex: artifactIndex, taxonomies: taxonomies))
      }
    }

    var driver: [(String, JSONValue)] = [
      ("name", .string(ToolInfo.name)),
      ("version", .string(ToolInfo.version)),
      ("semanticVersion", .string(ToolInfo.version)),
      ("language", .string(language.rawValue)),
      ("rules", .array(rules.map { $0.json(language, taxonomies) })),
    ]
    if !taxonomies.components.isEmpty {
      driver.append(
        (
          "supportedTaxonomies",
          .array(
            taxonomies.components.enumerated().map { index, component in
              .object([("name", .string(component.name)), ("index", .int(index))])
            })
        ))
    }

    var run: [(String, JSONValue)] = [("tool", .object([("driver", .object(driver))]))]
    run.append(("invocations", .array([invocation(report)])))
    run.append(("language", .string(language.rawValue)))
    run.append(("artifacts", .array(artifacts)))
    run.append(("results", .array(results)))
    run.append(("columnKind", .string("unicodeCodePoints")))
    if !taxonomies.components.isEmpty {
      run.append(("taxonomies", .array(taxonomies.components.map { $0.json(language) })))
    }
    var properties: [(String, JSONValue)] = [
      ("asOf", .string(report.asOf.description)),
      ("rulesetVersion", .string(report.rulesetVersion)),
    ]
    properties.append(("failOn", report.failOn.map { .string($0.rawValue) } ?? .null))
    run.append(("properties", .object(properties)))

    let root: JSONValue = .object([
      ("$schema", .string(SARIFReporter.schemaURI)),
      ("version", .string("2.1.0")),
      ("runs", .array([.object(run)])),
    ])
    return root.serialized() + "\n"
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  private func result(
    _ finding: Finding, ruleIndex: Int?, artifactIndex: [String: Int], taxonomies: Taxonomies
  ) -> JSONValue {
    var members: [(String, JSONValue)] = [("ruleId", .string(finding.ruleId))]
    if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
    members.append(("level", .string(SARIFReporter.level(finding.severity))))
    members.append(("message", .object([("text", .string(finding.message.text(language)))])))

    let region: JSONValue = .object([
      ("startLine", .int(max(1, finding.location.line))),
      ("startColumn", .int(max(1, finding.location.column))),
    ])
    // A Word document is not a text artifact: no region (its lines would be word/document.xml's); its
    // place is a second logical location, the document's part › table › row › column.
    let physical: JSONValue = .object(
      [("artifactLocation", artifactLocation(finding.location.file, index: artifactIndex[finding.location.file]))]
        + (finding.location.word == nil ? [("region", region)] : []))
    var logical: [(String, JSONValue)] = []
    if let last = finding.location.path.components.last {
      switch last {
      case .key(let key): logical.append(("name", .string(key)))
      case .index(let index): logical.append(("name", .string(String(index))))
      }
    }
    logical.append(("fullyQualifiedName", .string(finding.location.path.description)))
    logical.append(("kind", .string(SARIFReporter.logicalKind(finding.location.path))))
    members.append(
      (
        "locations",
        .array([
          .object([
            ("physicalLocation", physical),
            ("logicalLocations", .array([.object(logical)] + wordLogicalLocation(finding.location, language))),
          ])
        ])
      ))

    if let taxon = taxonomies.reference(finding.reference.id) {
      members.append(("taxa", .array([taxon])))
    }
    if let suppression = finding.suppression {
      var suppressionMembers: [(String, JSONValue)] = [
        ("kind", .string("external")),
        ("status", .string("accepted")),
        ("justification", .string(suppression.reason)),
      ]
      var extra: [(String, JSONValue)] = [("source", .string(suppression.source))]
      if let expires = suppression.expires { extra.append(("expires", .string(expires.description))) }
      suppressionMembers.append(("properties", .object(extra)))
      members.append(("suppressions", .array([.object(suppressionMembers)])))
    }

    var properties: [(String, JSONValue)] = [
      ("obligation", .string(finding.obligation)),
      ("basis", .string(finding.basis.rawValue)),
      ("reference", .string(finding.reference.citation(language))),
      ("referenceVerified", .bool(finding.reference.verified)),
    ]
    if let date = finding.outdatedSince { properties.append(("outdatedSince", .string(date.description))) }
    members.append(("properties", .object(properties)))
    return .object(members)
  }

  /// The SARIF kind of the node a pointer reaches: the document itself, a named member, or a list item.
  static func logicalKind(_ pointer: JSONPointer) -> String {
    switch pointer.components.last {
    case nil: "object"
    case .key?: "property"
    case .index?: "value"
    }
  }

  static let wordMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

  /// The Word place of a finding in a .docx as a logical location: named by its column or row label
  /// (else its table or part), qualified by the whole place.
  func wordLogicalLocation(_ location: FindingLocation, _ language: Language) -> [JSONValue] {
    guard let word = location.word else { return [] }
    let name = word.column ?? word.field ?? word.table ?? word.section
    return [
      .object([
        ("name", .string(name)),
        ("fullyQualifiedName", .string(word.textWithParagraph(language))),
        ("kind", .string("element")),
      ])
    ]
  }

  /// A relative path becomes a URI reference against `%SRCROOT%`, an absolute one a `file:` URI.
  func artifactLocation(_ path: String, index: Int?) -> JSONValue {
    var members: [(String, JSONValue)] = []
    if path.hasPrefix("/") {
      members.append(("uri", .string("file://" + Escape.uriPath(path))))
    } else {
      var relative = Substring(path)
      while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
      members.append(("uri", .string(Escape.uriPath(String(relative)))))
      members.append(("uriBaseId", .string(SARIFReporter.sourceRoot)))
    }
    if let index { members.append(("index", .int(index))) }
    return .object(members)
  }

  private func invocation(_ report: CheckReport) -> JSONValue {
    var notifications: [JSONValue] = []
    for file in report.files {
      guard let error = file.readError else { continue }
      var physical: [(String, JSONValue)] = [("artifactLocation", artifactLocation(file.path, index: nil))]
      if let location = error.location {
        physical.append(
          (
            "region",
            .object([
              ("startLine", .int(max(1, location.line))),
              ("startColumn", .int(max(1, location.column))),
            ])
          ))
      }
      notifications.append(
        .object([
          ("locations", .array([.object([("physicalLocation", .object(physical))])])),
          ("message", .object([("text", .string(error.message.text(language)))])),
          ("level", .string(file.status == .skipped ? "note" : "error")),
          ("properties", .object([("status", .string(file.status.rawValue)), ("kind", .string(error.kind.rawValue))])),
        ]))
    }
    var members: [(String, JSONValue)] = [("executionSuccessful", .bool(!report.hasUnreadable))]
    if !notifications.isEmpty { members.append(("toolExecutionNotifications", .array(notifications))) }
    if let notice = report.configuration {
      // What the configuration changed, as SARIF's configuration notifications (one summary, then each change).
      let texts = [Words.configuration(notice, language)] + Words.configurationChanges(notice, language)
      members.append(
        (
          "toolConfigurationNotifications",
          .array(texts.map { .object([("message", .object([("text", .string($0))])), ("level", .string("note"))]) })
        ))
    }
    return .object(members)
  }
}

/// One `reportingDescriptor` of `tool.driver.rules`.
private struct RuleDescription {
  var id: String
  var obligation: String
  var basis: Basis
  var severity: Severity
  var title: LocalizedText?
  /// What the rule is, for one that no obligation describes (a configuration finding's kind).
  var description: LocalizedText?
  var reference: Citation?
  var ruleSet: RuleSet

  init(_ rule: Rule, _ ruleSet: RuleSet) {
    id = rule.id
    obligation = rule.obligation
    basis = rule.basis
    severity = rule.severity
    title = rule.title
    reference = ruleSet.references[rule.reference]
    self.ruleSet = ruleSet
  }

  init(_ finding: Finding, _ ruleSet: RuleSet) {
    id = finding.ruleId
    obligation = finding.obligation
    basis = finding.basis
    severity = finding.severity
    title = ruleSet.rule(finding.ruleId)?.title
    reference = finding.reference
    // A configuration finding's kind is described by itself; the place one finding cites in the
    // configuration file is that result's, not the descriptor's.
    if finding.basis == .konfiguration, let kind = ConfigurationFinding.kinds[finding.ruleId] {
      title = kind.title
      description = kind.description
      reference = nil
    }
    self.ruleSet = ruleSet
  }

  func json(_ language: Language, _ taxonomies: Taxonomies) -> JSONValue {
    let duty = ruleSet.obligation(obligation)
    var members: [(String, JSONValue)] = [("id", .string(id)), ("name", .string(obligation))]
    let short = title?.text(language) ?? duty?.title.text(language) ?? obligation
    members.append(("shortDescription", .object([("text", .string(short))])))
    if let full = duty?.description ?? description {
      members.append(("fullDescription", .object([("text", .string(full.text(language)))])))
    }
    members.append(
      (
        "help",
        .object([("text", .string(helpText(language, duty))), ("markdown", .string(helpMarkdown(language, duty)))])
      ))
    // The source's web address, else the rule's entry in the rule catalogue: every rule has one. A
    // configuration finding's help is the README's section on `.lagkoll.yaml`.
    let catalogue = basis == .konfiguration ? ToolInfo.configurationHelp : "\(ToolInfo.ruleCatalogue)#\(id)"
    members.append(("helpUri", .string(reference?.url ?? catalogue)))
    members.append(("defaultConfiguration", .object([("level", .string(SARIFReporter.level(severity)))])))

    // The cited reference first, then the obligation's other sources.
    var referenceIDs: [String] = reference.map { [$0.id] } ?? []
    for other in duty?.references ?? [] where !referenceIDs.contains(other) { referenceIDs.append(other) }
    let relationships = referenceIDs.compactMap { taxonomies.reference($0) }.map { target -> JSONValue in
      .object([("target", target), ("kinds", .array([.string("relevant")]))])
    }
    if !relationships.isEmpty { members.append(("relationships", .array(relationships))) }

    var properties: [(String, JSONValue)] = [
      ("obligation", .string(obligation)),
      ("basis", .string(basis.rawValue)),
    ]
    if let reference {
      properties.append(("reference", .string(reference.id)))
      properties.append(("referenceVerified", .bool(reference.verified)))
    }
    // SARIF's tags are unique: a configuration finding's obligation is its basis.
    let tags = basis.rawValue == obligation ? [basis.rawValue] : [basis.rawValue, obligation]
    properties.append(("tags", .array(tags.map(JSONValue.string))))
    members.append(("properties", .object(properties)))
    return .object(members)
  }

  private func helpText(_ language: Language, _ duty: Obligation?) -> String {
    var lines: [String] = []
    if let duty { lines.append("\(duty.title.text(language)): \(duty.description.text(language))") }
    if duty == nil, let title, let description {
      lines.append("\(title.text(language)): \(description.text(language))")
    }
    if let reference {
      lines.append("\(reference.citation(language)): \(reference.summary.text(language))")
      if reference.kind == .statute {
        lines.append(
          language.say(sv: "Hänvisningen är ", en: "The reference is ") + Words.verified(reference.verified, language)
            + ".")
      }
      if let url = reference.url { lines.append(url) }
    }
    lines.append(language.say(sv: "Grund: ", en: "Basis: ") + Words.basis(basis, language) + ".")
    return lines.joined(separator: "\n\n")
  }

  private func helpMarkdown(_ language: Language, _ duty: Obligation?) -> String {
    var lines: [String] = []
    if let duty {
      lines.append(
        "**\(Escape.markdown(duty.title.text(language)))**: \(Escape.markdown(duty.description.text(language)))")
    }
    if duty == nil, let title, let description {
      lines.append("**\(Escape.markdown(title.text(language)))**: \(Escape.markdown(description.text(language)))")
    }
    if let reference {
      var citation = Escape.markdown(reference.citation(language))
      if let url = reference.url { citation = "[\(citation)](\(Escape.markdownURL(url)))" }
      lines.append("\(citation): \(Escape.markdown(reference.summary.text(language)))")
      if reference.kind == .statute {
        lines.append(
          language.say(sv: "Hänvisningen är ", en: "The reference is ")
            + "*\(Words.verified(reference.verified, language))*.")
      }
    }
    lines.append(language.say(sv: "Grund: ", en: "Basis: ") + Escape.markdown(Words.basis(basis, language)) + ".")
    return lines.joined(separator: "\n\n")
  }
}

/// The reference catalogue as SARIF taxonomies: one per statute, its paragraphs and points in order,
/// and one for guidance.
private struct Taxonomies {
  struct Component {
    var name: String
    var fullName: String?
    var informationUri: String?
    var references: [Citation]
    var isStatute: Bool

    func json(_ language: Language) -> JSONValue {
      var members: [(String, JSONValue)] = [("name", .string(name))]
      if let fullName { members.append(("fullName", .string(fullName))) }
      if let informationUri { members.append(("informationUri", .string(informationUri))) }
      members.append(("language", .string(language.rawValue)))
      members.append(("isComprehensive", .bool(false)))
      let description =
        isStatute
        ? language.say(
          sv:
            "Lagens paragrafer och punkter. Varje taxon har lagtexten ordagrant, följd av en sammanfattning med egna ord.",
          en:
            "The act's paragraphs and points. Each taxon holds the law's text verbatim (Swedish), then a summary in our own words."
        )
        : language.say(
          sv: "Nationell vägledning som reglerna bygger på. Vägledning är inte lagkrav.",
          en: "National guidance the rules build on. Guidance is not a legal requirement.")
      members.append(("shortDescription", .object([("text", .string(description))])))
      members.append(("taxa", .array(references.map { taxon($0, language) })))
      return .object(members)
    }

    private func taxon(_ reference: Citation, _ language: Language) -> JSONValue {
      var members: [(String, JSONValue)] = [("id", .string(reference.id))]
      members.append(("name", .string(reference.citation(language))))
      members.append(("shortDescription", .object([("text", .string(reference.title.text(language)))])))
      // For a paragraph of law: its own words (Swedish, verbatim), then the summary in our words.
      var full = reference.summary.text(language)
      if let text = reference.text {
        full = text + "\n\n" + language.say(sv: "Sammanfattning: ", en: "Summary: ") + full
      }
      members.append(("fullDescription", .object([("text", .string(full))])))
      if let url = reference.url { members.append(("helpUri", .string(url))) }
      var properties: [(String, JSONValue)] = []
      switch reference.kind {
      case .statute:
        if let sfs = reference.sfs { properties.append(("sfs", .string(sfs))) }
        if let paragraf = reference.paragraf { properties.append(("paragraf", .string(paragraf))) }
        if let punkt = reference.punkt { properties.append(("punkt", .string(punkt))) }
        properties.append(("verified", .bool(reference.verified)))
        if let source = reference.verifiedAgainst { properties.append(("verifiedAgainst", .string(source))) }
        if let amendedBy = reference.amendedBy { properties.append(("amendedBy", .string("SFS \(amendedBy)"))) }
        if let date = reference.validFrom { properties.append(("validFrom", .string(date.description))) }
        if let date = reference.validTo { properties.append(("validTo", .string(date.description))) }
      case .guidance, .configuration:
        if let source = reference.source { properties.append(("source", .string(source))) }
        properties.append(("verified", .bool(reference.verified)))
      }
      members.append(("properties", .object(properties)))
      return .object(members)
    }
  }

  var components: [Component] = []
  private var place: [String: (taxonomy: Int, index: Int)] = [:]

  init(_ ruleSet: RuleSet, _ language: Language) {
    let all = Array(ruleSet.references.values)
    let statutes = Dictionary(grouping: all.filter { $0.kind == .statute }, by: { $0.sfs ?? "" })
    // SFS 2023:196 first: the law this tool is about; then any other statute by number.
    let numbers = statutes.keys.sorted { ($0 == "2023:196" ? 0 : 1, $0) < ($1 == "2023:196" ? 0 : 1, $1) }
    for number in numbers {
      let references = statutes[number]!.sorted(by: Taxonomies.statuteOrder)
      let urls = Set(references.compactMap(\.url))
      components.append(
        Component(
          name: number.isEmpty ? "SFS" : "SFS \(number)",
          fullName: number == "2023:196"
            ? language.say(
              sv: "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete",
              en: "Act (2023:196) on municipalities' responsibility for crime prevention")
            : nil,
          informationUri: urls.count == 1 ? urls.first : nil, references: references, isStatute: true))
    }
    let guidance = all.filter { $0.kind == .guidance }.sorted { $0.id < $1.id }
    if !guidance.isEmpty {
      components.append(
        Component(
          name: SARIFReporter.guidanceTaxonomy, fullName: nil, informationUri: nil, references: guidance,
          isStatute: false))
    }
    for (taxonomy, component) in components.enumerated() {
      for (index, reference) in component.references.enumerated() {
        place[reference.id] = (taxonomy, index)
      }
    }
  }

  /// A `reportingDescriptorReference` to the taxon of a catalogue reference.
  func reference(_ id: String) -> JSONValue? {
    guard let (taxonomy, index) = place[id] else { return nil }
    return .object([
      ("id", .string(id)),
      ("index", .int(index)),
      ("toolComponent", .object([("name", .string(components[taxonomy].name)), ("index", .int(taxonomy))])),
    ])
  }

  /// 1 §, 2 §, 4 §, 4 § 1 p., …, then the named provisions (övergångsbestämmelser).
  static func statuteOrder(_ a: Citation, _ b: Citation) -> Bool {
    func key(_ reference: Citation) -> (Int, String, Int, String) {
      let paragraf = reference.paragraf ?? ""
      let number = Int(paragraf) ?? Int.max
      let punkt = reference.punkt.flatMap { Int($0) } ?? (reference.punkt == nil ? 0 : Int.max)
      return (number, paragraf, punkt, reference.id)
    }
    return key(a) < key(b)
  }
}
