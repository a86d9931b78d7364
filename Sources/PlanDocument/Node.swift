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
    try walk(path: path, member: nil, visit)
  }

  private func walk(
    path: JSONPointer, member: Member?, _ visit: (JSONPointer, Node, Member?) throws -> Void
  ) rethrows {
    try visit(path, self, member)
    switch value {
    case .object(let members):
      for member in members {
        try member.value.walk(path: path.appending(member.key), member: member, visit)
      }
    case .array(let items):
      for (index, item) in items.enumerated() {
        try item.walk(path: path.appending(index), member: nil, visit)
      }
    default:
      break
    }
  }
}
