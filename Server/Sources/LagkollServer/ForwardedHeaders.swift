import Foundation
import HTTPTypes
import Hummingbird

#if canImport(Glibc)
  import Glibc
#endif

/// Who is asking and how the request reached the service: the client's IP address (for login
/// throttling and the audit log) and whether it came through TLS (for `Secure` cookies and HSTS).
public struct ClientOrigin: Sendable, Equatable {
  public var address: String
  public var secure: Bool
}

/// The proxies named with `--trusted-proxy` (addresses or CIDR ranges, IPv4 or IPv6). Only a
/// connection from one of them may say, in `X-Forwarded-For` and `X-Forwarded-Proto`, who the client
/// is and whether it used TLS; from anyone else those headers are ignored, so that nobody can pick the
/// address they are throttled by or make the service believe a plain connection was encrypted.
public struct TrustedProxies: Sendable, Equatable {
  struct Range: Sendable, Equatable {
    var bytes: [UInt8]
    var prefix: Int

    func contains(_ address: [UInt8]) -> Bool {
      guard address.count == bytes.count else { return false }
      var left = prefix
      for index in bytes.indices where left > 0 {
        let bits = min(8, left)
        let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> bits)
        if address[index] & mask != bytes[index] & mask { return false }
        left -= bits
      }
      return true
    }
  }

  var ranges: [Range]

  public static let none = TrustedProxies(ranges: [])

  /// Parses `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`; an entry that is neither says which.
  public init(parsing entries: [String]) throws {
    ranges = try entries.map { entry in
      let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
      guard let bytes = parts.first.flatMap(Self.bytes) else { throw Invalid(entry: entry) }
      let prefix: Int
      if parts.count == 2 {
        guard let number = Int(parts[1]), number >= 0, number <= bytes.count * 8 else { throw Invalid(entry: entry) }
        prefix = number
      } else {
        prefix = bytes.count * 8
      }
      return Range(bytes: bytes, prefix: prefix)
    }
  }

  init(ranges: [Range]) { self.ranges = ranges }

  public struct Invalid: Error, CustomStringConvertible {
    public var entry: String
    public var description: String {
      "--trusted-proxy \"\(entry)\": ange en IP-adress eller ett CIDR-intervall (an IP address or a CIDR range)"
    }
  }

  public func contains(_ address: String) -> Bool {
    guard let bytes = Self.bytes(address) else { return false }
    return ranges.contains { $0.contains(bytes) }
  }

  /// The client as the connection from `peer` and its headers show it. `behindTLS`: the service is
  /// reached only through TLS (every request counts as secure).
  func origin(peer: String, headers: HTTPFields, behindTLS: Bool) -> ClientOrigin {
    guard contains(peer) else { return ClientOrigin(address: peer, secure: behindTLS) }
    var address = peer
    // The nearest hop that is not one of ours is the client; hops to its left could be made up by it.
    let hops = headers[values: .forwardedFor].flatMap { $0.split(separator: ",") }
      .map { $0.trimmingCharacters(in: .whitespaces) }
    for hop in hops.reversed() {
      guard Self.bytes(hop) != nil else { break }
      address = Self.canonical(hop)
      if !contains(hop) { break }
    }
    let proto = headers[.forwardedProto]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces)
    return ClientOrigin(address: address, secure: behindTLS || proto?.lowercased() == "https")
  }

  /// An address's bytes (4 or 16); an IPv4 address mapped into IPv6 counts as the IPv4 one.
  static func bytes(_ text: String) -> [UInt8]? {
    var four = in_addr()
    if inet_pton(AF_INET, text, &four) == 1 { return withUnsafeBytes(of: &four) { Array($0) } }
    var six = in6_addr()
    guard inet_pton(AF_INET6, text, &six) == 1 else { return nil }
    let bytes = withUnsafeBytes(of: &six) { Array($0) }
    if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
    return bytes
  }

  /// The address as the audit log writes it: IPv4-mapped IPv6 as plain IPv4.
  static func canonical(_ text: String) -> String {
    guard let bytes = bytes(text), bytes.count == 4 else { return text }
    return bytes.map(String.init).joined(separator: ".")
  }
}

extension HTTPField.Name {
  static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
  static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
  static let strictTransportSecurity = HTTPField.Name("Strict-Transport-Security")!
}

/// Sets the request's `ClientOrigin` (see TrustedProxies), and on every answer to a request that came
/// through TLS says `Strict-Transport-Security`, so that the browser never again tries the service
/// without it. A plain-HTTP answer never carries it (browsers ignore it there anyway).
struct TransportMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  var trusted: TrustedProxies
  var behindTLS: Bool

  /// A year, as the HSTS preload list asks; subdomains are not the service's to speak for.
  static let hsts = "max-age=31536000"

  func handle(
    _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
  ) async throws -> Response {
    var context = context
    context.client = trusted.origin(peer: context.client.address, headers: request.headers, behindTLS: behindTLS)
    guard context.client.secure else { return try await next(request, context) }
    do {
      var response = try await next(request, context)
      response.headers[.strictTransportSecurity] = Self.hsts
      return response
    } catch let error as any HTTPResponseError {
      var response = try error.response(from: request, context: context)
      response.headers[.strictTransportSecurity] = Self.hsts
      return response
    }
  }
}
