import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PlanDocument
import Reporting
import RuleEngine

/// What every request carries through the server. Its own type, so that accounts (the next part of the
/// server) can add the signed-in user here.
public struct ServerContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The connection, to close it after refusing a body that is still being sent.
  let channel: any Channel
  /// The client's address and whether it used TLS: the connection's, until TransportMiddleware has
  /// read what a trusted proxy says.
  var client: ClientOrigin

  public init(source: ApplicationRequestContextSource) {
    self.coreContext = .init(source: source)
    self.channel = source.channel
    self.client = ClientOrigin(
      address: source.channel.remoteAddress?.ipAddress.map(TrustedProxies.canonical) ?? "unknown", secure: false)
  }

  /// Closes the connection after `delay`: after a refused body (413, 408) the client may go on
  /// sending, and HTTP/1.1 would read and discard all of it. A client that reads the answer stops
  /// and closes long before; the delay must be long, because closing while the client's bytes are
  /// still arriving resets the connection, and a reset can destroy the answer before it is read.
  func closeConnection(after delay: Duration) {
    let channel = self.channel
    channel.eventLoop.scheduleTask(in: TimeAmount(delay)) { channel.close(promise: nil) }
  }
}

/// Builds the web application: the routes of PRODUCT.md's "The service" that need no account.
public enum LagkollApplication {
  /// The application, ready to `runService()`. `onListening` is told the address it listens on (the
  /// port the system chose when `settings.port` is 0).
  public static func make(
    settings: ServiceSettings, service: CheckService, accounts: AccountSettings? = nil, logger: Logger,
    onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
  ) -> some ApplicationProtocol {
    Application(
      router: router(settings: settings, service: service, accounts: accounts),
      server: .http1(configuration: .init(idleTimeout: TimeAmount(settings.idleTimeout))),
      configuration: ApplicationConfiguration(
        address: .hostname(settings.host, port: settings.port), serverName: nil, backlog: 1024,
        availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections)),
      onServerRunning: { channel in
        await onListening(channel.localAddress?.ipAddress ?? settings.host, channel.localAddress?.port ?? settings.port)
      },
      logger: logger)
  }

  /// The separate listener of `--metrics-port`: `/metrics` alone, on loopback only, for a Prometheus on
  /// the same machine; no token is needed because nobody else can reach it.
  public static func metricsListener(
    port: Int, service: CheckService, accounts: AccountSettings?, logger: Logger,
    onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
  ) -> some ApplicationProtocol {
    let router = Router(context: ServerContext.self)
    router.addRoutes(MetricsRoutes(metrics: service.metrics, accounts: accounts, open: true).endpoints)
    return Application(
      router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
      configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
      onServerRunning: { channel in await onListening("127.0.0.1", channel.localAddress?.port ?? port) },
      logger: logger)
  }

  /// The routes, for the application and for tests that call them without a network. Without
  /// `accounts` (a database), only the routes that need no account.
  public static func router(settings: ServiceSettings, service: CheckService, accounts: AccountSettings? = nil)
    -> Router<ServerContext>
  {
    let areas = areas(settings: settings, service: service, accounts: accounts)
    // Every GET answers HEAD too (uptime monitors ask /healthz so), with GET's headers and no body.
    let router = Router(context: ServerContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: TransportMiddleware(trusted: settings.trustedProxies, behindTLS: settings.behindTLS))
    router.add(
      middleware: RequestLogMiddleware(
        routes: RouteTable(areas), refusedBodyLinger: settings.bodyTimeout, metrics: service.metrics))
    for area in areas { router.addRoutes(area.routes, atPath: area.path) }
    return router
  }

  /// One route collection per area, in one list: the router registers it and the 405 table reads it.
  static func areas(settings: ServiceSettings, service: CheckService, accounts: AccountSettings?) -> [RouteArea] {
    var areas = [
      RouteArea(SelfCheckRoutes(settings: settings, service: service).endpoints),
      RouteArea("/api/v1", CheckAPIRoutes(settings: settings, service: service).endpoints),
      RouteArea(health),
      RouteArea(AccessibilityRoutes(settings: settings).endpoints),
    ]
    guard let accounts else {
      return areas + [RouteArea(MetricsRoutes(metrics: service.metrics, accounts: nil, open: false).endpoints)]
    }
    let submissions = SubmissionRoutes(settings: settings, service: service, accounts: accounts)
    areas += [
      RouteArea(LoginRoutes(accounts: accounts, metrics: service.metrics).endpoints),
      RouteArea(submissions.endpoints),
      RouteArea("/kommun", KommunRoutes(submissions: submissions).endpoints),
      RouteArea(CountyRoutes(service: service, accounts: accounts).endpoints),
      RouteArea(CalendarFeedRoutes(service: service, accounts: accounts).endpoints),
      RouteArea("/admin", AdminRoutes(accounts: accounts, ruleSet: service.ruleSet).endpoints),
      RouteArea(PasswordRoutes(accounts: accounts).endpoints),
      RouteArea(MetricsRoutes(metrics: service.metrics, accounts: accounts, open: false).endpoints),
    ]
    return areas
  }

  /// `GET /healthz`: for monitors; answers as long as the server takes requests.
  static var health: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self).get("/healthz") { _, _ in
      Response.text("{\"status\":\"ok\"}\n", type: "application/json", cache: false)
    }
  }
}

extension TimeAmount {
  init(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}

extension Response {
  /// A page of the service: HTML, never cached, with the link to the accessibility statement.
  static func html(_ page: String, language: Language, status: HTTPResponse.Status = .ok) -> Response {
    .text(
      AccessibilityStatement.linked(from: page, language: language), status: status, type: "text/html; charset=utf-8",
      cache: false)
  }

  /// A complete response of text. Responses are not cached unless they are the same for everyone
  /// (schemas, the API description).
  static func text(
    _ text: String, status: HTTPResponse.Status = .ok, type: String, cache: Bool, headers: HTTPFields = [:]
  ) -> Response {
    var fields = headers
    fields[.contentType] = type
    fields[.cacheControl] = cache ? "public, max-age=3600" : "no-store"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
  }
}
