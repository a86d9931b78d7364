import PlanDocument
import RuleEngine
import Store

/// A role as an operator names it: `samordnare` with a kommun code, `granskare` with a county code or
/// the whole country, or `admin`. One reading for `lagkoll-server users add` and the admin page.
public enum RoleChoice {
  public struct Invalid: Error, Sendable, CustomStringConvertible {
    public var message: LocalizedText
    public var description: String { "\(message.sv) (\(message.en))" }
  }

  public static func role(
    name: String, kommun: String?, lan: String?, riket: Bool, ruleSet: RuleSet
  ) throws -> Role {
    switch (name, kommun, lan, riket) {
    case ("samordnare", let kod?, nil, false):
      guard ruleSet.municipalities[kod] != nil else {
        throw Invalid(
          message: LocalizedText(
            sv: "okänd kommunkod \(kod)", en: "unknown municipality code \(kod); SCB's four digits"))
      }
      return .samordnare(kommun: kod)
    case ("granskare", nil, let kod?, false):
      guard let county = ruleSet.county(matching: kod) else {
        throw Invalid(message: LocalizedText(sv: "okänd länskod \(kod)", en: "unknown county code \(kod)"))
      }
      return .granskare(lan: county.code)
    case ("granskare", nil, nil, true): return .granskare(lan: nil)
    case ("admin", nil, nil, false): return .admin
    default:
      throw Invalid(
        message: LocalizedText(
          sv: "ange samordnare med kommunkod, granskare med länskod, granskare för riket eller admin",
          en:
            "give samordnare with a municipality code, granskare with a county code, granskare for the country, or admin"
        ))
    }
  }
}
