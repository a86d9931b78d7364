import PlanDocument

/// The regular expressions of rule files, matched in time linear in the text: a Thompson NFA run as a
/// Pike VM (every alternative followed at once, each program position at most once per character), so
/// no pattern, however written, makes a value cost more than (text length) × (pattern size) steps.
/// ICU, which lagkoll used before, backtracks: `(a+)+$` on a value of thirty `a` and a `b` took seconds,
/// and a rule set may come from someone else (`--rules` pointing at a county's shared repository).
///
/// The syntax is ICU's, as rule authors know it from the documentation, for the constructs a linear
/// engine can give exactly: literals and escapes (`\.` `\t` `\n` `\r` `\f` `\e` `\uhhhh` `\x{h…}` `\xhh`),
/// `.`, classes (`[a-zå]`, `[^…]`, `\d \D \w \W \s \S`, `\p{L}` and other general categories), groups
/// (`(…)`, `(?:…)`, `(?<name>…)`), alternation, the quantifiers `* + ? {n} {n,} {n,m}` (lazy forms match
/// the same whole values), the anchors `^ $ \A \z \Z \b \B`, the flags `(?i)` and `(?s)` (also scoped,
/// `(?i:…)`), and lookahead `(?=…)` / `(?!…)` whose body matches at most a bounded length. What needs
/// backtracking or is easy to get wrong is refused with a reason when the rule is loaded: backreferences,
/// lookbehind, atomic groups, possessive quantifiers, other flags, nested set syntax. A quantifier
/// nested in a quantified group (`(a+)+`) is matched in linear time like anything else, but `rules lint`
/// refuses it: it is what makes other engines (and readers) stumble.
///
/// The semantics are ICU's as `Pattern` uses it: the whole value must match (`^(?:…)$`), `$` also
/// matches before one line terminator at the end, `.` matches no line terminator unless `(?s)`, `\d` is
/// every Unicode decimal digit, matching is by code point.
public struct LinearRegex: Sendable {
  public struct Problem: Error, Sendable {
    public var message: LocalizedText
    /// The code point offset in the pattern where the problem was seen.
    public var offset: Int
  }

  /// The most instructions a pattern compiles to (counted repetition expands).
  static let maxProgramSize = 20_000
  /// The largest count in `{n,m}`.
  static let maxCount = 1_000
  /// The deepest nesting of groups.
  static let maxNesting = 100

  private let program: Program
  /// The offset of a quantifier over a group that itself repeats (`(a+)+`): harmless here, but the
  /// shape that makes backtracking engines take exponential time, and never needed, so `rules lint`
  /// refuses it (a rule set is also read by people and other tools).
  public let nestedQuantifier: Int?

  public init(_ source: String) throws(Problem) {
    var parser = Parser(Array(source.unicodeScalars))
    let tree = try parser.parseWhole()
    nestedQuantifier = parser.nestedQuantifier
    var compiler = Compiler()
    // The whole value: ^(?:SOURCE)$, as Pattern has always matched.
    try compiler.emit(.sequence([.assertion(.start), tree, .assertion(.end)]))
    compiler.instructions.append(.match)
    guard compiler.instructions.count <= LinearRegex.maxProgramSize else {
      throw Problem(
        message: LocalizedText(
          sv: "uttrycket blir för stort (högst \(LinearRegex.maxProgramSize) steg); skriv det kortare",
          en: "the expression is too large (at most \(LinearRegex.maxProgramSize) steps); write it shorter"),
        offset: 0)
    }
    program = Program(instructions: compiler.instructions, lookaheads: compiler.lookaheads)
  }

  public func matches(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    return program.run(scalars, from: 0)
  }

  // MARK: - Syntax tree

  indirect enum Node: Sendable {
    case empty
    case scalar(Unicode.Scalar, fold: Bool)
    case set(CharacterSet)
    case any(dotAll: Bool)
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, min: Int, max: Int?)
    case assertion(Assertion)
    case lookahead(Node, negative: Bool)

    /// Whether the node contains a quantifier that can repeat (max above one).
    var repeats: Bool {
      switch self {
      case .repetition(let body, _, let max): return max.map { $0 > 1 } ?? true || body.repeats
      case .sequence(let parts), .alternation(let parts): return parts.contains(where: \.repeats)
      case .lookahead(let body, _): return body.repeats
      default: return false
      }
    }

    /// The longest text the node can match, or nil when unbounded.
    var maxLength: Int? {
      switch self {
      case .empty, .assertion, .lookahead: return 0
      case .scalar, .set, .any: return 1
      case .sequence(let parts):
        var total = 0
        for part in parts {
          guard let length = part.maxLength else { return nil }
          total += length
        }
        return total
      case .alternation(let parts):
        var longest = 0
        for part in parts {
          guard let length = part.maxLength else { return nil }
          longest = Swift.max(longest, length)
        }
        return longest
      case .repetition(let body, _, let max):
        guard let max, let length = body.maxLength else { return nil }
        return max * length
      }
    }
  }

  enum Assertion: Sendable {
    /// `^`, `\A`: the start of the value.
    case start
    /// `$`, `\Z`: the end, or before one line terminator at the end.
    case end
    /// `\z`: the very end.
    case absoluteEnd
    /// `\b` (true) and `\B` (false).
    case wordBoundary(Bool)
  }

  /// A class of code points: ranges and named classes, perhaps negated, perhaps case-insensitive.
  struct CharacterSet: Sendable {
    enum Named: Sendable {
      case digit, word, space
      case category(Set<Unicode.GeneralCategory>)
    }

    var ranges: [ClosedRange<UInt32>] = []
    var named: [(Named, negated: Bool)] = []
    var negated = false
    var fold = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
      var found = directlyContains(scalar)
      if !found, fold {
        for variant in LinearRegex.caseVariants(scalar) where directlyContains(variant) {
          found = true
          break
        }
      }
      return found != negated
    }

    private func directlyContains(_ scalar: Unicode.Scalar) -> Bool {
      for range in ranges where range.contains(scalar.value) { return true }
      for (name, negated) in named where LinearRegex.isIn(name, scalar) != negated { return true }
      return false
    }
  }

  static func isIn(_ named: CharacterSet.Named, _ scalar: Unicode.Scalar) -> Bool {
    switch named {
    case .digit: return scalar.properties.generalCategory == .decimalNumber
    case .word: return isWord(scalar)
    case .space:
      // ICU: [\t\n\f\r\p{Z}]
      return scalar == "\t" || scalar == "\n" || scalar == "\u{0C}" || scalar == "\r"
        || [.spaceSeparator, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
    case .category(let categories): return categories.contains(scalar.properties.generalCategory)
    }
  }

  /// ICU's `\w`: [\p{Alphabetic}\p{Mark}\p{Decimal_Number}\p{Connector_Punctuation}\u200c\u200d].
  static func isWord(_ scalar: Unicode.Scalar) -> Bool {
    let properties = scalar.properties
    if properties.isAlphabetic { return true }
    switch properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
    default: return scalar == "\u{200C}" || scalar == "\u{200D}"
    }
  }

  /// ICU's line terminators, which `.` does not match and `$` may stand before.
  static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
    default: false
    }
  }

  /// The simple lower- and upper-case forms of a code point (one code point each), for `(?i)`.
  static func caseVariants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
    var variants: [Unicode.Scalar] = [fold(scalar)]
    for mapping in [
      scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping, scalar.properties.titlecaseMapping,
    ] {
      let scalars = mapping.unicodeScalars
      if scalars.count == 1, let only = scalars.first, only != scalar { variants.append(only) }
    }
    return variants
  }

  /// A simple case fold: the lower case of the upper case, where each is one code point (ſ and S give
  /// s, the Kelvin sign k). Multi-code-point foldings (ß and "ss") are not applied.
  static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    var result = scalar
    let upper = scalar.properties.uppercaseMapping.unicodeScalars
    if upper.count == 1, let only = upper.first { result = only }
    let lower = result.properties.lowercaseMapping.unicodeScalars
    if lower.count == 1, let only = lower.first { result = only }
    return result
  }

  // MARK: - Parser

  struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var fold = false
    var dotAll = false
    var depth = 0
    /// Where the first quantifier over a group that itself repeats (`(a+)+`) stands, if any.
    var nestedQuantifier: Int?

    init(_ scalars: [Unicode.Scalar]) {
      self.scalars = scalars
    }

    func problem(_ sv: String, _ en: String, at offset: Int? = nil) -> Problem {
      Problem(message: LocalizedText(sv: sv, en: en), offset: offset ?? index)
    }

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    mutating func parseWhole() throws(Problem) -> Node {
      let node = try parseAlternation()
      if !atEnd {
        throw problem("\")\" utan motsvarande \"(\"", "\")\" without a matching \"(\"")
      }
      return node
    }

    mutating func parseAlternation() throws(Problem) -> Node {
      var branches = [try parseSequence()]
      while peek == "|" {
        index += 1
        branches.append(try parseSequence())
      }
      return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseSequence() throws(Problem) -> Node {
      var parts: [Node] = []
      // Flags set by `(?i)` hold to the end of the enclosing group (parseGroup restores them).
      while let next = peek, next != "|", next != ")" {
        let start = index
        guard let atom = try parseAtom() else { continue }
        parts.append(try parseQuantifier(atom, start: start))
      }
      return parts.count == 1 ? parts[0] : .sequence(parts)
    }

    /// One atom; nil for something that matches nothing and takes no quantifier (a flag group, a comment).
    mutating func parseAtom() throws(Problem) -> Node? {
      let scalar = scalars[index]
      switch scalar {
      case "(":
        return try parseGroup()
      case "[":
        return .set(try parseClass())
      case ".":
        index += 1
        return .any(dotAll: dotAll)
      case "^":
        index += 1
        return .assertion(.start)
      case "$":
        index += 1
        return .assertion(.end)
      case "\\":
        return try parseEscape(inClass: false)
      case "*", "+", "?", "{":
        throw problem(
          "\"\(scalar)\" har inget att upprepa (skriv \\\(scalar) för tecknet)",
          "\"\(scalar)\" has nothing to repeat (write \\\(scalar) for the character)")
      default:
        index += 1
        return .scalar(scalar, fold: fold)
      }
    }

    mutating func parseGroup() throws(Problem) -> Node? {
      let open = index
      index += 1
      depth += 1
      defer { depth -= 1 }
      guard depth <= LinearRegex.maxNesting else {
        throw problem("grupperna är nästlade för djupt", "the groups are nested too deeply", at: open)
      }
      var lookahead: Bool? = nil
      let saved = (fold, dotAll)
      if peek == "?" {
        index += 1
        switch peek {
        case ":": index += 1
        case "=":
          index += 1
          lookahead = false
        case "!":
          index += 1
          lookahead = true
        case "#":
          while let next = peek, next != ")" { index += 1 }
          guard peek == ")" else {
            throw problem("kommentaren avslutas inte med )", "the comment is not closed with )", at: open)
          }
          index += 1
          return nil
        case "<":
          index += 1
          if peek == "=" || peek == "!" {
            throw problem(
              "bakåtblick ((?<= …), (?<! …)) stöds inte", "lookbehind ((?<= …), (?<! …)) is not supported", at: open)
          }
          while let next = peek, next.properties.isAlphabetic || ("0"..."9").contains(next) { index += 1 }
          guard peek == ">" else {
            throw problem("gruppnamnet avslutas inte med >", "the group name is not closed with >", at: open)
          }
          index += 1
        case ">":
          throw problem("atomära grupper ((?> …)) stöds inte", "atomic groups ((?> …)) are not supported", at: open)
        default:
          if try parseFlags(open: open) { return nil }
        }
      }
      let body = try parseAlternation()
      guard peek == ")" else {
        throw problem("gruppen avslutas inte med )", "the group is not closed with )", at: open)
      }
      index += 1
      (fold, dotAll) = saved
      if let negative = lookahead {
        guard body.maxLength != nil else {
          throw problem(
            "en framåtblick får bara matcha en begränsad längd (inga *, + eller {n,} i den)",
            "a lookahead may only match a bounded length (no *, + or {n,} in it)", at: open)
        }
        return .lookahead(body, negative: negative)
      }
      return body
    }

    /// Flags after `(?`: `(?i)` `(?s)` `(?is)` `(?-i)` set them for the rest of the enclosing group
    /// (true: the group ended here), `(?i: …)` for the group that follows (false).
    mutating func parseFlags(open: Int) throws(Problem) -> Bool {
      var on = true
      var flags = (fold, dotAll)
      while let next = peek, next != ")", next != ":" {
        switch next {
        case "i": flags.0 = on
        case "s": flags.1 = on
        case "-": on = false
        default:
          throw problem(
            "flaggan \"\(next)\" stöds inte (bara i och s)", "the flag \"\(next)\" is not supported (only i and s)")
        }
        index += 1
      }
      guard let end = peek else {
        throw problem("gruppen avslutas inte med )", "the group is not closed with )", at: open)
      }
      index += 1
      (fold, dotAll) = flags
      return end == ")"
    }

    mutating func parseQuantifier(_ atom: Node, start: Int) throws(Problem) -> Node {
      guard let next = peek else { return atom }
      var min = 0
      var max: Int?
      switch next {
      case "*": index += 1
      case "+":
        index += 1
        min = 1
      case "?":
        index += 1
        max = 1
      case "{":
        let open = index
        index += 1
        guard let low = number() else {
          throw problem(
            "\"{\" ska följas av ett antal, t.ex. {4} eller {2,5}",
            "\"{\" must be followed by a count, e.g. {4} or {2,5}", at: open)
        }
        min = low
        max = low
        if peek == "," {
          index += 1
          max = number()
        }
        guard peek == "}" else { throw problem("\"{\" avslutas inte med }", "\"{\" is not closed with }", at: open) }
        index += 1
        guard min <= LinearRegex.maxCount, (max ?? 0) <= LinearRegex.maxCount else {
          throw problem(
            "antalet är större än \(LinearRegex.maxCount)", "the count is larger than \(LinearRegex.maxCount)", at: open
          )
        }
        if let max, max < min {
          throw problem(
            "{\(min),\(max)}: det största antalet är mindre än det minsta",
            "{\(min),\(max)}: the largest count is below the smallest", at: open)
        }
      default:
        return atom
      }
      if peek == "?" {
        index += 1  // lazy: the same whole values match
      } else if peek == "+" {
        throw problem(
          "possessiva kvantifierare (*+, ++, ?+) stöds inte", "possessive quantifiers (*+, ++, ?+) are not supported")
      }
      if let following = peek, following == "*" || following == "+" || following == "{" {
        throw problem("två kvantifierare i rad", "two quantifiers in a row")
      }
      if case .assertion = atom { return atom }
      if case .lookahead = atom { return atom }
      let canRepeat = max.map { $0 > 1 } ?? true
      if canRepeat, atom.repeats, nestedQuantifier == nil { nestedQuantifier = start }
      return .repetition(atom, min: min, max: max)
    }

    mutating func number() -> Int? {
      var value: Int?
      while let next = peek, ("0"..."9").contains(next) {
        value = Swift.min((value ?? 0) * 10 + Int(next.value - 48), 1_000_000)
        index += 1
      }
      return value
    }

    mutating func parseClass() throws(Problem) -> CharacterSet {
      let open = index
      index += 1
      var set = CharacterSet()
      set.fold = fold
      if peek == "^" {
        set.negated = true
        index += 1
      }
      var first = true
      while true {
        guard let next = peek else {
          throw problem("klassen avslutas inte med ]", "the class is not closed with ]", at: open)
        }
        if next == "]" && !first { break }
        first = false
        if next == "[" {
          throw problem(
            "klasser i klasser ([a-z&&[…]]) stöds inte", "classes inside classes ([a-z&&[…]]) are not supported")
        }
        var low: Unicode.Scalar
        if next == "\\" {
          switch try parseEscape(inClass: true) {
          case .scalar(let scalar, _): low = scalar
          case .set(let named):
            set.named += named.named
            set.ranges += named.ranges
            continue
          default:
            throw problem("\\b och liknande kan inte stå i en klass", "\\b and the like cannot stand in a class")
          }
        } else {
          low = next
          index += 1
        }
        if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
          index += 1
          var high: Unicode.Scalar
          if peek == "\\" {
            guard case .scalar(let scalar, _) = try parseEscape(inClass: true) else {
              throw problem("ett intervall måste sluta med ett tecken", "a range must end with a character")
            }
            high = scalar
          } else {
            high = scalars[index]
            index += 1
          }
          guard low.value <= high.value else {
            throw problem("intervallet \(low)-\(high) är baklänges", "the range \(low)-\(high) is backwards")
          }
          set.ranges.append(low.value...high.value)
        } else {
          set.ranges.append(low.value...low.value)
        }
      }
      index += 1
      return set
    }

    mutating func parseEscape(inClass: Bool) throws(Problem) -> Node {
      let start = index
      index += 1
      guard let letter = peek else {
        throw problem("\\ sist i uttrycket", "\\ at the end of the expression", at: start)
      }
      index += 1
      func named(_ name: CharacterSet.Named, negated: Bool) -> Node {
        var set = CharacterSet()
        set.named = [(name, negated)]
        return .set(set)
      }
      switch letter {
      case "d": return named(.digit, negated: false)
      case "D": return named(.digit, negated: true)
      case "w": return named(.word, negated: false)
      case "W": return named(.word, negated: true)
      case "s": return named(.space, negated: false)
      case "S": return named(.space, negated: true)
      case "t": return .scalar("\t", fold: false)
      case "n": return .scalar("\n", fold: false)
      case "r": return .scalar("\r", fold: false)
      case "f": return .scalar("\u{0C}", fold: false)
      case "e": return .scalar("\u{1B}", fold: false)
      case "a": return .scalar("\u{07}", fold: false)
      case "b" where !inClass: return .assertion(.wordBoundary(true))
      case "B" where !inClass: return .assertion(.wordBoundary(false))
      case "A" where !inClass: return .assertion(.start)
      case "Z" where !inClass: return .assertion(.end)
      case "z" where !inClass: return .assertion(.absoluteEnd)
      case "u":
        return .scalar(try hexScalar(count: 4, start: start), fold: fold)
      case "x":
        if peek == "{" { return .scalar(try bracedHexScalar(start: start), fold: fold) }
        return .scalar(try hexScalar(count: 2, start: start), fold: fold)
      case "p", "P":
        return named(.category(try categories(start: start)), negated: letter == "P")
      case "1"..."9":
        throw problem("bakåtreferenser (\\1) stöds inte", "backreferences (\\1) are not supported", at: start)
      default:
        if letter.properties.isAlphabetic || ("0"..."9").contains(letter) {
          throw problem("\\\(letter) stöds inte", "\\\(letter) is not supported", at: start)
        }
        return .scalar(letter, fold: fold)  // an escaped punctuation character is itself
      }
    }

    /// `\x{h…}`, from its `{`: one to six hexadecimal digits naming a code point.
    mutating func bracedHexScalar(start: Int) throws(Problem) -> Unicode.Scalar {
      index += 1
      var value: UInt32 = 0
      var digits = 0
      while let next = peek, next != "}" {
        guard let digit = Int(String(next), radix: 16) else {
          throw problem(
            "\\x{…} ska innehålla hexadecimala siffror", "\\x{…} must hold hexadecimal digits", at: start)
        }
        value = value &* 16 &+ UInt32(digit)
        digits += 1
        index += 1
        guard digits <= 6 else { throw problem("\\x{…} är för långt", "\\x{…} is too long", at: start) }
      }
      guard peek == "}", let scalar = Unicode.Scalar(value) else {
        throw problem("\\x{…} är inget tecken", "\\x{…} is not a character", at: start)
      }
      index += 1
      return scalar
    }

    /// The general categories `{name}` after `\p` or `\P` names.
    mutating func categories(start: Int) throws(Problem) -> Set<Unicode.GeneralCategory> {
      guard peek == "{" else {
        throw problem("\\p ska följas av {kategori}", "\\p must be followed by {category}", at: start)
      }
      index += 1
      var name = ""
      while let next = peek, next != "}" {
        name.unicodeScalars.append(next)
        index += 1
      }
      guard peek == "}" else { throw problem("\\p{ avslutas inte med }", "\\p{ is not closed with }", at: start) }
      index += 1
      guard let categories = LinearRegex.categories[name] else {
        let known = LinearRegex.categories.keys.sorted().joined(separator: " ")
        throw problem(
          "okänd kategori \\p{\(name)}; kända: \(known)", "unknown category \\p{\(name)}; known: \(known)", at: start)
      }
      return categories
    }

    mutating func hexScalar(count: Int, start: Int) throws(Problem) -> Unicode.Scalar {
      guard index + count <= scalars.count else {
        throw problem("för få hexadecimala siffror", "too few hexadecimal digits", at: start)
      }
      var text = ""
      for offset in 0..<count { text.unicodeScalars.append(scalars[index + offset]) }
      guard let value = UInt32(text, radix: 16), let scalar = Unicode.Scalar(value) else {
        throw problem(
          "\"\(text)\" är inget tecken i hexadecimal form", "\"\(text)\" is not a character in hexadecimal", at: start)
      }
      index += count
      return scalar
    }
  }

  /// The general categories `\p{…}` accepts.
  static let categories: [String: Set<Unicode.GeneralCategory>] = {
    let letters: Set<Unicode.GeneralCategory> = [
      .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
    ]
    let marks: Set<Unicode.GeneralCategory> = [.nonspacingMark, .spacingMark, .enclosingMark]
    let numbers: Set<Unicode.GeneralCategory> = [.decimalNumber, .letterNumber, .otherNumber]
    let punctuation: Set<Unicode.GeneralCategory> = [
      .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation,
    ]
    let symbols: Set<Unicode.GeneralCategory> = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
    let separators: Set<Unicode.GeneralCategory> = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
    return [
      "L": letters, "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
      "Lm": [.modifierLetter], "Lo": [.otherLetter], "M": marks, "N": numbers, "Nd": [.decimalNumber],
      "Nl": [.letterNumber], "No": [.otherNumber], "P": punctuation, "Pd": [.dashPunctuation], "S": symbols,
      "Sc": [.currencySymbol], "Z": separators, "Zs": [.spaceSeparator], "Cc": [.control],
    ]
  }()

  // MARK: - Program

  enum Instruction: Sendable {
    case scalar(Unicode.Scalar, fold: Bool)
    case set(CharacterSet)
    case any(dotAll: Bool)
    case split(Int, Int)
    case jump(Int)
    case assertion(Assertion)
    /// Index into `lookaheads`.
    case lookahead(Int, negative: Bool)
    case match
  }

  struct Compiler {
    var instructions: [Instruction] = []
    var lookaheads: [Program] = []

    mutating func emit(_ node: Node) throws(Problem) {
      guard instructions.count <= LinearRegex.maxProgramSize else {
        throw Problem(
          message: LocalizedText(
            sv: "uttrycket blir för stort (högst \(LinearRegex.maxProgramSize) steg); skriv det kortare",
            en: "the expression is too large (at most \(LinearRegex.maxProgramSize) steps); write it shorter"),
          offset: 0)
      }
      switch node {
      case .empty: break
      case .scalar(let scalar, let fold):
        instructions.append(.scalar(fold ? LinearRegex.fold(scalar) : scalar, fold: fold))
      case .set(let set): instructions.append(.set(set))
      case .any(let dotAll): instructions.append(.any(dotAll: dotAll))
      case .assertion(let assertion): instructions.append(.assertion(assertion))
      case .sequence(let parts): for part in parts { try emit(part) }
      case .alternation(let branches):
        var jumps: [Int] = []
        for (number, branch) in branches.enumerated() {
          if number < branches.count - 1 {
            let split = instructions.count
            instructions.append(.split(split + 1, -1))
            try emit(branch)
            jumps.append(instructions.count)
            instructions.append(.jump(-1))
            instructions[split] = .split(split + 1, instructions.count)
          } else {
            try emit(branch)
          }
        }
        for jump in jumps { instructions[jump] = .jump(instructions.count) }
      case .repetition(let body, let min, let max):
        for _ in 0..<min { try emit(body) }
        if let max {
          // Each optional copy: split(body, end).
          var splits: [Int] = []
          for _ in min..<max {
            splits.append(instructions.count)
            instructions.append(.split(instructions.count + 1, -1))
            try emit(body)
          }
          for split in splits { instructions[split] = .split(split + 1, instructions.count) }
        } else {
          let loop = instructions.count
          instructions.append(.split(loop + 1, -1))
          try emit(body)
          instructions.append(.jump(loop))
          instructions[loop] = .split(loop + 1, instructions.count)
        }
      case .lookahead(let body, let negative):
        var inner = Compiler()
        try inner.emit(body)
        inner.instructions.append(.match)
        lookaheads.append(Program(instructions: inner.instructions, lookaheads: inner.lookaheads))
        instructions.append(.lookahead(lookaheads.count - 1, negative: negative))
      }
    }
  }

  struct Program: Sendable {
    let instructions: [Instruction]
    let lookaheads: [Program]

    /// Whether the program matches a prefix of `text[start...]` (it ends in `match`, which may be
    /// reached before the text ends: the whole-value anchors are instructions of their own).
    func run(_ text: [Unicode.Scalar], from start: Int) -> Bool {
      let count = instructions.count
      var marks = [Int](repeating: -1, count: count)
      var current: [Int] = []
      var next: [Int] = []
      current.reserveCapacity(count)
      next.reserveCapacity(count)
      var stack: [Int] = []
      var matched = false

      /// Follows the instructions that consume nothing from `pc` at `position`, collecting the ones that
      /// consume a code point into `list`; each instruction once per position (`marks`).
      func add(_ pc: Int, at position: Int, into list: inout [Int]) {
        stack.append(pc)
        while let pc = stack.popLast() {
          guard marks[pc] != position else { continue }
          marks[pc] = position
          switch instructions[pc] {
          case .jump(let target): stack.append(target)
          case .split(let first, let second):
            stack.append(second)
            stack.append(first)
          case .assertion(let assertion):
            if holds(assertion, text, position) { stack.append(pc + 1) }
          case .lookahead(let index, let negative):
            if lookaheads[index].run(text, from: position) != negative { stack.append(pc + 1) }
          case .match:
            matched = true
          case .scalar, .set, .any:
            list.append(pc)
          }
        }
      }

      add(0, at: start, into: &current)
      var position = start
      while !matched, !current.isEmpty, position < text.count {
        let scalar = text[position]
        next.removeAll(keepingCapacity: true)
        for pc in current {
          let accepts: Bool
          switch instructions[pc] {
          case .scalar(let expected, let fold):
            accepts = fold ? LinearRegex.fold(scalar) == expected : scalar == expected
          case .set(let set): accepts = set.contains(scalar)
          case .any(let dotAll): accepts = dotAll || !LinearRegex.isLineTerminator(scalar)
          default: accepts = false
          }
          if accepts { add(pc + 1, at: position + 1, into: &next) }
          if matched { break }
        }
        swap(&current, &next)
        position += 1
      }
      return matched
    }

    func holds(_ assertion: Assertion, _ text: [Unicode.Scalar], _ position: Int) -> Bool {
      let count = text.count
      switch assertion {
      case .start: return position == 0
      case .absoluteEnd: return position == count
      case .end:
        if position == count { return true }
        if position == count - 1 { return LinearRegex.isLineTerminator(text[position]) }
        return position == count - 2 && text[position] == "\r" && text[position + 1] == "\n"
      case .wordBoundary(let wanted):
        let before = position > 0 && LinearRegex.isWord(text[position - 1])
        let after = position < count && LinearRegex.isWord(text[position])
        return (before != after) == wanted
      }
    }
  }
}
