import Foundation
import PlanDocument
import RuleEngine
import Testing

@testable import plangen

@Suite("plangen: synthetic plan documents")
struct PlanGeneratorTests {
  static let kommuner: [Kommun] = {
    let text = try! String(contentsOf: Fixture.rules.appendingPathComponent("kommuner.tsv"), encoding: .utf8)
    return Kommun.parse(tsv: text)
  }()

  static let generator = PlanGenerator(asOf: Fixture.asOf, actions: nil)

  static func generate(count: Int = 290, seed: UInt64 = 42, actions: Int? = nil) -> [GeneratedDocument] {
    Generation.documents(
      municipalities: kommuner, count: count, seed: seed,
      generator: PlanGenerator(asOf: Fixture.asOf, actions: actions))
  }

  /// One line per node: path, kind and value, without position (as the sample parity test does).
  static func shape(_ document: Document) -> [String] {
    var lines: [String] = []
    document.root.walk { pointer, node, _ in
      lines.append("\(pointer) \(node.kind.rawValue) \(node.scalarText.map { "= \($0.debugDescription)" } ?? "")")
    }
    return lines
  }

  @Test func splitMix64MatchesTheReferenceSequence() {
    // The first outputs for seed 0 of the reference implementation (Vigna's splitmix64.c).
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(random.next() == 0x06C4_5D18_8009_454F)
    var a = SplitMix64(seed: 42)
    var b = SplitMix64(seed: 42)
    for _ in 0..<100 { #expect(a.int(0...9) == b.int(0...9)) }
  }

  @Test func oneDocumentPerRealMunicipality() {
    #expect(Self.kommuner.count == 290)
    let documents = Self.generate()
    #expect(documents.count == 290)
    #expect(Set(documents.map(\.kommun.kod)).count == 290)
    #expect(Set(documents.map(\.name)).count == 290)
    #expect(documents.first?.name == "0114-upplands-vasby")
    // Every profile occurs, in roughly the intended shares.
    let profiles = Dictionary(grouping: documents, by: \.profile).mapValues(\.count)
    for profile in Profile.allCases { #expect((profiles[profile] ?? 0) >= 5, "\(profile) is too rare: \(profiles)") }
    #expect((profiles[.komplett] ?? 0) > 70)
    // More than 290 wraps around into duplicates with their own file names.
    let more = Self.generate(count: 292)
    #expect(more[290].kommun == more[0].kommun && more[290].name == "0114-upplands-vasby-2")
  }

  @Test func theSameSeedGivesTheSameBytes() {
    let first = Self.generate(count: 40)
    let second = Self.generate(count: 40)
    #expect(first.map { Generation.xml($0, seed: 42) } == second.map { Generation.xml($0, seed: 42) })
    #expect(first.map(Generation.json) == second.map(Generation.json))
    // Another seed gives other documents, and a municipality's document does not depend on the count.
    let other = Self.generate(count: 40, seed: 43)
    #expect(first.map(Generation.json) != other.map(Generation.json))
    let fewer = Self.generate(count: 10)
    #expect(fewer.map(Generation.json) == first.prefix(10).map(Generation.json))
  }

  @Test func theCommandWritesTheSameFilesForTheSameSeed() throws {
    let one = try Fixture.scratch()
    let two = try Fixture.scratch()
    defer {
      try? FileManager.default.removeItem(at: one)
      try? FileManager.default.removeItem(at: two)
    }
    for folder in [one, two] {
      let output = try Binary.run(
        "plangen", ["--count", "12", "--seed", "7", "--format", "both", "--out", folder.path])
      #expect(output.status == 0, "\(output.stderr)")
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: one.path).sorted()
    #expect(names.count == 24)
    #expect(try FileManager.default.contentsOfDirectory(atPath: two.path).sorted() == names)
    for name in names {
      let a = try Data(contentsOf: one.appendingPathComponent(name))
      let b = try Data(contentsOf: two.appendingPathComponent(name))
      #expect(a == b, "\(name) differs between two runs with the same seed")
    }
  }

  @Test func xmlAndJsonGiveTheSameTree() throws {
    for document in Self.generate() {
      let xml = try DocumentReader.parse(
        Array(Generation.xml(document, seed: 42).utf8), file: "\(document.name).xml", format: .xml)
      let json = try DocumentReader.parse(
        Array(Generation.json(document).utf8), file: "\(document.name).json", format: .json)
      #expect(xml.diagnostics.isEmpty, "\(document.name).xml: \(xml.diagnostics.map(\.message.en))")
      #expect(json.diagnostics.isEmpty, "\(document.name).json: \(json.diagnostics.map(\.message.en))")
      let a = Self.shape(xml)
      let b = Self.shape(json)
      #expect(a.count == b.count, "\(document.name): \(a.count) nodes in XML, \(b.count) in JSON")
      if let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        Issue.record("\(document.name): node \(index) differs:\n  xml:  \(a[index])\n  json: \(b[index])")
      }
    }
  }

  @Test func escapingSurvivesTheRoundTrip() throws {
    let tree: PlanTree = .object([
      "formatversion": .text("1"),
      "kommun": .object(["namn": .text("A & B <c> \"d\" 'e' ]]>"), "kod": .text("0114")]),
      "lagesbilder": .list(
        item: "lagesbild", [.object(["id": .text("L\"1&<"), "annanInformation": .text("rad 1\nrad 2\ttab")])]),
    ])
    let document = GeneratedDocument(name: "x", kommun: Self.kommuner[0], profile: .komplett, tree: tree)
    let xml = try DocumentReader.parse(Array(Generation.xml(document, seed: 1).utf8), file: "x.xml", format: .xml)
    let json = try DocumentReader.parse(Array(Generation.json(document).utf8), file: "x.json", format: .json)
    #expect(xml.root["kommun"]?["namn"]?.string == "A & B <c> \"d\" 'e' ]]>")
    #expect(xml.root["lagesbilder"]?.items?.first?["id"]?.string == "L\"1&<")
    #expect(Self.shape(xml) == Self.shape(json))
  }

  @Test func profilesGiveTheFindingsTheyAreNamedFor() throws {
    let checker = PlanChecker(ruleSet: Fixture.ruleSet, options: EvaluationOptions(asOf: Fixture.asOf))
    let documents = Self.generate()
    var seen: Set<Profile> = []
    for document in documents where seen.insert(document.profile).inserted || document.profile == .komplett {
      let parsed = try DocumentReader.parse(Array(Generation.json(document).utf8), file: document.name, format: .json)
      let result = checker.result(for: parsed)
      let counting = result.findings.filter { $0.severity != .info }
      let obligations = Set(counting.map(\.obligation))
      switch document.profile {
      case .komplett:
        #expect(counting.isEmpty, "\(document.name) (komplett): \(counting.map(\.ruleId))")
      case .forraMandatperioden:
        #expect(
          obligations.isSuperset(of: [
            "atgardsplan.aktuell", "lagesbild.aktualitet", "uppfoljning.genomford", "samverkan.polis-giltig",
          ]), "\(document.name): \(obligations)")
        // Updating the lägesbild and following up the plan at least every other year is law (6 §).
        #expect(result.status == .failed)
      case .saknadeDelar:
        #expect(result.status == .failed)
        #expect(obligations.contains("lagesbild.hela-kommunen"))
      case .trasigaReferenser:
        #expect(obligations.contains("dokument.referenser"), "\(document.name): \(obligations)")
      case .samverkanUtgangen:
        #expect(
          obligations.isSuperset(of: ["samverkan.polis-giltig", "samverkan.forum-civilsamhalle"]),
          "\(document.name): \(obligations)")
        #expect(!obligations.contains("samverkan.forum"), "civil society is guidance, not the council duty of 10 §")
      case .foreLagen:
        #expect(
          obligations.isSuperset(of: ["samordningsfunktion.uppgifter", "ledning.rapportering"]),
          "\(document.name): \(obligations)")
      }
    }
    #expect(seen == Set(Profile.allCases))
  }

  @Test func actionsMakeOneLargePlan() throws {
    let documents = Self.generate(count: 1, actions: 2000)
    let text = Generation.xml(documents[0], seed: 42)
    let parsed = try DocumentReader.parse(Array(text.utf8), file: "stor.xml", format: .xml)
    #expect(parsed.root["atgardsplan"]?["atgarder"]?.items?.count == 2000)
    // About 900 bytes per action: 25 000 actions make the 20–25 MB document of the speed benchmarks.
    #expect(text.utf8.count > 2000 * 600 && text.utf8.count < 2000 * 1000, "\(text.utf8.count) bytes")
  }
}
