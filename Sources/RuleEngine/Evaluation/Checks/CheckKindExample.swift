import PlanDocument

/// A document a check kind passes, or one where it reports, and the paths its findings land on: the
/// kind's own documentation by example and its tests, as SwiftLint's rule descriptions carry theirs.
public struct CheckKindExample: Sendable {
  /// The kind's options as a rule writes them (YAML), empty for none.
  public var options: String
  /// The nodes the kind is run on (a rule's `select`).
  public var select: String
  /// The document, as JSON.
  public var document: String
  /// Where the findings land (JSON Pointers); empty for a document the kind passes.
  public var findings: [String]

  public var isValid: Bool { findings.isEmpty }

  /// A document the kind passes.
  static func valid(_ document: String, select: String = "/", options: String = "") -> CheckKindExample {
    CheckKindExample(options: options, select: select, document: document, findings: [])
  }

  /// A document where the kind reports, at these paths.
  static func invalid(
    _ document: String, select: String = "/", options: String = "", at findings: [String]
  ) -> CheckKindExample {
    CheckKindExample(options: options, select: select, document: document, findings: findings)
  }
}

extension CheckKinds {
  /// Runs `example` with the kind alone: no rule around it, no condition, no cap on findings; every
  /// node `select` reaches is checked, on `RuleExample.defaultAsOf`. `ruleSet` gives the municipality
  /// list and nothing else.
  public static func run(_ example: CheckKindExample, of kind: Entry, ruleSet: RuleSet) throws -> [CheckFinding] {
    let yaml = "check: \(kind.name)" + (example.options.isEmpty ? "" : "\noptions: \(example.options)")
    let fields = try YAMLFields.compose(yaml, file: "\(kind.name) example").mapping(allowed: ["check", "options"])
    let check = try parse(kind: try fields.required("check"), options: fields["options"])
    guard case .success(let selector) = PathPattern.parse(example.select) else {
      throw ReadError(.malformed, sv: "ogiltig sökväg \(example.select)", en: "invalid path \(example.select)", at: nil)
    }
    let bytes = Array(example.document.utf8)
    let parsed = try bytes.withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }
    let document = Document(
      file: "\(kind.name) example", format: .json, root: parsed.root, diagnostics: parsed.diagnostics)
    let run = Run(document: document, options: EvaluationOptions(asOf: RuleExample.defaultAsOf), ruleSet: ruleSet)
    var found: [CheckFinding] = []
    selector.forEachNode(from: run.document.root, resolve: run.resolve) { node in
      check.evaluate(on: Match(node: node), in: run) { found.append($0) }
      return true
    }
    return found
  }
}
