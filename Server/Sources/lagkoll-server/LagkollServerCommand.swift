import ArgumentParser

/// `lagkoll-server`: the engine behind a web page and an HTTP API. One file per subcommand.
@main
struct LagkollServerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lagkoll-server",
    abstract: "lagkolls webbtjänst: självkontroll i webbläsaren och ett HTTP-API. (lagkoll's web service.)",
    subcommands: [Serve.self, Users.self, Backup.self, Restore.self, Audit.self],
    defaultSubcommand: nil)
}
