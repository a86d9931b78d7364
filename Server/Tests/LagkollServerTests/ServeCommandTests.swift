import Foundation
import Testing

/// The built `lagkoll-server serve`: settings from flags and environment, its log lines, its refusals.
@Suite(.serialized) struct ServeCommandTests {
  /// The executable sits beside the test bundle in the build products folder.
  static let binary: URL? = {
    let names = [
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lagkoll-server"),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "lagkoll-server"),
      Fixture.packageRoot.appendingPathComponent("Server/.build/debug/lagkoll-server"),
    ]
    return names.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// A running server and what it has written so far.
  final class Server: @unchecked Sendable {
    let process = Process()
    let output = Pipe()
    private var text = ""
    private let lock = NSLock()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
      process.executableURL = try #require(ServeCommandTests.binary, "lagkoll-server was not built beside the tests")
      // Every server of these tests has its own database in a temporary folder.
      process.arguments =
        arguments.first == "serve" && !arguments.contains("--database")
        ? arguments + [
          "--database",
          FileManager.default.temporaryDirectory.appendingPathComponent(
            "lagkoll-serve-\(UUID().uuidString).sqlite"
          ).path,
        ]
        : arguments
      var env = ProcessInfo.processInfo.environment
      env.merge(environment) { $1 }
      process.environment = env
      process.standardOutput = output
      process.standardError = output
      output.fileHandleForReading.readabilityHandler = { [weak self] handle in
        let data = handle.availableData
        guard let self else { return }
        self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
      }
      try process.run()
    }

    var log: String { lock.withLock { text } }

    /// The port from the "listening" line, once it is there.
    func port() async throws -> Int {
      for _ in 0..<200 {
        if let range = log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
          return Int(log[range].dropFirst("http://127.0.0.1:".count).dropLast())!
        }
        guard process.isRunning else { break }
        try await Task.sleep(for: .milliseconds(50))
      }
      Issue.record("the server did not say where it listens:\n\(log)")
      return 0
    }

    /// Waits for the process to end by itself, and gives its status.
    func exitStatus() async throws -> Int32 {
      for _ in 0..<200 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
      return process.isRunning ? -1 : process.terminationStatus
    }

    deinit {
      if process.isRunning { process.terminate() }
      process.waitUntilExit()
    }
  }

  @Test func environmentSetsLimitsAndFlagsWin() async throws {
    let rules = Fixture.packageRoot.appendingPathComponent("rules").path
    let plan = Fixture.sample("komplett.xml")
    let small = try Server(
      ["serve", "--port", "0", "--rules", rules, "--log-format", "json"], environment: ["LAGKOLL_MAX_BODY_SIZE": "2000"]
    )
    let port = try await small.port()
    let refused = try await RawHTTP.onOwnThread { try RawHTTP.post(port: port, path: "/api/v1/check", body: plan) }
    #expect(refused.status == 413)
    let wider = try Server(
      ["serve", "--port", "0", "--rules", rules, "--max-body-size", "1000000"],
      environment: ["LAGKOLL_MAX_BODY_SIZE": "2000"])
    let widerPort = try await wider.port()
    let accepted = try await RawHTTP.onOwnThread {
      try RawHTTP.post(port: widerPort, path: "/api/v1/check?asOf=2026-11-24", body: plan)
    }
    #expect(accepted.status == 200)

    // One JSON object per line; the request line has its id and nothing of the plan.
    try await Task.sleep(for: .milliseconds(200))
    let lines = small.log.split(separator: "\n").filter { $0.contains("\"message\":\"request\"") }
    #expect(lines.count == 1, "\(small.log)")
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect((object?["hb.request.id"] as? String)?.isEmpty == false)
      #expect(object?["status"] as? String == "413")
      #expect(object?["path"] as? String == "/api/v1/check")
    }
    #expect(!small.log.contains("Landskrona") && !small.log.contains("<plan"))
  }

  @Test func badSettingsStopTheStartWithAReason() async throws {
    let badNumber = try Server(["serve", "--port", "0"], environment: ["LAGKOLL_MAX_BODY_SIZE": "lots"])
    #expect(try await badNumber.exitStatus() != 0)
    #expect(badNumber.log.contains("LAGKOLL_MAX_BODY_SIZE"))
    let noRules = try Server(["serve", "--port", "0", "--rules", "/nonexistent/rules"])
    #expect(try await noRules.exitStatus() == 2)
    #expect(noRules.log.contains("regeluppsättningen"))
  }
}

extension RawHTTP {
  /// One request on a new connection; the answer's status.
  static func post(port: Int, path: String, body: [UInt8]) throws -> Answer {
    let socket = try connect(port: port)
    defer { close(socket) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let head = Array(
      "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        .utf8)
    var received: [UInt8] = []
    _ = sendAll(socket, head + body)
    return Answer(status: readStatus(socket, into: &received, wait: true) ?? 0, chunksSent: 1)
  }
}
