import PlanDocument
import RuleEngine

extension Words {
  /// The configuration's effect as one line for every format: "Konfiguration .lagkoll.yaml: LB-006
  /// avstängd; AP-010 fel → info; lagesbild.maxAlderManader 18 (regelns värde 24); 2 undantag".
  static func configuration(_ notice: ConfigurationNotice, _ language: Language) -> String {
    let changes = configurationChanges(notice, language)
    return language.say(sv: "Konfiguration \(notice.file): ", en: "Configuration \(notice.file): ")
      + (changes.isEmpty ? language.say(sv: "ändrar inget", en: "changes nothing") : changes.joined(separator: "; "))
  }

  /// Each change on its own, for formats that list them (JSON, SARIF).
  static func configurationChanges(_ notice: ConfigurationNotice, _ language: Language) -> [String] {
    var changes: [String] = []
    for change in notice.severities {
      if let to = change.to {
        let lowered = to < change.from
        changes.append(
          "\(change.rule) \(severity(change.from, language)) → \(severity(to, language))"
            + (lowered ? language.say(sv: " (sänkt)", en: " (lowered)") : language.say(sv: " (höjd)", en: " (raised)")))
      } else {
        changes.append(language.say(sv: "\(change.rule) avstängd", en: "\(change.rule) turned off"))
      }
    }
    for change in notice.parameters {
      let standard =
        change.standard.map {
          language.say(
            sv: " (regelns värde \($0))",
            en: " (the rule's value \($0))")
        } ?? ""
      changes.append("\(change.name) \(change.value)\(standard)")
    }
    if notice.suppressions > 0 {
      changes.append(
        language.say(
          sv: "\(notice.suppressions) undantag",
          en: "\(notice.suppressions) suppression\(notice.suppressions == 1 ? "" : "s")"))
    }
    for limit in notice.limits { changes.append("limits.\(limit.name) \(limit.value)") }
    return changes
  }
}
