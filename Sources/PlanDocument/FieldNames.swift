/// Field names as people read them, and the field a misspelled name was meant as. The format's names
/// are Swedish without å, ä and ö (`mal`, `atgarder`); messages show the words (`mål`, `åtgärder`), and
/// a name one slip away from a known one (`lagesbildr`, `län`) is read as the field it was meant as.
extension PlanFormat {
  /// The field names whose words need å, ä or ö, or spaces between their parts.
  private static let words: [String: String] = [
    "lagesbild": "lägesbild", "lagesbilder": "lägesbilder", "kartlaggning": "kartläggning", "kallor": "källor",
    "kalla": "källa", "samrad": "samråd", "atgardsplan": "åtgärdsplan", "atgarder": "åtgärder", "atgard": "åtgärd",
    "mal": "mål", "malvarde": "målvärde", "uppfoljningsplan": "uppföljningsplan", "uppfoljning": "uppföljning",
    "uppfoljningar": "uppföljningar", "intervallManader": "intervall i månader", "overenskommelser": "överenskommelser",
    "overenskommelse": "överenskommelse", "fokusomraden": "fokusområden", "fokusomrade": "fokusområde",
    "medborgarloften": "medborgarlöften", "medborgarlofte": "medborgarlöfte", "ledsAv": "leds av",
    "ledandeBefattningar": "ledande befattningar", "civilsamhalle": "civilsamhälle", "motenPerAr": "möten per år",
    "upprattad": "upprättad", "rapporteradTill": "rapporterad till", "geografiskTackning": "geografisk täckning",
    "delomrade": "delområde", "annanInformation": "annan information", "fran": "från", "namnd": "nämnd",
    "lan": "län", "ar": "år", "funktionsadress": "funktionsadress", "samordningsfunktion": "samordningsfunktion",
    "behovsanalys": "behovsanalys", "formatversion": "formatversion",
  ]

  /// `mal` → "mål", `intervallManader` → "intervall i månader"; a name the format does not have is shown
  /// as written.
  public static func word(for name: String) -> String {
    if let word = words[name] { return word }
    // lowerCamelCase parts as words: `geografiskTackning` → "geografisk tackning".
    var out = ""
    for character in name {
      if character.isUppercase, !out.isEmpty { out += " " + character.lowercased() } else { out.append(character) }
    }
    return out
  }

  /// The one name among `known` that `written` was most likely meant as: the same but for case, å/ä/ö,
  /// spaces, `-` and `_`, or one edit away (a letter added, left out, changed, or two letters swapped).
  /// Nil when none is, or when more than one is equally close.
  public static func intendedName(_ written: String, among known: [String]) -> String? {
    intendedName(written, among: known, folded: known.map(fold))
  }

  /// As `intendedName(_:among:)`, with `known` already folded (`folded[i]` is `fold(known[i])`): a walk
  /// that asks about many keys of one object folds its fields once, not once per key.
  static func intendedName(_ written: String, among known: [String], folded: [[Character]]) -> String? {
    let wanted = fold(written)
    let same = known.indices.filter { folded[$0] == wanted }
    if same.count == 1 { return known[same[0]] }
    guard same.isEmpty, wanted.count >= 3 else { return nil }
    let close = known.indices.filter { isOneEditApart(wanted, folded[$0]) }
    return close.count == 1 ? known[close[0]] : nil
  }

  /// Lower case, å/ä → a, ö → o, é → e, without spaces, `-` and `_`.
  static func fold(_ text: String) -> [Character] {
    var out: [Character] = []
    for character in text.lowercased() {
      switch character {
      case "å", "ä", "à", "á": out.append("a")
      case "ö", "ø", "ó": out.append("o")
      case "é", "è": out.append("e")
      case " ", "-", "_": continue
      default: out.append(character)
      }
    }
    return out
  }

  static func isOneEditApart(_ a: [Character], _ b: [Character]) -> Bool {
    if a == b { return false }
    if a.count == b.count {
      let differences = a.indices.filter { a[$0] != b[$0] }
      if differences.count == 1 { return true }
      // Two neighbouring letters swapped.
      return differences.count == 2 && differences[1] == differences[0] + 1
        && a[differences[0]] == b[differences[1]] && a[differences[1]] == b[differences[0]]
    }
    guard abs(a.count - b.count) == 1 else { return false }
    let (long, short) = a.count > b.count ? (a, b) : (b, a)
    var i = 0
    while i < short.count && long[i] == short[i] { i += 1 }
    return Array(long[(i + 1)...]) == Array(short[i...])
  }

  /// A key of the document read as the field it was meant as.
  public struct Respelling: Sendable, Hashable {
    /// Where the misspelled key stands, as written.
    public var pointer: JSONPointer
    public var keyLocation: SourceLocation
    public var written: String
    public var meant: String
  }

  /// The tree with every misspelled key that is one slip from a field its object lacks renamed to that
  /// field, so that the rules check what the writer meant (a misspelled list gives one finding, not one
  /// per reference into it), and the renamings, to be reported. Unchanged when nothing is misspelled.
  ///
  /// A member whose name is a field of its object's type is found by its name id (`FormatTable`): a
  /// correct plan makes no String and no pointer per node; only a member that is not a field is read as
  /// text and compared with the fields. (The walk cannot be skipped by looking at the names alone: the
  /// format's own names are one slip from one another in places, `namn` and `namnd`, `form` and `forum`,
  /// `placering` and `planering`, so a correctly spelled name in the wrong object is respelled too.)
  public static func respell(_ root: Node) -> (Node, [Respelling]) {
    var walk = RespellWalk(names: root.storage.names)
    walk.visit(root, entry: 0)
    guard !walk.changes.isEmpty else { return (root, walk.found) }
    return (Node(storage: root.storage.renamed(walk.changes, names: walk.names), id: root.id), walk.found)
  }

  private struct RespellWalk {
    var found: [Respelling] = []
    var changes: [(node: Int32, name: Int32)] = []
    /// The renamed members: their names as meant, for the pointers of misspellings below them.
    var meant: [Int32: String] = [:]
    var names: NameTable
    let canonical: [Int32]
    let table = FormatTable.plan

    init(names: NameTable) {
      self.names = names
      canonical = names.canonical
    }

    /// Collects the renamings of `node`'s misspelled keys (and of those below it); `entry` is its type.
    mutating func visit(_ node: Node, entry: Int32) {
      switch (node.kind, table.entries[Int(entry)].type) {
      case (.object, .object(let object)):
        var taken: Set<String> = []
        // The keys present, once per object: scanning the members for each misspelt key was quadratic in
        // an object of thousands of keys one slip from a field.
        lazy var present = Set(node.children.map { Member(value: $0).key })
        lazy var fieldNames = object.fields.map(\.name)
        lazy var foldedNames = fieldNames.map(PlanFormat.fold)
        for child in node.children {
          var field = table.field(entry, canonical[Int(child.nameID)])
          if field < 0 {
            let key = Member(value: child).key
            guard let meant = intendedName(key, among: fieldNames, folded: foldedNames), !present.contains(meant),
              taken.insert(meant).inserted
            else { continue }
            found.append(
              Respelling(
                pointer: pointer(of: child, written: key), keyLocation: child.keyLocation, written: key, meant: meant))
            changes.append((child.id, names.intern(meant)))
            self.meant[child.id] = meant
            field = table.field(entry, NameTable.standard.canonicalID(of: meant)!)
          }
          visit(child, entry: field)
        }
      case (.array, .array):
        let items = table.entries[Int(entry)].items
        for item in node.children { visit(item, entry: items) }
      default:
        return
      }
    }

    /// Where `node`'s key stands as written, below its ancestors as meant.
    func pointer(of node: Node, written: String) -> JSONPointer {
      var components: [JSONPointer.Component] = [.key(written)]
      let records = node.storage.records
      var current = Int(records[Int(node.id)].parent)
      while current > 0 {
        let name = records[current].name
        if let meant = meant[Int32(current)] {
          components.append(.key(meant))
        } else if name >= 0 {
          components.append(.key(node.storage.names.spellings[Int(name)]))
        } else if name <= -2 {
          components.append(.index(Int(-2 - name)))
        }
        current = Int(records[current].parent)
      }
      return JSONPointer(Array(components.reversed()))
    }
  }
}
