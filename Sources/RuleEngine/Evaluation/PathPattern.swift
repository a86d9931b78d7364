import PlanDocument

/// The small path language rules use to select nodes of the common tree.
///
/// - `/atgardsplan/atgarder/*/ansvarig`: an absolute selector; `*` is every item of an array (or every
///   member of an object), a number is one array index, `**` is a node and every node below it.
/// - `beslut/datum`: a field path, relative to the node a rule selected.
/// - `lagesbild->datum`: `->` follows a reference: the value is an id, and the path goes on from the
///   thing that has that id anywhere in the document.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible, Codable {
  public enum Step: Sendable, Hashable, Codable {
    case key(String)
    case index(Int)
    case wildcard
    case descendants
    case dereference
  }

  public var steps: [Step] {
    didSet { keyIDs = Self.compile(steps) }
  }
  public var isAbsolute: Bool
  public let text: String
  /// For each step: the name id of a `.key` step's field in `NameTable.standard` (the same in every
  /// document), so that the step compares integers; -1 for other steps and for names the format does
  /// not know (looked up by text in the document's own table).
  private(set) var keyIDs: [Int32]

  public init(steps: [Step], isAbsolute: Bool, text: String) {
    self.steps = steps
    self.isAbsolute = isAbsolute
    self.text = text
    self.keyIDs = Self.compile(steps)
  }

  static func compile(_ steps: [Step]) -> [Int32] {
    steps.map { step in
      if case .key(let key) = step { return NameTable.standard.canonicalID(of: key) ?? -1 }
      return -1
    }
  }

  private enum CodingKeys: String, CodingKey { case steps, isAbsolute, text }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      steps: try container.decode([Step].self, forKey: .steps),
      isAbsolute: try container.decode(Bool.self, forKey: .isAbsolute),
      text: try container.decode(String.self, forKey: .text))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(steps, forKey: .steps)
    try container.encode(isAbsolute, forKey: .isAbsolute)
    try container.encode(text, forKey: .text)
  }

  public static func == (a: PathPattern, b: PathPattern) -> Bool {
    a.steps == b.steps && a.isAbsolute == b.isAbsolute && a.text == b.text
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(steps)
    hasher.combine(isAbsolute)
    hasher.combine(text)
  }

  /// The child `steps[index]` (a `.key` step) names, by id when the format knows the name.
  @inline(__always) func child(of node: Node, keyStep index: Int, key: String) -> Node? {
    let id = keyIDs[index]
    return id >= 0 ? node.child(named: id) : node[key]
  }

  /// Parses a path; nil with a reason when it is malformed.
  public static func parse(_ text: String) -> Result<PathPattern, PathError> {
    var steps: [Step] = []
    let absolute = text.hasPrefix("/")
    let body = absolute ? String(text.dropFirst()) : text
    if body.isEmpty {
      return absolute ? .success(PathPattern(steps: [], isAbsolute: true, text: text)) : .failure(.empty)
    }
    let hops = body.components(separatedBy: "->")
    for (hopIndex, hop) in hops.enumerated() {
      if hopIndex > 0 { steps.append(.dereference) }
      for segment in hop.split(separator: "/", omittingEmptySubsequences: false) {
        switch segment {
        case "": return .failure(.emptySegment)
        case "*": steps.append(.wildcard)
        case "**": steps.append(.descendants)
        default:
          if let index = Int(segment), index >= 0, String(index) == segment {
            steps.append(.index(index))
          } else if segment.contains("*") {
            return .failure(.badWildcard(String(segment)))
          } else {
            steps.append(.key(String(segment)))
          }
        }
      }
    }
    // Each `**` multiplies the nodes a path visits by the document's depth (docs/engine.md). One is all
    // a selector needs.
    if steps.filter({ $0 == .descendants }).count > 1 { return .failure(.repeatedDescendants) }
    return .success(PathPattern(steps: steps, isAbsolute: absolute, text: text))
  }

  public enum PathError: Error, Sendable, Hashable {
    case empty, emptySegment
    case badWildcard(String)
    case repeatedDescendants

    public var message: LocalizedText {
      switch self {
      case .empty: LocalizedText(sv: "sökvägen är tom", en: "the path is empty")
      case .emptySegment:
        LocalizedText(
          sv: "sökvägen har ett tomt led (två / i rad eller / sist)",
          en: "the path has an empty step (two / in a row, or a trailing /)")
      case .repeatedDescendants:
        LocalizedText(
          sv:
            "** får stå högst en gång i en sökväg (varje ** till gör sökningen lika många gånger större som dokumentet är djupt)",
          en:
            "** may stand at most once in a path (each further ** makes the search as many times larger as the document is deep)"
        )
      case .badWildcard(let segment):
        LocalizedText(
          sv: "\"\(segment)\": * står ensamt som ett led (alla poster) och ** för alla noder under",
          en: "\"\(segment)\": * stands alone as a step (every item), and ** for every node below")
      }
    }
  }

  public var description: String { text }

  /// The last key of the path, as a field name for messages (`ansvarig` for `atgarder/*/ansvarig`).
  public var fieldName: String {
    for step in steps.reversed() {
      if case .key(let key) = step { return key }
    }
    return text
  }
}

/// A node reached by a path, and its pointer.
///
/// The pointer is not carried: a node's record and its ancestors' give it (`Node.pointer`), made only
/// when a finding asks. A rule visits far more nodes than it reports; a match costs no allocation.
/// A pointer given explicitly (a diagnostic's path, the root's) is kept as given.
public struct Match: Sendable {
  public var node: Node
  private var explicit: JSONPointer?

  public var pointer: JSONPointer {
    get { explicit ?? node.pointer }
    set { explicit = newValue }
  }

  public init(pointer: JSONPointer, node: Node) {
    self.node = node
    self.explicit = pointer
  }

  /// The match of `node`, its pointer from where it stands in the document.
  public init(node: Node) {
    self.node = node
    self.explicit = nil
  }

  /// The member `key` of `parent`'s node, which is `node`.
  init(parent: Match, key: String, node: Node) {
    self.node = node
    self.explicit = parent.explicit.map { $0.appending(key) }
  }
}

extension PathPattern {
  /// The nodes step `stepIndex` leads to from `node`, in document order, until `body` returns false
  /// (then returns false): the one stepping function of every walk of a path (`forEachNode`,
  /// `forEachMatch`, `matches`, `deepestExisting`), so that no two walkers can disagree on a step.
  @inline(__always)
  private func step(_ stepIndex: Int, from node: Node, resolve: (String) -> Match?, _ body: (Node) -> Bool) -> Bool {
    switch steps[stepIndex] {
    case .key(let key):
      guard let child = child(of: node, keyStep: stepIndex, key: key) else { return true }
      return body(child)
    case .index(let index):
      guard let item = node.item(at: index) else { return true }
      return body(item)
    case .wildcard:
      // The children of an array or an object; a scalar has none.
      for child in node.children where !body(child) { return false }
      return true
    case .descendants:
      return PathPattern.visitDescendantNodes(of: node, body)
    case .dereference:
      guard let id = node.scalarText, let target = resolve(id) else { return true }
      return body(target.node)
    }
  }

  /// `node` and every node below it, in document order, until `body` returns false.
  private static func visitDescendantNodes(of node: Node, _ body: (Node) -> Bool) -> Bool {
    guard body(node) else { return false }
    for child in node.children where !visitDescendantNodes(of: child, body) { return false }
    return true
  }

  /// Calls `body` with every node the path reaches from `start`, in document order (by `**` node, then
  /// document order, when steps follow `**`), depth first without holding them all: a field path such as
  /// `**/beslut/datum` costs memory for one path, not for every node at once. (A rule's selector is
  /// walked by the selector automaton when there is one, which keeps each rule's selected node ids: 4
  /// bytes a node; the first small document and `->` selectors walk here.) `body` returns
  /// false to stop; returns false when stopped.
  @discardableResult
  func forEachNode(from start: Node, resolve: (String) -> Match?, _ body: (Node) -> Bool) -> Bool {
    visitNodes(stepIndex: 0, from: start, resolve: resolve, body)
  }

  private func visitNodes(stepIndex: Int, from node: Node, resolve: (String) -> Match?, _ body: (Node) -> Bool) -> Bool
  {
    guard stepIndex < steps.count else { return body(node) }
    return step(stepIndex, from: node, resolve: resolve) {
      visitNodes(stepIndex: stepIndex + 1, from: $0, resolve: resolve, body)
    }
  }

  /// As `forEachNode`, with matches: the start itself is yielded as the match given (an explicit pointer
  /// kept), every other node as a match whose pointer its record gives.
  func forEachMatch(from start: Match, resolve: (String) -> Match?, _ body: (Match) -> Void) {
    forEachMatch(from: start, resolve: resolve) {
      body($0)
      return true
    }
  }

  /// As `forEachMatch`, until `body` returns false; returns false when stopped.
  @discardableResult
  func forEachMatch(from start: Match, resolve: (String) -> Match?, until body: (Match) -> Bool) -> Bool {
    forEachNode(from: start.node, resolve: resolve) { node in
      body(node.id == start.node.id && node.storage === start.node.storage ? start : Match(node: node))
    }
  }

  /// Every node the path reaches from `start`, in the order of `forEachNode`. `resolve` follows references.
  func matches(from start: Match, resolve: (String) -> Match?) -> [Match] {
    var result: [Match] = []
    forEachMatch(from: start, resolve: resolve) { result.append($0) }
    return result
  }

  /// The deepest node the path reaches from `start` before it runs out: where a missing field is reported
  /// ("a missing element is located at its parent"). Follows the first node of each step (of `**`: the
  /// node itself).
  func deepestExisting(from start: Match, resolve: (String) -> Match?) -> Match {
    var current = start
    for index in steps.indices {
      var first: Node?
      _ = step(index, from: current.node, resolve: resolve) {
        first = $0
        return false
      }
      guard let first else { return current }
      if first.id != current.node.id || first.storage !== current.node.storage { current = Match(node: first) }
    }
    return current
  }
}
