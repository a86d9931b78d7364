import Foundation
import PackagePlugin

/// Builds the package's `rules/` folder into the target that uses this plugin, as generated Swift
/// source, so a copied `lagkoll` binary carries its rule set. Every file under `rules/` is an input of
/// the build command: editing a rule file rebuilds the embedded copy with no extra step.
@main
struct EmbedRules: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let rules = context.package.directoryURL.appendingPathComponent("rules")
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedRuleFiles.swift")
    var inputs: [URL] = []
    if let walker = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: [.isRegularFileKey]) {
      for case let url as URL in walker
      where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        inputs.append(url)
      }
    }
    return [
      .buildCommand(
        displayName: "Embedding the rule set from rules/",
        executable: try context.tool(named: "embed-rules").url,
        arguments: [rules.path, output.path],
        inputFiles: inputs.sorted { $0.path < $1.path },
        outputFiles: [output])
    ]
  }
}
