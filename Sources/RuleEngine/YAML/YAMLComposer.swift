// libyaml, vendored (Sources/CLibYAML): its event stream lets the loader refuse aliases and cap nesting
// before a tree exists.
import CLibYAML
import PlanDocument

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
/// Unlike Yams' `compose`, which the loader once used, it refuses aliases at their position (Yams
/// resolves an alias by sharing the anchored node, so that a few lines of `[*a, *a]` nest into a tree of
/// 10⁹ nodes for any walk over it, and its duplicate-key check hashes such trees as keys), refuses
/// nesting beyond `YAMLLimits.maxDepth` without recursion, and checks duplicate keys by their text
/// without resolving tags, which is what made Yams' `compose` slow at start-up (a regular expression
/// per key).
enum YAMLComposer {
  static func compose(_ text: String, file: String) throws(RuleSetError) -> YAMLNode? {
    var utf8 = Array(text.utf8)
    utf8.append(0)  // never an empty buffer (libyaml wants a pointer); the terminator is not passed on
    let count = utf8.count - 1
    let result: Result<YAMLNode?, RuleSetError> = utf8.withUnsafeBufferPointer { buffer in
      var composer = EventComposer(file: file, bytes: UnsafeBufferPointer(rebasing: buffer[0..<count]))
      return Result { () throws(RuleSetError) in try composer.run(buffer.baseAddress!, count: count) }
    }
    return try result.get()
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
}

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
  /// the first occurrence of the first such key in sorted order, as Yams did.
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
        message: LocalizedText(
          sv: "ogiltig YAML: \(YAMLProblem.swedish(problem))\(detail)", en: "invalid YAML: \(problem)\(detail)"))
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
    "found character that cannot start any token":
      "ett tecken som inte kan inleda något värde (till exempel en tabb eller ett @)",
    "could not find expected ':'": "kolonet efter nyckeln saknas",
    "did not find expected ',' or ']'": "ett kommatecken eller ] saknas",
    "did not find expected ',' or '}'": "ett kommatecken eller } saknas",
    "found a tab character that violates indentation": "en tabb i indraget: dra in med mellanslag",
    "found a tab character where an indentation space is expected": "en tabb i indraget: dra in med mellanslag",
    "block sequence entries are not allowed in this context":
      "en listpost (-) står där den inte får stå (kontrollera indraget)",
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
