import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// `GET /lan/{kod}` and `/lan/{kod}.csv`: the county matrix of each kommun's latest submission as of a
/// date, as `lagkoll review` shows it, with the kommuner that have handed in nothing; `GET /riket`:
/// every county with its figures, for Brå and admins.
struct CountyRoutes: Sendable {
  var service: CheckService
  var accounts: AccountSettings
  var ruleSet: RuleSet { service.ruleSet }

  func page(_ request: Request, context: ServerContext) async throws -> Response {
    guard let kod = context.parameters.get("kod") else { throw Problem.notFound }
    if kod.hasSuffix(".csv") { return try await csv(request, code: String(kod.dropLast(4))) }
    let (matrix, missing, language) = try await review(request, code: kod)
    let html = ReviewHTMLReporter(language: language, ruleSet: ruleSet, notSubmitted: missing).render(matrix)
    return .text(html, type: "text/html; charset=utf-8", cache: false)
  }

  func csv(_ request: Request, code: String) async throws -> Response {
    let (matrix, missing, _) = try await review(request, code: code)
    var reporter = ReviewCSVReporter()
    reporter.notSubmitted = missing
    return .text(
      reporter.render(matrix), type: "text/csv; charset=utf-8", cache: false,
      headers: [.contentDisposition: "attachment; filename=\"lan-\(code)-\(matrix.asOf).csv\""])
  }

  /// The review of a county as of `?asOf=` (default today): each kommun's newest submission received
  /// by the end of that day, checked as of that day.
  func review(_ request: Request, code: String) async throws -> (ReviewMatrix, [Municipality], Language) {
    let identity = try await accounts.require(request)
    guard let county = ruleSet.counties.first(where: { $0.code == code }) else { throw Problem.notFound }
    guard identity.user.role.maySee(lan: county.code) else { throw Problem.forbidden }
    let query = try CheckQuery(request.uri)
    let asOf = query.asOf ?? Today.inSweden(at: accounts.now())
    let latest = try await accounts.database.latestSubmissions(asOf: Self.endOfDayInSweden(asOf))
    let members = ruleSet.municipalities.values.filter { $0.countyCode == county.code }.sorted { $0.code < $1.code }
    let checker = PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf), limits: service.limits)
    var report = CheckReport(asOf: asOf, rulesetVersion: ruleSet.version, failOn: .error, files: [])
    var missing: [Municipality] = []
    for municipality in members {
      guard let submission = latest[municipality.code] else {
        missing.append(municipality)
        continue
      }
      let name = "\(municipality.code) \(KommunPage.day(submission.receivedAt)) \(submission.id.prefix(8))"
      report.files += checker.check(
        bytes: submission.bytes, name: name, format: submission.contentType.hasSuffix("json") ? .json : .xml
      ).files
    }
    return (ReviewMatrix(report: report, ruleSet: ruleSet, county: county), missing, query.language)
  }

  /// The country: per county, how many kommuner have submitted and how many latest plans were ready
  /// when they came in.
  func riket(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.require(request)
    guard identity.user.role == .admin || identity.user.role == .granskare(lan: nil) else { throw Problem.forbidden }
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let sv = language == .sv
    let h = Escape.xml
    let latest = try await accounts.database.latestSubmissions(asOf: accounts.now())
    var out = "<section id=\"lan\">\n<table>\n<thead><tr><th>\(h(sv ? "Län" : "County"))</th><th>\(h(sv ? "Kommuner" : "Municipalities"))</th><th>\(h(sv ? "Har lämnat in" : "Submitted"))</th><th>\(h(sv ? "Klara" : "Ready"))</th><th>\(h(sv ? "Inte inlämnat" : "Not submitted"))</th></tr></thead>\n<tbody>\n"
    for county in ruleSet.counties {
      let members = ruleSet.municipalities.values.filter { $0.countyCode == county.code }
      let submitted = members.compactMap { latest[$0.code] }
      let ready = submitted.filter(\.ready).count
      out += "<tr><td><a href=\"/lan/\(h(county.code))\">\(h(county.name))</a> (\(h(county.code)))</td><td>\(members.count)</td><td>\(submitted.count)</td><td>\(ready)</td><td>\(members.count - submitted.count)</td></tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
    let shell = PageShell(
      language: language, title: sv ? "Riket – lagkoll" : "Sweden – lagkoll",
      heading: sv ? "Riket: senaste inlämning per län" : "Sweden: latest submissions by county",
      meta: [(sv ? "Per" : "As of", Today.inSweden(at: accounts.now()).description), (sv ? "Inloggad" : "Signed in", identity.user.email)])
    return .text(
      shell.render(main: out, footerNotes: [sv ? "Klar betyder klar när planen lämnades in." : "Ready means ready when the plan was submitted."]),
      type: "text/html; charset=utf-8", cache: false)
  }

  /// The last instant of a day in Sweden (the next day's midnight there, less a millisecond).
  static func endOfDayInSweden(_ day: CivilDate) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current
    let next = day.adding(days: 1)
    let midnight = calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day)) ?? Date()
    return midnight.addingTimeInterval(-0.001)
  }
}
