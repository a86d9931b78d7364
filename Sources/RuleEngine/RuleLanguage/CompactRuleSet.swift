import PlanDocument

/// A loaded rule set written as compact text, and read back: how the rule set built into the executable
/// is stored, so a start reads it far faster than it parses YAML or decodes JSON through Codable
/// (docs/engine.md).
///
/// The form is plain: a whole number is written in decimal and ends with `;`, a text is its length in
/// UTF-8 bytes then its bytes, a flag is `T` or `F`, an absent value is `N` and a present one `S` then the
/// value, a list is its count then its items, an enum case is its number. It is valid UTF-8, so it can sit
/// in a Swift string literal. Only lagkoll writes it (`embed-rules`, at build time) and reads it (at
/// start); `EmbeddedRuleSetTests` proves that what is read equals what the YAML loads to.
public enum CompactRuleSet {
  public static func encode(_ ruleSet: RuleSet) -> String {
    var writer = Writer()
    writer.ruleSet(ruleSet)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  public static func decode(_ text: String) throws(Malformed) -> RuleSet {
    var text = text  // a literal's UTF-8 is contiguous already: no copy
    let result = text.withUTF8 { bytes in
      Result { () throws(Malformed) -> RuleSet in
        var reader = Reader(bytes: bytes)
        let ruleSet = try reader.ruleSet()
        guard reader.position == bytes.count else { throw Malformed(offset: reader.position) }
        return ruleSet
      }
    }
    return try result.get()
  }

  /// The text is not a rule set in this form (a broken build): where reading stopped.
  public struct Malformed: Error, Sendable {
    public var offset: Int
  }

  struct Writer {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
      bytes += Array(String(value).utf8)
      bytes.append(UInt8(ascii: ";"))
    }
    mutating func string(_ value: String) {
      int(value.utf8.count)
      bytes += value.utf8
    }
    mutating func bool(_ value: Bool) { bytes.append(value ? UInt8(ascii: "T") : UInt8(ascii: "F")) }
    mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
      if let value {
        bytes.append(UInt8(ascii: "S"))
        write(&self, value)
      } else {
        bytes.append(UInt8(ascii: "N"))
      }
    }
    mutating func list<T>(_ values: [T], _ write: (inout Writer, T) -> Void) {
      int(values.count)
      for value in values { write(&self, value) }
    }
    mutating func strings(_ values: [String]) { list(values) { $0.string($1) } }
    mutating func text(_ value: LocalizedText) {
      string(value.sv)
      string(value.en)
    }
    mutating func date(_ value: CivilDate) { int(value.dayNumber) }
    mutating func paths(_ values: [PathPattern]) { list(values) { $0.path($1) } }

    mutating func path(_ value: PathPattern) {
      string(value.text)
      bool(value.isAbsolute)
      list(value.steps) { writer, step in
        switch step {
        case .key(let key):
          writer.int(0)
          writer.string(key)
        case .index(let index):
          writer.int(1)
          writer.int(index)
        case .wildcard: writer.int(2)
        case .descendants: writer.int(3)
        case .dereference: writer.int(4)
        }
      }
    }

    mutating func pointer(_ value: JSONPointer) {
      list(value.components) { writer, component in
        switch component {
        case .key(let key):
          writer.int(0)
          writer.string(key)
        case .index(let index):
          writer.int(1)
          writer.int(index)
        }
      }
    }

    mutating func condition(_ value: Condition) {
      switch value {
      case .all(let parts):
        int(0)
        list(parts) { $0.condition($1) }
      case .any(let parts):
        int(1)
        list(parts) { $0.condition($1) }
      case .not(let part):
        int(2)
        condition(part)
      case .field(let path, let test):
        int(3)
        self.path(path)
        switch test {
        case .equals(let value):
          int(0)
          scalar(value.scalar)
        case .oneOf(let values):
          int(1)
          list(values) { $0.scalar($1.scalar) }
        case .matches(let pattern):
          int(2)
          string(pattern.source)
        case .present(let present):
          int(3)
          bool(present)
        case .inForce: int(4)
        case .startsWith(let prefixes):
          int(5)
          strings(prefixes.map(\.text))
        case .nonEmpty(let wanted):
          int(6)
          bool(wanted)
        }
      }
    }

    mutating func scalar(_ value: Scalar) {
      switch value {
      case .text(let text):
        int(0)
        string(text)
      case .number(let text):
        int(1)
        string(text)
      case .boolean(let flag):
        int(2)
        bool(flag)
      }
    }

    /// A check is stored as written (its kind's name and options, composed YAML without the text) and
    /// read again by its kind: the one parser of each kind's options, no second encoding of them.
    mutating func check(_ rule: Rule) {
      guard let written = rule.writtenCheck else {
        preconditionFailure("rule \(rule.id) was not read from a rule file")  // only loaded rule sets are embedded
      }
      yaml(written.kind)
      optional(written.options) { $0.yaml($1) }
      // The paths the kind parsed from the options, parsed: reading the options again at start looks
      // them up instead of parsing them (most of what reading the built-in rule set cost).
      var parsed: [PathPattern] = []
      var seen: Set<String> = []
      func add(_ path: PathPattern) {
        // Only what parsing its text gives: a path a kind derived (`kallor` from `kallor/*/typ`) keeps
        // the text it came from and must not stand for it.
        guard case .success(path) = PathPattern.parse(path.text), seen.insert(path.text).inserted else { return }
        parsed.append(path)
      }
      func add(_ condition: Condition) {
        switch condition {
        case .all(let parts), .any(let parts): parts.forEach(add)
        case .not(let part): add(part)
        case .field(let path, _): add(path)
        }
      }
      rule.check.paths.forEach(add)
      rule.check.conditions.forEach(add)
      paths(parsed)
    }

    mutating func yaml(_ node: YAMLNode) {
      int(node.line)
      int(node.column)
      switch node {
      case .scalar(let scalar):
        int(0)
        string(scalar.string)
        bool(scalar.isPlain)
      case .sequence(let items, _):
        int(1)
        list(items) { $0.yaml($1) }
      case .mapping(let members, _):
        int(2)
        list(members) { writer, member in
          writer.yaml(member.0)
          writer.yaml(member.1)
        }
      }
    }

    mutating func rule(_ rule: Rule) {
      string(rule.id)
      string(rule.obligation)
      string(rule.basis.rawValue)
      string(rule.severity.rawValue)
      string(rule.reference)
      optional(rule.validFrom) { $0.date($1) }
      optional(rule.validTo) { $0.date($1) }
      text(rule.title)
      path(rule.selector)
      optional(rule.condition) { $0.condition($1) }
      string(rule.file)
      check(rule)
      text(rule.message)
      list(rule.examples) { writer, example in
        writer.string(example.document)
        writer.string(example.format.rawValue)
        writer.optional(example.asOf) { $0.date($1) }
        writer.list(example.expect) { $0.pointer($1) }
        writer.bool(example.isValid)
        writer.int(example.line)
      }
      int(rule.line)
      int(rule.column)
    }

    mutating func reference(_ reference: Citation) {
      string(reference.id)
      string(reference.kind.rawValue)
      optional(reference.sfs) { $0.string($1) }
      optional(reference.paragraf) { $0.string($1) }
      optional(reference.punkt) { $0.string($1) }
      bool(reference.verified)
      optional(reference.url) { $0.string($1) }
      optional(reference.source) { $0.string($1) }
      text(reference.title)
      text(reference.summary)
      optional(reference.validFrom) { $0.date($1) }
      optional(reference.validTo) { $0.date($1) }
      optional(reference.text) { $0.string($1) }
      optional(reference.verifiedAgainst) { $0.string($1) }
      optional(reference.amendedBy) { $0.string($1) }
    }

    mutating func ruleSet(_ ruleSet: RuleSet) {
      string(ruleSet.version)
      list(ruleSet.references.keys.sorted()) { $0.reference(ruleSet.references[$1]!) }
      list(ruleSet.obligations) { writer, obligation in
        writer.string(obligation.id)
        writer.string(obligation.basis.rawValue)
        writer.string(obligation.defaultSeverity.rawValue)
        writer.text(obligation.title)
        writer.text(obligation.description)
        writer.strings(obligation.references)
        writer.strings(obligation.roles.map(\.rawValue))
      }
      list(ruleSet.municipalities.keys.sorted()) { writer, code in
        let municipality = ruleSet.municipalities[code]!
        writer.string(municipality.code)
        writer.string(municipality.name)
        writer.string(municipality.countyCode)
        writer.string(municipality.county)
      }
      list(ruleSet.rules) { $0.rule($1) }
    }
  }

  struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var malformed: Malformed { Malformed(offset: position) }

    mutating func byte() throws(Malformed) -> UInt8 {
      guard position < bytes.count else { throw malformed }
      defer { position += 1 }
      return bytes[position]
    }
    mutating func int() throws(Malformed) -> Int {
      var negative = false
      var value = 0
      var digits = 0
      while true {
        let byte = try byte()
        switch byte {
        case UInt8(ascii: ";"):
          guard digits > 0 else { throw malformed }
          return negative ? -value : value
        case UInt8(ascii: "-") where digits == 0 && !negative: negative = true
        case UInt8(ascii: "0")...UInt8(ascii: "9") where digits < 18:
          value = value * 10 + Int(byte - UInt8(ascii: "0"))
          digits += 1
        default: throw malformed
        }
      }
    }
    mutating func count() throws(Malformed) -> Int {
      let count = try int()
      guard count >= 0, count <= bytes.count - position else { throw malformed }
      return count
    }
    mutating func string() throws(Malformed) -> String {
      let length = try count()
      defer { position += length }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
    }
    mutating func bool() throws(Malformed) -> Bool {
      switch try byte() {
      case UInt8(ascii: "T"): return true
      case UInt8(ascii: "F"): return false
      default: throw malformed
      }
    }
    mutating func optional<T>(_ read: (inout Reader) throws(Malformed) -> T) throws(Malformed) -> T? {
      switch try byte() {
      case UInt8(ascii: "S"): return try read(&self)
      case UInt8(ascii: "N"): return nil
      default: throw malformed
      }
    }
    mutating func list<T>(_ read: (inout Reader) throws(Malformed) -> T) throws(Malformed) -> [T] {
      let count = try count()
      var values: [T] = []
      values.reserveCapacity(count)
      for _ in 0..<count { values.append(try read(&self)) }
      return values
    }
    mutating func strings() throws(Malformed) -> [String] { try list { r throws(Malformed) in try r.string() } }
    mutating func text() throws(Malformed) -> LocalizedText { LocalizedText(sv: try string(), en: try string()) }
    mutating func date() throws(Malformed) -> CivilDate { CivilDate(dayNumber: try int()) }
    mutating func raw<T: RawRepresentable<String>>(_: T.Type) throws(Malformed) -> T {
      guard let value = T(rawValue: try string()) else { throw malformed }
      return value
    }
    mutating func paths() throws(Malformed) -> [PathPattern] { try list { r throws(Malformed) in try r.path() } }

    mutating func path() throws(Malformed) -> PathPattern {
      let text = try string()
      let isAbsolute = try bool()
      let steps = try list { r throws(Malformed) -> PathPattern.Step in
        switch try r.int() {
        case 0: return .key(try r.string())
        case 1: return .index(try r.int())
        case 2: return .wildcard
        case 3: return .descendants
        case 4: return .dereference
        default: throw r.malformed
        }
      }
      return PathPattern(steps: steps, isAbsolute: isAbsolute, text: text)
    }

    mutating func pointer() throws(Malformed) -> JSONPointer {
      JSONPointer(
        try list { r throws(Malformed) -> JSONPointer.Component in
          switch try r.int() {
          case 0: return .key(try r.string())
          case 1: return .index(try r.int())
          default: throw r.malformed
          }
        })
    }

    mutating func pattern() throws(Malformed) -> Pattern {
      guard let pattern = Pattern(try string()) else { throw malformed }
      return pattern
    }

    mutating func condition() throws(Malformed) -> Condition {
      switch try int() {
      case 0: return .all(try list { r throws(Malformed) in try r.condition() })
      case 1: return .any(try list { r throws(Malformed) in try r.condition() })
      case 2: return .not(try condition())
      case 3:
        let path = try path()
        let test: Condition.FieldTest
        switch try int() {
        case 0: test = .equals(Expected(try scalar()))
        case 1: test = .oneOf(try list { r throws(Malformed) in Expected(try r.scalar()) })
        case 2: test = .matches(try pattern())
        case 3: test = .present(try bool())
        case 4: test = .inForce
        case 5: test = .startsWith(try strings().map(PreparedText.init))
        case 6: test = .nonEmpty(try bool())
        default: throw malformed
        }
        return .field(path, test)
      default: throw malformed
      }
    }

    mutating func scalar() throws(Malformed) -> Scalar {
      switch try int() {
      case 0: return .text(try string())
      case 1: return .number(try string())
      case 2: return .boolean(try bool())
      default: throw malformed
      }
    }

    mutating func yaml() throws(Malformed) -> YAMLNode {
      let position = YAMLNode.Position(line: try int(), column: try int())
      switch try int() {
      case 0: return .scalar(YAMLNode.Scalar(string: try string(), isPlain: try bool(), position: position))
      case 1: return .sequence(try list { r throws(Malformed) in try r.yaml() }, position)
      case 2:
        return .mapping(
          try list { r throws(Malformed) in (try r.yaml(), try r.yaml()) }, position)
      default: throw malformed
      }
    }

    mutating func rule() throws(Malformed) -> Rule {
      let id = try string()
      let obligation = try string()
      let basis = try raw(Basis.self)
      let severity = try raw(Severity.self)
      let reference = try string()
      let validFrom = try optional { r throws(Malformed) in try r.date() }
      let validTo = try optional { r throws(Malformed) in try r.date() }
      let title = try text()
      let selector = try path()
      let condition = try optional { r throws(Malformed) in try r.condition() }
      let file = try string()
      let offset = position
      let written = WrittenCheck(kind: try yaml(), options: try optional { r throws(Malformed) in try r.yaml() })
      let pathList = try paths()
      var parsed: [String: PathPattern] = [:]
      parsed.reserveCapacity(pathList.count)
      for path in pathList { parsed[path.text] = path }
      let check: any CheckKind
      do {
        check = try CheckKinds.parse(
          kind: YAMLFields(file: file, node: written.kind),
          options: written.options.map { YAMLFields(file: file, node: $0, parsedPaths: parsed) })
      } catch {
        throw Malformed(offset: offset)
      }
      return Rule(
        id: id, obligation: obligation, basis: basis, severity: severity, reference: reference,
        validFrom: validFrom, validTo: validTo, title: title, selector: selector, condition: condition,
        check: check, message: try text(),
        examples: try list { r throws(Malformed) in
          RuleExample(
            document: try r.string(), format: try r.raw(SourceFormat.self),
            asOf: try r.optional { r throws(Malformed) in try r.date() },
            expect: try r.list { r throws(Malformed) in try r.pointer() },
            isValid: try r.bool(), line: try r.int())
        },
        file: file, line: try int(), column: try int(), writtenCheck: written)
    }

    mutating func reference() throws(Malformed) -> Citation {
      Citation(
        id: try string(), kind: try raw(Citation.Kind.self),
        sfs: try optional { r throws(Malformed) in try r.string() },
        paragraf: try optional { r throws(Malformed) in try r.string() },
        punkt: try optional { r throws(Malformed) in try r.string() },
        verified: try bool(),
        url: try optional { r throws(Malformed) in try r.string() },
        source: try optional { r throws(Malformed) in try r.string() },
        title: try text(), summary: try text(),
        validFrom: try optional { r throws(Malformed) in try r.date() },
        validTo: try optional { r throws(Malformed) in try r.date() },
        text: try optional { r throws(Malformed) in try r.string() },
        verifiedAgainst: try optional { r throws(Malformed) in try r.string() },
        amendedBy: try optional { r throws(Malformed) in try r.string() })
    }

    mutating func ruleSet() throws(Malformed) -> RuleSet {
      let version = try string()
      // Dictionaries made at their size: grown by doubling they were copied nine times (the 290 kommuner).
      let referenceList = try list { r throws(Malformed) in try r.reference() }
      var references: [String: Citation] = [:]
      references.reserveCapacity(referenceList.count)
      for reference in referenceList { references[reference.id] = reference }
      let obligations = try list { r throws(Malformed) in
        Obligation(
          id: try r.string(), basis: try r.raw(Basis.self), defaultSeverity: try r.raw(Severity.self),
          title: try r.text(), description: try r.text(), references: try r.strings(),
          roles: try r.list { r throws(Malformed) in try r.raw(ObligationRole.self) })
      }
      let municipalityList = try list { r throws(Malformed) in
        Municipality(code: try r.string(), name: try r.string(), countyCode: try r.string(), county: try r.string())
      }
      var municipalities: [String: Municipality] = [:]
      municipalities.reserveCapacity(municipalityList.count)
      for municipality in municipalityList { municipalities[municipality.code] = municipality }
      let rules = try list { r throws(Malformed) in try r.rule() }
      return RuleSet(
        version: version, references: references, obligations: obligations, municipalities: municipalities,
        rules: rules)
    }
  }
}
