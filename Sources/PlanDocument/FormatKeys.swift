extension PlanFormat {
  /// The names of the format's fields that Swift code reads by name (the rule engine's built-in checks:
  /// the municipality, ranges, a finding's label). Everything else is named by the rules, as data. Each
  /// is a field of the format (`RuleLanguageTests.formatKeysAreFieldsOfTheFormat`), so a renamed field cannot leave a check reading nothing.
  public enum Key {
    public static let id = "id"
    public static let kommun = "kommun"
    public static let kod = "kod"
    public static let namn = "namn"
    public static let lan = "lan"
    public static let fran = "fran"
    public static let till = "till"
    public static let rubrik = "rubrik"
    public static let titel = "titel"

    /// The fields that name a thing in a message, in order of preference (`{label}`).
    public static let labels = [rubrik, namn, titel, id]
    /// Every key above.
    public static let all = [id, kommun, kod, namn, lan, fran, till, rubrik, titel]
  }
}
