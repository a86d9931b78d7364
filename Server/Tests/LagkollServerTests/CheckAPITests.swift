import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlanDocument
import Reporting
import RuleEngine
import Testing

@testable import LagkollServer

@Suite struct CheckAPITests {
  @Test func completePlanGivesTheCLIReportWithoutPaths() async throws {
    let bytes = Fixture.sample("komplett.xml")
    // What `lagkoll check --format json` prints for the same file, less the paths.
    let checker = PlanChecker(ruleSet: Fixture.ruleSet, options: EvaluationOptions(asOf: Fixture.asOf))
    let expected = JSONReporter(language: .en, includesPaths: false).render(
      checker.check([InputFile(path: Fixture.samplePath("komplett.xml"), named: true)]))
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/check?asOf=2026-03-01&lang=en", method: .post, headers: [.contentType: "application/xml"],
        body: ByteBuffer(bytes: bytes)
      ) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        #expect(response.text == expected)
        #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
      }
    }
  }

  @Test func planWithGapsListsFindingsWithPlaceButNoFile() async throws {
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/check?asOf=2026-03-01", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(bytes: Fixture.sample("saknade-delar.json"))
      ) { response in
        #expect(response.status == .ok)
        let json = try #require(response.json)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files[0]["status"] as? String == "failed")
        #expect(files[0]["path"] == nil)
        let findings = try #require(files[0]["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for finding in findings {
          let location = try #require(finding["location"] as? [String: Any])
          #expect(location["file"] == nil)
          #expect((location["line"] as? Int ?? 0) >= 1)
          #expect((location["path"] as? String)?.hasPrefix("/") == true || location["path"] as? String == "")
        }
        #expect(json["asOf"] as? String == "2026-03-01")
        #expect(response.text.contains("saknade-delar") == false)
      }
    }
  }

  @Test func contentIsSniffedWithoutAType() async throws {
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/check", method: .post, body: ByteBuffer(bytes: Fixture.sample("komplett.json"))
      ) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(
        uri: "/api/v1/check", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
        body: ByteBuffer(bytes: Fixture.sample("komplett.xml"))
      ) { response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test func malformedPlanIs422WithLineAndColumn() async throws {
    let broken = Array("<?xml version=\"1.0\"?>\n<plan xmlns=\"urn:lagkoll:plan:1\">\n  <kommun>\n</plan>\n".utf8)
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/check?lang=en", method: .post, headers: [.contentType: "application/xml"],
        body: ByteBuffer(bytes: broken)
      ) { response in
        #expect(response.status == .unprocessableContent)
        let json = try #require(response.json)
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["status"] as? String == "unreadable")
        #expect(file["verdict"] as? String == "unreadable")
        // No file path anywhere, the summary's list of unreadable files included.
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["unreadable"] as? Int == 1)
        #expect(summary["unreadableFiles"] == nil)
        #expect(file["path"] == nil)
        let error = try #require(file["error"] as? [String: Any])
        #expect(error["kind"] as? String == "malformed")
        #expect(error["line"] as? Int == 4)
        #expect((error["column"] as? Int ?? 0) >= 1)
      }
      try await client.execute(
        uri: "/api/v1/check", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(bytes: Array("{\"formatversion\": \"1.0\",\n  \"kommun\": {\"namn\": \"x\",}}".utf8))
      ) { response in
        #expect(response.status == .unprocessableContent)
        let error = try #require(((response.json?["files"] as? [[String: Any]])?.first)?["error"] as? [String: Any])
        #expect(error["line"] as? Int == 2)
      }
    }
  }

  @Test func wrongKindOfDocumentIsAClear4xx() async throws {
    try await Fixture.application().test(.router) { client in
      // Well-formed, but not a plan.
      for (type, body) in [
        ("application/json", "{\"name\": \"package\", \"version\": \"1.0.0\"}"),
        ("application/json", "[1, 2, 3]"),
        ("application/xml", "<html><body>hej</body></html>"),
        ("application/json", ""),
      ] {
        try await client.execute(
          uri: "/api/v1/check", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)
        ) { response in
          #expect(response.status == .unprocessableContent, "\(body)")
          #expect(response.json?["files"] != nil)
        }
      }
      // Not a plan's media type at all.
      try await client.execute(
        uri: "/api/v1/check", method: .post, headers: [.contentType: "image/png"],
        body: ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47])
      ) { response in
        #expect(response.status == .unsupportedMediaType)
        let error = try #require(response.json?["error"] as? [String: Any])
        #expect(error["code"] as? String == "unsupported-media-type")
      }
      // Invalid UTF-8 is refused with its place.
      try await client.execute(
        uri: "/api/v1/check", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(bytes: Array("{\"formatversion\": \"1\u{0}".utf8.dropLast()) + [0xFF, 0x22, 0x7D])
      ) { response in
        #expect(response.status == .unprocessableContent)
      }
    }
  }

  @Test func badParametersAre400() async throws {
    try await Fixture.application().test(.router) { client in
      for uri in ["/api/v1/check?asOf=2026-02-30", "/api/v1/check?asOf=igår", "/api/v1/check?lang=de"] {
        try await client.execute(
          uri: uri, method: .post, headers: [.contentType: "application/xml"],
          body: ByteBuffer(bytes: Fixture.sample("komplett.xml"))
        ) { response in
          #expect(response.status == .badRequest, "\(uri)")
          #expect((response.json?["error"] as? [String: Any])?["message"] as? String != nil)
        }
      }
    }
  }

  @Test func bodyOverTheLimitIs413() async throws {
    let app = Fixture.application(settings: Fixture.settings(maxBodySize: 1000))
    try await app.test(.router) { client in
      try await client.execute(
        uri: "/api/v1/check?lang=en", method: .post, headers: [.contentType: "application/xml"],
        body: ByteBuffer(bytes: Fixture.sample("komplett.xml"))
      ) { response in
        #expect(response.status == .contentTooLarge)
        let error = try #require(response.json?["error"] as? [String: Any])
        #expect(error["code"] as? String == "too-large")
        #expect((error["message"] as? String)?.contains("1000") == true)
      }
    }
  }

  /// Over a real connection: a chunked body (no length announced) that streams past the limit is cut
  /// off with 413 while it is still being sent.
  @Test func streamedBodyIsRefusedWhileItStreams() async throws {
    let app = Fixture.application(settings: Fixture.settings(maxBodySize: 64 << 10))
    try await app.test(.live) { client in
      let port = try #require(client.port)
      let answer = try await RawHTTP.onOwnThread {
        try RawHTTP.chunkedUntilAnswered(port: port, chunk: 16 << 10, maxChunks: 4096)
      }
      #expect(answer.status == 413)
      // It answered long before 4096 chunks (64 MiB) were sent.
      #expect(answer.chunksSent < 1024)
    }
  }

  @Test func documentsAroundTheAPI() async throws {
    try await Fixture.application().test(.router) { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.json?["status"] as? String == "ok")
      }
      try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.text.hasPrefix("openapi: 3.0.3\n"))
        #expect(response.text.contains("/api/v1/check:"))
      }
      for format in ["xml", "json"] {
        try await client.execute(uri: "/api/v1/template.\(format)?kommun=1282", method: .get) { response in
          #expect(response.status == .ok)
          #expect(response.headers[.contentDisposition] == "attachment; filename=\"plan.\(format)\"")
          // The template is a plan lagkoll reads, for the kommun asked for.
          let document = try DocumentReader.parse(Array(response.body.readableBytesView), file: "plan.\(format)")
          #expect(document.root["kommun"]?["kod"]?.string == "1282")
        }
      }
      try await client.execute(uri: "/api/v1/template.xml?kommun=9999", method: .get) { response in
        #expect(response.status == .notFound)
      }
      try await client.execute(uri: "/healthz", method: .head) { response in
        #expect(response.status == .ok)
        #expect(response.body.readableBytes == 0)
      }
      try await client.execute(uri: "/api/v1/check", method: .get) { response in
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "POST")
      }
      try await client.execute(uri: "/api/v1/schema.xsd", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.text == SchemaGenerator.xmlSchema())
      }
      try await client.execute(uri: "/api/v1/schema.json", method: .get) { response in
        #expect(response.text == SchemaGenerator.jsonSchema())
      }
      try await client.execute(uri: "/api/v1/nothing", method: .get) { response in
        #expect(response.status == .notFound)
        #expect((response.json?["error"] as? [String: Any])?["code"] as? String == "not-found")
      }
    }
  }
}

/// A client written with sockets, for what an HTTP client library will not do: stream a body without
/// end and see when the server answers.
enum RawHTTP {
  /// Runs blocking socket code on a thread of its own. On one of Swift's cooperative threads it would
  /// hold back the server under test, whose handlers run on the same few threads: with every test of
  /// the package running at once, the client then waits for a server that waits for a thread.
  static func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Result { try body() }) }.start()
    }
  }

  struct Answer {
    var status: Int
    var chunksSent: Int
  }

  static func connect(port: Int) throws -> Int32 {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    return socket
  }

  static func chunkedUntilAnswered(port: Int, chunk: Int, maxChunks: Int) throws -> Answer {
    let socket = try connect(port: port)
    defer { close(socket) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let head = Array(
      "POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
        .utf8)
    let piece =
      Array(String(chunk, radix: 16).utf8) + [13, 10] + [UInt8](repeating: UInt8(ascii: "<"), count: chunk) + [13, 10]
    var received: [UInt8] = []
    guard sendAll(socket, head) else { return Answer(status: 0, chunksSent: 0) }
    var sent = 0
    while sent < maxChunks {
      if let status = readStatus(socket, into: &received, wait: false) {
        return Answer(status: status, chunksSent: sent)
      }
      // A piece goes out whole or not at all: half a chunk would break the framing, not test the limit.
      guard sendAll(socket, piece) else { break }  // the server stopped reading or closed: the answer waits
      sent += 1
    }
    return Answer(status: readStatus(socket, into: &received, wait: true) ?? 0, chunksSent: sent)
  }

  /// Sends all of `bytes`, over as many send(2) calls as it takes; false when the connection fails.
  static func sendAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if count <= 0 { return false }
      offset += count
    }
    return true
  }

  /// The status code of an answer, once its status line has arrived (with `wait`, within five
  /// seconds). What arrives is kept in `received`: a status line may come in pieces.
  static func readStatus(_ socket: Int32, into received: inout [UInt8], wait: Bool) -> Int? {
    let deadline = ContinuousClock.now + .seconds(wait ? 5 : 0)
    repeat {
      var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, wait ? 100 : 0) > 0 else { continue }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let count = recv(socket, &buffer, buffer.count, 0)
      guard count > 0 else { break }
      received += buffer[0..<count]
      if received.count >= 12 {
        let line = String(decoding: received, as: UTF8.self)
        guard line.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(line.dropFirst(9).prefix(3))
      }
    } while ContinuousClock.now < deadline
    return nil
  }
}
