#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The document tree both readers produce and the rules see, stored compactly: every node is one
/// fixed-size record in one array, in document order (pre-order), so a node is an index, a subtree is a
/// range of indices, and nothing in the tree is reference-counted per node.
///
/// - A container's children follow it; `end` is one past its last descendant, so the next sibling of a
///   node is the record at its `end`, and skipping a subtree costs nothing.
/// - Member names are interned (`NameTable`): a node holds a name id, and a path step compares ids.
/// - Scalar text stays bytes (a range in the input, or in `text` when the reader had to decode it:
///   escapes, entities, trimming) and becomes a String only when a rule reads it.
/// - Line and column are not stored: a node keeps its byte offset, and the line:column is computed from it
///   when asked (for a finding), by a binary search in a line-start table built on first use.
///
/// Scalars keep their exact source text (numbers are never converted to floating point), objects keep
/// their member order and any duplicate keys.
public final class DocumentStorage: @unchecked Sendable {
  /// One node. 28 bytes; a 27 MB plan has about 600 000 of them.
  public struct Record: Sendable {
    /// `Node.Kind`'s code (`kindCode`), with `inInput` set when the text range is in the input.
    var kindBits: UInt8
    /// The member name's spelling id (≥ 0); for an array item -2 - its index; -1 for the root. So a
    /// node's JSON Pointer follows from its record and its ancestors', with nothing stored per path.
    var name: Int32
    var parent: Int32
    /// One past the last descendant.
    var end: Int32
    /// Containers: the number of children. Scalars: the text's length.
    var count: Int32
    /// Scalars: the text's start in the input or in `text`. Booleans: 1 for true.
    var textStart: Int32
    /// The byte offset of the value (`<` of the element, the first byte of the JSON value, the opening
    /// quote of an XML attribute's value). The key's offset is not stored (4 bytes a node) but found
    /// from this one when asked (`keyOffset(_:)`): only findings about keys ask.
    var offset: Int32

    static let inInput: UInt8 = 0x80
  }

  /// Where a member's key stands, by the form the document was read from.
  enum KeyForm: Sendable {
    /// Before the value: `"key" :` (JSON).
    case json
    /// At the element's own `<`, or for an attribute (`id`) at its name before `=` (XML).
    case xml
  }

  // Constants once built (a respelled tree is a new storage): no exclusivity checks on every access.
  public let records: [Record]
  public let names: NameTable
  /// Scalar text the readers decoded (escapes, entities) or trimmed, UTF-8.
  let text: [UInt8]
  /// The document's bytes: for text ranges in the input and for line and column.
  let input: [UInt8]
  /// Where counting columns on the first line starts (after a UTF-8 byte order mark).
  let origin: Int
  let keyForm: KeyForm
  /// For a tree read from a Word document: the Word location of each node's offset.
  public let wordPlaces: WordPlaces?
  private var positions: Positions?
  /// For a document that is not kept (`input` is empty: a Word document's body), its positions as
  /// recorded while it was read; else nil.
  private let streamed: StreamedPositions?
  private let lock = MutexLock()

  init(
    records: [Record], names: NameTable, text: [UInt8], input: [UInt8], origin: Int, keyForm: KeyForm,
    positions: Positions? = nil, streamed: StreamedPositions? = nil, wordPlaces: WordPlaces? = nil
  ) {
    self.records = records
    self.names = names
    self.text = text
    self.input = input
    self.origin = origin
    self.keyForm = keyForm
    self.positions = positions
    self.streamed = streamed
    self.wordPlaces = wordPlaces
  }

  /// A copy with other names (the respelled tree shares nothing mutable with the original).
  func renamed(_ changes: [(node: Int32, name: Int32)], names: NameTable) -> DocumentStorage {
    var copy = records
    for change in changes { copy[Int(change.node)].name = change.name }
    let positions = lock.withLock { self.positions }
    return DocumentStorage(
      records: copy, names: names, text: text, input: input, origin: origin, keyForm: keyForm, positions: positions,
      streamed: streamed, wordPlaces: wordPlaces)
  }

  @inline(__always) func kind(_ id: Int32) -> Node.Kind {
    switch records[Int(id)].kindBits & 0x7F {
    case 0: .object
    case 1: .array
    case 2: .string
    case 3: .number
    case 4: .boolean
    default: .null
    }
  }

  /// The text of the scalar `id` as bytes.
  func withText<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let record = records[Int(id)]
    let start = Int(record.textStart)
    let count = Int(record.count)
    if record.kindBits & Record.inInput != 0 {
      return input.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
    }
    return text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
  }

  func string(_ id: Int32) -> String {
    withText(id) { String(decoding: $0, as: UTF8.self) }
  }

  /// The byte offset of the key of the member `id` (for the root, an array item or an element: its own
  /// offset), found from the value's offset in the input the reader has checked: back over white space,
  /// the `:` and white space to the JSON key's closing quote, then to its opening quote (the first `"`
  /// before it that is not escaped: inside a string every `"` follows an odd run of backslashes); from
  /// an XML attribute value's quote back over white space, the `=` and white space to its name's first
  /// byte. The scan is as long as the key and the white space around the colon.
  func keyOffset(_ id: Int32) -> Int32 {
    let record = records[Int(id)]
    let value = Int(record.offset)
    guard record.name >= 0, value < input.count else { return record.offset }
    let isJSON = keyForm == .json
    return input.withUnsafeBufferPointer { bytes in
      // An element stands at its `<`, and so does its key; only an attribute's value is at a quote.
      if !isJSON && bytes[value] != UInt8(ascii: "\"") && bytes[value] != UInt8(ascii: "'") { return record.offset }
      var index = value - 1
      func skipSpace() {
        // JSON's white space is XML's: space, tab, LF, CR.
        while index >= 0, isXMLSpace(bytes[index]) { index -= 1 }
      }
      skipSpace()
      guard index >= 0, bytes[index] == (isJSON ? UInt8(ascii: ":") : UInt8(ascii: "=")) else { return record.offset }
      index -= 1
      skipSpace()
      guard index >= 0 else { return record.offset }
      if isJSON {
        guard bytes[index] == UInt8(ascii: "\"") else { return record.offset }
        index -= 1
        while index >= 0 {
          if bytes[index] == UInt8(ascii: "\"") {
            var backslashes = 0
            while index - 1 - backslashes >= 0, bytes[index - 1 - backslashes] == UInt8(ascii: "\\") {
              backslashes += 1
            }
            if backslashes % 2 == 0 { return Int32(index) }
          }
          index -= 1
        }
        return record.offset
      }
      // An attribute's name follows white space (after the element's name or the attribute before).
      while index > 0, !isXMLSpace(bytes[index - 1]) { index -= 1 }
      return Int32(index)
    }
  }

  /// Line and column of a byte offset; the position table grows as far as the lookups reach. The
  /// lookup runs under the lock: the table is one value, shared by the rules evaluated in parallel, and
  /// a copy held outside the lock would make the next growth copy all of it.
  public func location(ofOffset offset: Int32) -> SourceLocation {
    if let streamed { return streamed.location(ofOffset: Int(offset)) }
    return lock.withLock {
      if positions == nil { positions = Positions(input, origin: origin) }
      return positions!.location(ofOffset: Int(offset), in: input)
    }
  }
}

/// Member names: each distinct spelling once, and for each spelling the id of the first spelling that is
/// equal to it as a Swift string (canonically equivalent: `é` precomposed or not), which is what lookups
/// and path steps compare. The format's own names come first, with the same ids in every document, so a
/// rule's path is resolved to ids once, when the rules load.
public struct NameTable: Sendable {
  public private(set) var spellings: [String] = []
  /// Spelling id → the id lookups compare.
  public private(set) var canonical: [Int32] = []
  private var byString: [String: Int32] = [:]
  /// Spellings that differ in bytes from the canonical one, by their bytes. Rare in a real plan, but a
  /// hostile one can hold millions of different spellings of one name (combining marks in every order),
  /// so they are found by hashing, never by a scan.
  private var variants: [[UInt8]: Int32] = [:]

  /// Every name of the plan format (fields, list items, `id`), in a fixed order.
  public static let standard: NameTable = {
    var table = NameTable()
    var seen = Set<String>()
    func add(_ name: String) {
      if seen.insert(name).inserted { _ = table.intern(name) }
    }
    func visit(_ type: PlanFormat.FieldType) {
      switch type {
      case .object(let object): visit(object)
      case .array(let item, let of):
        add(item)
        visit(of)
      case .referenceList: add("ref")
      default: break
      }
    }
    func visit(_ object: PlanFormat.ObjectType) {
      for field in object.fields {
        add(field.name)
        visit(field.type)
      }
    }
    add("id")
    visit(PlanFormat.plan)
    return table
  }()

  /// The id lookups compare for `name`, if a document with this table has it.
  @inline(__always) public func canonicalID(of name: String) -> Int32? {
    byString[name]
  }

  /// Spelling ids by a hash of their bytes, for `intern(bytes:)`.
  private var byBytes: [UInt64: Int32] = [:]

  /// The spelling id of the name whose UTF-8 is `bytes` (valid UTF-8), added if new; makes no String
  /// for a name seen before.
  public mutating func intern(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    // FNV-1a; a hash collision is caught by comparing the bytes.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    if let found = byBytes[hash], Self.equal(spellings[Int(found)], bytes) { return found }
    let id = intern(String(decoding: bytes, as: UTF8.self))
    if byBytes[hash] == nil { byBytes[hash] = id }
    return id
  }

  private static func sameBytes(_ a: String, _ b: String) -> Bool {
    b.utf8.withContiguousStorageIfAvailable { equal(a, $0) } ?? a.utf8.elementsEqual(b.utf8)
  }

  private static func equal(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    name.utf8.withContiguousStorageIfAvailable { stored in
      stored.count == bytes.count
        && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
    } ?? name.utf8.elementsEqual(bytes)
  }

  /// The spelling id of `name`, added if new.
  public mutating func intern(_ name: String) -> Int32 {
    if let found = byString[name] {
      if Self.sameBytes(spellings[Int(found)], name) { return found }
      let bytes = Array(name.utf8)
      if let variant = variants[bytes] { return variant }
      let id = Int32(spellings.count)
      spellings.append(name)
      canonical.append(found)
      variants[bytes] = id
      return id
    }
    let id = Int32(spellings.count)
    spellings.append(name)
    canonical.append(id)
    byString[name] = id
    return id
  }
}

/// One node of the document: a view of its record.
public struct Node: Sendable {
  public enum Kind: String, Sendable, Codable {
    case object, array, string, number, boolean, null

    var code: UInt8 {
      switch self {
      case .object: 0
      case .array: 1
      case .string: 2
      case .number: 3
      case .boolean: 4
      case .null: 5
      }
    }
  }

  /// The node's value as an enum, built on demand (the tree does not store it): for code that switches
  /// on a node's kind and content together. Walks and lookups use `kind`, `members`, `items` and
  /// `children` instead, which make no arrays.
  public enum Value: Sendable {
    case object([Member])
    case array([Node])
    case string(String)
    /// The number exactly as written in the source.
    case number(String)
    case boolean(Bool)
    case null
  }

  public let storage: DocumentStorage
  public let id: Int32

  @inline(__always) public init(storage: DocumentStorage, id: Int32) {
    self.storage = storage
    self.id = id
  }

  @inline(__always) var record: DocumentStorage.Record { storage.records[Int(id)] }

  public var kind: Kind { storage.kind(id) }

  public var value: Value {
    switch kind {
    case .object: .object(members ?? [])
    case .array: .array(items ?? [])
    case .string: .string(storage.string(id))
    case .number: .number(storage.string(id))
    case .boolean: .boolean(record.textStart != 0)
    case .null: .null
    }
  }

  public var location: SourceLocation { storage.location(ofOffset: record.offset) }

  /// The byte offset of the node in the input.
  public var offset: Int { Int(record.offset) }

  /// The spelling id of this node's member name; negative for the root and array items.
  public var nameID: Int32 { record.name }

  /// The index of this node in its array, if it is an array item.
  public var indexInArray: Int? {
    let name = record.name
    return name <= -2 ? Int(-2 - name) : nil
  }

  /// The node's JSON Pointer from the document's root, from its ancestors' records (made when asked:
  /// for a finding, never per node visited).
  public var pointer: JSONPointer {
    var components: [JSONPointer.Component] = []
    storage.records.withUnsafeBufferPointer { records in
      var current = Int(id)
      while current > 0 {
        let name = records[current].name
        if name >= 0 {
          components.append(.key(storage.names.spellings[Int(name)]))
        } else if name <= -2 {
          components.append(.index(Int(-2 - name)))
        }
        current = Int(records[current].parent)
        if current < 0 { break }
      }
    }
    components.reverse()
    return JSONPointer(components)
  }

  /// Where the member name of this node stands (its own location for the root and array items).
  public var keyLocation: SourceLocation { storage.location(ofOffset: storage.keyOffset(id)) }

  /// The member name this node stands under, if it is an object's member.
  public var key: String? {
    let name = record.name
    return name < 0 ? nil : storage.names.spellings[Int(name)]
  }
}

/// An object member: its key, where the key stands, and its value.
public struct Member: Sendable {
  public let value: Node

  init(value: Node) { self.value = value }

  public var key: String { value.storage.names.spellings[Int(value.record.name)] }
  public var keyLocation: SourceLocation { value.storage.location(ofOffset: value.storage.keyOffset(value.id)) }
  /// The id lookups compare (equal for canonically equivalent spellings).
  public var nameID: Int32 { value.storage.names.canonical[Int(value.record.name)] }
}

/// The children of a container, in order, without an array.
public struct Children: Sequence, Sendable {
  let storage: DocumentStorage
  let first: Int32
  let end: Int32

  public struct Iterator: IteratorProtocol {
    let storage: DocumentStorage
    var cursor: Int32
    let end: Int32

    @inline(__always) public mutating func next() -> Node? {
      guard cursor < end else { return nil }
      let node = Node(storage: storage, id: cursor)
      cursor = storage.records[Int(cursor)].end
      return node
    }
  }

  public func makeIterator() -> Iterator { Iterator(storage: storage, cursor: first, end: end) }
}

extension Node {
  /// The children of an object (its members' values) or an array (its items), in order; empty for scalars.
  @inline(__always) public var children: Children {
    let record = self.record
    let isContainer = record.kindBits & 0x7F <= 1
    return Children(storage: storage, first: id + 1, end: isContainer ? record.end : id + 1)
  }

  /// The number of members or items; 0 for scalars.
  public var childCount: Int {
    record.kindBits & 0x7F <= 1 ? Int(record.count) : 0
  }

  /// The members of an object, in source order; nil for other kinds.
  public var members: [Member]? {
    guard kind == .object else { return nil }
    var result: [Member] = []
    result.reserveCapacity(Int(record.count))
    for child in children { result.append(Member(value: child)) }
    return result
  }

  /// The items of an array; nil for other kinds.
  public var items: [Node]? {
    guard kind == .array else { return nil }
    var result: [Node] = []
    result.reserveCapacity(Int(record.count))
    for child in children { result.append(child) }
    return result
  }

  /// The item at `index` of an array.
  public func item(at index: Int) -> Node? {
    guard kind == .array, index >= 0, index < Int(record.count) else { return nil }
    var remaining = index
    for child in children {
      if remaining == 0 { return child }
      remaining -= 1
    }
    return nil
  }

  /// The first member named `key` of an object.
  public subscript(key: String) -> Node? {
    guard kind == .object, let wanted = storage.names.canonicalID(of: key) else { return nil }
    return child(named: wanted)
  }

  /// The first member whose name's canonical id is `name`.
  @inline(__always) public func child(named name: Int32) -> Node? {
    guard record.kindBits & 0x7F == 0 else { return nil }
    let canonical = storage.names.canonical
    return storage.records.withUnsafeBufferPointer { records in
      var index = Int(id) + 1
      let end = Int(records[Int(id)].end)
      while index < end {
        let childName = records[index].name
        if childName >= 0 && canonical[Int(childName)] == name { return Node(storage: storage, id: Int32(index)) }
        index = Int(records[index].end)
      }
      return nil
    }
  }

  /// The text of a string node.
  public var string: String? {
    kind == .string ? storage.string(id) : nil
  }

  /// The text of any scalar as it would read in a message: strings as they are, numbers as written,
  /// booleans as `true`/`false`; nil for objects, arrays and null.
  public var scalarText: String? {
    switch kind {
    case .string, .number: storage.string(id)
    case .boolean: record.textStart != 0 ? "true" : "false"
    case .object, .array, .null: nil
    }
  }

  /// True for null, an empty or blank string, an empty array and an empty object: nothing was filled in.
  public var isBlank: Bool {
    switch kind {
    case .null: true
    case .string:
      storage.withText(id) { bytes in
        // ASCII white space decides most texts without making a String.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return true }
        if bytes.allSatisfy({ $0 < 0x80 }) {
          return bytes.allSatisfy { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        }
        return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
      }
    case .array, .object: record.count == 0
    case .number, .boolean: false
    }
  }

  /// Visits this node and every node below it in document order, with its JSON Pointer path.
  ///
  /// Paths are built during the walk rather than stored in each node: a large plan has hundreds of
  /// thousands of nodes and the path of each is fully determined by where it stands.
  public func walk(
    from path: JSONPointer = JSONPointer(), _ visit: (JSONPointer, Node, Member?) throws -> Void
  ) rethrows {
    var components = path.components
    components.reserveCapacity(components.count + 16)
    try walk(components: &components, member: nil, visit)
  }

  /// The walk keeps one stack of components and makes each node's pointer from it in one allocation.
  private func walk(
    components: inout [JSONPointer.Component], member: Member?, _ visit: (JSONPointer, Node, Member?) throws -> Void
  ) rethrows {
    try visit(JSONPointer(components.withUnsafeBufferPointer { Array($0) }), self, member)
    switch kind {
    case .object:
      for child in children {
        let member = Member(value: child)
        components.append(.key(member.key))
        defer { components.removeLast() }
        try child.walk(components: &components, member: member, visit)
      }
    case .array:
      for (index, item) in children.enumerated() {
        components.append(.index(index))
        defer { components.removeLast() }
        try item.walk(components: &components, member: nil, visit)
      }
    default:
      break
    }
  }
}

/// Builds a `DocumentStorage` in document order: a container is opened before its children and closed
/// after them; a scalar is one call.
struct TreeBuilder {
  var records: [DocumentStorage.Record] = []
  var names = NameTable.standard
  var text: [UInt8] = []
  /// The open containers' record indices.
  var open: [Int32] = []
  /// How `DocumentStorage.keyOffset` finds a member's key from its value, in this reader's form.
  let keyForm: DocumentStorage.KeyForm
  #if DEBUG
    /// Every key offset the reader gave, compared with the one found from the input in `finish` (in the
    /// tests, for every document they read).
    var givenKeyOffsets: [(node: Int32, keyOffset: Int32)] = []
  #endif

  init(estimatedNodes: Int, keyForm: DocumentStorage.KeyForm) {
    records.reserveCapacity(estimatedNodes)
    open.reserveCapacity(32)
    self.keyForm = keyForm
  }

  /// Notes where the reader found the key of the record `node` (debug builds only: the record keeps none).
  @inline(__always) private mutating func noteKey(node: Int32, keyOffset: Int) {
    #if DEBUG
      givenKeyOffsets.append((node, Int32(truncatingIfNeeded: keyOffset)))
    #endif
  }

  var parent: Int32 { open.last ?? -1 }

  /// Opens an object or array (or an XML element whose kind is not known yet); returns its id.
  @discardableResult
  mutating func open(_ kind: Node.Kind, name: Int32, offset: Int, keyOffset: Int) -> Int32 {
    let id = Int32(records.count)
    let name = noteChild(name)
    noteKey(node: id, keyOffset: keyOffset)
    records.append(
      DocumentStorage.Record(
        kindBits: kind.code, name: name, parent: parent, end: id + 1, count: 0, textStart: 0,
        offset: Int32(truncatingIfNeeded: offset)))
    open.append(id)
    return id
  }

  /// Closes the innermost container.
  mutating func close() {
    let id = open.removeLast()
    records[Int(id)].end = Int32(records.count)
  }

  /// Closes the innermost open node as a scalar whose text is in `text` (for XML elements read as text).
  mutating func closeAsScalar(_ kind: Node.Kind, textStart: Int, textCount: Int, inInput: Bool = false) {
    let id = open.removeLast()
    records[Int(id)].kindBits = kind.code | (inInput ? DocumentStorage.Record.inInput : 0)
    records[Int(id)].textStart = Int32(truncatingIfNeeded: textStart)
    records[Int(id)].count = Int32(truncatingIfNeeded: textCount)
    records[Int(id)].end = Int32(records.count)
  }

  /// Changes the kind of an open node (an XML element that turned out to have element children).
  mutating func setKind(_ kind: Node.Kind, of id: Int32) {
    records[Int(id)].kindBits = kind.code
  }

  /// Counts a new child of the innermost open node; returns its name: as given for a member, -2 - its
  /// index for an array item (given as -1).
  @inline(__always) private mutating func noteChild(_ name: Int32) -> Int32 {
    guard let parent = open.last else { return name }
    let index = records[Int(parent)].count
    records[Int(parent)].count = index + 1
    return name < 0 ? -2 - index : name
  }

  /// Adds a scalar. `textStart`/`textCount`: in the input when `inInput`, else in `text`.
  mutating func scalar(
    _ kind: Node.Kind, name: Int32, offset: Int, keyOffset: Int, textStart: Int = 0, textCount: Int = 0,
    inInput: Bool = false
  ) {
    let id = Int32(records.count)
    let name = noteChild(name)
    noteKey(node: id, keyOffset: keyOffset)
    records.append(
      DocumentStorage.Record(
        kindBits: kind.code | (inInput ? DocumentStorage.Record.inInput : 0), name: name, parent: parent,
        end: id + 1, count: Int32(truncatingIfNeeded: textCount), textStart: Int32(truncatingIfNeeded: textStart),
        offset: Int32(truncatingIfNeeded: offset)))
  }

  /// Adds decoded text to `text`; returns its start.
  mutating func appendText<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
    let start = text.count
    text.append(contentsOf: bytes)
    return start
  }

  /// Where `content` goes: its start in `input` if `input` holds the same bytes at `offset` (-1: not known),
  /// else its start in `text`, where it is appended. Comparing the bytes makes the input's range the text
  /// whatever the offset was found by.
  mutating func keep<C: Collection>(
    _ content: C, ifAt offset: Int, in input: UnsafeBufferPointer<UInt8>
  ) -> (start: Int, inInput: Bool) where C.Element == UInt8 {
    let count = content.count
    if offset >= 0, offset + count <= input.count,
      content.withContiguousStorageIfAvailable({ stored in
        count == 0 || memcmp(stored.baseAddress!, input.baseAddress! + offset, count) == 0
      }) == true
    {
      return (offset, true)
    }
    return (appendText(content), false)
  }

  /// Appends the items of `other`, a builder whose record 0 is an open array (laid out apart, with the
  /// same scalar text), as items of the innermost open array here: their parents, ends and names are
  /// made this builder's.
  mutating func append(itemsOf other: TreeBuilder) {
    guard let array = open.last, !other.records.isEmpty else { return }
    assert(records.count == Int(array) + 1, "the items follow the array's own record")
    records.reserveCapacity(records.count + other.records.count - 1)
    records.append(contentsOf: other.records.dropFirst())
    joinItems(of: other, at: array, count: other.records[0].count)
  }

  /// Makes the `count` items of `other`, now the records after the innermost open array `array`, this
  /// builder's: their parents, ends and names, the array's count and (debug) the key offsets.
  private mutating func joinItems(of other: TreeBuilder, at array: Int32, count: Int32) {
    let shared = Int32(NameTable.standard.spellings.count)
    for index in Int(array) + 1..<records.count {
      records[index].parent += array
      records[index].end += array
      let name = records[index].name
      if name >= shared { records[index].name = names.intern(other.names.spellings[Int(name)]) }
    }
    records[Int(array)].count += count
    #if DEBUG
      for given in other.givenKeyOffsets where given.node > 0 {
        givenKeyOffsets.append((given.node + array, given.keyOffset))
      }
    #endif
  }

  /// As `append(itemsOf:)`, but taking over `other`'s buffer when it has room for `total` records (the
  /// whole tree): this builder's records move in front of the items, in place, so the items are never
  /// held twice. Whether it did (else nothing changed, and `other` is as it was).
  mutating func adopt(itemsOf other: inout TreeBuilder, total: Int) -> Bool {
    guard let array = open.last, !other.records.isEmpty, other.records.capacity >= total,
      records.count == Int(array) + 1
    else { return false }
    var adopted: [DocumentStorage.Record] = []
    swap(&adopted, &other.records)
    let count = adopted[0].count
    // Uniquely held and with room: the list's own record is replaced by this builder's records in the
    // list's buffer. Swapped in, not assigned: a second reference would make the next change copy it.
    adopted.replaceSubrange(0..<1, with: records)
    swap(&records, &adopted)
    joinItems(of: other, at: array, count: count)
    return true
  }

  /// Removes the last record (an XML `id` attribute read before its element turned out to be text).
  mutating func removeLast() {
    records.removeLast()
    #if DEBUG
      if givenKeyOffsets.last?.node == Int32(records.count) { givenKeyOffsets.removeLast() }
    #endif
    if let parent = open.last { records[Int(parent)].count -= 1 }
  }

  func finish(input: [UInt8], origin: Int, positions: Positions? = nil) -> Node {
    finish(
      DocumentStorage(
        records: records, names: names, text: text, input: input, origin: origin, keyForm: keyForm,
        positions: positions))
  }

  /// The tree of a document that is not kept (every scalar's text in `text`): its positions as
  /// recorded while it was read, and its Word places. The text grew a row at a time; its spare capacity
  /// is not kept for the check.
  func finish(streamed: StreamedPositions, wordPlaces: WordPlaces) -> Node {
    finish(
      DocumentStorage(
        records: records, names: names, text: text.withoutSpareCapacity(), input: [], origin: 0,
        keyForm: keyForm, streamed: streamed, wordPlaces: wordPlaces))
  }

  private func finish(_ storage: DocumentStorage) -> Node {
    #if DEBUG
      for given in givenKeyOffsets {
        precondition(
          storage.keyOffset(given.node) == given.keyOffset,
          "node \(given.node): key at \(storage.keyOffset(given.node)) found from the input, \(given.keyOffset) read")
      }
    #endif
    return Node(storage: storage, id: 0)
  }
}

extension Array {
  /// A copy without the spare capacity an array grown by appending keeps (up to as much again).
  func withoutSpareCapacity() -> [Element] {
    withUnsafeBufferPointer { Array($0) }
  }
}
