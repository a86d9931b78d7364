import Hummingbird

/// Reads a request body into memory within the size limit and the time limit.
enum BodyReader {
  /// The body's bytes. A body that announces a length over `limit` is refused before a byte of it is
  /// read, and one that streams past `limit` (chunked, or lying about its length) as soon as it does:
  /// memory never holds more than `limit` bytes of it. A body that takes longer than `timeout` to
  /// arrive is refused too, so a client that trickles bytes cannot hold a connection for ever.
  static func read(_ request: Request, limit: Int, timeout: Duration) async throws -> [UInt8] {
    if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
      throw Problem.tooLarge(limit: limit)
    }
    let body = request.body
    return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
      group.addTask {
        var bytes: [UInt8] = []
        for try await chunk in body {
          guard bytes.count + chunk.readableBytes <= limit else { throw Problem.tooLarge(limit: limit) }
          chunk.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
      }
      group.addTask {
        try await Task.sleep(for: timeout)
        throw Problem.bodyTimeout
      }
      defer { group.cancelAll() }
      // The first to finish decides: the body, or the error of whichever failed first.
      guard let first = try await group.next(), let bytes = first else { throw Problem.bodyTimeout }
      return bytes
    }
  }
}
