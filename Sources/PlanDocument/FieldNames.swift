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
    let folded = fold(written)
    let same = known.filter { fold($0) == folded }
    if same.count == 1 { return same[0] }
    guard same.isEmpty, folded.count >= 3 else { return nil }
    let close = known.filter { isOneEditApart(folded, fold($0)) }
    return close.count == 1 ? close[0] : nil
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
  public static func respell(_ root: Node) -> (Node, [Respelling]) {
    var found: [Respelling] = []
    var path: [JSONPointer.Component] = []
    var changes: [(node: Int32, name: Int32)] = []
    var names = root.storage.names
    respell(root, .object(plan), &path, &found, &changes, &names)
    guard !changes.isEmpty else { return (root, found) }
    return (Node(storage: root.storage.renamed(changes, names: names), id: root.id), found)
  }

  /// Collects the renamings of `node`'s misspelled keys (and of those below it) into `changes`.
  private static func respell(
    _ node: Node, _ type: FieldType, _ path: inout [JSONPointer.Component], _ found: inout [Respelling],
    _ changes: inout [(node: Int32, name: Int32)], _ names: inout NameTable
  ) {
    switch (node.kind, type) {
    case (.object, .object(let object)):
      var taken: Set<String> = []
      // The keys present, once per object: scanning the members for each misspelt key was quadratic in
      // an object of thousands of keys one slip from a field.
      lazy var present = Set(node.children.map { Member(value: $0).key })
      let fieldNames = object.fields.map(\.name)
      for child in node.children {
        let member = Member(value: child)
        var key = member.key
        var field = object.field(named: key)
        if field == nil, let meant = intendedName(key, among: fieldNames),
          !present.contains(meant), taken.insert(meant).inserted
        {
          path.append(.key(key))
          found.append(Respelling(pointer: JSONPointer(path), keyLocation: member.keyLocation, written: key, meant: meant))
          path.removeLast()
          key = meant
          field = object.field(named: meant)
          changes.append((child.id, names.intern(meant)))
        }
        guard let field else { continue }
        path.append(.key(key))
        respell(child, field.type, &path, &found, &changes, &names)
        path.removeLast()
      }
    case (.array, .array(_, let itemType)):
      for (index, item) in node.children.enumerated() {
        path.append(.index(index))
        respell(item, itemType, &path, &found, &changes, &names)
        path.removeLast()
      }
    default:
      return
    }
  }
}
