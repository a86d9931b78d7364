import ArgumentParser

@main
struct Lagkoll: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "lagkoll")
}
