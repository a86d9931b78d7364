import PlanDocument

/// What one walk of a document alongside the format definition learns: the ids and references, the
/// dates and ranges, and where the tree departs from the format. Built once per document, so that
/// uniqueness and reference checks are hash lookups, never a search per reference.
struct DocumentIndex {
  /// Everything is kept as node ids of `storage`: a `Node` or `Match` (a storage reference, an id and an
  /// optional pointer, 24 bytes) per date, reference and id of a large plan was a third of its peak
  /// memory above the tree. The check that reads an entry makes its node (`node(_:)`, `match(_:)`).
  struct TypeIssue {
    var node: Int32
    var detail: LocalizedText
  }

  struct CrossReference {
    var node: Int32
    var kind: PlanFormat.IDKind
  }

  struct DuplicateID {
    /// The repeated id's node.
    var node: Int32
    /// The object that holds the id first.
    var first: Int32
  }

  /// The storage of the tree walked: every id below is a node of it.
  let storage: DocumentStorage
  /// The object holding the first thing with each id, per kind.
  var ids: [PlanFormat.IDKind: [String: Int32]] = [:]
  /// For an id held by things of more than one kind, the object holding the first of them. An id of one
  /// kind is found in `ids` alone: a second table of every id (100 000 of them in a large follow-up
  /// list) would hold them all twice. See `owner(ofAnyID:)`.
  var sharedIDs: [String: Int32] = [:]
  /// Later things that repeat an id of their kind.
  var duplicateIDs: [DuplicateID] = []
  var references: [CrossReference] = []
  var dates: [Int32] = []
  /// Every `{fran, till}` object.
  var ranges: [Int32] = []
  var typeIssues: [TypeIssue] = []
  /// The values of fields the format does not have (their key, key location and pointer from the node).
  var unknownFields: [Int32] = []

  init(root: Node) {
    storage = root.storage
    canonical = root.storage.names.canonical
    visitObject(root, entry: 0)
  }

  /// The node `id` of the document.
  @inline(__always) func node(_ id: Int32) -> Node { Node(storage: storage, id: id) }

  /// The match of node `id`: it makes no pointer, the node's record gives it when a finding asks.
  @inline(__always) func match(_ id: Int32) -> Match { Match(node: node(id)) }

  /// The document's canonical name ids, by spelling id.
  private let canonical: [Int32]
  private static let table = FormatTable.plan
  /// `id`'s canonical name id (the same in every document).
  private static let idName = NameTable.standard.canonicalID(of: "id")!
  /// The entries of `{fran, till}` objects.
  private static let rangeEntries = table.entries.map { entry -> Bool in
    if case .object(let object) = entry.type { return object.typeName == PlanFormat.intervall.typeName }
    return false
  }

  /// The id of `node`, a node of the tree walked (children of `storage`'s nodes are in it).
  @inline(__always) private func id(_ node: Node) -> Int32 {
    assert(node.storage === storage)
    return node.id
  }

  private mutating func visitObject(_ node: Node, entry: Int32) {
    guard node.kind == .object, case .object(let type) = Self.table.entries[Int(entry)].type else {
      typeIssue(node, sv: "ska vara ett objekt", en: "must be an object")
      return
    }
    if Self.rangeEntries[Int(entry)] { ranges.append(id(node)) }
    // The members straight from the tree, without an array of them; each member's field found by its
    // name id, so a member of the format makes no String.
    for value in node.children {
      let name = canonical[Int(value.nameID)]
      let field = Self.table.field(entry, name)
      guard field >= 0 else {
        unknownFields.append(id(value))
        continue
      }
      if name == Self.idName, let kind = type.idKind {
        registerID(value, kind: kind, owner: node)
        continue
      }
      visit(value, entry: field)
    }
  }

  /// Registers the id at the current path, which belongs to `owner`, the object one level up.
  private mutating func registerID(_ idNode: Node, kind: PlanFormat.IDKind, owner: Node) {
    guard let id = idNode.string else {
      if idNode.kind != .null { typeIssue(idNode, sv: "ett id ska vara text", en: "an id must be text") }
      return
    }
    if let first = ids[kind]?[id] {
      duplicateIDs.append(DuplicateID(node: self.id(idNode), first: first))
    } else {
      if sharedIDs[id] == nil, let earlier = self.owner(ofAnyID: id) { sharedIDs[id] = earlier }
      ids[kind, default: [:]][id] = self.id(owner)
    }
  }

  /// The object holding the first thing with the id `id`, whatever its kind: what `->` in a path follows.
  func owner(ofAnyID id: String) -> Int32? {
    if let shared = sharedIDs[id] { return shared }
    for table in ids.values {
      if let found = table[id] { return found }
    }
    return nil
  }

  private mutating func visit(_ node: Node, entry: Int32) {
    if node.kind == .null { return }  // null reads as absent; the rules decide whether that is allowed
    switch Self.table.entries[Int(entry)].type {
    case .text:
      if node.kind != .string { typeIssue(node, sv: "ska vara text", en: "must be text") }
    case .date:
      if node.kind == .string {
        dates.append(id(node))
      } else {
        typeIssue(node, sv: "ska vara ett datum som text (ÅÅÅÅ-MM-DD)", en: "must be a date as text (YYYY-MM-DD)")
      }
    case .integer:
      if node.kind == .number, let text = node.scalarText, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") })
      {
        break
      }
      typeIssue(node, sv: "ska vara ett heltal", en: "must be a whole number")
    case .boolean:
      if node.kind != .boolean { typeIssue(node, sv: "ska vara true eller false", en: "must be true or false") }
    case .enumeration(let values):
      if let text = node.string, values.contains(text) { break }
      let list = values.joined(separator: ", ")
      let found = node.scalarText.map { "\"\($0)\"" } ?? node.kind.rawValue
      typeIssue(node, sv: "ska vara ett av: \(list) (är \(found))", en: "must be one of: \(list) (is \(found))")
    case .pattern(let source):
      if let text = node.string, PatternCache.shared.matches(source, text) { break }
      let found = node.scalarText.map { "\"\($0)\"" } ?? node.kind.rawValue
      typeIssue(node, sv: "har fel form (är \(found))", en: "has the wrong form (is \(found))")
    case .reference(let kind):
      if node.kind == .string {
        references.append(CrossReference(node: id(node), kind: kind))
      } else {
        typeIssue(node, sv: "ska vara ett id som text", en: "must be an id as text")
      }
    case .referenceList:
      visitItems(node, entry: entry, sv: "ska vara en lista med id", en: "must be a list of ids")
    case .object:
      visitObject(node, entry: entry)
    case .array:
      visitItems(node, entry: entry, sv: "ska vara en lista", en: "must be a list")
    }
  }

  /// A list's items, each as its entry's items are; `sv`/`en` say what it must be when it is no list.
  @inline(__always)
  private mutating func visitItems(_ node: Node, entry: Int32, sv: String, en: String) {
    guard node.kind == .array else {
      typeIssue(node, sv: sv, en: en)
      return
    }
    let items = Self.table.entries[Int(entry)].items
    for item in node.children {
      visit(item, entry: items)
    }
  }

  private mutating func typeIssue(_ node: Node, sv: String, en: String) {
    typeIssues.append(TypeIssue(node: id(node), detail: LocalizedText(sv: sv, en: en)))
  }
}

/// The format's few patterns, compiled once.
final class PatternCache: @unchecked Sendable {
  static let shared = PatternCache()
  private var patterns: [String: Pattern] = [:]
  private let lock = MutexLock()

  func matches(_ source: String, _ text: String) -> Bool {
    let pattern = lock.withLock {
      if let cached = patterns[source] { return cached }
      let compiled = Pattern(source)!
      patterns[source] = compiled
      return compiled
    }
    return pattern.matches(text)
  }
}
