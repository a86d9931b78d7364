import Hummingbird
import NIOCore

/// Reads a request body into memory within the size limit and the time limit.
enum BodyReader {
  /// The body's bytes. A body that announces a length over `limit` is refused before a byte of it is
  /// read, and one that streams past `limit` (chunked, or lying about its length) as soon as it does:
  /// memory never holds more than `limit` bytes of it. A body still arriving after `timeout` is
  /// refused when its next piece comes; one that stops arriving altogether is ended by the
  /// connection's idle timeout. Either way a client that trickles bytes cannot hold a connection.
  static func read(_ request: Request, limit: Int, timeout: Duration) async throws -> [UInt8] {
    if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
      throw Problem.tooLarge(limit: limit)
    }
    let deadline = ContinuousClock.now + timeout
    var bytes: [UInt8] = []
    for try await chunk in request.body {
      guard bytes.count + chunk.readableBytes <= limit else { throw Problem.tooLarge(limit: limit) }
      guard ContinuousClock.now < deadline else { throw Problem.bodyTimeout }
      chunk.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
    }
    return bytes
  }
}
