import PlanDocument

extension Run {
  // MARK: Conditions

  /// Whether `condition` holds for `item`. `assumeInForce` takes every `inForce` test as met, to ask
  /// whether an item would count if it were still valid.
  func holds(_ condition: Condition, on item: Node, assumeInForce: Bool = false) -> Bool {
    switch condition {
    case .all(let parts): return parts.allSatisfy { holds($0, on: item, assumeInForce: assumeInForce) }
    case .any(let parts): return parts.contains { holds($0, on: item, assumeInForce: assumeInForce) }
    case .not(let part): return !holds(part, on: item, assumeInForce: assumeInForce)
    case .field(let path, let test):
      if case .inForce = test, assumeInForce { return true }
      // A test of the node itself (the `value` check's `is`, on every value of a `/**` rule): no walk.
      if path.steps.isEmpty { return passes(test, item) }
      switch test {
      case .present(let wanted): return anyNode(path, from: item) { passes(.present(true), $0) } == wanted
      case .nonEmpty(let wanted): return anyNode(path, from: item) { passes(.nonEmpty(true), $0) } == wanted
      default: return anyNode(path, from: item) { passes(test, $0) }
      }
    }
  }

  /// Whether one value passes `test`: the predicate itself, shared by conditions and the checks that
  /// report where it fails (`present`, `nonEmpty`, `value`). A null passes none but `present(false)`
  /// and `nonEmpty(false)`. Values are compared as the bytes the tree keeps (`PreparedValues.swift`);
  /// a String is made only for a text that is not NFC-stable, or for `matches`.
  func passes(_ test: Condition.FieldTest, _ node: Node) -> Bool {
    switch test {
    case .present(let wanted): return (node.kind != .null) == wanted
    case .nonEmpty(let wanted): return !node.isBlank == wanted
    case .inForce: return node.kind != .null && (range(of: node)?.contains(options.asOf) ?? false)
    case .equals(let expected):
      return node.withKindAndUTF8 { kind, bytes in expected.matches(kind, bytes, node) }
    case .oneOf(let expected):
      return node.withKindAndUTF8 { kind, bytes in expected.contains { $0.matches(kind, bytes, node) } }
    case .matches(let pattern):
      guard let text = node.scalarText else { return false }
      return pattern.matches(text)
    case .startsWith(let prefixes):
      return node.withKindAndUTF8 { kind, bytes in kind == .string && prefixes.contains { $0.isPrefix(of: bytes) } }
    }
  }

  // MARK: Values

  /// The date a string node holds (`YYYY-MM-DD`), parsed from its bytes.
  func date(_ node: Node) -> CivilDate? {
    node.withKindAndUTF8 { kind, bytes in kind == .string ? CivilDate(utf8: bytes) : nil }
  }

  /// A range's `fran` and `till`, looked up by the format's name ids (the same in every document).
  private static let franID = NameTable.standard.canonicalID(of: PlanFormat.Name.fran)!
  private static let tillID = NameTable.standard.canonicalID(of: PlanFormat.Name.till)!

  func range(of node: Node) -> DateRange? {
    guard let from = node.child(named: Self.franID).flatMap(date), let to = node.child(named: Self.tillID).flatMap(date) else { return nil }
    return DateRange(from: from, to: to)
  }

  /// The scalar texts a path reaches, with lists opened one level (`uppgifter` gives its items).
  func texts(_ path: PathPattern, from start: Match) -> [String] {
    var result: [String] = []
    for node in nodes(path, from: start.node) {
      if let items = node.items {
        result += items.compactMap(\.scalarText)
      } else if let text = node.scalarText {
        result.append(text)
      }
    }
    return result
  }

  /// The interval in force: the kommun's setting if it made one, never past the law's ceiling. The
  /// configuration already refuses a longer one; this holds for every caller that passes parameters.
  func parameter(_ number: NumberParameter) -> Int {
    let configured = number.parameter.flatMap { options.parameters[$0] } ?? number.value
    return number.ceiling.map { min(configured, $0) } ?? configured
  }
}
