/// A JSON Pointer (RFC 6901) over the common tree, the same for the XML and JSON form of a document.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  public enum Component: Sendable, Hashable, Codable {
    case key(String)
    case index(Int)
  }

  public private(set) var components: [Component]

  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// Parses the textual form, e.g. `/atgardsplan/atgarder/2/ansvarig`. Numeric segments become indexes.
  public init?(parsing text: String) {
    if text.isEmpty {
      self.init()
      return
    }
    guard text.hasPrefix("/") else { return nil }
    var result: [Component] = []
    for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
      let segment = String(raw).replacing("~1", with: "/").replacing("~0", with: "~")
      if let index = Int(segment), index >= 0, String(index) == segment {
        result.append(.index(index))
      } else {
        result.append(.key(segment))
      }
    }
    self.init(result)
  }

  public func appending(_ key: String) -> JSONPointer {
    var copy = self
    copy.components.append(.key(key))
    return copy
  }

  public func appending(_ index: Int) -> JSONPointer {
    var copy = self
    copy.components.append(.index(index))
    return copy
  }

  public var parent: JSONPointer? {
    guard !components.isEmpty else { return nil }
    return JSONPointer(Array(components.dropLast()))
  }

  public var description: String {
    var text = ""
    for component in components {
      text.append("/")
      switch component {
      case .key(let key):
        if key.contains("~") || key.contains("/") {
          text.append(key.replacing("~", with: "~0").replacing("/", with: "~1"))
        } else {
          text.append(key)
        }
      case .index(let index):
        text.append(String(index))
      }
    }
    return text
  }

  public static func < (a: JSONPointer, b: JSONPointer) -> Bool {
    for (x, y) in zip(a.components, b.components) where x != y {
      switch (x, y) {
      case (.index(let i), .index(let j)): return i < j
      case (.key(let k), .key(let l)): return k < l
      case (.index, .key): return true
      case (.key, .index): return false
      }
    }
    return a.components.count < b.components.count
  }
}

extension Node {
  /// The node at `pointer`, if there is one.
  public func node(at pointer: JSONPointer) -> Node? {
    var current = self
    for component in pointer.components {
      switch component {
      case .key(let key):
        guard let next = current[key] else { return nil }
        current = next
      case .index(let index):
        if let items = current.items {
          guard items.indices.contains(index) else { return nil }
          current = items[index]
        } else if let next = current[String(index)] {
          // A numeric key of an object, such as a year.
          current = next
        } else {
          return nil
        }
      }
    }
    return current
  }
}
