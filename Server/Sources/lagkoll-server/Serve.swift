import ArgumentParser
import BundledRules
import Foundation
import Hummingbird
import LagkollServer
import Logging
import PlanDocument
import RuleEngine
import ServiceLifecycle

/// `lagkoll-server serve`: every setting is a flag, and each flag has an environment variable
/// (`LAGKOLL_HOST`, `LAGKOLL_PORT`, …) for containers and service managers; a flag given wins.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Starta webbtjänsten. (Start the web service.)",
    discussion: """
      Varje flagga kan också ges som miljövariabel: LAGKOLL_HOST, LAGKOLL_PORT, LAGKOLL_RULES, \
      LAGKOLL_MAX_BODY_SIZE, LAGKOLL_IDLE_TIMEOUT, LAGKOLL_BODY_TIMEOUT, LAGKOLL_MAX_CONNECTIONS, \
      LAGKOLL_CONTACT, LAGKOLL_LOG_LEVEL, LAGKOLL_LOG_FORMAT, LAGKOLL_TRUSTED_PROXY (kommaseparerad), \
      LAGKOLL_SHUTDOWN_GRACE, LAGKOLL_METRICS_PORT. En flagga vinner över miljön. (Every flag can also be \
      given as an environment variable; a flag wins over the environment.) SIGTERM och SIGINT: inga nya \
      anslutningar tas emot, pågående förfrågningar får avslutas inom --shutdown-grace sekunder. \
      (SIGTERM: no new connections; requests in flight finish within the grace period.)
      """)

  @OptionGroup var database: DatabaseOption

  @Option(help: "Adress att lyssna på (standard 127.0.0.1). (Address to listen on.)")
  var host: String?

  @Option(help: "Port (standard 8080; 0 låter systemet välja). (Port; 0 lets the system choose.)")
  var port: Int?

  @Option(help: "Mapp med regeluppsättning (standard: den inbyggda). (Rule set folder; default the built-in one.)")
  var rules: String?

  @Option(name: .customLong("max-body-size"), help: "Största plan i byte (standard 16 MiB). (Largest plan, bytes.)")
  var maxBodySize: Int?

  @Option(name: .customLong("idle-timeout"), help: "Sekunder innan en tyst anslutning stängs (30). (Idle seconds.)")
  var idleTimeout: Int?

  @Option(
    name: .customLong("body-timeout"), help: "Sekunder en plan får ta att komma fram (60). (Seconds to receive a body.)"
  )
  var bodyTimeout: Int?

  @Option(
    name: .customLong("max-connections"), help: "Flest öppna anslutningar samtidigt (4096). (Most open connections.)")
  var maxConnections: Int?

  @Flag(
    name: .customLong("secure-cookies"),
    help: "Sätt Secure på kakorna (när tjänsten bara nås via TLS). (Secure cookies, behind TLS.)")
  var secureCookies = false

  @Option(
    help: "E-post eller webbadress för synpunkter på tillgängligheten. (Contact for accessibility problems.)")
  var contact: String?

  @Option(
    name: .customLong("trusted-proxy"),
    help: ArgumentHelp(
      "En proxy vars X-Forwarded-For/-Proto litas på: IP-adress eller CIDR; kan upprepas. (A trusted proxy.)",
      valueName: "address"))
  var trustedProxy: [String] = []

  @Option(
    name: .customLong("metrics-port"),
    help: "Port för /metrics på 127.0.0.1 utan inloggning (annars bara för admins nycklar). (Loopback metrics port.)")
  var metricsPort: Int?

  @Option(
    name: .customLong("shutdown-grace"),
    help: "Sekunder som SIGTERM väntar på pågående förfrågningar (30). (Seconds SIGTERM waits for requests.)")
  var shutdownGrace: Int?

  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical (info).")
  var logLevel: String?

  @Option(name: .customLong("log-format"), help: "text eller json (text). (Log line format.)")
  var logFormat: String?

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let level = try Logger.Level(parsing: setting(logLevel, "LAGKOLL_LOG_LEVEL", environment) ?? "info")
    let json = try LogFormat(parsing: setting(logFormat, "LAGKOLL_LOG_FORMAT", environment) ?? "text") == .json
    LoggingSystem.bootstrap { label in
      var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardOutput(label: label)
      handler.logLevel = level
      return handler
    }
    var logger = Logger(label: "lagkoll-server")
    logger.logLevel = level
    let settings = try serviceSettings(environment)

    // As `lagkoll` does: --rules, else LAGKOLL_RULES, else the rule set built into the executable.
    let ruleSet: RuleSet
    do throws(RuleSetError) {
      ruleSet = try RuleSetChoice.resolve(rules: rules, environment: environment).load()
    } catch {
      logger.critical("regeluppsättningen kan inte läsas (the rule set cannot be read): \(error.text(.sv))")
      throw ExitCode(2)
    }
    raiseOpenFileLimit(logger: logger)
    // Created and migrated before the server listens: a database that cannot be written stops the
    // start with a clear message, rather than the first submission.
    let store = try await database.open()
    for file in store.narrowed {
      logger.warning(
        "database file was readable by others; narrowed to 0600",
        metadata: ["file": .string(file.path), "mode": .string(String(file.mode, radix: 8))])
    }

    let service = CheckService(ruleSet: ruleSet, maxDocumentSize: settings.maxBodySize, metrics: ServiceMetrics())
    let startLogger = logger
    let accounts = AccountSettings(database: store, secureCookies: secureCookies, now: settings.now)
    let app = LagkollApplication.make(settings: settings, service: service, accounts: accounts, logger: logger) {
      host, port in
      let logger = startLogger
      logger.notice(
        "listening",
        metadata: [
          "url": .string("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"),
          "ruleset": .string(ruleSet.version), "database": .string(store.path),
          "maxBodySize": .stringConvertible(settings.maxBodySize),
        ])
    }
    // SIGTERM (systemd's stop) and SIGINT: the server stops accepting, requests in flight (a
    // submission above all) finish, then the store closes; past the grace period, what is left is
    // cancelled, and an acknowledged submission is on disk before its answer is sent anyway.
    var services: [any Service] = [app]
    if metricsPort != nil || setting(nil, "LAGKOLL_METRICS_PORT", environment) != nil {
      let metricsPort = try number(metricsPort, "LAGKOLL_METRICS_PORT", environment, default: 0, minimum: 0)
      services.append(
        LagkollApplication.metricsListener(port: metricsPort, service: service, accounts: accounts, logger: logger) {
          host, port in
          startLogger.notice("metrics listening", metadata: ["url": .string("http://\(host):\(port)/metrics")])
        })
    }
    var group = ServiceGroupConfiguration(
      services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    group.maximumGracefulShutdownDuration = settings.shutdownGrace
    group.maximumCancellationDuration = .seconds(5)
    do {
      try await ServiceGroup(configuration: group).run()
    } catch {
      await store.close()
      throw error
    }
    await store.close()
    logger.notice("stopped")
  }

  /// A flag, else its environment variable (an empty one counts as unset).
  func setting(_ flag: String?, _ name: String, _ environment: [String: String]) -> String? {
    flag ?? environment[name].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// A whole-number flag or environment variable, at least `minimum`.
  func number(
    _ flag: Int?, _ name: String, _ environment: [String: String], default value: Int, minimum: Int
  ) throws -> Int {
    guard let text = flag.map(String.init) ?? setting(nil, name, environment) else { return value }
    guard let number = Int(text), number >= minimum else {
      throw ValidationError("\(name): \"\(text)\" ska vara ett heltal ≥ \(minimum) (must be an integer ≥ \(minimum))")
    }
    return number
  }

  /// The service's settings from the flags and, for those not given, the environment.
  func serviceSettings(_ environment: [String: String]) throws -> ServiceSettings {
    func number(_ flag: Int?, _ name: String, default value: Int, minimum: Int) throws -> Int {
      try self.number(flag, name, environment, default: value, minimum: minimum)
    }
    return ServiceSettings(
      host: setting(host, "LAGKOLL_HOST", environment) ?? "127.0.0.1",
      port: try number(port, "LAGKOLL_PORT", default: 8080, minimum: 0),
      maxBodySize: try number(maxBodySize, "LAGKOLL_MAX_BODY_SIZE", default: 16 << 20, minimum: 1),
      idleTimeout: .seconds(try number(idleTimeout, "LAGKOLL_IDLE_TIMEOUT", default: 30, minimum: 1)),
      bodyTimeout: .seconds(try number(bodyTimeout, "LAGKOLL_BODY_TIMEOUT", default: 60, minimum: 1)),
      maxConnections: try number(maxConnections, "LAGKOLL_MAX_CONNECTIONS", default: 4096, minimum: 1),
      contact: setting(contact, "LAGKOLL_CONTACT", environment),
      trustedProxies: try trustedProxies(environment),
      behindTLS: secureCookies,
      shutdownGrace: .seconds(try number(shutdownGrace, "LAGKOLL_SHUTDOWN_GRACE", default: 30, minimum: 1)),
      // The server's edge reads the clock; everything below is given the time.
      now: { Date() })
  }

  /// `--trusted-proxy`, repeated, else LAGKOLL_TRUSTED_PROXY separated by commas.
  func trustedProxies(_ environment: [String: String]) throws -> TrustedProxies {
    let entries =
      trustedProxy.isEmpty
      ? (environment["LAGKOLL_TRUSTED_PROXY"] ?? "").split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { !$0.isEmpty } : trustedProxy
    do {
      return try TrustedProxies(parsing: entries)
    } catch let invalid as TrustedProxies.Invalid {
      throw ValidationError(invalid.description)
    }
  }

  /// Idle connections each hold a file descriptor: raise the soft limit to the hard one, so that a
  /// thousand idle clients do not starve the others of descriptors.
  func raiseOpenFileLimit(logger: Logger) {
    var limit = rlimit()
    guard getrlimit(openFilesLimit, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    if setrlimit(openFilesLimit, &limit) != 0 {
      logger.warning("could not raise the open file limit")
    }
  }
}

#if canImport(Glibc)
  import Glibc
  private let openFilesLimit = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
  private let openFilesLimit = RLIMIT_NOFILE
#endif

enum LogFormat: String {
  case text, json

  init(parsing text: String) throws {
    guard let format = LogFormat(rawValue: text) else {
      throw ValidationError("log format \"\(text)\": text or json")
    }
    self = format
  }
}

extension Logger.Level {
  init(parsing text: String) throws {
    guard let level = Logger.Level(rawValue: text.lowercased()) else {
      throw ValidationError("log level \"\(text)\": trace, debug, info, notice, warning, error or critical")
    }
    self = level
  }
}
