/// One node of the common document tree that both readers produce and the rules see.
///
/// Scalars keep their exact source text (numbers are never converted to floating point), objects keep
/// their member order and any duplicate keys, and every node, keys included, carries its source location.
public struct Node: Sendable {
  public enum Value: Sendable {
    case object([Member])
    case array([Node])
    case string(String)
    /// The number exactly as written in the source.
    case number(String)
    case boolean(Bool)
    case null
  }

  public enum Kind: String, Sendable, Codable {
    case object, array, string, number, boolean, null
  }

  public var value: Value
  public var location: SourceLocation

  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }

  public var kind: Kind {
    switch value {
    case .object: .object
    case .array: .array
    case .string: .string
    case .number: .number
    case .boolean: .boolean
    case .null: .null
    }
  }
}

/// An object member: its key, where the key stands, and its value.
public struct Member: Sendable {
  public var key: String
  public var keyLocation: SourceLocation
  public var value: Node

  public init(key: String, keyLocation: SourceLocation, value: Node) {
    self.key = key
    self.keyLocation = keyLocation
    self.value = value
  }
}

extension Node {
  /// The members of an object, in source order; nil for other kinds.
  public var members: [Member]? {
    if case .object(let members) = value { return members }
    return nil
  }

  /// The items of an array; nil for other kinds.
  public var items: [Node]? {
    if case .array(let items) = value { return items }
    return nil
  }

  /// The first member named `key` of an object.
  public subscript(key: String) -> Node? {
    guard case .object(let members) = value else { return nil }
    for member in members where member.key == key { return member.value }
    return nil
  }

  /// The text of a string node.
  public var string: String? {
    if case .string(let text) = value { return text }
    return nil
  }

  /// The text of any scalar as it would read in a message: strings as they are, numbers as written,
  /// booleans as `true`/`false`; nil for objects, arrays and null.
  public var scalarText: String? {
    switch value {
    case .string(let text), .number(let text): text
    case .boolean(let flag): flag ? "true" : "false"
    case .object, .array, .null: nil
    }
  }

  /// True for null, an empty or blank string, an empty array and an empty object: nothing was filled in.
  public var isBlank: Bool {
    switch value {
    case .null: true
    case .string(let text): text.allSatisfy(\.isWhitespace)
    case .array(let items): items.isEmpty
    case .object(let members): members.isEmpty
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

  /// The walk keeps one stack of components and makes each node's pointer from it in one allocation,
  /// rather than copying the parent's pointer and growing the copy for every node.
  private func walk(
    components: inout [JSONPointer.Component], member: Member?, _ visit: (JSONPointer, Node, Member?) throws -> Void
  ) rethrows {
    // A copy of its own (not the stack's buffer, shared copy-on-write), so the stack stays unique and
    // the appends and removals below never copy it.
    try visit(JSONPointer(components.withUnsafeBufferPointer { Array($0) }), self, member)
    switch value {
    case .object(let members):
      for member in members {
        components.append(.key(member.key))
        defer { components.removeLast() }
        try member.value.walk(components: &components, member: member, visit)
      }
    case .array(let items):
      for (index, item) in items.enumerated() {
        components.append(.index(index))
        defer { components.removeLast() }
        try item.walk(components: &components, member: nil, visit)
      }
    default:
      break
    }
  }
}
