import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Store
import Testing

/// The admin's page: users added and disabled in the browser, with the session's CSRF token, through
/// the same store calls as the command line (the password works for login; the change is audited).
@Suite struct AdminPageTests {
  static func form(_ fields: [(String, String)]) -> ByteBuffer {
    ByteBuffer(
      string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        .joined(separator: "&"))
  }

  @Test func adminAddsListsAndDisablesUsers() async throws {
    let world = try await AuthorizationTests.world()
    let database = world.database
    var adminHeaders = world.headers[.admin]!
    let csrf = try #require(adminHeaders[.init("X-CSRF-Token")!])
    adminHeaders[.contentType] = "application/x-www-form-urlencoded"
    let admin = adminHeaders
    let hostile = "<script>alert(1)</script>=1@x.se"
    try await AuthorizationTests.application(database).test(.router) { client in
      let page = try await client.execute(uri: "/admin/users", method: .get, headers: admin) { $0.text }
      #expect(page.contains("action=\"/admin/users\"") && page.contains("value=\"\(csrf)\""))
      #expect(page.contains("s0180@k.se") && page.contains("avstängd"), "every user, the disabled one marked")
      let english = try await client.execute(uri: "/admin/users?lang=en", method: .get, headers: admin) { $0.text }
      #expect(english.contains("Add a user") && english.contains("disabled"))

      for (email, role, kommun, lan) in [
        ("ny@landskrona.se", "samordnare", "1282", ""), ("granskare@lst.se", "granskare", "", "12"),
        ("bra@bra.se", "riket", "", ""), (hostile, "admin", "", ""),
      ] {
        try await client.execute(
          uri: "/admin/users", method: .post, headers: admin,
          body: Self.form([
            ("csrf", csrf), ("email", email), ("password", AuthorizationTests.password), ("role", role),
            ("kommun", kommun), ("lan", lan),
          ])
        ) { response in
          #expect(response.status == .seeOther, "\(email)")
          #expect(response.headers[.location]?.hasPrefix("/admin/users?ny=") == true)
        }
      }
      #expect(try await database.user(email: "ny@landskrona.se")?.role == .samordnare(kommun: "1282"))
      #expect(try await database.user(email: "granskare@lst.se")?.role == .granskare(lan: "12"))
      #expect(try await database.user(email: "bra@bra.se")?.role == .granskare(lan: nil))
      // The password was hashed as the command line hashes it: it logs in.
      guard
        case .success = try await database.login(
          email: "ny@landskrona.se", password: AuthorizationTests.password, address: "192.0.2.1",
          policy: AuthorizationTests.policy,
          at: AuthorizationTests.clock)
      else {
        Issue.record("the new user cannot log in")
        return
      }
      let listed = try await client.execute(uri: "/admin/users", method: .get, headers: admin) { $0.text }
      #expect(listed.contains("ny@landskrona.se") && !listed.contains("<script>"))
      #expect(listed.contains("&lt;script&gt;alert(1)&lt;/script&gt;=1@x.se"))

      // Refused: a kommun code that is none, a short password, an address that exists, a role without its code.
      for (fields, text) in [
        (
          [("email", "x@k.se"), ("role", "samordnare"), ("kommun", "9999"), ("password", AuthorizationTests.password)],
          "okänd kommunkod 9999"
        ),
        ([("email", "x@k.se"), ("role", "admin"), ("password", "kort")], "minst 12 tecken"),
        ([("email", "ny@landskrona.se"), ("role", "admin"), ("password", AuthorizationTests.password)], "finns redan"),
        ([("email", "x@k.se"), ("role", "granskare"), ("password", AuthorizationTests.password)], "ange samordnare"),
      ] {
        try await client.execute(
          uri: "/admin/users", method: .post, headers: admin, body: Self.form([("csrf", csrf)] + fields)
        ) { response in
          #expect(response.status == .unprocessableContent && response.text.contains(text), "\(text)")
        }
      }
      #expect(try await database.user(email: "x@k.se") == nil)

      // Disable: the user's sessions end; the admin cannot disable itself.
      try await client.execute(
        uri: "/admin/users/disable", method: .post, headers: admin,
        body: Self.form([("csrf", csrf), ("email", "s0180@k.se")])
      ) { #expect($0.status == .seeOther) }
      try await client.execute(uri: "/kommun/0180", method: .get, headers: world.headers[.samordnare0180]!) {
        #expect($0.status == .unauthorized)
      }
      try await client.execute(
        uri: "/admin/users/disable", method: .post, headers: admin,
        body: Self.form([("csrf", csrf), ("email", "a@k.se")])
      ) { #expect($0.status == .unprocessableContent) }
      // A coordinator with its own valid token adds nobody.
      var coordinator = world.headers[.samordnare1280]!
      coordinator[.contentType] = "application/x-www-form-urlencoded"
      try await client.execute(
        uri: "/admin/users", method: .post, headers: coordinator,
        body: Self.form([
          ("csrf", coordinator[.init("X-CSRF-Token")!]!), ("email", "evil@k.se"), ("role", "admin"),
          ("password", AuthorizationTests.password),
        ])
      ) { #expect($0.status == .forbidden) }
    }
    let audit = try await database.auditLog().filter { $0.actor == "a@k.se" }
    #expect(audit.filter { $0.action == .userAdded }.count == 4)
    #expect(audit.contains { $0.action == .userDisabled && $0.subject == "s0180@k.se" })
    #expect(try await database.user(email: "evil@k.se") == nil)
    await database.close()
  }

  @Test func coordinatorWithdrawsThroughTheForm() async throws {
    let world = try await AuthorizationTests.world()
    var coordinatorHeaders = world.headers[.samordnare0180]!
    let csrf = try #require(coordinatorHeaders[.init("X-CSRF-Token")!])
    coordinatorHeaders[.contentType] = "application/x-www-form-urlencoded"
    let headers = coordinatorHeaders
    try await AuthorizationTests.application(world.database).test(.router) { client in
      let page = try await client.execute(uri: "/submissions/\(world.submission0180)", method: .get, headers: headers) {
        $0.text
      }
      #expect(page.contains("action=\"/submissions/\(world.submission0180)/withdraw\""))
      // No reason: refused, nothing withdrawn.
      try await client.execute(
        uri: "/submissions/\(world.submission0180)/withdraw", method: .post, headers: headers,
        body: Self.form([("csrf", csrf), ("reason", "  ")])
      ) { #expect($0.status == .unprocessableContent) }
      try await client.execute(
        uri: "/submissions/\(world.submission0180)/withdraw", method: .post, headers: headers,
        body: Self.form([("csrf", csrf), ("reason", "fel version")])
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/submissions/\(world.submission0180)?aterkallad=1")
      }
    }
    let withdrawn = try #require(try await world.database.submission(id: world.submission0180))
    #expect(withdrawn.withdrawal?.by == "s0180@k.se" && withdrawn.withdrawal?.reason == "fel version")
    #expect(try await world.database.latestSubmissions(asOf: AuthorizationTests.clock)["0180"] == nil)
    await world.database.close()
  }
}
