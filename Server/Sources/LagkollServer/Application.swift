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
    let routes = MetricsRoutes(metrics: service.metrics, accounts: accounts, open: true)
    router.get("/metrics", use: routes.metrics)
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
    let router = Router(context: ServerContext.self)
    router.add(middleware: TransportMiddleware(trusted: settings.trustedProxies, behindTLS: settings.behindTLS))
    router.add(middleware: RequestLogMiddleware(refusedBodyLinger: settings.bodyTimeout, metrics: service.metrics))
    let pages = SelfCheckRoutes(settings: settings, service: service)
    let api = CheckAPIRoutes(settings: settings, service: service)
    // Every GET answers HEAD too (uptime monitors ask /healthz so); the middleware drops the body.
    func get(_ path: RouterPath, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
      router.get(path, use: handler)
      router.head(path, use: handler)
    }
    get("/", pages.page)
    router.post("/", use: pages.check)
    router.post("/api/v1/check", use: api.check)
    get("/api/v1/openapi.yaml", api.openAPI)
    get("/api/v1/template.xml") { request, _ in try api.template(request, format: .xml) }
    get("/api/v1/template.json") { request, _ in try api.template(request, format: .json) }
    get("/api/v1/schema.xsd") { _, _ in api.schema(.xml) }
    get("/api/v1/schema.json") { _, _ in api.schema(.json) }
    if let accounts {
      let login = LoginRoutes(accounts: accounts, metrics: service.metrics)
      let submissions = SubmissionRoutes(settings: settings, service: service, accounts: accounts)
      get("/login", login.page)
      router.post("/login", use: login.login)
      router.post("/logout", use: login.logout)
      router.post("/api/v1/submissions", use: submissions.submit)
      get("/api/v1/submissions/:id", submissions.show)
      get("/api/v1/submissions/:id/raw", submissions.raw)
      let submissionPages = SubmissionPageRoutes(submissions: submissions)
      router.post("/api/v1/submissions/:id/withdrawal", use: submissionPages.withdrawAPI)
      get("/submissions/:id", submissionPages.page)
      router.post("/submissions/:id/withdraw", use: submissionPages.withdrawForm)
      let admin = AdminRoutes(accounts: accounts, ruleSet: service.ruleSet)
      get("/admin/users", admin.page)
      router.post("/admin/users", use: admin.add)
      router.post("/admin/users/disable", use: admin.disable)
      let passwords = PasswordRoutes(accounts: accounts)
      get("/konto/losenord", passwords.page)
      router.post("/konto/losenord", use: passwords.change)
      get("/admin/users/losenord", passwords.resetPage)
      router.post("/admin/users/losenord", use: passwords.reset)
      let kommun = KommunRoutes(submissions: submissions)
      get("/kommun/:kod", kommun.page)
      router.post("/kommun/:kod", use: kommun.submit)
      let county = CountyRoutes(service: service, accounts: accounts)
      // `/lan/01` and `/lan/01.csv`: one route, the handler tells them apart by the suffix.
      get("/lan/:kod", county.page)
      get("/lan/:kod/andringar.csv", county.changesCSV)
      get("/riket", county.riket)
    }
    get("/metrics", MetricsRoutes(metrics: service.metrics, accounts: accounts, open: false).metrics)
    get("/healthz") { _, _ in
      Response.text("{\"status\":\"ok\"}\n", type: "application/json", cache: false)
    }
    return router
  }

  /// The methods a path answers, fixed or with a parameter (`/api/v1/submissions/{id}[/raw]`).
  static func allowedMethods(_ path: String) -> [HTTPRequest.Method]? {
    if let fixed = methods[path] { return fixed }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 3, parts[1] == "kommun" { return [.get, .head, .post] }
    if parts.count == 3, parts[1] == "lan" { return [.get, .head] }
    if parts.count == 4, parts[1] == "lan", parts[3] == "andringar.csv" { return [.get, .head] }
    if parts.count == 3, parts[1] == "submissions" { return [.get, .head] }
    if parts.count == 4, parts[1] == "submissions", parts[3] == "withdraw" { return [.post] }
    if parts.count >= 5, parts.count <= 6, parts[1] == "api", parts[2] == "v1", parts[3] == "submissions" {
      if parts.count == 5 { return [.get, .head] }
      if parts[5] == "raw" { return [.get, .head] }
      if parts[5] == "withdrawal" { return [.post] }
    }
    return nil
  }

  /// The methods each path answers, for 405 and its Allow header on the others.
  static let methods: [String: [HTTPRequest.Method]] = [
    "/": [.get, .head, .post], "/api/v1/check": [.post], "/api/v1/openapi.yaml": [.get, .head],
    "/api/v1/template.xml": [.get, .head], "/api/v1/template.json": [.get, .head], "/api/v1/schema.xsd": [.get, .head],
    "/api/v1/schema.json": [.get, .head], "/healthz": [.get, .head], "/login": [.get, .head, .post],
    "/logout": [.post], "/api/v1/submissions": [.post], "/riket": [.get, .head], "/metrics": [.get, .head],
    "/admin/users": [.get, .head, .post], "/admin/users/disable": [.post],
    "/konto/losenord": [.get, .head, .post], "/admin/users/losenord": [.get, .head, .post],
  ]
}

extension TimeAmount {
  init(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}

extension Response {
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
