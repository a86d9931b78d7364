import Dispatch
import PlanDocument
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A municipality as SCB lists it.
public struct Municipality: Sendable, Hashable, Codable {
  public var code: String
  public var name: String
  public var countyCode: String
  public var county: String
}

/// The whole rule set: the reference catalogue, the obligations, Sweden's municipalities and the rules.
public struct RuleSet: Sendable, Encodable {
  public var version: String
  public var references: [String: Citation]
  /// In the order of the obligations file, which follows DOMAIN.md.
  public var obligations: [Obligation]
  public var municipalities: [String: Municipality]
  /// In the order they are written: file by file (files sorted by name), rule by rule.
  public var rules: [Rule]

  public func obligation(_ id: String) -> Obligation? {
    obligations.first { $0.id == id }
  }

  public func rule(_ id: String) -> Rule? {
    rules.first { $0.id == id }
  }

  /// The rules in force on `date`.
  public func rules(on date: CivilDate) -> [Rule] {
    // Room for all of them at once: `filter` grows its array by doubling, seven copies of a hundred
    // rules, each copy on fresh pages (page faults are most of a short run's cost).
    var inForce: [Rule] = []
    inForce.reserveCapacity(rules.count)
    for rule in rules where rule.applies(on: date) { inForce.append(rule) }
    return inForce
  }
}

/// Reads a rule set from a folder:
///
/// ```
/// regeluppsattning.yaml   version of the rule set
/// referenser.yaml         the statute catalogue and the guidance sources
/// skyldigheter.yaml       the obligations (ids from DOMAIN.md)
/// kommuner.tsv            SCB's municipality codes, names and counties
/// regler/*.yaml           the rules, one file per area
/// ```
public enum RuleSetLoader {
  public static func load(from folder: String) throws(RuleSetError) -> RuleSet {
    try load(.folder(folder))
  }

  /// Reads a rule set from files held in memory (the copy built into the executable): names relative to
  /// the rule set's folder ("regler/lagesbild.yaml"), as `label/name` in messages.
  public static func load(files: [(name: String, text: String)], label: String) throws(RuleSetError) -> RuleSet {
    try load(
      .memory(label: label, files: Dictionary(files.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })))
  }

  /// Where the files of a rule set come from.
  enum Source: Sendable {
    case folder(String)
    case memory(label: String, files: [String: String])

    /// The name of a file in messages.
    func path(_ name: String) -> String {
      switch self {
      case .folder(let folder): URL(fileURLWithPath: folder).appendingPathComponent(name).path
      case .memory(let label, _): label + "/" + name
      }
    }

    func text(_ name: String) throws(RuleSetError) -> String {
      switch self {
      case .folder: return try readText(path(name))
      case .memory(_, let files):
        guard let text = files[name] else {
          throw RuleSetError(
            file: path(name), line: 1, column: 1,
            message: LocalizedText(sv: "filen saknas eller kan inte läsas", en: "the file is missing or cannot be read")
          )
        }
        return text
      }
    }

    /// The rule files under regler/, sorted by name, relative to the rule set's folder.
    func ruleFiles() -> Result<[String], RuleSetError> {
      let isRuleFile = { (name: String) in name.hasSuffix(".yaml") || name.hasSuffix(".yml") }
      switch self {
      case .folder:
        do {
          return .success(
            try FileManager.default.contentsOfDirectory(atPath: path("regler")).filter(isRuleFile).sorted().map {
              "regler/" + $0
            })
        } catch {
          return .failure(
            RuleSetError(
              file: path("regler"), line: 1, column: 1,
              message: LocalizedText(sv: "mappen med regler kan inte läsas", en: "the rules folder cannot be read")))
        }
      case .memory(_, let files):
        return .success(
          files.keys.filter { $0.hasPrefix("regler/") && !$0.dropFirst(7).contains("/") && isRuleFile($0) }.sorted())
      }
    }
  }

  static func load(_ source: Source) throws(RuleSetError) -> RuleSet {
    let listing = source.ruleFiles()
    let ruleFiles = (try? listing.get()) ?? []

    // Reading and composing the YAML (libyaml) is most of the cost of starting: every file is composed at
    // once, on all cores. Errors are still met in the order the files are used below, as if one by one.
    let composed = inParallel(["regeluppsattning.yaml", "referenser.yaml", "skyldigheter.yaml"] + ruleFiles) {
      name throws(RuleSetError) in try YAMLFields.compose(try source.text(name), file: source.path(name))
    }

    let versionFields = try composed[0].get().mapping(allowed: ["version", "beskrivning"])
    let version = try versionFields.required("version").string()

    let references = try loadReferences(try composed[1].get())
    let obligations = try loadObligations(try composed[2].get(), references: references)
    let municipalities = try loadMunicipalities(try source.text("kommuner.tsv"), file: source.path("kommuner.tsv"))
    _ = try listing.get()

    let obligationsByID = Dictionary(obligations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let perFile = inParallel(Array(composed.dropFirst(3))) { result throws(RuleSetError) -> [Rule] in
      try RuleSetLoader.rules(of: try result.get(), obligations: obligationsByID, references: references)
    }
    var rules: [Rule] = []
    for file in perFile { rules += try file.get() }
    return RuleSet(
      version: version, references: references, obligations: obligations, municipalities: municipalities,
      rules: rules)
  }

  /// The rules of one rule file's text, against the statute catalogue and obligations of `ruleSet` (the
  /// fuzzer's entry point: what `load` does for each file under regler/).
  public static func parseRules(text: String, file: String, in ruleSet: RuleSet) throws(RuleSetError) -> [Rule] {
    let obligations = Dictionary(ruleSet.obligations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    return try rules(
      of: try YAMLFields.compose(text, file: file), obligations: obligations, references: ruleSet.references)
  }

  /// The rules of one composed rule file.
  static func rules(
    of file: YAMLFields, obligations: [String: Obligation], references: [String: Citation]
  ) throws(RuleSetError) -> [Rule] {
    let top = try file.mapping(allowed: ["omrade", "rules"])
    var rules: [Rule] = []
    for item in try top.required("rules").sequence() {
      rules.append(try RuleParser.parse(item, obligations: obligations, references: references))
    }
    return rules
  }

  /// `transform` of each input, on all cores, in the inputs' order.
  static func inParallel<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], _ transform: @Sendable (Input) throws(RuleSetError) -> Output
  ) -> [Result<Output, RuleSetError>] {
    let results = UnsafeMutableBufferPointer<Result<Output, RuleSetError>?>.allocate(capacity: inputs.count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    nonisolated(unsafe) let output = results
    DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
      output[index] = Result { () throws(RuleSetError) in try transform(inputs[index]) }  // one writer per index
    }
    return results.map { $0! }
  }

  /// The text of a rule-set or configuration file, refused when it is over `YAMLLimits.maxFileSize`
  /// (read one byte past the limit, so an enormous file is never read whole) or not UTF-8.
  /// Reads a rule or configuration file through the plan reader's guarded open: non-blocking and
  /// checked with fstat, so a FIFO or a device named `.lagkoll.yaml` (or lying in a rule folder) is
  /// refused at once instead of being waited on or read without end.
  static func readText(_ path: String) throws(RuleSetError) -> String {
    let bytes: [UInt8]
    do {
      bytes = try DocumentReader.readBytes(path: path, limits: ReadLimits(maxFileSize: YAMLLimits.maxFileSize))
    } catch {
      let message =
        error.kind == .limit
        ? LocalizedText(
          sv: "filen är större än gränsen \(YAMLLimits.maxFileSize) byte för regel- och konfigurationsfiler",
          en: "the file is larger than the limit of \(YAMLLimits.maxFileSize) bytes for rule and configuration files")
        : error.message
      throw RuleSetError(file: path, line: 1, column: 1, message: message)
    }
    let data = Data(bytes)
    guard let text = String(data: data, encoding: .utf8) else {
      throw RuleSetError(
        file: path, line: 1, column: 1, message: LocalizedText(sv: "filen är inte UTF-8", en: "the file is not UTF-8"))
    }
    return text
  }

  static func loadReferences(_ root: YAMLFields) throws(RuleSetError) -> [String: Citation] {
    let top = try root.mapping(allowed: ["lagrum", "vagledning"])
    var result: [String: Citation] = [:]
    func add(_ reference: Citation, at fields: YAMLFields) throws(RuleSetError) {
      if result[reference.id] != nil {
        throw fields.error(
          "referensen \"\(reference.id)\" finns redan", "the reference \"\(reference.id)\" already exists")
      }
      result[reference.id] = reference
    }
    for item in try top["lagrum"]?.sequence() ?? [] {
      let fields = try item.mapping(allowed: [
        "id", "sfs", "paragraf", "punkt", "verifierad", "kalla", "andradGenom", "url", "rubrik", "text", "not",
        "sammanfattning", "giltigFran", "giltigTill",
      ])
      let verifiedField = try fields.required("verifierad")
      let verified = try verifiedField.bool()
      let verifiedAgainst = try fields["kalla"]?.string()
      // A paragraph is only "verified" against a named source: the flag alone proves nothing.
      if verified, verifiedAgainst == nil {
        throw verifiedField.error(
          "ett verifierat lagrum anger sin källa (kalla)", "a verified paragraph names its source (kalla)")
      }
      var reference = Citation(
        id: try fields.required("id").string(), kind: .statute, sfs: try fields.required("sfs").string(),
        paragraf: try fields["paragraf"]?.string(), punkt: try fields["punkt"]?.string(),
        verified: verified, url: try fields["url"]?.string(), source: nil,
        title: try fields.required("rubrik").localized(), summary: try fields.required("sammanfattning").localized(),
        validFrom: try fields["giltigFran"]?.date(), validTo: try fields["giltigTill"]?.date())
      reference.text = try fields["text"]?.string()
      reference.verifiedAgainst = verifiedAgainst
      reference.amendedBy = try fields["andradGenom"]?.string()
      try add(reference, at: item)
    }
    for item in try top["vagledning"]?.sequence() ?? [] {
      let fields = try item.mapping(allowed: ["id", "kalla", "url", "rubrik", "sammanfattning"])
      let reference = Citation(
        id: try fields.required("id").string(), kind: .guidance, sfs: nil, paragraf: nil, punkt: nil,
        verified: false, url: try fields["url"]?.string(), source: try fields.required("kalla").string(),
        title: try fields.required("rubrik").localized(), summary: try fields.required("sammanfattning").localized(),
        validFrom: nil, validTo: nil)
      try add(reference, at: item)
    }
    return result
  }

  static func loadObligations(_ root: YAMLFields, references: [String: Citation]) throws(RuleSetError) -> [Obligation] {
    let top = try root.mapping(allowed: ["skyldigheter"])
    var result: [Obligation] = []
    var seen: Set<String> = []
    for item in try top.required("skyldigheter").sequence() {
      let fields = try item.mapping(allowed: [
        "id", "grund", "allvarlighet", "rubrik", "beskrivning", "referenser", "roller",
      ])
      let id = try fields.required("id").string()
      guard seen.insert(id).inserted else {
        throw item.error("skyldigheten \"\(id)\" finns redan", "the obligation \"\(id)\" already exists")
      }
      let basis: Basis = try fields.required("grund").choice([
        "lag": .lag, "vägledning": .vagledning, "dokument": .dokument,
      ])
      let referencesField = try fields.required("referenser")
      let ids = try referencesField.strings()
      for reference in ids where references[reference] == nil {
        throw referencesField.error(
          "okänd referens \"\(reference)\" (finns inte i referenser.yaml)",
          "unknown reference \"\(reference)\" (not in referenser.yaml)")
      }
      if ids.isEmpty {
        throw referencesField.error("minst en referens behövs", "at least one reference is needed")
      }
      // Duties to strive ("verka för", "i den utsträckning som det är lämpligt") are statutory but
      // weaker than the basis's default, and the obligations file says so.
      let severity: Severity =
        try fields["allvarlighet"]?.choice(["error": .error, "warning": .warning, "info": .info])
        ?? basis.defaultSeverity
      var roles: [ObligationRole] = []
      if let rolesField = fields["roller"] {
        for name in try rolesField.strings() {
          guard let role = ObligationRole(rawValue: name) else {
            let known = ObligationRole.allCases.map(\.rawValue).joined(separator: ", ")
            throw rolesField.error(
              "okänd roll \"\(name)\" (kända: \(known))", "unknown role \"\(name)\" (known: \(known))")
          }
          roles.append(role)
        }
      }
      result.append(
        Obligation(
          id: id, basis: basis, defaultSeverity: severity, title: try fields.required("rubrik").localized(),
          description: try fields.required("beskrivning").localized(), references: ids, roles: roles))
    }
    return result
  }

  static func loadMunicipalities(_ text: String, file: String) throws(RuleSetError) -> [String: Municipality] {
    var result: [String: Municipality] = [:]
    // Split as bytes: splitting a String by Character costs grapheme breaking on every byte.
    let utf8 = Array(text.utf8)
    for (index, bytes) in utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
      var line = bytes[...]
      if line.last == 0x0D { line = line.dropLast() }  // CR LF
      if index == 0 || line.isEmpty { continue }  // the header
      let cells = line.split(separator: 0x09, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
      }
      guard cells.count == 4, cells[0].count == 4 else {
        throw RuleSetError(
          file: file, line: index + 1, column: 1,
          message: LocalizedText(
            sv: "raden ska ha fyra tabbseparerade fält: kod, namn, länskod, län",
            en: "the row must have four tab-separated fields: code, name, county code, county"))
      }
      result[cells[0]] = Municipality(code: cells[0], name: cells[1], countyCode: cells[2], county: cells[3])
    }
    return result
  }
}
