import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Testing

@Suite struct SARIFReporterTests {
  static func render(_ language: Language = .sv) -> String {
    SARIFReporter(language: language, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
  }

  static func json(_ language: Language = .sv) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(render(language).utf8)) as? [String: Any])
  }

  /// Validates against the official SARIF 2.1.0 schema with python's jsonschema (Draft 4, as the schema
  /// declares), and checks that every URI field holds only URI characters (jsonschema checks no formats
  /// without extra packages). Needs python3 with `jsonschema` and ../shared/testdata/sarif.
  @Test(
    .enabled(
      if: Tooling.canValidateSARIF,
      "skipped: needs python3 with jsonschema (pip install jsonschema) and ../shared/testdata/sarif/sarif-schema-2.1.0.json"
    ),
    arguments: Language.allCases)
  func validatesAgainstTheOfficialSchema(language: Language) throws {
    let script = """
      import json, re, sys
      from jsonschema import Draft4Validator
      schema = json.load(open(sys.argv[1], encoding="utf-8"))
      document = json.load(sys.stdin)
      problems = ["/".join(map(str, e.absolute_path)) + ": " + e.message for e in Draft4Validator(schema).iter_errors(document)]
      uri = re.compile(r"[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+")
      def walk(value, key=None):
          if isinstance(value, dict):
              for k, v in value.items(): walk(v, k)
          elif isinstance(value, list):
              for v in value: walk(v, key)
          elif isinstance(value, str) and key in ("uri", "helpUri", "informationUri", "downloadUri", "$schema"):
              if not uri.fullmatch(value): problems.append(key + " is not a URI: " + value)
      walk(document)
      print("\\n".join(problems[:30]))
      sys.exit(1 if problems else 0)
      """
    let result = try Tooling.run(["python3", "-c", script, Tooling.sarifSchema.path], input: Self.render(language))
    #expect(result.status == 0, "SARIF does not validate:\n\(result.stdout)\(result.stderr)")
  }

  @Test func runDescribesToolRulesAndTaxonomy() throws {
    let root = try Self.json()
    #expect(root["version"] as? String == "2.1.0")
    let run = try #require((root["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "lagkoll")
    #expect(driver["informationUri"] == nil, "no made-up tool URL")

    let rules = try #require(driver["rules"] as? [[String: Any]])
    let ids = rules.compactMap { $0["id"] as? String }
    // Rules in force on the as-of date; AP-002 ended 2024-12-31. KONFIG-001 is added for its finding.
    #expect(ids == ["LB-001", "LB-004", "AP-001", "AP-010", "DOK-004", "KONFIG-001"])
    // Every rule has a helpUri: its source's web address, else its entry in the rule catalogue.
    for rule in rules {
      #expect((rule["helpUri"] as? String)?.isEmpty == false, "\(rule["id"] ?? "?") has no helpUri")
    }
    let lb004 = try #require(rules.first { $0["id"] as? String == "LB-004" })
    #expect(
      (lb004["shortDescription"] as? [String: Any])?["text"] as? String
        == "Varje problem har omfattning och konsekvenser.")
    #expect(lb004["helpUri"] as? String == ReportFixture.riksdagen)
    #expect((lb004["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
    let help = try #require(lb004["help"] as? [String: Any])
    #expect((help["text"] as? String)?.contains("4 § 1 p. SFS 2023:196") == true)
    #expect((help["text"] as? String)?.contains("verifierad mot lagtexten") == true)
    let properties = try #require(lb004["properties"] as? [String: Any])
    #expect(properties["obligation"] as? String == "lagesbild.kartlaggning")
    #expect(properties["basis"] as? String == "lag")

    let taxonomies = try #require(run["taxonomies"] as? [[String: Any]])
    #expect(taxonomies.map { $0["name"] as? String } == ["SFS 2023:196", "Vägledning"])
    let taxa = try #require(taxonomies[0]["taxa"] as? [[String: Any]])
    #expect(
      taxa.compactMap { $0["id"] as? String } == [
        "sfs-2023-196-3", "sfs-2023-196-4", "sfs-2023-196-4-1", "sfs-2023-196-5", "sfs-2023-196-overgang",
      ])
    #expect((taxa[3]["properties"] as? [String: Any])?["verified"] as? Bool == true)
    #expect((taxa[4]["properties"] as? [String: Any])?["verified"] as? Bool == false)
    // A paragraph's taxon carries the law's own words, then the summary.
    let full = try #require((taxa[3]["fullDescription"] as? [String: Any])?["text"] as? String)
    #expect(full.hasPrefix("Kommuner ska, med lägesbilden som underlag, besluta om en plan"))
    #expect(full.contains("Sammanfattning: Kommunen ska besluta"))

    // Every relationship of every rule resolves to a taxon of the named taxonomy.
    for rule in rules {
      for relationship in rule["relationships"] as? [[String: Any]] ?? [] {
        let target = try #require(relationship["target"] as? [String: Any])
        let component = try #require(target["toolComponent"] as? [String: Any])
        let taxonomyIndex = try #require(component["index"] as? Int)
        #expect(taxonomies[taxonomyIndex]["name"] as? String == component["name"] as? String)
        let taxonList = try #require(taxonomies[taxonomyIndex]["taxa"] as? [[String: Any]])
        let index = try #require(target["index"] as? Int)
        #expect(taxonList[index]["id"] as? String == target["id"] as? String)
        #expect(relationship["kinds"] as? [String] == ["relevant"])
      }
    }
  }

  @Test func resultsCarryLocationPathAndSuppression() throws {
    let run = try #require((try Self.json()["runs"] as? [[String: Any]])?.first)
    let rules = try #require(
      ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 7)
    for result in results {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }

    let hostile = try #require(results.first { $0["ruleId"] as? String == "LB-004" })
    #expect(hostile["level"] as? String == "error")
    #expect((hostile["message"] as? [String: Any])?["text"] as? String == ReportFixture.hostileMessage.sv)
    let location = try #require((hostile["locations"] as? [[String: Any]])?.first)
    let physical = try #require(location["physicalLocation"] as? [String: Any])
    let artifact = try #require(physical["artifactLocation"] as? [String: Any])
    #expect(artifact["uri"] as? String == "plans/Malm%C3%B6%20plan.xml")
    #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
    let region = try #require(physical["region"] as? [String: Any])
    #expect(region["startLine"] as? Int == 14)
    #expect(region["startColumn"] as? Int == 7)
    let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
    #expect(logical["fullyQualifiedName"] as? String == "/lagesbilder/0/kartlaggning/problem/1")
    #expect(logical["name"] as? String == "1")

    let suppressed = try #require(results.first { $0["ruleId"] as? String == "AP-001" })
    let suppression = try #require((suppressed["suppressions"] as? [[String: Any]])?.first)
    #expect(suppression["kind"] as? String == "external")
    #expect(suppression["justification"] as? String == "Beslut i KF väntas <december> & klart")
    #expect(results.filter { $0["suppressions"] != nil }.count == 1)

    let outdated = try #require(results.first { $0["ruleId"] as? String == "AP-010" })
    let properties = try #require(outdated["properties"] as? [String: Any])
    #expect(properties["outdatedSince"] as? String == "2026-07-01")
    #expect(properties["obligation"] as? String == "atgardsplan.ansvar")
    #expect(properties["basis"] as? String == "vägledning")
    #expect(properties["referenceVerified"] as? Bool == false)
    #expect(outdated["level"] as? String == "warning")
    let info = try #require(results.first { $0["ruleId"] as? String == "DOK-004" })
    #expect(info["level"] as? String == "note")
  }

  @Test func unreadableFilesAreExecutionNotifications() throws {
    let run = try #require((try Self.json()["runs"] as? [[String: Any]])?.first)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    let error = try #require(notifications.first { $0["level"] as? String == "error" })
    let physical = try #require(
      ((error["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
    #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "plans/trasig.xml")
    #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 7)

    var clean = ReportFixture.report
    clean.files = [clean.files[1]]
    let cleanRun = SARIFReporter(language: .sv, ruleSet: ReportFixture.ruleSet).render(clean)
    #expect(cleanRun.contains("\"executionSuccessful\": true"))
  }

  @Test func absolutePathsBecomeFileURIs() throws {
    var report = ReportFixture.report
    report.files = [report.files[0]]
    report.files[0].path = "/srv/planer/Malmö.xml"
    for index in report.files[0].findings.indices {
      report.files[0].findings[index].location.file = "/srv/planer/Malmö.xml"
    }
    let output = SARIFReporter(language: .en, ruleSet: ReportFixture.ruleSet).render(report)
    #expect(output.contains("\"uri\": \"file:///srv/planer/Malm%C3%B6.xml\""))
    #expect(!output.contains("\"uriBaseId\""))
  }
}
