import Foundation

/// Finds the bundled rule set (for `lagkoll` and `lagkoll-server`): `LAGKOLL_RULES`, else a `rules/` folder beside or above the executable
/// (the package root when run with `swift run`), else `../share/lagkoll/rules` of an installed binary.
public enum RuleSetLocator {
  public static func bundled() -> String? {
    if let fromEnvironment = ProcessInfo.processInfo.environment["LAGKOLL_RULES"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    let installed = folder.deletingLastPathComponent().appendingPathComponent("share/lagkoll/rules")
    for _ in 0..<8 {
      let candidate = folder.appendingPathComponent("rules")
      if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("regeluppsattning.yaml").path) {
        return candidate.path
      }
      folder = folder.deletingLastPathComponent()
    }
    if FileManager.default.fileExists(atPath: installed.appendingPathComponent("regeluppsattning.yaml").path) {
      return installed.path
    }
    return nil
  }
}
