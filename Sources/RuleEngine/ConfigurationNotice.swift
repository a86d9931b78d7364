import PlanDocument

/// Which configuration file a run used and what it changed, for every report to show: a county reviewer
/// must see that a rule was turned off, a severity lowered or an interval shortened, whoever's
/// `.lagkoll.yaml` did it.
public struct ConfigurationNotice: Sendable, Hashable {
  public struct SeverityChange: Sendable, Hashable {
    public var rule: String
    public var from: Severity
    /// nil: the rule is turned off.
    public var to: Severity?
  }

  public struct ParameterChange: Sendable, Hashable {
    public var name: String
    public var value: Int
    /// The rule set's own value, when one rule names it.
    public var standard: Int?
  }

  /// The file as it was found or named.
  public var file: String
  public var severities: [SeverityChange] = []
  public var parameters: [ParameterChange] = []
  public var suppressions = 0
  /// Reading limits that differ from the defaults, by their configuration name.
  public var limits: [LimitChange] = []

  public struct LimitChange: Sendable, Hashable {
    public var name: String
    public var value: Int
  }

  public var changesNothing: Bool { severities.isEmpty && parameters.isEmpty && suppressions == 0 && limits.isEmpty }
}

extension Configuration {
  /// What this configuration changes in `ruleSet`; nil when no configuration file was used.
  public func notice(for ruleSet: RuleSet) -> ConfigurationNotice? {
    guard let file else { return nil }
    var notice = ConfigurationNotice(file: file)
    let rules = Dictionary(ruleSet.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for (id, change) in severities.sorted(by: { $0.key < $1.key }) {
      guard let rule = rules[id] else { continue }
      switch change {
      case .off: notice.severities.append(.init(rule: id, from: rule.severity, to: nil))
      case .severity(let severity) where severity != rule.severity:
        notice.severities.append(.init(rule: id, from: rule.severity, to: severity))
      case .severity: break
      }
    }
    for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
      var standard: Int?
      for rule in ruleSet.rules {
        if let months = rule.interval, months.parameter == name { standard = months.value }
      }
      notice.parameters.append(.init(name: name, value: value, standard: standard))
    }
    notice.suppressions = suppressions.count
    if limits.maxFileSize != ReadLimits.default.maxFileSize {
      notice.limits.append(.init(name: "maxFileSize", value: limits.maxFileSize))
    }
    if limits.maxDepth != ReadLimits.default.maxDepth {
      notice.limits.append(.init(name: "maxDepth", value: limits.maxDepth))
    }
    return notice
  }
}
