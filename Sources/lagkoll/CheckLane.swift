import PlanDocument
import RuleEngine

/// The plain `check`: `lagkoll check FILE… [--format F] [--output O] …`, as pre-commit hooks, CI and the
/// benchmarks call it, read here without ArgumentParser.
///
/// Why: ArgumentParser builds every command's argument sets by reflection (`Mirror`, dynamic casts)
/// before it looks at a word, and each first question it asks the Swift runtime walks every protocol
/// conformance record in the binary. That is about 3 ms of a typical check's start, more than reading
/// the plan (docs/engine.md, "Start-up, third round").
///
/// The lane takes only what it can read without doubt: `check` first, each known option once, written
/// `--name value` with a value that does not start with `-` and converts as ArgumentParser converts it,
/// the two flags once, and at least one path that does not start with `-`. Anything else (`--help`,
/// `--name=value`, `--`, `-` for standard input, an unknown or repeated option, a bad value, no path)
/// returns nil and goes to ArgumentParser, which runs it or words the error as it always has. A request
/// the lane does return equals ArgumentParser's (`CheckLaneTests` compares them over a table).
enum CheckLane {
  static func request(_ arguments: [String]) -> CheckRequest? {
    guard arguments.first == "check" else { return nil }
    var request = CheckRequest()
    var seen: Set<String> = []
    var index = 1
    while index < arguments.count {
      let word = arguments[index]
      index += 1
      guard word.hasPrefix("-") else {
        if word.isEmpty { return nil }
        request.paths.append(word)
        continue
      }
      guard seen.insert(word).inserted else { return nil }
      switch word {
      case "--skip-foreign": request.skipForeign = true
      case "--quiet": request.quiet = true
      default:
        guard index < arguments.count, !arguments[index].isEmpty, !arguments[index].hasPrefix("-") else {
          return nil
        }
        let value = arguments[index]
        index += 1
        switch word {
        case "--lang":
          guard let lang = Language(rawValue: value) else { return nil }
          request.settings.lang = lang
        case "--rules": request.settings.rules = value
        case "--as-of":
          guard let asOf = CivilDate(value) else { return nil }
          request.settings.asOf = asOf
        case "--config": request.settings.config = value
        case "--format":
          guard let format = CheckFormat(rawValue: value) else { return nil }
          request.format = format
        case "--output": request.output = value
        case "--fail-on":
          guard let failOn = FailOn(rawValue: value) else { return nil }
          request.failOn = failOn
        case "--max-file-size":
          guard let size = Int(value) else { return nil }
          request.maxFileSize = size
        default: return nil
        }
      }
    }
    return request.paths.isEmpty ? nil : request
  }
}
