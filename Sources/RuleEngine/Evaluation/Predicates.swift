import PlanDocument

extension Run {
  // MARK: Conditions

  /// Whether `condition` holds for `item`. `assumeInForce` takes every `inForce` test as met, to ask
  /// whether an item would count if it were still valid.
  func holds(_ condition: Condition, on item: Node, assumeInForce: Bool = false) -> Bool {
    switch condition {
    // Loops, not allSatisfy/contains with a closure: this runs for every value of a `/**` rule.
    case .all(let parts):
      for part in parts where !holds(part, on: item, assumeInForce: assumeInForce) { return false }
      return true
    case .any(let parts):
      for part in parts where holds(part, on: item, assumeInForce: assumeInForce) { return true }
      return false
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
    case .oneOf(let values):
      // Each value read in place (an unsafe buffer's element is borrowed): iterating the array copied
      // each value out, with a retain and a release of each of its arrays and strings.
      return node.withKindAndUTF8 { kind, bytes in
        values.withUnsafeBufferPointer { values in
          for index in values.indices where values[index].matches(kind, bytes, node) { return true }
          return false
        }
      }
    case .matches(let pattern):
      guard let text = node.scalarText else { return false }
      return pattern.matches(text)
    case .startsWith(let prefixes):
      return node.withKindAndUTF8 { kind, bytes in
        guard kind == .string else { return false }
        return prefixes.withUnsafeBufferPointer { prefixes in
          for index in prefixes.indices where prefixes[index].isPrefix(of: bytes) { return true }
          return false
        }
      }
    }
  }

  // MARK: Values

  /// The date a string node holds (`YYYY-MM-DD`), parsed from its bytes.
  func date(_ node: Node) -> CivilDate? {
    var date: CivilDate?
    _ = node.withKindAndUTF8 { kind, bytes in
      if kind == .string { date = CivilDate(utf8: bytes) }
      return true
    }
    return date
  }

  /// A range's `fran` and `till`, looked up by the format's name ids (the same in every document).
  private static let franID = NameTable.standard.canonicalID(of: PlanFormat.Name.fran)!
  private static let tillID = NameTable.standard.canonicalID(of: PlanFormat.Name.till)!

  func range(of node: Node) -> DateRange? {
    guard let from = node.child(named: Self.franID).flatMap(date), let to = node.child(named: Self.tillID).flatMap(date)
    else { return nil }
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
