import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Testing

/// `/tillganglighet`: the statement lag (2018:1937) asks for, in DIGG's order, linked from every page.
@Suite struct AccessibilityStatementTests {
  @Test func theStatementSaysWhatDIGGsModelAsks() async throws {
    var settings = Fixture.settings()
    settings.contact = "tillganglighet@kommun.example"
    try await Fixture.application(settings: settings).test(.router) { client in
      try await client.execute(uri: "/tillganglighet", method: .get) { response in
        #expect(response.status == .ok)
        let page = response.text
        #expect(page.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"sv\">"))
        for heading in [
          "Hur tillgänglig är tjänsten?", "Innehåll som inte är tillgängligt", "Rapportera brister", "Tillsyn",
          "Hur vi testat tjänsten",
        ] {
          #expect(page.contains(heading), "\(heading)")
        }
        #expect(page.contains("<a href=\"mailto:tillganglighet@kommun.example\">"))
        #expect(page.contains("<a href=\"https://www.digg.se/tdosanmalan\">"))
        #expect(page.contains("href=\"/tillganglighet?lang=en\""))
      }
      try await client.execute(uri: "/tillganglighet?lang=en", method: .get) { response in
        #expect(response.text.contains("lang=\"en\""))
        #expect(response.text.contains("Supervision"))
        #expect(response.text.contains("<a href=\"/tillganglighet?lang=en\">Accessibility statement</a>"))
      }
    }
  }

  @Test func everyPageLinksToTheStatement() async throws {
    try await Fixture.application().test(.router) { client in
      for path in ["/", "/?lang=en", "/ingen-sida", "/tillganglighet"] {
        try await client.execute(uri: path, method: .get) { response in
          #expect(response.text.contains("<footer><p class=\"statement\"><a href=\"/tillganglighet"), "\(path)")
        }
      }
    }
  }
}
