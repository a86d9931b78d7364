import PlanDocument
import RuleEngine

/// The rule set of the package's `rules/` folder, built into the executable by the EmbedRules plugin,
/// so a copied binary needs no `rules/` beside it. `--rules DIR` and `LAGKOLL_RULES` replace it.
public enum BundledRuleSet {
  /// How its files are named in messages: where they come from in the repository.
  public static let label = "rules"

  /// The files as built in: names relative to `rules/`, and their text.
  public static var files: [(name: String, text: String)] { EmbeddedRuleFiles.files }

  /// The built-in rule set. It was loaded from `files` when the executable was built (a rule set that
  /// does not load stops the build) and stored in `CompactRuleSet`'s form, so a start reads it instead of
  /// parsing YAML. The tests prove it equals `loadFromFiles()`.
  public static func load() throws(RuleSetError) -> RuleSet {
    do {
      return try CompactRuleSet.decode(EmbeddedRuleFiles.preparsed)
    } catch {
      throw RuleSetError(
        file: label, line: 1, column: 1,
        message: LocalizedText(
          sv: "den inbyggda regeluppsättningen kan inte läsas (byte \(error.offset))",
          en: "the built-in rule set cannot be read (byte \(error.offset))"))
    }
  }

  /// The built-in rule set parsed from its YAML text, as `--rules rules/` would read it.
  public static func loadFromFiles() throws(RuleSetError) -> RuleSet {
    try RuleSetLoader.load(files: EmbeddedRuleFiles.files, label: label)
  }
}

/// Which rule set a command uses, for `lagkoll` and `lagkoll-server` alike: `--rules DIR`, else the
/// `LAGKOLL_RULES` environment variable (when not empty), else the rule set built into the executable.
/// A `rules/` folder in the working folder or beside the binary is never picked up by itself.
public enum RuleSetChoice: Equatable, Sendable {
  case folder(String)
  case bundled

  /// The choice from the option and the environment, both read by the caller at its edge.
  public static func resolve(rules: String?, environment: [String: String]) -> RuleSetChoice {
    if let rules { return .folder(rules) }
    if let fromEnvironment = environment["LAGKOLL_RULES"], !fromEnvironment.isEmpty { return .folder(fromEnvironment) }
    return .bundled
  }

  public func load() throws(RuleSetError) -> RuleSet {
    switch self {
    case .folder(let folder): try RuleSetLoader.load(from: folder)
    case .bundled: try BundledRuleSet.load()
    }
  }
}
