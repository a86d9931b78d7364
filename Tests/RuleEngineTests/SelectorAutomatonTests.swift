import BundledRules
import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// The fused walk selects, for every selector at once, exactly the nodes its own walk
/// (`PathPattern.forEachNode` from the root) yields, in the same order.
@Suite("Selector automaton")
struct SelectorAutomatonTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The bundled rules' selectors and others: `**` first, in the middle, last and alone; index steps;
  /// wildcards over objects and arrays; names the format does not have; relative paths (walked from the
  /// root like absolute ones).
  static let selectors: [String] = {
    let extra = [
      "/", "/**", "/*", "/*/*", "/*/*/*", "/**/*", "/**/*/*", "/**/id", "/**/0", "/**/0/id", "/*/**", "/*/**/id",
      "/atgardsplan/**", "/atgardsplan/**/datum", "/atgardsplan/atgarder/*/**/indikator", "/lagesbilder/0",
      "/lagesbilder/1/**", "/lagesbilder/0/kallor/1", "/atgardsplan/atgarder/2/mal/0/*", "/atgardsplan/atgarder/1/*",
      "/*/0", "/*/*/0/*", "/inte_i_formatet", "/inte_i_formatet/**", "/**/inte_i_formatet", "/a", "/a/*", "/b/a",
      "/a/**/a", "/**/a", "/**/b/a", "/b/**/0", "atgardsplan/atgarder", "/lagesbilder/99", "/kommun/namn/*",
    ]
    let rules = (try? BundledRuleSet.load().rules.map(\.selector.text)) ?? []
    #expect(rules.count > 50)
    return Array(Set(rules + extra)).sorted()
  }()

  static func reference(_ pattern: PathPattern, _ root: Node) -> [Int32] {
    var ids: [Int32] = []
    pattern.forEachNode(
      from: root, resolve: { _ in nil },
      {
        ids.append($0.id)
        return true
      })
    return ids
  }

  static func compare(_ root: Node, _ what: String) throws {
    let patterns = try selectors.map { try PathPattern.parse($0).get() }
    let automaton = try #require(SelectorAutomaton(patterns))
    let lists = automaton.select(in: root.storage)
    for (pattern, list) in zip(patterns, lists) {
      #expect(list == reference(pattern, root), "\(what): \(pattern.text)")
    }
  }

  @Test func samplesInBothForms() throws {
    let samples = Self.root.appendingPathComponent("samples")
    let files = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter {
      $0.hasSuffix(".json") || $0.hasSuffix(".xml")
    }
    #expect(files.count >= 12)
    for file in files {
      try Self.compare(try DocumentReader.read(file: samples.appendingPathComponent(file).path).root, file)
    }
  }

  /// Random trees over few names (so keys repeat, as siblings and at every depth), arrays and objects
  /// nested, scalars anywhere: every selector's node list equals its walk.
  @Test func randomTreesWithRepeatedKeys() throws {
    // A fixed seed, so that a failure can be replayed.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let names = ["a", "b", "id", "atgardsplan", "atgarder", "mal", "datum", "lagesbilder", "inte_i_formatet"]
    func value(_ depth: Int) -> String {
      switch depth > 5 ? 3 : next(5) {
      case 0, 1:
        return "{"
          + (0..<next(5)).map { _ in "\"\(names[next(names.count)])\": \(value(depth + 1))" }.joined(separator: ",")
          + "}"
      case 2:
        return "[" + (0..<next(5)).map { _ in value(depth + 1) }.joined(separator: ",") + "]"
      default:
        return ["1", "\"x\"", "null", "true"][next(4)]
      }
    }
    for round in 0..<150 {
      let json =
        "{" + (0..<(1 + next(6))).map { _ in "\"\(names[next(names.count)])\": \(value(1))" }.joined(separator: ",")
        + "}"
      let root = try Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }.root
      try Self.compare(root, "tree \(round): \(json)")
    }
  }

  /// A key step takes an object's first member of that name only; `*` and `**` take every one (so
  /// `/**/a` takes the first `a` of every node, the repeated `b` included).
  @Test func repeatedKeysAreSelectedOnceByName() throws {
    let json = #"{"a": 1, "b": {"a": 2, "a": 3, "b": {"a": 4}}, "a": 5, "b": [6]}"#
    let root = try Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }.root
    let patterns = try ["/a", "/b/a", "/*", "/**/a", "/b/b/a"].map { try PathPattern.parse($0).get() }
    let automaton = try #require(SelectorAutomaton(patterns))
    let texts = automaton.select(in: root.storage).map {
      $0.map { Node(storage: root.storage, id: $0).scalarText ?? "{}" }
    }
    #expect(texts == [["1"], ["2"], ["1", "{}", "5", "{}"], ["1", "2", "4"], ["4"]])
  }

  /// With steps after `**`, the walk's order is by the `**` node, not document order; the automaton
  /// keeps the walk's.
  @Test func stepsAfterDescendantsKeepTheWalksOrder() throws {
    let json = #"{"x": {"y": {"z": 1}, "w": 2}}"#
    let root = try Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }.root
    let pattern = try PathPattern.parse("/**/*").get()
    let automaton = try #require(SelectorAutomaton([pattern]))
    let keys = automaton.select(in: root.storage)[0].map { Node(storage: root.storage, id: $0).key ?? "" }
    #expect(keys == ["x", "y", "w", "z"])  // document order would be x, y, z, w
    #expect(keys == Self.reference(pattern, root).map { Node(storage: root.storage, id: $0).key ?? "" })
  }

  /// An evaluator walks a small document's rules one by one until a second document comes, then runs
  /// the automaton: every sample gives the same findings, in the same order, both ways (and both ways
  /// again with `en` messages and outdated dates, which the comparison includes).
  @Test func theEvaluatorGivesTheSameFindingsWithAndWithoutTheAutomaton() throws {
    let ruleSet = try BundledRuleSet.load()
    let samples = Self.root.appendingPathComponent("samples")
    let files = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter {
      $0.hasSuffix(".json") || $0.hasSuffix(".xml")
    }
    let options = EvaluationOptions(asOf: CivilDate("2026-11-24")!)
    func summary(_ findings: [Finding]) -> [String] {
      findings.map {
        "\($0.ruleId) \($0.location) \($0.message.text(.sv)) \($0.message.text(.en)) \(String(describing: $0.outdatedSince)) \($0.omitted)"
      }
    }
    for file in files {
      let document = try DocumentReader.read(file: samples.appendingPathComponent(file).path)
      let evaluator = Evaluator(ruleSet: ruleSet)
      let walked = evaluator.evaluate(document, options: options)  // the first small document: rule by rule
      #expect(evaluator.automatonLookups == 0, "the first small document hashes no selectors")
      let fused = evaluator.evaluate(document, options: options)  // the second: the automaton
      #expect(evaluator.automatonLookups == 1)
      #expect(!walked.isEmpty || file.hasPrefix("komplett"))
      #expect(summary(fused) == summary(walked), "\(file)")
    }
  }
}
