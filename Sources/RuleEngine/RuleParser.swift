import PlanDocument

/// Turns one rule of a rule file into a typed `Rule`, with an error at the exact place when it is wrong.
enum RuleParser {
  static let ruleKeys: Set<String> = [
    "id", "obligation", "title", "severity", "reference", "validFrom", "validTo", "select", "when", "check",
    "options", "message", "examples",
  ]

  static func parse(
    _ item: YAMLFields, obligations: [String: Obligation], references: [String: Reference]
  ) throws(RuleSetError) -> Rule {
    let fields = try item.mapping(allowed: ruleKeys)
    let id = try fields.required("id").string()
    let obligationField = try fields.required("obligation")
    let obligationID = try obligationField.string()
    guard let obligation = obligations[obligationID] else {
      throw obligationField.error(
        "okänd skyldighet \"\(obligationID)\" (se skyldigheter.yaml)", "unknown obligation \"\(obligationID)\" (see skyldigheter.yaml)")
    }
    let severity: Severity =
      try fields["severity"]?.choice(["error": .error, "warning": .warning, "info": .info])
      ?? obligation.defaultSeverity
    var reference = obligation.references[0]
    if let referenceField = fields["reference"] {
      reference = try referenceField.string()
      guard references[reference] != nil else {
        throw referenceField.error("okänd referens \"\(reference)\" (se referenser.yaml)", "unknown reference \"\(reference)\" (see referenser.yaml)")
      }
    }
    let selectField = fields["select"]
    let selector = try selectField.map { f throws(RuleSetError) in try path(f, absolute: true) } ?? PathPattern.root
    let checkField = try fields.required("check")
    let check = try CheckKinds.parse(kind: checkField, options: fields["options"])
    let messageField = try fields.required("message")
    let message = try messageField.localized()
    let rule = Rule(
      id: id, obligation: obligationID, basis: obligation.basis, severity: severity, reference: reference,
      validFrom: try fields["validFrom"]?.date(), validTo: try fields["validTo"]?.date(),
      title: try fields.required("title").localized(), selector: selector,
      condition: try fields["when"].map { f throws(RuleSetError) in try condition(f) }, check: check,
      message: message, examples: try fields["examples"].map { f throws(RuleSetError) in try examples(f) } ?? [],
      file: item.file, line: item.line, column: item.column,
      writtenCheck: WrittenCheck(kind: checkField.node, options: fields["options"]?.node))
    return rule
  }

  // MARK: Paths and conditions

  static func path(_ fields: YAMLFields, absolute: Bool? = nil) throws(RuleSetError) -> PathPattern {
    let text = try fields.string()
    switch PathPattern.parse(text) {
    case .failure(let problem):
      throw fields.error("ogiltig sökväg \"\(text)\": \(problem.message.sv)", "invalid path \"\(text)\": \(problem.message.en)")
    case .success(let pattern):
      if absolute == true, !pattern.isAbsolute {
        throw fields.error("\"select\" ska börja med / (från dokumentets rot)", "\"select\" must start with / (from the document root)")
      }
      if absolute == false, pattern.isAbsolute {
        throw fields.error("ett fält anges relativt den valda noden, utan inledande /", "a field is given relative to the selected node, without a leading /")
      }
      return pattern
    }
  }

  static func paths(_ fields: YAMLFields) throws(RuleSetError) -> [PathPattern] {
    if case .scalar = fields.node { return [try path(fields, absolute: false)] }
    var result: [PathPattern] = []
    for item in try fields.sequence() { result.append(try path(item, absolute: false)) }
    return result
  }

  static func condition(_ fields: YAMLFields) throws(RuleSetError) -> Condition {
    let map = try fields.mapping(allowed: ["all", "any", "not", "field", "equals", "in", "matches", "present", "inForce"])
    let combinators = map.keys.filter { ["all", "any", "not"].contains($0) }
    if !combinators.isEmpty, map.keys.count > 1 {
      // A test beside all/any/not would otherwise be silently ignored.
      throw fields.error(
        "\(combinators[0]) står ensamt i sitt villkor; lägg övriga test inuti det",
        "\(combinators[0]) stands alone in its condition; put other tests inside it")
    }
    if let all = map["all"] {
      var parts: [Condition] = []
      for item in try all.sequence() { parts.append(try condition(item)) }
      return .all(parts)
    }
    if let any = map["any"] {
      var parts: [Condition] = []
      for item in try any.sequence() { parts.append(try condition(item)) }
      return .any(parts)
    }
    if let not = map["not"] { return .not(try condition(not)) }
    let field = try path(try map.required("field"), absolute: false)
    let tests = map.keys.filter { $0 != "field" }
    guard tests.count == 1 else {
      throw fields.error(
        "ett villkor har \"field\" och exakt ett av: equals, in, matches, present, inForce (eller all/any/not)",
        "a condition has \"field\" and exactly one of: equals, in, matches, present, inForce (or all/any/not)")
    }
    let value = try map.required(tests[0])
    switch tests[0] {
    case "equals": return .field(field, .equals(try value.string()))
    case "in": return .field(field, .oneOf(try value.strings()))
    case "matches": return .field(field, .matches(try pattern(value)))
    case "present": return .field(field, .present(try value.bool()))
    default:
      guard try value.bool() else {
        throw value.error("inForce tar bara värdet true (använd not för motsatsen)", "inForce only takes true (use not for the opposite)")
      }
      return .field(field, .inForce)
    }
  }

  static func pattern(_ fields: YAMLFields) throws(RuleSetError) -> Pattern {
    let source = try fields.string()
    do {
      return try Pattern(validating: source)
    } catch {
      throw fields.error(
        "reguljära uttrycket \"\(source)\" tas inte emot (vid tecken \(error.offset + 1)): \(error.message.sv)",
        "the regular expression \"\(source)\" is not accepted (at character \(error.offset + 1)): \(error.message.en)")
    }
  }

  // MARK: Examples

  static func examples(_ fields: YAMLFields) throws(RuleSetError) -> [RuleExample] {
    let map = try fields.mapping(allowed: ["valid", "invalid"])
    var result: [RuleExample] = []
    for (key, isValid) in [("valid", true), ("invalid", false)] {
      for item in try map[key]?.sequence() ?? [] {
        let example = try item.mapping(allowed: isValid ? ["document", "format", "asOf"] : ["document", "format", "asOf", "expect"])
        var expected: [JSONPointer] = []
        if !isValid {
          let expectField = try example.required("expect")
          for text in try expectField.strings() {
            guard let pointer = fastPointer(text) ?? JSONPointer(parsing: text) else {
              throw expectField.error("\"\(text)\" är ingen JSON-pekare (t.ex. /atgardsplan/atgarder/0)", "\"\(text)\" is not a JSON Pointer (e.g. /atgardsplan/atgarder/0)")
            }
            expected.append(pointer)
          }
        }
        result.append(
          RuleExample(
            document: try example.required("document").string(),
            format: try example["format"]?.choice(["json": SourceFormat.json, "xml": .xml]) ?? .json,
            asOf: try example["asOf"]?.date(), expect: expected, isValid: isValid, line: item.line))
      }
    }
    return result
  }
}

/// `JSONPointer(parsing:)` for the common case of a pointer without `~` escapes, without Foundation's
/// string replacing (most of the cost of loading examples); nil hands the text to the full parser.
func fastPointer(_ text: String) -> JSONPointer? {
  let utf8 = Array(text.utf8)
  if utf8.isEmpty { return JSONPointer() }
  guard utf8.first == UInt8(ascii: "/"), !utf8.contains(UInt8(ascii: "~")) else { return nil }
  var components: [JSONPointer.Component] = []
  for segment in utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
    let isNumber =
      !segment.isEmpty && segment.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      && (segment.count == 1 || segment.first != UInt8(ascii: "0"))
    if isNumber, let index = Int(String(decoding: segment, as: UTF8.self)) {
      components.append(.index(index))
    } else {
      components.append(.key(String(decoding: segment, as: UTF8.self)))
    }
  }
  return JSONPointer(components)
}

extension PathPattern {
  /// `/`: the document root.
  static let root = PathPattern(steps: [], isAbsolute: true, text: "/")
}
