import PlanDocument

/// The small path language rules use to select nodes of the common tree.
///
/// - `/atgardsplan/atgarder/*/ansvarig`: an absolute selector; `*` is every item of an array (or every
///   member of an object), a number is one array index, `**` is a node and every node below it.
/// - `beslut/datum`: a field path, relative to the node a rule selected.
/// - `lagesbild->datum`: `->` follows a reference: the value is an id, and the path goes on from the
///   thing that has that id anywhere in the document.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
  public enum Step: Sendable, Hashable {
    case key(String)
    case index(Int)
    case wildcard
    case descendants
    case dereference
  }

  public var steps: [Step]
  public var isAbsolute: Bool
  public let text: String

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
    return .success(PathPattern(steps: steps, isAbsolute: absolute, text: text))
  }

  public enum PathError: Error, Sendable, Hashable {
    case empty, emptySegment, badWildcard(String)

    public var message: LocalizedText {
      switch self {
      case .empty: LocalizedText(sv: "sökvägen är tom", en: "the path is empty")
      case .emptySegment:
        LocalizedText(sv: "sökvägen har ett tomt led (två / i rad eller / sist)", en: "the path has an empty step (two / in a row, or a trailing /)")
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
public struct Match: Sendable {
  public var pointer: JSONPointer
  public var node: Node

  public init(pointer: JSONPointer, node: Node) {
    self.pointer = pointer
    self.node = node
  }
}

extension PathPattern {
  /// Every node the path reaches from `start`, in document order. `resolve` follows references.
  func matches(from start: Match, resolve: (String) -> Match?) -> [Match] {
    var current = [start]
    for step in steps {
      var next: [Match] = []
      for match in current {
        PathPattern.apply(step, to: match, resolve: resolve, into: &next)
      }
      current = next
      if current.isEmpty { break }
    }
    return current
  }

  /// The deepest node the path reaches from `start` before it runs out: where a missing field is reported
  /// ("a missing element is located at its parent"). Follows the first match at each step.
  func deepestExisting(from start: Match, resolve: (String) -> Match?) -> Match {
    var current = start
    for step in steps {
      var next: [Match] = []
      PathPattern.apply(step, to: current, resolve: resolve, into: &next)
      guard let first = next.first else { return current }
      current = first
    }
    return current
  }

  private static func apply(_ step: Step, to match: Match, resolve: (String) -> Match?, into next: inout [Match]) {
    switch step {
    case .key(let key):
      if let child = match.node[key] { next.append(Match(pointer: match.pointer.appending(key), node: child)) }
    case .index(let index):
      if let items = match.node.items, items.indices.contains(index) {
        next.append(Match(pointer: match.pointer.appending(index), node: items[index]))
      }
    case .wildcard:
      switch match.node.value {
      case .array(let items):
        for (index, item) in items.enumerated() {
          next.append(Match(pointer: match.pointer.appending(index), node: item))
        }
      case .object(let members):
        for member in members {
          next.append(Match(pointer: match.pointer.appending(member.key), node: member.value))
        }
      default: break
      }
    case .descendants:
      match.node.walk(from: match.pointer) { pointer, node, _ in
        next.append(Match(pointer: pointer, node: node))
      }
    case .dereference:
      if let id = match.node.scalarText, let target = resolve(id) { next.append(target) }
    }
  }
}
