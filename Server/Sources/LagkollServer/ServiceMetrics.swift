import CoreMetrics
import Foundation
import Hummingbird
import Prometheus

/// What the service counts for its operator, in Prometheus' text format at `/metrics`: requests by
/// route and status, how long checks take, submissions, failed logins, and the database's size.
///
/// Through swift-metrics with a factory of its own rather than the process-wide `MetricsSystem`, so
/// that each application (and each test) has its own registry; the names follow Prometheus' rules.
public final class ServiceMetrics: Sendable {
  public let registry: PrometheusCollectorRegistry
  private let factory: PrometheusMetricsFactory
  private let databaseSize: CoreMetrics.Gauge

  public init() {
    registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.defaultDurationHistogramBuckets = [
      .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
      .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    self.factory = factory
    databaseSize = CoreMetrics.Gauge(label: "lagkoll_database_bytes", factory: factory)
  }

  /// One answered request. `route` is the router's pattern (`/kommun/{kod}`), never the path a client
  /// chose: unknown paths all count as "unmatched", so nobody can grow the list without bound.
  func request(route: String?, method: String, status: Int, duration: Duration) {
    let dimensions = [("route", route ?? "unmatched"), ("method", method), ("status", String(status))]
    CoreMetrics.Counter(label: "lagkoll_http_requests_total", dimensions: dimensions, factory: factory).increment()
    CoreMetrics.Timer(label: "lagkoll_http_request_duration_seconds", dimensions: dimensions, factory: factory)
      .record(duration: duration)
  }

  /// One plan checked (on the page, through the API, or as it was submitted).
  func check(duration: Duration) {
    CoreMetrics.Timer(label: "lagkoll_check_duration_seconds", factory: factory).record(duration: duration)
  }

  /// One stored submission.
  func submission() {
    CoreMetrics.Counter(label: "lagkoll_submissions_total", factory: factory).increment()
  }

  /// One login that did not succeed: `refused` (a wrong password) or `throttled`.
  func failedLogin(_ reason: String) {
    CoreMetrics.Counter(label: "lagkoll_login_failures_total", dimensions: [("reason", reason)], factory: factory)
      .increment()
  }

  /// The text Prometheus scrapes, with the database's size (file and write-ahead log) as of now.
  func exposition(databaseBytes: Int?) -> String {
    if let databaseBytes { databaseSize.record(databaseBytes) }
    return registry.emitToString()
  }
}

extension CoreMetrics.Timer {
  func record(duration: Duration) {
    let (seconds, attoseconds) = duration.components
    recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}

/// `GET /metrics`: for an admin's token (or session) on the service's own port, or for anyone on the
/// separate loopback listener of `--metrics-port`, which only the machine itself can reach.
struct MetricsRoutes: Sendable {
  var metrics: ServiceMetrics
  var accounts: AccountSettings?
  /// On the separate listener: no identity is asked for.
  var open: Bool

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self).get("/metrics", use: metrics)
  }

  func metrics(_ request: Request, context: ServerContext) async throws -> Response {
    if !open {
      guard let accounts else { throw Problem.notFound }
      let identity = try await accounts.require(request)
      guard identity.user.role == .admin else { throw Problem.forbidden }
    }
    let size = accounts.map { $0.database.fileBytes() }
    return .text(
      metrics.exposition(databaseBytes: size ?? nil), type: "text/plain; version=0.0.4; charset=utf-8", cache: false)
  }
}
