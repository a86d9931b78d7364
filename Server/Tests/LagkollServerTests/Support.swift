import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Logging
import PlanDocument
import RuleEngine

/// The bundled rule set and samples, read once for all server tests.
enum Fixture {
  /// The repository's root (rules/, samples/), above the server's package in Server/.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let ruleSet: RuleSet = {
    do {
      return try RuleSetLoader.load(from: packageRoot.appendingPathComponent("rules").path)
    } catch {
      fatalError("the bundled rule set does not load: \(error)")
    }
  }()

  static func sample(_ name: String) -> [UInt8] {
    let path = packageRoot.appendingPathComponent("samples").appendingPathComponent(name).path
    guard let data = FileManager.default.contents(atPath: path) else { fatalError("missing sample \(path)") }
    return [UInt8](data)
  }

  static func samplePath(_ name: String) -> String {
    packageRoot.appendingPathComponent("samples").appendingPathComponent(name).path
  }

  /// The application as `serve` builds it, with smaller limits where a test says so.
  static func application(settings: ServiceSettings = settings()) -> some ApplicationProtocol {
    let service = CheckService(ruleSet: ruleSet, maxDocumentSize: settings.maxBodySize)
    var logger = Logger(label: "lagkoll-server-test")
    logger.logLevel = .warning
    return LagkollApplication.make(settings: settings, service: service, logger: logger)
  }

  static let asOf = CivilDate("2026-03-01")!

  /// The settings `serve` would use, with the system's clock, as the self-check's tests have always run.
  static func settings(maxBodySize: Int = 16 << 20) -> ServiceSettings {
    ServiceSettings(port: 0, maxBodySize: maxBodySize, now: { Date() })
  }
}

extension ByteBuffer {
  init(bytes: [UInt8]) {
    self = ByteBufferAllocator().buffer(bytes: bytes)
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }

  /// The body as JSON objects and arrays.
  var json: [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
  }
}

/// A multipart/form-data body as a browser sends it.
func multipartBody(boundary: String, fields: [(name: String, fileName: String?, value: [UInt8])]) -> [UInt8] {
  var out: [UInt8] = []
  for field in fields {
    var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\""
    if let fileName = field.fileName { head += "; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream" }
    head += "\r\n\r\n"
    out += Array(head.utf8) + field.value + Array("\r\n".utf8)
  }
  out += Array("--\(boundary)--\r\n".utf8)
  return out
}
