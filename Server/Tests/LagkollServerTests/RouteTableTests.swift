import Foundation
import HTTPTypes
import Hummingbird
import RuleEngine
import Store
import Testing

@testable import LagkollServer

/// The router is the one list of routes: the 405 table is read from it, and the OpenAPI document must
/// describe exactly its machine-readable routes (everything under /api/, /healthz and /metrics, and
/// the calendar feeds that calendar clients read).
@Suite struct RouteTableTests {
  /// Every route the server registers, accounts included.
  static func table() async throws -> RouteTable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lagkoll-routes-\(UUID().uuidString).sqlite"
    )
    .path
    let database = try await Database.open(path: path)
    let settings = Fixture.settings()
    let service = CheckService(ruleSet: Fixture.ruleSet, maxDocumentSize: settings.maxBodySize)
    let accounts = AccountSettings(database: database, now: settings.now)
    let table = RouteTable(LagkollApplication.areas(settings: settings, service: service, accounts: accounts))
    await database.close()
    try? FileManager.default.removeItem(atPath: path)
    return table
  }

  /// `METHOD /path/{param}` for each operation the document names, read from its `paths:` block.
  static func documented() -> Set<String> {
    var operations = Set<String>()
    var path: String?
    for line in OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("components:") { break }
      if line.hasPrefix("  /"), line.hasSuffix(":") {
        path = String(line.dropFirst(2).dropLast())
      } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
        let method = line.trimmingCharacters(in: .whitespaces).dropLast()
        if ["get", "put", "post", "delete", "patch", "head", "options"].contains(method) {
          operations.insert("\(method.uppercased()) \(path)")
        }
      }
    }
    return operations
  }

  /// `METHOD /path/{param}` for each registered route under /api/, /healthz and /metrics, and each feed.
  static func registered(_ table: RouteTable) -> Set<String> {
    Set(
      table.routes.compactMap { route in
        let path =
          "/"
          + route.path.components.map { component in
            let text = component.description
            return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
          }.joined(separator: "/")
        guard path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics" || path.hasSuffix(".ics") else {
          return nil
        }
        return "\(route.method.rawValue) \(path)"
      })
  }

  @Test func theOpenAPIDocumentNamesExactlyTheRegisteredAPIRoutes() async throws {
    let registered = Self.registered(try await Self.table())
    let documented = Self.documented()
    #expect(documented.count >= 10, "the document's paths were not read: \(documented)")
    #expect(registered.subtracting(documented).isEmpty, "registered but not in openapi.yaml")
    #expect(documented.subtracting(registered).isEmpty, "in openapi.yaml but not registered")
  }

  /// What the hand-kept table said before it was derived: the same answers, from the registrations.
  @Test func allowedMethodsComeFromTheRegistrations() async throws {
    let table = try await Self.table()
    let id = String(repeating: "a", count: 32)
    let expected: [String: String] = [
      "/": "GET, HEAD, POST", "/api/v1/check": "POST", "/api/v1/openapi.yaml": "GET, HEAD",
      "/api/v1/template.xml": "GET, HEAD", "/api/v1/template.docx": "GET, HEAD", "/api/v1/schema.json": "GET, HEAD",
      "/healthz": "GET, HEAD",
      "/login": "GET, HEAD, POST", "/logout": "POST", "/api/v1/submissions": "POST", "/riket": "GET, HEAD",
      "/admin/users": "GET, HEAD, POST", "/admin/users/disable": "POST", "/kommun/0180": "GET, HEAD, POST",
      "/lan/01": "GET, HEAD", "/lan/01.csv": "GET, HEAD", "/lan/01/andringar.csv": "GET, HEAD",
      "/submissions/\(id)": "GET, HEAD", "/submissions/\(id)/withdraw": "POST",
      "/api/v1/submissions/\(id)": "GET, HEAD", "/api/v1/submissions/\(id)/raw": "GET, HEAD",
      "/api/v1/submissions/\(id)/withdrawal": "POST", "/metrics": "GET, HEAD",
      "/konto/losenord": "GET, HEAD, POST", "/admin/users/losenord": "GET, HEAD, POST",
      "/kommun/0180/kalender.ics": "GET, HEAD", "/lan/01/kalender.ics": "GET, HEAD",
      "/lan/01/kalender.csv": "GET, HEAD",
      "/konto": "GET, HEAD", "/konto/kalendrar": "POST", "/konto/kalendrar/3/aterkalla": "POST",
    ]
    for (path, methods) in expected {
      #expect(table.allowedMethods(path)?.map(\.rawValue).joined(separator: ", ") == methods, "\(path)")
    }
    for path in ["/nothing", "/api/v1", "/kommun", "/lan/01/x", "/submissions/\(id)/raw/more", "/konto/kalendrar/3"] {
      #expect(table.allowedMethods(path) == nil, "\(path)")
    }
  }
}
