import PlanDocument

/// Turns one rule of a rule file into a typed `Rule`, with an error at the exact place when it is wrong.
enum RuleParser {
  static let ruleKeys: Set<String> = [
    "id", "obligation", "title", "severity", "reference", "validFrom", "validTo", "select", "when", "check",
    "options", "message", "examples",
  ]

  static func parse(
    _ item: YAMLFields, obligations: [String: Obligation], references: [String: Citation]
  ) throws(RuleSetError) -> Rule {
    let fields = try item.mapping(allowed: ruleKeys)
    let id = try fields.required("id").string()
    let obligationField = try fields.required("obligation")
    let obligationID = try obligationField.string()
    guard let obligation = obligations[obligationID] else {
      throw obligationField.error(
        "okänd skyldighet \"\(obligationID)\" (se skyldigheter.yaml)",
        "unknown obligation \"\(obligationID)\" (see skyldigheter.yaml)")
    }
    let severity: Severity =
      try fields["severity"]?.choice(["error": .error, "warning": .warning, "info": .info])
      ?? obligation.defaultSeverity
    var reference = obligation.references[0]
    if let referenceField = fields["reference"] {
      reference = try referenceField.string()
      guard references[reference] != nil else {
        throw referenceField.error(
          "okänd referens \"\(reference)\" (se referenser.yaml)",
          "unknown reference \"\(reference)\" (see referenser.yaml)")
      }
    }
    let selectField = fields["select"]
    let selector = try selectField.map { f throws(RuleSetError) in try path(f, absolute: true) } ?? PathPattern.root
    let checkField = try fields.required("check")
    let check = try CheckKinds.parse(kind: checkField, options: fields["options"])
    let messageField = try fields.required("message")
    let message = try messageField.localized()
    let allowed = check.placeholderNames
    for language in Language.allCases {
      for name in MessageTemplate.placeholders(in: message.text(language)) where !allowed.contains(name) {
        let list = allowed.sorted().joined(separator: ", ")
        throw messageField.error(
          "okänd platshållare {\(name)} i message.\(language.rawValue); kända för \(check.kindName): \(list)",
          "unknown placeholder {\(name)} in message.\(language.rawValue); known for \(check.kindName): \(list)")
      }
    }
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
    switch fields.parsedPaths[text].map(Result.success) ?? PathPattern.parse(text) {
    case .failure(let problem):
      throw fields.error(
        "ogiltig sökväg \"\(text)\": \(problem.message.sv)", "invalid path \"\(text)\": \(problem.message.en)")
    case .success(let pattern):
      if absolute == true, !pattern.isAbsolute {
        throw fields.error(
          "\"select\" ska börja med / (från dokumentets rot)", "\"select\" must start with / (from the document root)")
      }
      if absolute == false, pattern.isAbsolute {
        throw fields.error(
          "ett fält anges relativt den valda noden, utan inledande /",
          "a field is given relative to the selected node, without a leading /")
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

  /// The tests a condition may make of a field: the one predicate vocabulary of the rule language, with
  /// what each means (the generated reference prints these).
  static let fieldTests: [(name: String, documentation: LocalizedText)] = [
    (
      "equals",
      LocalizedText(
        sv:
          "värdet är detta, med sin typ (`true` är ett sanningsvärde, `\"true\"` en text). Tal jämförs efter värde: `1900`, `1900.0` och `1.9e3` är samma tal, men aldrig texten `\"1900\"`. Text jämförs tecken för tecken som en läsare ser den: ä skrivet som ett tecken eller som a med kombinerande trema är samma bokstav, men stora och små bokstäver och mellanslag räknas",
        en:
          "the value is this one, with its type (`true` is a boolean, `\"true\"` a text). Numbers are compared by value: `1900`, `1900.0` and `1.9e3` are the same number, but never the text `\"1900\"`. Text is compared character by character as a reader sees it: ä written as one character or as a with a combining diaeresis is the same letter, but case and spaces count"
      )
    ),
    (
      "in",
      LocalizedText(
        sv: "värdet är ett av dessa, med sin typ, jämfört som med `equals`",
        en: "the value is one of these, with its type, compared as `equals` compares")
    ),
    (
      "matches",
      LocalizedText(
        sv: "värdet matchar det reguljära uttrycket (hela värdet, i tid linjär i värdet)",
        en: "the value matches the regular expression (the whole value, in time linear in it)")
    ),
    (
      "startsWith",
      LocalizedText(
        sv:
          "värdet är en text som börjar med denna (eller en av dessa), hela tecken jämförda som med `equals` (\"é\" börjar inte med \"e\"); \"börjar inte med\" är `not: {startsWith: …}`",
        en:
          "the value is a text that begins with this one (or one of these), whole characters compared as `equals` compares (\"é\" does not begin with \"e\"); \"does not begin with\" is `not: {startsWith: …}`"
      )
    ),
    (
      "present",
      LocalizedText(
        sv: "`true`: fältet finns och är inte null; `false`: det gör det inte",
        en: "`true`: the field exists and is not null; `false`: it does not")
    ),
    (
      "nonEmpty",
      LocalizedText(
        sv: "`true`: fältet finns och är inte tomt (ingen tom text, lista eller mappning); `false`: det är det",
        en: "`true`: the field exists and is not blank (no empty text, list or object); `false`: it is")
    ),
    (
      "inForce",
      LocalizedText(
        sv: "`true`: fältet är ett intervall `{fran, till}` som omfattar kontrolldagen",
        en: "`true`: the field is a `{fran, till}` range that holds the as-of date")
    ),
  ]

  /// A condition: `all`/`any` (a list of conditions), `not` (a condition), or a `field` (a path relative
  /// to the node; left out, the node itself) and exactly one test of `fieldTests`.
  static func condition(_ fields: YAMLFields) throws(RuleSetError) -> Condition {
    let map = try fields.mapping(allowed: Set(["all", "any", "not", "field"] + fieldTests.map(\.name)))
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
    let field = try map["field"].map { f throws(RuleSetError) in try path(f, absolute: false) } ?? PathPattern.itself
    let tests = map.keys.filter { $0 != "field" }
    guard tests.count == 1 else {
      let list = fieldTests.map(\.name).joined(separator: ", ")
      throw fields.error(
        "ett villkor har exakt ett av: \(list) (med \"field\" för ett annat fält än noden själv), eller all/any/not",
        "a condition has exactly one of: \(list) (with \"field\" for a field other than the node itself), or all/any/not"
      )
    }
    let value = try map.required(tests[0])
    switch tests[0] {
    case "equals": return .field(field, .equals(Expected(try scalar(value))))
    case "in":
      if case .scalar = value.node { return .field(field, .oneOf([Expected(try scalar(value))])) }
      var values: [Expected] = []
      for item in try value.sequence() { values.append(Expected(try scalar(item))) }
      return .field(field, .oneOf(values))
    case "matches": return .field(field, .matches(try pattern(value)))
    case "startsWith": return .field(field, .startsWith(try value.strings().map(PreparedText.init)))
    case "present": return .field(field, .present(try value.bool()))
    case "nonEmpty": return .field(field, .nonEmpty(try value.bool()))
    default:
      guard try value.bool() else {
        throw value.error(
          "inForce tar bara värdet true (använd not för motsatsen)",
          "inForce only takes true (use not for the opposite)")
      }
      return .field(field, .inForce)
    }
  }

  /// Whether `text` is a number as JSON writes it (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`), by
  /// hand: a Swift `Regex` costs millions of instructions to build at every start.
  static func isJSONNumber(_ text: String) -> Bool {
    var bytes = text.utf8[...]
    func digits() -> Int {
      let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
      bytes = bytes.dropFirst(count)
      return count
    }
    if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    let first = bytes.first
    let whole = digits()
    guard whole > 0, whole == 1 || first != UInt8(ascii: "0") else { return false }
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      guard digits() > 0 else { return false }
    }
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
      guard digits() > 0 else { return false }
    }
    return bytes.isEmpty
  }

  /// A value to compare with, typed as YAML writes it: plain `true`/`false` a boolean, a plain number a
  /// number, anything else (and anything quoted) a text. `equals: true` is a boolean, `equals: "true"`
  /// the text.
  static func scalar(_ fields: YAMLFields) throws(RuleSetError) -> Scalar {
    guard case .scalar(let scalar) = fields.node else {
      throw fields.error("här väntades ett värde", "a value was expected here")
    }
    let text = scalar.string
    guard scalar.isPlain else { return .text(text) }
    switch text {
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    default:
      return isJSONNumber(text) ? .number(text) : .text(text)
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
        let example = try item.mapping(
          allowed: isValid ? ["document", "format", "asOf"] : ["document", "format", "asOf", "expect"])
        var expected: [JSONPointer] = []
        if !isValid {
          let expectField = try example.required("expect")
          for text in try expectField.strings() {
            guard let pointer = fastPointer(text) ?? JSONPointer(parsing: text) else {
              throw expectField.error(
                "\"\(text)\" är ingen JSON-pekare (t.ex. /atgardsplan/atgarder/0)",
                "\"\(text)\" is not a JSON Pointer (e.g. /atgardsplan/atgarder/0)")
            }
            expected.append(pointer)
          }
        }
        result.append(
          RuleExample(
            document: try example.required("document").string(),
            format: try example["format"]?.choice(["json": SourceFormat.json, "xml": .xml, "docx": .docx]) ?? .json,
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
  /// The empty relative path: the node itself (a condition without `field`).
  static let itself = PathPattern(steps: [], isAbsolute: false, text: ".")
}
