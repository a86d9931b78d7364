import RuleEngine

/// The rule set of the package's `rules/` folder, built into the executable by the EmbedRules plugin,
/// so a copied binary needs no `rules/` beside it. `--rules DIR` and `LAGKOLL_RULES` replace it.
public enum BundledRuleSet {
  /// How its files are named in messages: where they come from in the repository.
  public static let label = "rules"

  /// The files as built in: names relative to `rules/`, and their text.
  public static var files: [(name: String, text: String)] { EmbeddedRuleFiles.files }

  /// Loads the built-in rule set. It is checked by the tests, so an error here means a broken build.
  public static func load() throws(RuleSetError) -> RuleSet {
    try RuleSetLoader.load(files: EmbeddedRuleFiles.files, label: label)
  }
}
