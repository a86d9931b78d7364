import PlanDocument

/// Every rule's selector in one automaton, run over the document's records once: the nodes each selector
/// reaches, in the order its own walk (`PathPattern.forEachNode` from the root) yields them, for all
/// selectors in one linear pass instead of one walk per rule.
///
/// A position is (selector, how many of its steps are matched). A node's state is the set of positions
/// the path from the root to it can be in; it follows from the parent's state and the node's own name
/// (or item index), and the parent comes before the node in the records (pre-order), so one pass in
/// record order computes every state. States are interned as they are met (a lazily built DFA): a plan
/// meets a few dozen, and each transition is computed once per (state, name id) or (state, item index)
/// and remembered in a dense table.
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
struct SelectorAutomaton {
  /// Whether `pattern` can be run by the automaton (no `->`).
  static func accepts(_ pattern: PathPattern) -> Bool {
    !pattern.steps.contains(.dereference)
  }

  private enum StepKind: UInt8 { case key, index, wildcard, descendants, end }

  // One entry per position (flat: selector `s` has positions `base[s] ... base[s] + steps.count`).
  private var kinds: [StepKind] = []
  /// A key step's canonical name id in this document (-3: a name the document does not have); an
  /// index step's index.
  private var arguments: [Int32] = []
  private var selectorOf: [Int32] = []
  private var base: [Int32] = []
  /// Per selector: how many steps follow its `**` (0 when it has none or it is last).
  private var suffixLengths: [Int] = []

  /// The key steps' name ids, each given a slot (for telling first members from repeated keys).
  private var keySlot: [Int32]
  private var keySlotCount = 0

  // States: sets of positions, interned.
  private var positions: [[Int32]] = []
  private var accepting: [[Int32]] = []
  private var stateIDs: [[Int32]: Int32] = [:]
  /// Per state: a dense table over canonical name ids of member transitions. -1: not computed yet; ≥ 0
  /// the next state; ≤ -2: `-2 - i`, the i-th pair of (next if the member is its name's first, next
  /// if it repeats an earlier sibling's name), for names a key step of the state names.
  private var memberNext: [[Int32]] = []
  private var pairs: [(first: Int32, repeated: Int32)] = []
  /// Per state: the transition for an item whose index no index step of the state names (-1: not yet).
  private var itemNext: [Int32] = []
  /// Per state: the item transitions of indices its index steps name.
  private var indexedItemNext: [[Int: Int32]] = []
  private var hasIndexSteps: [Bool] = []
  private let nameCount: Int

  /// The automaton of `patterns` for the document whose names are `names` (key steps whose names the
  /// format does not know are resolved in the document's own table here, once).
  init(_ patterns: [PathPattern], names: NameTable) {
    nameCount = names.spellings.count
    keySlot = Array(repeating: -1, count: nameCount)
    for (selector, pattern) in patterns.enumerated() {
      precondition(Self.accepts(pattern), "a selector with -> is walked on its own")
      base.append(Int32(kinds.count))
      var suffix = 0
      for (index, step) in pattern.steps.enumerated() {
        selectorOf.append(Int32(selector))
        switch step {
        case .key(let key):
          let compiled = pattern.keyIDs[index]
          let id = compiled >= 0 ? compiled : names.canonicalID(of: key) ?? -3
          kinds.append(.key)
          arguments.append(id)
          if id >= 0 && keySlot[Int(id)] < 0 {
            keySlot[Int(id)] = Int32(keySlotCount)
            keySlotCount += 1
          }
        case .index(let index):
          kinds.append(.index)
          arguments.append(Int32(clamping: index))
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
      suffixLengths.append(suffix)
      selectorOf.append(Int32(selector))
      kinds.append(.end)
      arguments.append(0)
    }
    _ = state(of: [])  // state 0: no position, the dead state
  }

  private static let dead: Int32 = 0

  /// Adds to `set` the positions `**` steps in it reach without consuming a level (`**` is the node
  /// itself, too), then sorts it: the canonical form of a state.
  private func closed(_ set: [Int32]) -> [Int32] {
    var result = set
    var index = 0
    while index < result.count {
      let position = result[index]
      if kinds[Int(position)] == .descendants { result.append(position + 1) }
      index += 1
    }
    return Array(Set(result)).sorted()
  }

  private mutating func state(of closedSet: [Int32]) -> Int32 {
    if let id = stateIDs[closedSet] { return id }
    let id = Int32(positions.count)
    stateIDs[closedSet] = id
    positions.append(closedSet)
    accepting.append(closedSet.filter { kinds[Int($0)] == .end }.map { selectorOf[Int($0)] })
    memberNext.append([])
    itemNext.append(-1)
    indexedItemNext.append([:])
    hasIndexSteps.append(closedSet.contains { kinds[Int($0)] == .index })
    return id
  }

  private enum Symbol {
    case member(Int32, first: Bool)
    case item(Int)
  }

  private mutating func next(_ state: Int32, _ symbol: Symbol) -> Int32 {
    var set: [Int32] = []
    for position in positions[Int(state)] {
      let argument = arguments[Int(position)]
      switch kinds[Int(position)] {
      case .key:
        if case .member(let name, true) = symbol, name == argument { set.append(position + 1) }
      case .index:
        if case .item(let index) = symbol, index == Int(argument) { set.append(position + 1) }
      case .wildcard: set.append(position + 1)
      case .descendants: set.append(position)
      case .end: break
      }
    }
    return self.state(of: closed(set))
  }

  /// The transition of `state` on a member named `name` (canonical id): a state, or a pair when the
  /// answer depends on whether the member is the first of its name.
  private mutating func memberEntry(_ state: Int32, _ name: Int32) -> Int32 {
    if memberNext[Int(state)].isEmpty { memberNext[Int(state)] = Array(repeating: -1, count: nameCount) }
    let known = memberNext[Int(state)][Int(name)]
    if known != -1 { return known }
    let first = next(state, .member(name, first: true))
    let repeated = next(state, .member(name, first: false))
    let entry: Int32
    if first == repeated {
      entry = first
    } else {
      entry = -2 - Int32(pairs.count)
      pairs.append((first, repeated))
    }
    memberNext[Int(state)][Int(name)] = entry
    return entry
  }

  private mutating func itemEntry(_ state: Int32, _ index: Int) -> Int32 {
    if hasIndexSteps[Int(state)] {
      if let known = indexedItemNext[Int(state)][index] { return known }
      let found = next(state, .item(index))
      // Indices no index step names all go to the same state; remembered per index only when named.
      if positions[Int(state)].contains(where: { kinds[Int($0)] == .index && Int(arguments[Int($0)]) == index }) {
        indexedItemNext[Int(state)][index] = found
        return found
      }
    }
    if itemNext[Int(state)] >= 0 { return itemNext[Int(state)] }
    let found = next(state, .item(-1))  // an index no step names
    itemNext[Int(state)] = found
    return found
  }

  /// For each selector, the ids of the nodes it reaches from the root of `storage`, in the order of
  /// its own walk. One pass over the records, skipping the subtrees no selector can reach into.
  mutating func select(in storage: DocumentStorage) -> [[Int32]] {
    var lists = Array(repeating: [Int32](), count: base.count)
    var anchors = Array(repeating: [Int32](), count: base.count)
    let initial = state(of: closed(base))
    let canonical = storage.names.canonical
    storage.records.withUnsafeBufferPointer { records in
      let count = records.count
      guard count > 0 else { return }
      for selector in accepting[Int(initial)] { lists[Int(selector)].append(0) }
      // The open ancestors of the current node (root first): their ids, subtree ends and states. A
      // node's parent is the innermost one whose subtree still holds it; its depth is how many there are.
      var ancestors: [(id: Int32, end: Int32, state: Int32)] = [(0, records[0].subtreeEnd, initial)]
      // Per (depth, key slot): the parent of the last member of that name seen at that depth. A member
      // repeats an earlier sibling's name when that parent is its own (the siblings at one depth come one
      // after another in pre-order: any node at that depth between two of them would be below one of
      // them, so deeper).
      var lastParentAtDepth: [Int32] = []
      var id: Int32 = 1
      while Int(id) < count {
        while let last = ancestors.last, last.end <= id { ancestors.removeLast() }
        let record = records[Int(id)]
        let parent = ancestors[ancestors.count - 1]
        var state: Int32
        if records[Int(parent.id)].kindCode == 0 {
          // An object's member.
          let nameCode = record.nameCode
          guard nameCode >= 0 else {
            id = record.subtreeEnd
            continue
          }
          let name = canonical[Int(nameCode)]
          state = memberEntry(parent.state, name)
          if state <= -2 {
            let pair = pairs[Int(-2 - state)]
            let slot = ancestors.count * keySlotCount + Int(keySlot[Int(name)])
            if lastParentAtDepth.count <= slot {
              lastParentAtDepth += Array(repeating: -1, count: slot + 1 - lastParentAtDepth.count + keySlotCount * 8)
            }
            let first = lastParentAtDepth[slot] != parent.id
            lastParentAtDepth[slot] = parent.id
            state = first ? pair.first : pair.repeated
          }
        } else {
          // An array's item: its index from its name, or counted when the reader gave it none.
          var index = Int(-2 - record.nameCode)
          if record.nameCode > -2 {
            index = 0
            var sibling = parent.id + 1
            while sibling < id {
              index += 1
              sibling = records[Int(sibling)].subtreeEnd
            }
          }
          state = itemEntry(parent.state, index)
        }
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
}
