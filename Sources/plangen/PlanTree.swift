import PlanDocument

/// A plan document as the generator builds it: the tree of FORMAT.md with what XML needs to know that
/// JSON does not (the element name of a list's items, which lists hold references).
indirect enum PlanTree {
  /// Members in order; a member named `id` is an attribute in XML.
  case object([(String, PlanTree)])
  /// A list; `item` names each item's element in XML.
  case list(item: String, [PlanTree])
  /// A list of ids: `<ref>` items in XML.
  case refs([String])
  case text(String)
  case number(Int)
  case bool(Bool)

  static func object(_ members: KeyValuePairs<String, PlanTree?>) -> PlanTree {
    .object(members.compactMap { key, value in value.map { (key, $0) } })
  }
}

/// Writes a tree as JSON, two spaces per level, keys in the tree's order.
enum JSONWriter {
  static func document(_ root: PlanTree) -> String {
    var out = ""
    write(root, level: 0, into: &out)
    out += "\n"
    return out
  }

  private static func indent(_ level: Int, into out: inout String) {
    out += "\n"
    for _ in 0..<level { out += "  " }
  }

  private static func write(_ node: PlanTree, level: Int, into out: inout String) {
    switch node {
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out += "," }
        indent(level + 1, into: &out)
        string(key, into: &out)
        out += ": "
        write(value, level: level + 1, into: &out)
      }
      indent(level, into: &out)
      out += "}"
    case .list(_, let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        indent(level + 1, into: &out)
        write(item, level: level + 1, into: &out)
      }
      indent(level, into: &out)
      out += "]"
    case .refs(let ids):
      if ids.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, id) in ids.enumerated() {
        if index > 0 { out += "," }
        indent(level + 1, into: &out)
        string(id, into: &out)
      }
      indent(level, into: &out)
      out += "]"
    case .text(let text): string(text, into: &out)
    case .number(let number): out += String(number)
    case .bool(let flag): out += flag ? "true" : "false"
    }
  }

  /// RFC 8259 escaping, the same as every other JSON lagkoll writes.
  static func string(_ text: String, into out: inout String) {
    JSONValue.writeString(text, into: &out)
  }
}

/// Writes a tree as XML in the plan namespace (FORMAT.md): objects as elements, `id` as an attribute,
/// lists as a wrapper holding one element per item, reference lists as `<ref>` items.
enum XMLWriter {
  static func document(_ root: PlanTree, comment: String) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    // "--" may not occur inside a comment.
    out += "<!-- " + comment.replacingOccurrences(of: "--", with: "–") + " -->\n"
    element("plan", root, level: 0, namespace: true, into: &out)
    return out
  }

  private static func indent(_ level: Int, into out: inout String) {
    for _ in 0..<level { out += "  " }
  }

  private static func element(
    _ name: String, _ node: PlanTree, level: Int, namespace: Bool = false, into out: inout String
  ) {
    indent(level, into: &out)
    out += "<" + name
    if namespace { out += " xmlns=\"urn:lagkoll:plan:1\"" }
    switch node {
    case .object(var members):
      if let index = members.firstIndex(where: { $0.0 == "id" }), case .text(let id) = members[index].1 {
        out += " id=\"" + XMLText.escaped(id, attribute: true) + "\""
        members.remove(at: index)
      }
      if members.isEmpty {
        out += "/>\n"
        return
      }
      out += ">\n"
      for (key, value) in members { element(key, value, level: level + 1, into: &out) }
      indent(level, into: &out)
    case .list(let item, let items):
      if items.isEmpty {
        out += "/>\n"
        return
      }
      out += ">\n"
      for value in items { element(item, value, level: level + 1, into: &out) }
      indent(level, into: &out)
    case .refs(let ids):
      if ids.isEmpty {
        out += "/>\n"
        return
      }
      out += ">\n"
      for id in ids {
        indent(level + 1, into: &out)
        out += "<ref>" + XMLText.escaped(id) + "</ref>\n"
      }
      indent(level, into: &out)
    case .text(let text):
      out += ">" + XMLText.escaped(text) + "</" + name + ">\n"
      return
    case .number(let number):
      out += ">" + String(number) + "</" + name + ">\n"
      return
    case .bool(let flag):
      out += ">" + (flag ? "true" : "false") + "</" + name + ">\n"
      return
    }
    out += "</" + name + ">\n"
  }

}
