import ArgumentParser
import BundledRules
import PlanDocument
import RuleEngine
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

/// An option whose values are an enum's cases, spelled as their raw values. ArgumentParser's default
/// `allValueStrings` for such a type maps the cases through the key path
/// `\.rawValue.defaultValueDescription`, and instantiating that generic key path when a command's
/// options are built asks the runtime whether the type is `RawRepresentable`: a scan of every protocol
/// conformance record in the binary (about 6 000), for each enum on every start. Spelling the same
/// values out here asks nothing; help and parsing are unchanged (`defaultValueDescription` of a raw
/// String is the String, so ArgumentParser's `allValueDescriptions` is empty for these types too).
/// (Public because the library's public enums conform, and a witness is as visible as the conformance.)
public protocol CaseArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseArgument {
  public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
  public static var allValueDescriptions: [String: String] { [:] }
  public var defaultValueDescription: String { rawValue }
}

extension Language: CaseArgument {}

extension Severity: CaseArgument {}

/// `--fail-on error|warning|info|never`.
enum FailOn: String, CaseArgument {
  case error, warning, info, never

  var severity: Severity? { Severity(rawValue: rawValue) }
}

extension CivilDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
}

/// What `--lang`, `--rules`, `--as-of` and `--config` ask for, as plain values, and what they load: one
/// home for both ways a command line is read (ArgumentParser's option groups below, and `CheckLane`).
struct CheckingSettings: Equatable, Sendable {
  var lang: Language = .sv
  var rules: String? = nil
  var asOf: CivilDate? = nil
  var config: String? = nil

  /// Loads the rule set, or reports why not and exits with code 2: `--rules DIR`, else `LAGKOLL_RULES`,
  /// else the copy built into the executable. A `rules/` folder in the working folder or beside the
  /// binary is never picked up by itself.
  func loadRuleSet() throws -> RuleSet {
    do {
      let environment = ProcessEnvironment.variable("LAGKOLL_RULES").map { ["LAGKOLL_RULES": $0] } ?? [:]
      return try RuleSetChoice.resolve(rules: rules, environment: environment).load()
    } catch {
      Console.error(error.text(lang))
      throw Status.usage
    }
  }

  /// The as-of date: read once here, at the edge, and passed down; nothing below reads the clock.
  func resolvedAsOf() -> CivilDate {
    if let asOf { return asOf }
    // Sweden's clock rule, not Calendar/TimeZone: those start ICU in every process for one date.
    // A clock outside years 1–9999 is held to the calendar's ends (CivilDate(dayNumber:) saturates).
    return CivilDate.swedishDay(secondsSinceEpoch: time(nil))
  }

  /// The configuration file: `--config`, else the nearest `.lagkoll.yaml` upward from the working
  /// folder, else none.
  func configurationFile() -> String? {
    config
      ?? Configuration.find(
        from: FileManager.default.currentDirectoryPath, home: ProcessEnvironment.variable("HOME"))
  }

  /// The configuration in `file` (`configurationFile()`'s answer), or none. Errors in it exit with code 2.
  func loadConfiguration(_ file: String?, for ruleSet: RuleSet) throws -> Configuration {
    guard let file else { return Configuration() }
    do {
      return try Configuration.load(file: file, ruleSet: ruleSet)
    } catch {
      Console.error(error.text(lang))
      throw Status.usage
    }
  }

  /// The read limits: the configuration's, with a `--max-file-size` given winning; nil when that is out
  /// of range (`makeChecker` says so and exits with code 2).
  func limits(_ configuration: Configuration, maxFileSize: Int?) -> ReadLimits? {
    var limits = configuration.limits
    if let maxFileSize {
      guard ReadLimits.fileSizeRange.contains(maxFileSize) else { return nil }
      limits.maxFileSize = maxFileSize
    }
    return limits
  }

  /// The checker `check`, `review` and `calendar` share: the configuration's parameters, limits,
  /// severity overrides and suppressions, on the as-of date. `configurationFile` is
  /// `configurationFile()`'s answer (asked once: the search upward costs 0.6 M instructions).
  func makeChecker(
    ruleSet: RuleSet, configurationFile: String?, failOn: FailOn, skipForeign: Bool, maxFileSize: Int?
  ) throws -> PlanChecker {
    let configuration = try loadConfiguration(configurationFile, for: ruleSet)
    guard let limits = limits(configuration, maxFileSize: maxFileSize) else {
      let range = ReadLimits.fileSizeRange
      let size = maxFileSize ?? 0  // only a size given can be out of range
      Console.error(
        lang.say(
          sv:
            "--max-file-size \(size) ligger utanför det tillåtna \(range.lowerBound)…\(range.upperBound) byte",
          en: "--max-file-size \(size) is outside the allowed \(range.lowerBound)…\(range.upperBound) bytes"
        ))
      throw Status.usage
    }
    return PlanChecker(
      ruleSet: ruleSet, options: EvaluationOptions(asOf: resolvedAsOf(), parameters: configuration.parameters),
      limits: limits, failOn: failOn.severity, skipForeign: skipForeign, configuration: configuration)
  }
}

/// `--lang` and `--rules`: what every command that reads the rule set takes.
struct RuleSetOptions: ParsableArguments {
  @Option(help: "Språk för meddelanden: sv eller en. (Message language.)")
  var lang: Language = .sv

  @Option(help: "Mapp med regeluppsättning (standard: den inbyggda). (Rule set folder, default the built-in one.)")
  var rules: String?

  func loadRuleSet() throws -> RuleSet { try CheckingSettings(lang: lang, rules: rules).loadRuleSet() }
}

/// `--as-of`: the commands whose answer depends on the day.
struct AsOfOption: ParsableArguments {
  @Option(
    name: .customLong("as-of"),
    help: "Kontrolldag ÅÅÅÅ-MM-DD (standard: i dag i Europe/Stockholm). (As-of date, default today.)")
  var asOf: CivilDate?

  func resolved() -> CivilDate { CheckingSettings(asOf: asOf).resolvedAsOf() }
}

/// Options every checking command (`check`, `review`, `calendar`) shares.
struct CommonOptions: ParsableArguments {
  @OptionGroup var ruleSetOptions: RuleSetOptions
  @OptionGroup var date: AsOfOption

  @Option(help: "Konfigurationsfil (standard: .lagkoll.yaml uppåt från arbetsmappen). (Configuration file.)")
  var config: String?

  var settings: CheckingSettings {
    CheckingSettings(lang: ruleSetOptions.lang, rules: ruleSetOptions.rules, asOf: date.asOf, config: config)
  }

  var lang: Language { ruleSetOptions.lang }

  func loadRuleSet() throws -> RuleSet { try settings.loadRuleSet() }

  func makeChecker(ruleSet: RuleSet, failOn: FailOn, skipForeign: Bool, maxFileSize: Int?) throws -> PlanChecker {
    try settings.makeChecker(
      ruleSet: ruleSet, configurationFile: settings.configurationFile(), failOn: failOn, skipForeign: skipForeign,
      maxFileSize: maxFileSize)
  }
}
