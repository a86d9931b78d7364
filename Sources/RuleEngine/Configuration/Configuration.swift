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

/// A project's `.lagkoll.yaml`: severity overrides per rule, rule parameters, suppressions and limits.
///
/// ```yaml
/// severity:
///   LB-008: info          # or off, to turn a rule off; a statutory rule can only be made stricter
/// parameters:
///   lagesbild.maxAlderManader: 18
/// suppressions:
///   - rule: SV-003
///     file: planer/ange.xml
///     path: /samverkan
///     reason: Överenskommelsen med polisen förhandlas om; klar i juni.
///     expires: 2027-06-30
/// limits:
///   maxFileSize: 67108864
///   maxDepth: 256
/// ```
public struct Configuration: Sendable {
  public enum SeverityOverride: Sendable, Hashable {
    case severity(Severity)
    case off
  }

  public var severities: [String: SeverityOverride] = [:]
  public var parameters: [String: Int] = [:]
  public var suppressions: [Suppression] = []
  public var limits: ReadLimits = .default
  /// The folder the file lies in: suppression file names are relative to it.
  public var folder: String?
  /// The file read, as found or named; nil without one.
  public var file: String?

  public init() {}

  /// The values a parameter may take (months, counts): 1 to 1 200 (a hundred years of months).
  public static let parameterRange = 1...1_200

  /// The name looked for, upward from the working folder.
  public static let fileName = ".lagkoll.yaml"

  /// The nearest `.lagkoll.yaml` in `folder` or a folder above it, up to the repository root (the
  /// folder holding `.git`) or the user's home folder, never above: a file higher up (in `/tmp`, in a
  /// shared folder) belongs to someone else and could silence the tool. When neither lies above
  /// `folder`, only `folder` itself is looked in. Anything at the name counts, even a dangling link or
  /// a pipe: `load` then says what is wrong with it rather than a file further up being used instead.
  public static func find(from folder: String, home: String? = getenv("HOME").map { String(cString: $0) }) -> String? {
    let start = FilePaths.standardized(folder)
    let homes = Set(
      [home, home.map(FilePaths.resolvingLinks)].compactMap { $0 }.map { FilePaths.standardized($0) })
    func exists(_ path: String) -> Bool {
      var info = stat()
      return lstat(path, &info) == 0
    }
    func isBoundary(_ folder: String) -> Bool {
      homes.contains(folder) || exists(FilePaths.appending(".git", to: folder))
    }
    // The folders to look in: from `folder` up to the first boundary, or `folder` alone without one.
    var folders: [String] = []
    var current = start
    var bounded = false
    while true {
      folders.append(current)
      if isBoundary(current) {
        bounded = true
        break
      }
      let parent = FilePaths.parent(current)
      if parent == current { break }
      current = parent
    }
    if !bounded { folders = [start] }
    for candidate in folders.map({ FilePaths.appending(fileName, to: $0) }) where exists(candidate) {
      return candidate
    }
    return nil
  }

  /// Reads and checks a configuration file against the rule set: unknown keys, rules and parameters are
  /// errors with their line and column.
  public static func load(file: String, ruleSet: RuleSet) throws(RuleSetError) -> Configuration {
    try load(text: try RuleSetLoader.readText(file), file: file, ruleSet: ruleSet)
  }

  /// The same from the file's text (the fuzzer's entry point); `file` names it in errors.
  public static func load(text: String, file: String, ruleSet: RuleSet) throws(RuleSetError) -> Configuration {
    let root = try YAMLFields.compose(text, file: file)
    if root.isNull { return Configuration() }
    let top = try root.mapping(allowed: ["severity", "parameters", "suppressions", "limits"])
    var configuration = Configuration()
    configuration.folder = FilePaths.parent(FilePaths.standardized(file))
    configuration.file = file
    if let severity = top["severity"] { try configuration.readSeverities(severity, ruleSet: ruleSet) }
    if let parameters = top["parameters"] { try configuration.readParameters(parameters, ruleSet: ruleSet) }
    for item in try top["suppressions"]?.sequence() ?? [] {
      configuration.suppressions.append(try readSuppression(item, file: file, ruleSet: ruleSet))
    }
    if let limits = top["limits"] { try configuration.readLimits(limits) }
    return configuration
  }

  /// `severity:`: a rule's severity raised, lowered or turned off; never a statutory rule's lowered.
  private mutating func readSeverities(_ severity: YAMLFields, ruleSet: RuleSet) throws(RuleSetError) {
    let ruleIDs = Set(ruleSet.rules.map(\.id))
    let mapping = try severity.mapping(allowed: ruleIDs)
    for (id, _, value) in mapping.entries {
      let override: SeverityOverride = try value.choice([
        "error": .severity(.error), "warning": .severity(.warning), "info": .severity(.info), "off": .off,
      ])
      // A statutory rule may be made stricter, never weaker or silent: otherwise a repository could make
      // a plan with a legal error 'ready' by configuration. A suppression (reason, expiry, still listed)
      // is the way to accept a statutory finding for a while.
      if let rule = ruleSet.rule(id), rule.basis == .lag {
        let weaker: Bool
        switch override {
        case .off: weaker = true
        case .severity(let severity): weaker = severity < rule.severity
        }
        if weaker {
          throw value.error(
            "\(id) är ett lagkrav och kan inte sänkas eller stängas av; ett undantag (suppressions) med skäl och slutdatum visas som undantaget",
            "\(id) is a legal requirement and cannot be lowered or turned off; a suppression with a reason and an expiry date is listed as suppressed"
          )
        }
      }
      severities[id] = override
    }
  }

  /// `parameters:`: the rule set's intervals, never looser than the law's.
  private mutating func readParameters(_ section: YAMLFields, ruleSet: RuleSet) throws(RuleSetError) {
    let ceilings = ruleSet.parameterCeilings
    let mapping = try section.mapping(allowed: ruleSet.parameterNames)
    for (name, _, value) in mapping.entries {
      let number = try value.int(in: Configuration.parameterRange)
      // A statutory interval may be made stricter (a kommun that renews yearly), never looser: no
      // repository can silence the law by a parameter.
      if let ceiling = ceilings[name], number > ceiling {
        throw value.error(
          "\(name) får vara högst \(ceiling) månader: det är lagens krav, som en inställning kan skärpa men inte lätta på",
          "\(name) may be at most \(ceiling) months: that is the law's requirement, which a setting may make stricter but never looser"
        )
      }
      parameters[name] = number
    }
  }

  /// One item of `suppressions:`.
  private static func readSuppression(_ item: YAMLFields, file: String, ruleSet: RuleSet) throws(RuleSetError)
    -> Suppression
  {
    let fields = try item.mapping(allowed: ["rule", "file", "path", "reason", "expires"])
    let ruleField = try fields.required("rule")
    let rule = try ruleField.string()
    guard ruleSet.rule(rule) != nil else {
      throw ruleField.error(
        "okänd regel \"\(rule)\" (se lagkoll rules)", "unknown rule \"\(rule)\" (see lagkoll rules)")
    }
    let reasonField = try fields.required("reason")
    let reason = try reasonField.string()
    if reason.trimmingWhiteSpace().isEmpty {
      throw reasonField.error("ett undantag måste ha ett skäl", "a suppression must give a reason")
    }
    var path: String?
    if let pathField = fields["path"] {
      let text = try pathField.string()
      guard JSONPointer(parsing: text) != nil else {
        throw pathField.error(
          "\"\(text)\" är ingen JSON-pekare (t.ex. /samverkan)", "\"\(text)\" is not a JSON Pointer (e.g. /samverkan)"
        )
      }
      path = text
    }
    let expires = try fields["expires"]?.date()
    // A statutory finding may be accepted for a while, never for good (DOMAIN.md).
    if expires == nil, ruleSet.rule(rule)?.basis == .lag {
      throw item.error(
        "ett undantag från lagkravet i \(rule) måste ha ett slutdatum (expires)",
        "a suppression of the statutory rule \(rule) must have an expiry date (expires)")
    }
    return Suppression(
      rule: rule, file: try fields["file"]?.string(), path: path, reason: reason, expires: expires,
      source: "\(file):\(item.line)")
  }

  /// `limits:`: the readers' limits for this repository's plans.
  private mutating func readLimits(_ limits: YAMLFields) throws(RuleSetError) {
    let fields = try limits.mapping(allowed: ["maxFileSize", "maxDepth"])
    if let size = fields["maxFileSize"] {
      self.limits.maxFileSize = try size.int(in: ReadLimits.fileSizeRange)
    }
    if let depth = fields["maxDepth"] { self.limits.maxDepth = try depth.int(in: ReadLimits.depthRange) }
  }

  /// Applies severity overrides and suppressions to one file's findings. A suppression past its expiry
  /// no longer applies, and is itself reported so that it is renewed or removed.
  public func apply(to findings: [Finding], file: String, asOf: CivilDate) -> [Finding] {
    var result: [Finding] = []
    var expiredReported: Set<String> = []
    for var finding in findings {
      switch severities[finding.ruleId] {
      case .off?: continue
      case .severity(let severity)?: finding.severity = severity
      case nil: break
      }
      for suppression in suppressions where covers(suppression, finding, file: file) {
        if let expires = suppression.expires, expires < asOf {
          if expiredReported.insert(suppression.source).inserted {
            // A notice of its own kind at the finding's place: it cites the configuration, not
            // the rule the suppression was for, and does not make the plan outdated.
            let notice = ConfigurationFinding.expired(suppression, expires: expires, at: finding.location)
            result.append(notice)
          }
        } else {
          finding.suppression = suppression
          break
        }
      }
      result.append(finding)
    }
    return result
  }

  private func covers(_ suppression: Suppression, _ finding: Finding, file: String) -> Bool {
    guard suppression.rule == finding.ruleId else { return false }
    if let path = suppression.path {
      let found = finding.location.path.description
      guard found == path || found.hasPrefix(path + "/") || path == "/" || path.isEmpty else { return false }
    }
    if let wanted = suppression.file {
      let wantedPath = FilePaths.standardized(wanted, workingDirectory: folder ?? FilePaths.workingDirectory())
      let filePath = FilePaths.standardized(file)
      guard wantedPath == filePath else { return false }
    }
    return true
  }
}

extension RuleSet {
  /// The names of every parameter the rules let a configuration override.
  public var parameterNames: Set<String> {
    Set(rules.compactMap { $0.interval?.parameter })
  }

  /// For each parameter that sets a statutory interval, the largest value a configuration may give it.
  public var parameterCeilings: [String: Int] {
    var result: [String: Int] = [:]
    for rule in rules {
      guard let interval = rule.interval, let name = interval.parameter, let ceiling = interval.ceiling else {
        continue
      }
      result[name] = min(result[name] ?? ceiling, ceiling)
    }
    return result
  }
}

extension Rule {
  /// The interval of a rule whose check has one (`date` with `plusMonths`), which a configuration may set.
  public var interval: NumberParameter? {
    check.interval
  }
}
