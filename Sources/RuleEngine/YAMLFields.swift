import PlanDocument
import Yams

#if canImport(CYaml)
  // libyaml as Yams builds it: its event stream lets the loader refuse aliases and cap nesting before a
  // tree exists. Not a product of Yams, but always built with it; without it, Yams.compose is used.
  import CYaml
#endif

/// An error in a rule-set file: the file, where in it, and what was expected, in words a rule author
/// (a civil servant, not a programmer) can act on.
public struct RuleSetError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public var message: LocalizedText

  public init(file: String, line: Int, column: Int, message: LocalizedText) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public func text(_ language: Language) -> String {
    "\(file):\(line):\(column): \(language.say(sv: "fel", en: "error")): \(message.text(language))"
  }

  public var description: String { text(.en) }
}

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
      throw error("\"\(text)\" är inte tillåtet här; välj en av: \(list)", "\"\(text)\" is not allowed here; choose one of: \(list)")
    }
    return value
  }

  /// `{ sv: …, en: … }`, both required.
  func localized() throws(RuleSetError) -> LocalizedText {
    let fields = try mapping(allowed: ["sv", "en"])
    return LocalizedText(sv: try fields.required("sv").string(), en: try fields.required("en").string())
  }
}

extension RuleSetError {
  init(yamlError: YamlError, file: String) {
    var line = 1
    var column = 1
    var problem = "\(yamlError)"
    switch yamlError {
    case .scanner(_, let text, let mark, _), .parser(_, let text, let mark, _), .composer(_, let text, let mark, _):
      line = mark.line
      column = mark.column
      problem = text
    case .duplicatedKeysInMapping(let keys, let context):
      line = context.mark.line
      column = context.mark.column
      self.init(
        file: file, line: line, column: column,
        message: LocalizedText(
          sv: "nyckeln finns flera gånger i samma mappning: \(keys.joined(separator: ", "))",
          en: "the key occurs more than once in one mapping: \(keys.joined(separator: ", "))"))
      return
    default:
      problem = problem.split(separator: "\n").first.map(String.init) ?? problem
    }
    self.init(
      file: file, line: line, column: column,
      message: LocalizedText(sv: "ogiltig YAML: \(YAMLProblem.swedish(problem))", en: "invalid YAML: \(problem)"))
  }
}

// MARK: - Composing

/// A node of a rule or configuration file: text (with whether it was written plain, unquoted) or a
/// sequence or mapping, each with the line and column where it begins. Tags are not kept: every value is
/// read as text and converted by `YAMLFields`.
enum YAMLNode: Sendable {
  struct Position: Sendable {
    var line: Int
    var column: Int
  }

  struct Scalar: Sendable {
    var string: String
    var isPlain: Bool
    var position: Position
  }

  case scalar(Scalar)
  case sequence([YAMLNode], Position)
  case mapping([(YAMLNode, YAMLNode)], Position)

  var position: Position {
    switch self {
    case .scalar(let scalar): scalar.position
    case .sequence(_, let position), .mapping(_, let position): position
    }
  }

  var line: Int { position.line }
  var column: Int { position.column }

  /// The same tree from Yams, where libyaml's events cannot be reached.
  init(_ node: Yams.Node) {
    let position = Position(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    switch node {
    case .scalar(let scalar):
      self = .scalar(Scalar(string: scalar.string, isPlain: scalar.style == .plain, position: position))
    case .sequence(let sequence):
      self = .sequence(sequence.map(YAMLNode.init), position)
    case .mapping(let mapping):
      self = .mapping(mapping.map { (YAMLNode($0.key), YAMLNode($0.value)) }, position)
    case .alias(let alias):
      self = .scalar(Scalar(string: "*\(alias.anchor.rawValue)", isPlain: false, position: position))
    }
  }
}

/// Limits that keep a hostile or broken rule or configuration file from costing unbounded time or memory.
enum YAMLLimits {
  /// Largest rule or configuration file read, in bytes. The bundled files are about 20 kB each.
  static let maxFileSize = 8 << 20
  /// Deepest nesting of mappings and sequences. The rule format needs about ten levels.
  static let maxDepth = 100
}

/// Builds the YAML tree from libyaml's events, one document per file.
///
/// Unlike `Yams.compose` it refuses aliases at their position (Yams resolves an alias by sharing the
/// anchored node, so that a few lines of `[*a, *a]` nest into a tree of 10⁹ nodes for any walk over it, and
/// its duplicate-key check hashes such trees as keys), refuses nesting beyond `YAMLLimits.maxDepth`
/// without recursion, and checks duplicate keys by their text without resolving tags, which is what made
/// `Yams.compose` slow at start-up (a regular expression per key).
enum YAMLComposer {
  static func compose(_ text: String, file: String) throws(RuleSetError) -> YAMLNode? {
    #if canImport(CYaml)
      var utf8 = Array(text.utf8)
      utf8.append(0)  // never an empty buffer (libyaml wants a pointer); the terminator is not passed on
      let count = utf8.count - 1
      let result: Result<YAMLNode?, RuleSetError> = utf8.withUnsafeBufferPointer { buffer in
        var composer = EventComposer(file: file, bytes: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        return Result { () throws(RuleSetError) in try composer.run(buffer.baseAddress!, count: count) }
      }
      return try result.get()
    #else
      try refuseAliases(text, file: file)
      do {
        return try Yams.compose(yaml: text).map(YAMLNode.init)
      } catch let error as YamlError {
        throw RuleSetError(yamlError: error, file: file)
      } catch {
        throw RuleSetError(
          file: file, line: 1, column: 1,
          message: LocalizedText(sv: "kan inte läsa YAML: \(error)", en: "cannot read YAML: \(error)"))
      }
    #endif
  }

  static func aliasError(file: String, line: Int, column: Int, name: String) -> RuleSetError {
    RuleSetError(
      file: file, line: line, column: column,
      message: LocalizedText(
        sv: "YAML-alias (*\(name)) är inte tillåtna här: skriv ut värdet på varje ställe där det behövs",
        en: "YAML aliases (*\(name)) are not allowed here: write the value out wherever it is needed"))
  }

  static func depthError(file: String, line: Int, column: Int) -> RuleSetError {
    RuleSetError(
      file: file, line: line, column: column,
      message: LocalizedText(
        sv: "YAML-strukturen är nästlad djupare än \(YAMLLimits.maxDepth) nivåer",
        en: "the YAML structure is nested deeper than \(YAMLLimits.maxDepth) levels"))
  }

  /// Used only where libyaml's events cannot be reached: refuses anything that may be an alias,
  /// conservatively. An alias is `*` and a name where a node can begin: at the start of a line's content,
  /// or after `-`, `:`, `?`, `[`, `{` or `,`. A false alarm needs text such as `- *x` inside a quoted or
  /// block scalar, which no rule or configuration file needs.
  static func refuseAliases(_ text: String, file: String) throws(RuleSetError) {
    var line = 1
    var column = 0
    /// The last character that was not a space or tab on this line, or nil at its start.
    var lastSignificant: Unicode.Scalar? = nil
    var previous: Unicode.Scalar = "\n"
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      column += 1
      if scalar == "\n" {
        line += 1
        column = 0
        lastSignificant = nil
        previous = scalar
        continue
      }
      if scalar == "*", index + 1 < scalars.count {
        let next = scalars[index + 1]
        let nameFollows = !(next == " " || next == "\t" || next == "\n" || next == "\r" || ",[]{}".unicodeScalars.contains(next))
        let canStartNode =
          lastSignificant == nil || "-:?[{,".unicodeScalars.contains(lastSignificant!)
        let separated = previous == " " || previous == "\t" || "[{,:".unicodeScalars.contains(previous)
        if nameFollows && canStartNode && (separated || lastSignificant == nil) {
          var name = ""
          for following in scalars[(index + 1)...] {
            if following == " " || following == "\t" || following == "\n" || following == "\r"
              || ",[]{}".unicodeScalars.contains(following)
            {
              break
            }
            name.unicodeScalars.append(following)
          }
          throw aliasError(file: file, line: line, column: column, name: name)
        }
      }
      if scalar != " " && scalar != "\t" { lastSignificant = scalar }
      previous = scalar
    }
  }
}

#if canImport(CYaml)
  /// One composition: the libyaml parser, the open collections and the node count.
  private struct EventComposer {
    /// One mapping or sequence that has started and not yet ended.
    struct Open {
      var isMapping: Bool
      var position: YAMLNode.Position
      var items: [YAMLNode] = []
      var keys: [YAMLNode] = []
    }

    let file: String
    let bytes: UnsafeBufferPointer<UInt8>
    var stack: [Open] = []
    var root: YAMLNode?
    var documents = 0

    init(file: String, bytes: UnsafeBufferPointer<UInt8>) {
      self.file = file
      self.bytes = bytes
    }

    mutating func run(_ start: UnsafePointer<UInt8>, count: Int) throws(RuleSetError) -> YAMLNode? {
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else {
        throw RuleSetError(
          file: file, line: 1, column: 1,
          message: LocalizedText(sv: "YAML-läsaren kunde inte starta", en: "the YAML reader could not start"))
      }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, start, count)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError(parser) }
        defer { yaml_event_delete(&event) }
        if try !handle(event) { return root }
      }
    }

    /// Takes one event; false at the end of the stream.
    mutating func handle(_ event: yaml_event_t) throws(RuleSetError) -> Bool {
      let mark = YAMLNode.Position(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return false
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          throw RuleSetError(
            file: file, line: mark.line, column: mark.column,
            message: LocalizedText(
              sv: "ogiltig YAML: filen får bara innehålla ett dokument (ett nytt börjar här)",
              en: "invalid YAML: the file may hold only one document (another begins here)"))
        }
      case YAML_ALIAS_EVENT:
        let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
        throw YAMLComposer.aliasError(file: file, line: mark.line, column: mark.column, name: name)
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        let text =
          scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) }
          ?? ""
        add(.scalar(YAMLNode.Scalar(string: text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, position: mark)))
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        if stack.count >= YAMLLimits.maxDepth {
          throw YAMLComposer.depthError(file: file, line: mark.line, column: mark.column)
        }
        stack.append(Open(isMapping: event.type == YAML_MAPPING_START_EVENT, position: mark))
      case YAML_SEQUENCE_END_EVENT:
        let open = stack.removeLast()
        add(.sequence(open.items, open.position))
      case YAML_MAPPING_END_EVENT:
        let open = stack.removeLast()
        try checkDuplicates(open.keys)
        add(.mapping(Array(zip(open.keys, open.items)), open.position))
      default:
        break  // stream start, document end
      }
      return true
    }

    /// Hands a finished node to the open collection (a mapping takes keys and values in turn).
    mutating func add(_ node: YAMLNode) {
      guard let top = stack.indices.last else {
        root = node
        return
      }
      if stack[top].isMapping && stack[top].keys.count == stack[top].items.count {
        stack[top].keys.append(node)
      } else {
        stack[top].items.append(node)
      }
    }

    /// A key written twice in one mapping, compared by its text (as `YAMLFields` reads keys): reported at
    /// the first occurrence of the first such key in sorted order, as Yams does.
    func checkDuplicates(_ keys: [YAMLNode]) throws(RuleSetError) {
      guard keys.count > 1 else { return }
      var first: [String: YAMLNode] = [:]
      var repeated: Set<String> = []
      for key in keys {
        guard case .scalar(let scalar) = key else { continue }
        if first[scalar.string] == nil { first[scalar.string] = key } else { repeated.insert(scalar.string) }
      }
      guard let smallest = repeated.min() else { return }
      let position = first[smallest]?.position ?? YAMLNode.Position(line: 1, column: 1)
      let keys = repeated.sorted().joined(separator: ", ")
      throw RuleSetError(
        file: file, line: position.line, column: position.column,
        message: LocalizedText(
          sv: "nyckeln finns flera gånger i samma mappning: \(keys)",
          en: "the key occurs more than once in one mapping: \(keys)"))
    }

    /// libyaml's own error, at its position: the problem mark for scanner and parser errors, the byte
    /// offset turned into line and column for reader errors (invalid UTF-8, control characters).
    func parserError(_ parser: yaml_parser_t) -> RuleSetError {
      let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
      var line = parser.problem_mark.line + 1
      var column = parser.problem_mark.column + 1
      switch parser.error {
      case YAML_MEMORY_ERROR:
        return RuleSetError(
          file: file, line: 1, column: 1,
          message: LocalizedText(sv: "YAML-läsaren fick slut på minne", en: "the YAML reader ran out of memory"))
      case YAML_READER_ERROR:
        let offset = min(max(0, parser.problem_offset), bytes.count)
        line = 1
        column = 1
        for byte in bytes[0..<offset] {
          if byte == 0x0A {
            line += 1
            column = 1
          } else if byte & 0xC0 != 0x80 {
            column += 1
          }
        }
        let value = parser.problem_value
        let detail = value >= 0 ? " (#\(String(value, radix: 16, uppercase: true)))" : ""
        return RuleSetError(
          file: file, line: line, column: column,
          message: LocalizedText(sv: "ogiltig YAML: \(YAMLProblem.swedish(problem))\(detail)", en: "invalid YAML: \(problem)\(detail)"))
      default:
        if problem.hasPrefix("Maximum nesting level") {
          // libyaml's own cap (its scanner runs ahead of the events, so it may be reached first).
          return YAMLComposer.depthError(file: file, line: line, column: column)
        }
        return RuleSetError(
          file: file, line: line, column: column,
          message: LocalizedText(sv: "ogiltig YAML: \(YAMLProblem.swedish(problem))", en: "invalid YAML: \(problem)"))
      }
    }
  }
#endif

/// libyaml's problems in Swedish, with what usually causes them: rule authors and the people who write
/// `.lagkoll.yaml` are civil servants, not YAML experts. A problem not listed keeps libyaml's words.
enum YAMLProblem {
  static let swedish: [String: String] = [
    "found unexpected end of stream":
      "filen tar slut mitt i ett värde (ett citattecken, en hakparentes eller en klammer stängs aldrig)",
    "did not find expected key": "en nyckel väntades här (kontrollera indraget)",
    "did not find expected node content": "ett värde saknas här",
    "mapping values are not allowed in this context":
      "ett kolon står där det inte får stå (sätt texten inom citattecken, eller kontrollera indraget)",
    "found character that cannot start any token": "ett tecken som inte kan inleda något värde (till exempel en tabb eller ett @)",
    "could not find expected ':'": "kolonet efter nyckeln saknas",
    "did not find expected ',' or ']'": "ett kommatecken eller ] saknas",
    "did not find expected ',' or '}'": "ett kommatecken eller } saknas",
    "found a tab character that violates indentation": "en tabb i indraget: dra in med mellanslag",
    "found a tab character where an indentation space is expected": "en tabb i indraget: dra in med mellanslag",
    "block sequence entries are not allowed in this context": "en listpost (-) står där den inte får stå (kontrollera indraget)",
    "found unknown escape character": "okänd teckenkod efter \\ i en text inom citattecken",
    "found unexpected ':'": "ett oväntat kolon",
    "did not find expected '-' indicator": "ett bindestreck (-) för nästa listpost väntades",
    "did not find expected <document start>": "ett nytt dokument (---) väntades",
    "found undefined tag handle": "okänd tagg (!)",
    "invalid leading UTF-8 octet": "ogiltig UTF-8",
    "invalid trailing UTF-8 octet": "ogiltig UTF-8",
    "control characters are not allowed": "styrtecken är inte tillåtna",
  ]

  static func swedish(_ problem: String) -> String { swedish[problem] ?? problem }
}
