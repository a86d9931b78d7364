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

/// Findings about the kommun's own configuration (`.lagkoll.yaml`), not about the plan: a kind of their
/// own, with their own basis (`konfiguration`) and their own source (the place in the configuration
/// file). They never cite the law or guidance, since the plan broke neither, and they make no
/// obligation of the review matrix look better or worse.
public enum ConfigurationFinding {
  /// What a configuration finding names where a plan's finding names its obligation.
  public static let obligation = "konfiguration"

  /// A suppression past its expiry: it no longer applies, and says so until it is renewed or removed.
  public static let expiredSuppression = "KONFIG-001"

  /// What a kind of configuration finding is, as a rule is described: for reporters that describe
  /// the rules (SARIF).
  public struct Kind: Sendable {
    public var title: LocalizedText
    public var description: LocalizedText
  }

  public static let kinds: [String: Kind] = [
    expiredSuppression: Kind(
      title: LocalizedText(
        sv: "Ett undantag i konfigurationen har gått ut", en: "A suppression in the configuration has expired"),
      description: LocalizedText(
        sv:
          "Ett undantag (suppressions) i kommunens .lagkoll.yaml har passerat sitt slutdatum (expires) och gäller inte längre: förnya det med ett nytt skäl eller ta bort det. Ett besked om konfigurationen, inte om planen.",
        en:
          "A suppression in the municipality's .lagkoll.yaml is past its expiry date (expires) and no longer applies: renew it with a new reason or remove it. A notice about the configuration, not about the plan."
      ))
  ]

  /// The notice that `suppression` expired on `expires`, placed on the finding it no longer covers.
  static func expired(_ suppression: Suppression, expires: CivilDate, at location: FindingLocation) -> Finding {
    Finding(
      ruleId: expiredSuppression, obligation: obligation, basis: .konfiguration, severity: .warning,
      message: LocalizedText(
        sv:
          "Undantaget för \(suppression.rule) (\(suppression.source)) gick ut \(expires) och gäller inte längre: förnya det med ett nytt skäl eller ta bort det.",
        en:
          "The suppression of \(suppression.rule) (\(suppression.source)) expired on \(expires) and no longer applies: renew it with a new reason or remove it."
      ),
      reference: .configuration(suppression.source), location: location)
  }
}

extension Citation {
  /// What a configuration finding cites: the place in the kommun's configuration file.
  public static func configuration(_ source: String) -> Citation {
    Citation(
      id: "konfiguration", kind: .configuration, sfs: nil, paragraf: nil, punkt: nil, verified: false, url: nil,
      source: source,
      title: LocalizedText(sv: "Kommunens konfiguration", en: "The municipality's configuration"),
      summary: LocalizedText(
        sv: "Kommunens egen konfiguration av lagkoll (.lagkoll.yaml), inte ett krav i lag eller vägledning.",
        en: "The municipality's own configuration of lagkoll (.lagkoll.yaml), not a requirement of law or guidance."),
      validFrom: nil, validTo: nil)
  }
}
