import ArgumentParser
import PlanDocument
import Reporting
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every command names itself (`commandName`): ArgumentParser otherwise derives the name from
/// `String(describing: Self.self)` for every subcommand on every start, and printing a metatype asks the
/// runtime about three protocol conformances, each a scan of every conformance record in the process
/// (docs/engine.md, "Start-up").
@main
struct Lagkoll: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lagkoll",
    abstract:
      "Kontrollerar kommuners brottsförebyggande planer mot SFS 2023:196. (Checks municipal crime-prevention plans against SFS 2023:196.)",
    version: ToolInfo.version,
    subcommands: [
      Check.self, CalendarCommand.self, Review.self, Convert.self, Dump.self, Rules.self, Explain.self, Init.self,
      Schema.self,
    ],
    defaultSubcommand: nil
  )

  /// Runs the command and exits with PRODUCT.md's codes: 0 clean, 1 findings, 2 usage, configuration
  /// or rule-set error, 3 unreadable input. (ArgumentParser's own usage code is 64.)
  static func main() {
    // A closed standard output (`lagkoll check … | head -1`) is a write error to report, not a signal
    // that kills the process; an interrupted --output leaves no temporary file behind.
    signal(SIGPIPE, SIG_IGN)
    // Past a file-size limit (ulimit -f) a write fails with EFBIG, reported like a full disk, rather than
    // the signal killing the process with the temporary file in place.
    signal(SIGXFSZ, SIG_IGN)
    AtomicFile.installInterruptCleanup()
    do {
      if let request = CheckLane.request(Array(CommandLine.arguments.dropFirst())) {
        try request.run()
      } else {
        var command = try parseAsRoot()
        try command.run()
      }
    } catch let exit as ExitCode {
      exitProcess(exit.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        // --help and --version print to standard output and succeed.
        do { try Console.write(fullMessage(for: error) + "\n", to: STDOUT_FILENO) } catch {
          exitProcess(Status.usage.rawValue)
        }
        exitProcess(0)
      }
      let language = UsageErrors.language(Array(CommandLine.arguments.dropFirst()))
      try? Console.write(UsageErrors.message(fullMessage(for: error), language) + "\n", to: STDERR_FILENO)
      exitProcess(Status.usage.rawValue)
    }
  }
}

/// exit(3): inside a `ParsableCommand`, `exit` names ArgumentParser's `exit(withError:)`.
private func exitProcess(_ code: Int32) -> Never {
  exit(code)
}

/// The exit codes of PRODUCT.md.
enum Status {
  static let clean = ExitCode(0)
  static let findings = ExitCode(1)
  static let usage = ExitCode(2)
  static let unreadable = ExitCode(3)
}
