/// Writes a plan tree in the format's XML or JSON form (`lagkoll convert`): the same tree, member order
/// and values, so that each form reads back to the tree it was written from.
public enum PlanSerializer {
  /// The tree as a `JSONValue` (objects keep their member order and duplicate keys).
  public static func jsonValue(_ node: Node) -> JSONValue {
    switch node.kind {
    case .object: return .object(node.children.map { (Member(value: $0).key, jsonValue($0)) })
    case .array: return .array(node.children.map(jsonValue))
    case .string: return .string(node.scalarText ?? "")
    case .number: return .number(node.scalarText ?? "0")
    case .boolean: return .bool(node.scalarText == "true")
    case .null: return .null
    }
  }

  public static func json(_ root: Node) -> String {
    jsonValue(root).serialized() + "\n"
  }

  /// The tree as XML in the plan namespace: `id` members as attributes, lists as wrapper elements holding
  /// one element per item (named as the format names its items; `<ref>` for references).
  public static func xml(_ root: Node) -> String {
    var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    element(PlanFormat.rootName, root, type: .object(PlanFormat.plan), depth: 0, namespace: true, into: &out)
    return out
  }

  private static func element(
    _ name: String, _ node: Node, type: PlanFormat.FieldType?, depth: Int, namespace: Bool = false,
    into out: inout String
  ) {
    let indent = String(repeating: "  ", count: depth)
    let xmlns = namespace ? #" xmlns="\#(PlanFormat.namespace)""# : ""
    switch node.kind {
    case .object:
      var object: PlanFormat.ObjectType?
      if case .object(let found)? = type { object = found }
      var attribute = ""
      var members: [Node] = []
      var idDone = false
      for child in node.children {
        let key = Member(value: child).key
        if key == PlanFormat.Name.id, !idDone, let text = child.scalarText, child.kind != .null {
          attribute = #" id="\#(XMLText.escaped(text, attribute: true))""#
          idDone = true
        } else {
          members.append(child)
        }
      }
      if members.isEmpty {
        out += "\(indent)<\(name)\(xmlns)\(attribute)/>\n"
        return
      }
      out += "\(indent)<\(name)\(xmlns)\(attribute)>\n"
      for child in members {
        let key = Member(value: child).key
        element(key, child, type: object?.field(named: key)?.type, depth: depth + 1, into: &out)
      }
      out += "\(indent)</\(name)>\n"
    case .array:
      var itemName = "item"
      var itemType: PlanFormat.FieldType?
      switch type {
      case .array(let item, let of)?:
        itemName = item
        itemType = of
      case .referenceList(let kind)?:
        itemName = "ref"
        itemType = .reference(kind)
      default: break
      }
      if node.childCount == 0 {
        out += "\(indent)<\(name)\(xmlns)/>\n"
        return
      }
      out += "\(indent)<\(name)\(xmlns)>\n"
      for item in node.children { element(itemName, item, type: itemType, depth: depth + 1, into: &out) }
      out += "\(indent)</\(name)>\n"
    case .null:
      out += "\(indent)<\(name)\(xmlns)/>\n"
    case .string, .number, .boolean:
      let text = XMLText.escaped(node.scalarText ?? "", attribute: false)
      out += "\(indent)<\(name)\(xmlns)>\(text)</\(name)>\n"
    }
  }
}
