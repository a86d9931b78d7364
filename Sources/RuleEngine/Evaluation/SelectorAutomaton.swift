import PlanDocument

/// Every rule's selector in one automaton, run over the document's records once: the nodes each selector
/// reaches, in the order its own walk (`PathPattern.forEachNode` from the root) yields them, for all
/// selectors in one linear pass instead of one walk per rule.
///
/// A position is (selector, how many of its steps are matched). A node's state is the set of positions
/// the path from the root to it can be in; it follows from the parent's state and the node's own name
/// (or item index), and the parent comes before the node in the records (pre-order), so one pass in
/// record order computes every state. The automaton depends on the selectors alone, not on a document:
/// names are grouped into classes (each name a key step names is its own class, every other name one
/// more), as are item indices, and all states reachable over those classes are built once per rule list
/// (`Evaluator.Automata`): for the first document when it is large, else when a second document comes
/// (building it costs more than a small plan's per-rule walks), and then shared
/// by every document after it (a review of 290 plans builds it once). A document then pays one table
/// lookup per node.
///
/// Why the node sets equal the per-selector walks: a `key`, `index` or `*` step consumes exactly one
/// level, and `**` any number (zero or more) of them. A node's path from the root is unique, so with at
/// most one `**` (`PathPattern.parse` refuses more) there is at most one way to split it over the steps:
/// the steps before `**` take the first levels, the steps after it the last ones, `**` the rest. The
/// walk therefore reaches each node at most once, and it reaches it exactly when that split exists,
/// which is what the states track. A `key` step takes the first member of that name only
/// (`Node.child(named:)`), so the automaton tells a member's first occurrence among its siblings from a
/// repeated key. Order: when `**` is last or absent, the walk yields its nodes in document order, as
/// the pass does. When steps follow `**`, the walk visits the `**` nodes (anchors) in document order and
/// runs the remaining steps from each, so its order is by anchor, then document order below it: the
/// pass's lists of such selectors are sorted by that key.
///
/// Selectors with `->` (a reference followed) are not compiled: their nodes depend on the index, and the
/// evaluator walks them one by one as before.
final class SelectorAutomaton: Sendable {
  /// Whether `pattern` can be run by the automaton (no `->`).
  static func accepts(_ pattern: PathPattern) -> Bool {
    !pattern.steps.contains(.dereference)
  }

  /// More states than this and the selectors are walked one by one instead (a hand-written rule set
  /// could in principle make the sets of positions explode; the bundled one makes a few dozen).
  static let maxStates = 4096

  private enum StepKind: UInt8 { case key, index, wildcard, descendants, end }

  /// Member classes: 0 for a name no key step names, k for the k-th name one does (by String equality,
  /// which is how a document's names are told apart too).
  private let keyNames: [String]
  /// The member class of each canonical name id of `NameTable.standard` (the same in every document).
  private let standardClass: [Int32]
  /// The key names the format does not have, with their classes: found in each document's own table.
  private let otherKeys: [(name: String, memberClass: Int32)]
  /// Item classes: 0 for an index no index step names, i for the i-th index one does.
  private let indices: [Int]
  /// Per selector: how many steps follow its `**` (0 when it has none or it is last).
  private let suffixLengths: [Int]
  /// Per state: the selectors that accept in it.
  private let accepting: [[Int32]]
  /// `memberNext[state * memberWidth + class * 2 + (first ? 1 : 0)]`: the state of a member of that class,
  /// as its name's first member among its siblings or as a repeat (a key step takes the first only).
  private let memberNext: [Int32]
  private let memberWidth: Int
  /// `itemNext[state * itemWidth + class]`.
  private let itemNext: [Int32]
  private let itemWidth: Int
  private let initial: Int32
  let selectorCount: Int

  private static let dead: Int32 = 0

  /// The automaton of `patterns` (none with `->`), or nil when it would have more than `maxStates` states.
  init?(_ patterns: [PathPattern]) {
    let flat = Positions(patterns)
    var standardClass = [Int32](repeating: 0, count: NameTable.standard.spellings.count)
    var otherKeys: [(name: String, memberClass: Int32)] = []
    for (number, name) in flat.keyNames.enumerated() {
      if let id = NameTable.standard.canonicalID(of: name) {
        standardClass[Int(id)] = Int32(number + 1)
      } else {
        otherKeys.append((name, Int32(number + 1)))
      }
    }

    // Every state reachable over the classes, breadth first.
    let memberWidth = (flat.keyNames.count + 1) * 2
    let itemWidth = flat.indices.count + 1
    var states: [[Int32]] = [[]]  // state 0: no position, the dead state
    var ids: [[Int32]: Int32] = [[]: 0]
    var memberNext: [Int32] = []
    var itemNext: [Int32] = []
    func id(of set: [Int32]) -> Int32 {
      if let found = ids[set] { return found }
      let id = Int32(states.count)
      ids[set] = id
      states.append(set)
      return id
    }
    let initial = id(of: flat.closed(flat.base))
    var done = 0
    while done < states.count {
      guard states.count <= Self.maxStates else { return nil }
      let positions = states[done]
      // A member whose class no key step of the state names, or that repeats its name, advances the
      // wildcards and `**` only: one row entry for all of them, and one more computed per key step.
      var members = [Int32](repeating: id(of: flat.next(positions, .member(0, first: false))), count: memberWidth)
      var items = [Int32](repeating: id(of: flat.next(positions, .item(0))), count: itemWidth)
      for position in positions {
        let argument = flat.arguments[Int(position)]
        switch flat.kinds[Int(position)] {
        case .key: members[argument * 2 + 1] = id(of: flat.next(positions, .member(argument, first: true)))
        case .index: items[argument] = id(of: flat.next(positions, .item(argument)))
        default: break
        }
      }
      memberNext += members
      itemNext += items
      done += 1
    }
    self.keyNames = flat.keyNames
    self.standardClass = standardClass
    self.otherKeys = otherKeys
    self.indices = flat.indices
    self.suffixLengths = flat.suffixes
    self.accepting = states.map { set in
      set.filter { flat.kinds[Int($0)] == .end }.map { flat.selectorOf[Int($0)] }
    }
    self.memberNext = memberNext
    self.memberWidth = memberWidth
    self.itemNext = itemNext
    self.itemWidth = itemWidth
    self.initial = initial
    self.selectorCount = patterns.count
  }

  /// The selectors' steps as positions, flat: selector `s` has `base[s] ... base[s] + steps.count`,
  /// each with its kind and, for a key or index step, the class it names. A state is a set of them.
  private struct Positions {
    var kinds: [StepKind] = []
    var arguments: [Int] = []  // a key step's member class, an index step's item class
    var selectorOf: [Int32] = []
    var base: [Int32] = []
    var suffixes: [Int] = []
    var keyNames: [String] = []
    var indices: [Int] = []

    enum Symbol {
      case member(Int, first: Bool)
      case item(Int)
    }

    init(_ patterns: [PathPattern]) {
      var keyClass: [String: Int] = [:]
      for (selector, pattern) in patterns.enumerated() {
        precondition(SelectorAutomaton.accepts(pattern), "a selector with -> is walked on its own")
        base.append(Int32(kinds.count))
        var suffix = 0
        for (index, step) in pattern.steps.enumerated() {
          selectorOf.append(Int32(selector))
          switch step {
          case .key(let key):
            if keyClass[key] == nil {
              keyNames.append(key)
              keyClass[key] = keyNames.count
            }
            kinds.append(.key)
            arguments.append(keyClass[key]!)
          case .index(let value):
            if !indices.contains(value) { indices.append(value) }
            kinds.append(.index)
            arguments.append(indices.firstIndex(of: value)! + 1)
          case .wildcard:
            kinds.append(.wildcard)
            arguments.append(0)
          case .descendants:
            kinds.append(.descendants)
            arguments.append(0)
            suffix = pattern.steps.count - index - 1
          case .dereference:
            preconditionFailure()
          }
        }
        suffixes.append(suffix)
        selectorOf.append(Int32(selector))
        kinds.append(.end)
        arguments.append(0)
      }
    }

    /// Adds the positions `**` steps reach without consuming a level (`**` is the node itself, too),
    /// sorted: the canonical form of a state.
    func closed(_ set: [Int32]) -> [Int32] {
      var result = set
      var index = 0
      while index < result.count {
        if kinds[Int(result[index])] == .descendants { result.append(result[index] + 1) }
        index += 1
      }
      return Array(Set(result)).sorted()
    }

    /// The positions after `positions` read `symbol`, closed.
    func next(_ positions: [Int32], _ symbol: Symbol) -> [Int32] {
      var set: [Int32] = []
      for position in positions {
        let argument = arguments[Int(position)]
        switch kinds[Int(position)] {
        case .key:
          if case .member(let name, true) = symbol, name == argument { set.append(position + 1) }
        case .index:
          if case .item(let index) = symbol, index == argument { set.append(position + 1) }
        case .wildcard: set.append(position + 1)
        case .descendants: set.append(position)
        case .end: break
        }
      }
      return closed(set)
    }
  }

  /// For each selector, the ids of the nodes it reaches from the root of `storage`, in the order of
  /// its own walk. One pass over the records, skipping the subtrees no selector can reach into.
  func select(in storage: DocumentStorage) -> [[Int32]] {
    var lists = Array(repeating: [Int32](), count: selectorCount)
    var anchors = Array(repeating: [Int32](), count: selectorCount)
    let canonical = storage.names.canonical
    let otherClass = otherClasses(storage.names)
    storage.records.withUnsafeBufferPointer { records in
      guard records.count > 0 else { return }
      for selector in accepting[Int(initial)] { lists[Int(selector)].append(0) }
      // The open ancestors of the current node (root first): their ids, subtree ends and states. A
      // node's parent is the innermost one whose subtree still holds it; its depth is how many there are.
      var ancestors: [(id: Int32, end: Int32, state: Int32)] = [(0, records[0].subtreeEnd, initial)]
      var siblings = Siblings(classes: keyNames.count + 1)
      var id: Int32 = 1
      while Int(id) < records.count {
        while let last = ancestors.last, last.end <= id { ancestors.removeLast() }
        let record = records[Int(id)]
        let parent = ancestors[ancestors.count - 1]
        let state =
          records[Int(parent.id)].kindCode == 0
          ? memberState(
            record.nameCode, parent: parent.id, parentState: parent.state, depth: ancestors.count,
            canonical: canonical, otherClass: otherClass, siblings: &siblings)
          : itemState(id, parent: parent.id, parentState: parent.state, records: records)
        let end = record.subtreeEnd
        if state == Self.dead {
          // Nothing below a node no selector can reach is reached either.
          id = end
          continue
        }
        for selector in accepting[Int(state)] {
          lists[Int(selector)].append(id)
          let suffix = suffixLengths[Int(selector)]
          // The `**` node the remaining steps started from: the ancestor `suffix` levels up.
          if suffix > 0 { anchors[Int(selector)].append(ancestors[ancestors.count - suffix].id) }
        }
        if end > id + 1 { ancestors.append((id, end, state)) }
        id += 1
      }
    }
    // Steps after `**`: the walk's order is by the `**` node they start from, then document order.
    for selector in lists.indices where suffixLengths[selector] > 0 && lists[selector].count > 1 {
      lists[selector] = zip(anchors[selector], lists[selector]).sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)
    }
    return lists
  }

  /// Key names the format does not have, by the document's own id for them (usually none).
  private func otherClasses(_ names: NameTable) -> [Int32: Int32] {
    let standardCount = Int32(standardClass.count)
    var otherClass: [Int32: Int32] = [:]
    for key in otherKeys {
      if let id = names.canonicalID(of: key.name), id >= standardCount { otherClass[id] = key.memberClass }
    }
    return otherClass
  }

  /// Per (depth, member class): the parent of the last member of that class seen at that depth. A
  /// member repeats an earlier sibling's name when that parent is its own (the siblings at one depth
  /// come one after another in pre-order: any node at that depth between two of them would be below
  /// one of them, so deeper).
  private struct Siblings {
    let classes: Int
    var lastParentAtDepth: [Int32] = []

    init(classes: Int) { self.classes = classes }

    /// Whether the member is the first of its class among its parent's members, noting it.
    @inline(__always)
    mutating func isFirst(memberClass: Int32, parent: Int32, depth: Int) -> Bool {
      let slot = depth * classes + Int(memberClass)
      if lastParentAtDepth.count <= slot {
        lastParentAtDepth += Array(repeating: -1, count: slot + 1 - lastParentAtDepth.count + classes * 8)
      }
      guard lastParentAtDepth[slot] != parent else { return false }
      lastParentAtDepth[slot] = parent
      return true
    }
  }

  /// The state of an object's member named `nameCode` (negative: no name, and nothing is reached).
  @inline(__always)
  private func memberState(
    _ nameCode: Int32, parent: Int32, parentState: Int32, depth: Int, canonical: [Int32], otherClass: [Int32: Int32],
    siblings: inout Siblings
  ) -> Int32 {
    guard nameCode >= 0 else { return Self.dead }
    let name = canonical[Int(nameCode)]
    let memberClass = Int(name) < standardClass.count ? standardClass[Int(name)] : otherClass[name] ?? 0
    let row = Int(parentState) * memberWidth + Int(memberClass) * 2
    let repeated = memberNext[row]
    let first = memberNext[row + 1]
    guard first != repeated, siblings.isFirst(memberClass: memberClass, parent: parent, depth: depth) else {
      return repeated
    }
    return first
  }

  /// The state of an array's item: its index from its name, or counted when the reader gave it none.
  @inline(__always)
  private func itemState(
    _ id: Int32, parent: Int32, parentState: Int32, records: UnsafeBufferPointer<DocumentStorage.Record>
  ) -> Int32 {
    let nameCode = records[Int(id)].nameCode
    var index = Int(-2 - nameCode)
    if nameCode > -2 {
      index = 0
      var sibling = parent + 1
      while sibling < id {
        index += 1
        sibling = records[Int(sibling)].subtreeEnd
      }
    }
    let itemClass = indices.isEmpty ? 0 : (indices.firstIndex(of: index).map { $0 + 1 } ?? 0)
    return itemNext[Int(parentState) * itemWidth + itemClass]
  }
}
