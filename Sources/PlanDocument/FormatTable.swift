/// The plan format's types as a table a walk of the document follows by name id: one entry per place
/// in the format (a field's type where it stands), an object's fields found by the member's canonical
/// name id instead of by comparing strings. A name that is not one of the format's own (`NameTable.standard`)
/// is never a field, so only those ids have a column.
public struct FormatTable: Sendable {
  public struct Entry: Sendable {
    public let type: PlanFormat.FieldType
    /// For an object: per canonical name id of `NameTable.standard`, the entry of the first field of
    /// that name, or -1 (what `ObjectType.field(named:)` finds).
    public let fields: [Int32]
    /// For an array or a list of references: the entry of its items; else -1.
    public let items: Int32
  }

  public let entries: [Entry]

  /// The plan's table; its entry 0 is the plan object.
  public static let plan = FormatTable(root: .object(PlanFormat.plan))

  /// The entry of the first field of `object`'s entry whose canonical name id is `name`, or -1.
  @inline(__always) public func field(_ entry: Int32, _ name: Int32) -> Int32 {
    let fields = entries[Int(entry)].fields
    return Int(name) < fields.count ? fields[Int(name)] : -1
  }

  init(root: PlanFormat.FieldType) {
    var built: [(type: PlanFormat.FieldType, fields: [Int32], items: Int32)] = []
    let width = NameTable.standard.spellings.count
    func add(_ type: PlanFormat.FieldType) -> Int32 {
      let index = Int32(built.count)
      built.append((type, [], -1))
      switch type {
      case .object(let object):
        var fields = [Int32](repeating: -1, count: width)
        for field in object.fields {
          let name = Int(NameTable.standard.canonicalID(of: field.name)!)
          if fields[name] < 0 { fields[name] = add(field.type) }
        }
        built[Int(index)].fields = fields
      case .array(_, let item):
        built[Int(index)].items = add(item)
      case .referenceList(let kind):
        built[Int(index)].items = add(.reference(kind))
      default:
        break
      }
      return index
    }
    _ = add(root)
    entries = built.map { Entry(type: $0.type, fields: $0.fields, items: $0.items) }
  }
}
