import Foundation

/// How `lagkoll-server` runs: where it listens, its limits and timeouts. The command line fills it from
/// flags and environment variables; nothing below the command line reads either.
public struct ServiceSettings: Sendable {
  /// The address to listen on: loopback unless told otherwise, so a server started for a try is not
  /// reachable from the network.
  public var host: String
  public var port: Int
  /// Largest request body read, in bytes; a larger one is refused with 413 as soon as it is seen.
  public var maxBodySize: Int
  /// A connection that sends nothing for this long (between requests, or in the middle of one) is closed.
  public var idleTimeout: Duration
  /// Longest time a whole request body may take to arrive: a client that trickles bytes in (slowloris)
  /// keeps no connection open for longer.
  public var bodyTimeout: Duration
  /// The most connections open at once; more wait in the listen backlog.
  public var maxConnections: Int
  /// The server's one clock, read only at the edge: `serve` passes the system's, tests a fixed one.
  /// Today's date in Sweden (the as-of date a request names none), sessions, throttling and the stored
  /// times all come from it.
  public var now: @Sendable () -> Date
  /// Where a visitor reports an accessibility problem (an e-mail or web address), shown in the
  /// accessibility statement, as lag (2018:1937) asks.
  public var contact: String?

  public init(
    host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 16 << 20, idleTimeout: Duration = .seconds(30),
    bodyTimeout: Duration = .seconds(60), maxConnections: Int = 4096, contact: String? = nil,
    now: @escaping @Sendable () -> Date
  ) {
    self.host = host
    self.port = port
    self.maxBodySize = maxBodySize
    self.idleTimeout = idleTimeout
    self.bodyTimeout = bodyTimeout
    self.maxConnections = maxConnections
    self.now = now
    self.contact = contact
  }
}
