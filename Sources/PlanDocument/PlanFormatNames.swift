/// The member names that Swift code outside the rules reads by name: the kommun a document names, and
/// the dates of 6 §'s next deadlines. One home for them, checked against the definition in
/// PlanFormat.swift (`PlanFormat.namedPaths`, tested), so that renaming a field there fails a test
/// instead of silently reading nothing.
extension PlanFormat {
  public enum Name {
    public static let kommun = "kommun"
    public static let namn = "namn"
    public static let kod = "kod"
    public static let lan = "lan"
    public static let lagesbilder = "lagesbilder"
    public static let atgardsplan = "atgardsplan"
    public static let beslut = "beslut"
    public static let uppfoljningar = "uppfoljningar"
    public static let datum = "datum"
    /// The id every identified object carries (`ObjectType(id:)`).
    public static let id = "id"
    /// A range's first and last day (`PlanFormat.intervall`), read by the range checks.
    public static let fran = "fran"
    public static let till = "till"
    public static let rubrik = "rubrik"
    public static let titel = "titel"
    /// The fields that name a thing in a message, in order of preference (`{label}`).
    public static let labels = [rubrik, namn, titel, id]
  }

  /// Every path from the root that code reads with the names above (a list's items are stepped into).
  public static let namedPaths: [[String]] = [
    [Name.kommun, Name.namn], [Name.kommun, Name.kod], [Name.kommun, Name.lan],
    [Name.lagesbilder, Name.id], [Name.lagesbilder, Name.datum], [Name.atgardsplan, Name.beslut, Name.datum],
    [Name.uppfoljningar, Name.datum],
  ]

  /// The type of the field `path` names from the root, stepping into lists' items; nil when the format
  /// has no such field.
  public static func fieldType(at path: [String]) -> FieldType? {
    var object = plan
    var found: FieldType?
    for name in path {
      if let type = found {
        guard case .object(let inner) = type.itemType else { return nil }
        object = inner
      }
      guard let field = object.field(named: name) else { return nil }
      found = field.type
    }
    return found
  }
}

extension PlanFormat.FieldType {
  /// A list's item type, else the type itself.
  fileprivate var itemType: PlanFormat.FieldType {
    if case .array(_, let item) = self { return item.itemType }
    return self
  }
}
