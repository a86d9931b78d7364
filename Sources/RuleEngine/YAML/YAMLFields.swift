import PlanDocument

/// Reads typed values out of a composed YAML tree, remembering the file so every error has a place.
///
/// Rule files are never loaded untyped: YAML 1.1 would turn `no` into false and `2024-07-01` into a
/// timestamp. Every scalar is read as the string it is and converted to the type the field needs here,
/// and every mapping is checked for keys that the rule format does not have.
struct YAMLFields: Sendable {
  let file: String
  let node: YAMLNode
  /// Paths already parsed, by their text: the compact built-in rule set stores the paths of each check
  /// parsed, so that reading its options again at start does not parse them again. Empty when reading
  /// rule files; a path not in it is parsed.
  let parsedPaths: [String: PathPattern]

  init(file: String, node: YAMLNode, parsedPaths: [String: PathPattern] = [:]) {
    self.file = file
    self.node = node
    self.parsedPaths = parsedPaths
  }

  /// Composes `text` into a YAML tree, turning parse errors into RuleSetErrors with a position.
  ///
  /// Aliases (`*name`) are refused and nesting is capped (see `YAMLComposer`): a rule file is written
  /// out in full, so that no file can make the loader walk an exponential tree ("billion laughs").
  static func compose(_ text: String, file: String) throws(RuleSetError) -> YAMLFields {
    guard let node = try YAMLComposer.compose(text, file: file) else {
      throw RuleSetError(
        file: file, line: 1, column: 1, message: LocalizedText(sv: "filen är tom", en: "the file is empty"))
    }
    return YAMLFields(file: file, node: node)
  }

  var line: Int { node.line }
  var column: Int { node.column }

  func error(_ sv: String, _ en: String) -> RuleSetError {
    RuleSetError(file: file, line: line, column: column, message: LocalizedText(sv: sv, en: en))
  }

  private func child(_ node: YAMLNode) -> YAMLFields { YAMLFields(file: file, node: node, parsedPaths: parsedPaths) }

  // MARK: Mappings

  /// The members of a mapping, after checking that every key is one of `allowed`.
  func mapping(allowed: Set<String>) throws(RuleSetError) -> Mapping {
    guard case .mapping(let mapping, _) = node else {
      throw error("här väntades en mappning (nycklar med värden)", "a mapping (keys with values) was expected here")
    }
    var entries: [(String, YAMLFields, YAMLFields)] = []
    for (key, value) in mapping {
      let keyFields = child(key)
      guard case .scalar(let scalar) = key else {
        throw keyFields.error("en nyckel måste vara text", "a key must be text")
      }
      if !allowed.contains(scalar.string) {
        let list = allowed.sorted().joined(separator: ", ")
        throw keyFields.error(
          "okänd nyckel \"\(scalar.string)\"; tillåtna nycklar här: \(list)",
          "unknown key \"\(scalar.string)\"; the keys allowed here: \(list)")
      }
      entries.append((scalar.string, keyFields, child(value)))
    }
    return Mapping(owner: self, entries: entries)
  }

  struct Mapping {
    let owner: YAMLFields
    let entries: [(String, YAMLFields, YAMLFields)]

    subscript(key: String) -> YAMLFields? {
      entries.first { $0.0 == key }?.2
    }

    var keys: [String] { entries.map(\.0) }

    func required(_ key: String) throws(RuleSetError) -> YAMLFields {
      guard let value = self[key] else {
        throw owner.error("nyckeln \"\(key)\" saknas", "the key \"\(key)\" is missing")
      }
      return value
    }
  }

  // MARK: Scalars and sequences

  var isNull: Bool {
    if case .scalar(let scalar) = node, scalar.isPlain, ["", "~", "null"].contains(scalar.string) {
      return true
    }
    return false
  }

  func string() throws(RuleSetError) -> String {
    guard case .scalar(let scalar) = node else {
      throw error("här väntades en text", "text was expected here")
    }
    return scalar.string
  }

  func int() throws(RuleSetError) -> Int {
    guard let value = Int(try string()) else {
      throw error("här väntades ett heltal", "a whole number was expected here")
    }
    return value
  }

  /// A whole number inside `range`: a limit or a count outside it is an error where it stands, never a
  /// crash later (a depth of a million overflows the stack, a month count of 10^18 the date arithmetic).
  func int(in range: ClosedRange<Int>) throws(RuleSetError) -> Int {
    let value = try int()
    guard range.contains(value) else {
      throw error(
        "värdet \(value) ligger utanför det tillåtna \(range.lowerBound)…\(range.upperBound)",
        "the value \(value) is outside the allowed \(range.lowerBound)…\(range.upperBound)")
    }
    return value
  }

  func bool() throws(RuleSetError) -> Bool {
    switch try string() {
    case "true": return true
    case "false": return false
    default: throw error("här väntades true eller false", "true or false was expected here")
    }
  }

  func date() throws(RuleSetError) -> CivilDate {
    let text = try string()
    guard let date = CivilDate(text) else {
      throw error(
        "\"\(text)\" är inte ett datum (ÅÅÅÅ-MM-DD)", "\"\(text)\" is not a date (YYYY-MM-DD)")
    }
    return date
  }

  func sequence() throws(RuleSetError) -> [YAMLFields] {
    guard case .sequence(let sequence, _) = node else {
      throw error("här väntades en lista", "a list was expected here")
    }
    return sequence.map(child)
  }

  /// A list of strings; a single string is taken as a list of one, which reads naturally in rule files.
  func strings() throws(RuleSetError) -> [String] {
    if case .scalar = node { return [try string()] }
    var result: [String] = []
    for item in try sequence() { result.append(try item.string()) }
    return result
  }

  /// One of the words in `choices`.
  func choice<T>(_ choices: [String: T]) throws(RuleSetError) -> T {
    let text = try string()
    guard let value = choices[text] else {
      let list = choices.keys.sorted().joined(separator: ", ")
      throw error(
        "\"\(text)\" är inte tillåtet här; välj en av: \(list)",
        "\"\(text)\" is not allowed here; choose one of: \(list)")
    }
    return value
  }

  /// `{ sv: …, en: … }`, both required.
  func localized() throws(RuleSetError) -> LocalizedText {
    let fields = try mapping(allowed: ["sv", "en"])
    return LocalizedText(sv: try fields.required("sv").string(), en: try fields.required("en").string())
  }
}

// MARK: - Composing
