/// The Word form of a plan (DOCX) as data: the one mapping between the plan tree and a Word document,
/// which the writer (`DocxWriter`, `lagkoll init --format docx`, `lagkoll convert --to docx`) lays out
/// and the reader follows back. docs/word.md describes it for people.
///
/// A document is a sequence of parts (one heading each, styled ``Style/part``) in DOMAIN.md's order of
/// the law. A part holds blocks, each introduced by a caption paragraph (``Style/caption``) whose text
/// names it:
/// - ``FieldsTable``: a two-column table, one row per scalar field (label ↔ key);
/// - ``ListTable``: a list of objects as a table with a header row (column label ↔ item key), one row
///   per item (the åtgärder table: one row per mål, see ``ListTable/subList``);
/// - ``ItemList``: a list of objects too large for one row (a lägesbild, an agreement), each item a
///   sub-heading (``Style/item``) followed by its own blocks.
///
/// Paragraphs styled ``Style/guidance`` say what the law (with its paragraph) or the guidance asks;
/// the reader ignores them, as it ignores the title, paragraphs without a lagkoll style and comments.
/// Style ids are the markers because Word and LibreOffice both keep a paragraph style's id when they
/// save (bookmarks and content controls do not survive every round); they are spelled without spaces
/// or diacritics, so that a style's name and its id are the same word in both programs.
///
/// Reading rules, so that a rendered plan reads back to the identical tree:
/// - An object is present when one of its fields is. A scalar field is present when its cell holds
///   text; an empty cell is an absent field. A list shown as a table or item list is present when its
///   caption is (a table without data rows is an empty list).
/// - A list in one cell (``CellKind/list``, ``CellKind/objectList(field:)``) holds one item per
///   paragraph; an empty cell is an empty list when the field is required, else an absent one.
/// - Text keeps its line breaks (`<w:br/>` ↔ "\n"); a scalar cell of several paragraphs reads as
///   their texts joined by "\n". Cell text converts to the field's type by ``scalar(fromCell:type:)``.
/// - Members come out in the format's order (`PlanFormat.plan`), whatever order the blocks stand in.
/// - A node read from a Word document has as its byte offset the offset in `word/document.xml` of the
///   `<w:p` (a value) or `<w:tc`/`<w:tr`/`<w:tbl` (a row's object, a table's list) it was read from:
///   the reviewed copy anchors a finding's comment at the paragraph at or after that offset.
public enum DocxLayout {
  /// Paragraph style ids (also the styles' names).
  public enum Style {
    /// The document's title; not read.
    public static let title = "LagkollTitel"
    /// Lines under the title (kommun, decision); not read.
    public static let subtitle = "LagkollUndertitel"
    /// A part of the law (heading level 1).
    public static let part = "LagkollAvsnitt"
    /// One item of an ``ItemList`` (heading level 2).
    public static let item = "LagkollPost"
    /// Names the block that follows (its text is the block's caption).
    public static let caption = "LagkollTabellrubrik"
    /// What the law or the guidance asks; not read.
    public static let guidance = "LagkollVagledning"
    /// A label cell (fields tables) or a header cell (list tables).
    public static let label = "LagkollEtikett"
    /// A value cell.
    public static let value = "LagkollVarde"

    /// The styles that carry structure, in the order a reader meets them.
    public static let structural = [part, item, caption, label, value]
    /// The styles whose paragraphs the reader skips.
    public static let ignored = [title, subtitle, guidance]
  }

  /// The custom document property (docProps/custom.xml) naming the layout's version; the format's own
  /// version is the `formatversion` field, in the first part's fields table.
  public static let layoutProperty = "lagkoll-docx-layout"
  public static let layoutVersion = "1"

  /// How a cell's paragraphs map to a field.
  public enum CellKind: Sendable, Equatable {
    /// One scalar; its paragraphs joined by "\n".
    case scalar
    /// A list of scalars (text, enumeration words or ids), one per paragraph.
    case list
    /// A list of objects with one field (`undertecknare: [{roll}]`), one item per paragraph.
    case objectList(field: String)
  }

  /// One labelled cell: a row of a fields table or a column of a list table.
  public struct Cell: Sendable {
    public let label: LocalizedText
    /// The field, from the block's object (a list table: from the item), e.g. `["beslut", "datum"]`.
    public let path: [String]
    public let kind: CellKind
    /// The field's type (for a list cell: of its items; for an object list: of the one field).
    public let type: PlanFormat.FieldType
    /// Whether the field is required where it stands (an empty list cell reads as `[]` only then).
    public let required: Bool
    /// Relative width in a list table (ignored in fields tables).
    public let width: Int
  }

  /// Scalar fields as a two-column table: label | value.
  public struct FieldsTable: Sendable {
    public let caption: LocalizedText
    public let guidance: [LocalizedText]
    public let rows: [Cell]
  }

  /// A list of objects as a table: a header row of labels, then one row per item.
  public struct ListTable: Sendable {
    /// The list field, from the block's object.
    public let path: [String]
    public let caption: LocalizedText
    public let guidance: [LocalizedText]
    /// Columns; their paths start at the item.
    public let columns: [Cell]
    /// A list inside each item shown as rows of the same table (the åtgärder's `mal`): the columns whose
    /// path starts with it belong to the inner items. An item's first row holds its own cells and its
    /// first inner item; a following row whose own cells are all empty (or vertically merged into the row
    /// above) adds an inner item to it. An item with no inner items has empty inner cells.
    public let subList: String?
    /// Laid out on a landscape page (the åtgärder table's fifteen columns).
    public let landscape: Bool
  }

  /// A list of objects, each item under its own heading (``Style/item``) with its own blocks.
  public struct ItemList: Sendable {
    public let path: [String]
    public let caption: LocalizedText
    public let guidance: [LocalizedText]
    /// The item heading's first word(s); the writer adds the item's id. Not read.
    public let itemHeading: LocalizedText
    /// The blocks of each item; their paths start at the item.
    public let blocks: [Block]
  }

  public enum Block: Sendable {
    case fields(FieldsTable)
    case table(ListTable)
    case items(ItemList)

    public var caption: LocalizedText {
      switch self {
      case .fields(let table): table.caption
      case .table(let table): table.caption
      case .items(let list): list.caption
      }
    }
  }

  /// A part of the law: a heading, what the law asks, and the blocks (paths from the plan's root).
  public struct Part: Sendable {
    public let heading: LocalizedText
    public let guidance: [LocalizedText]
    public let blocks: [Block]
  }

  // MARK: - Reading helpers (one home for the text matching both sides use)

  /// A caption, label or heading as compared: trimmed, white space runs as one space, lower case. A
  /// label matches in either language, so a template written with `--lang en` reads too.
  public static func normalized(_ text: String) -> String {
    normalizedByBytes(text) ?? normalizedByCharacters(text)
  }

  /// `normalized` by Swift's characters: the definition.
  static func normalizedByCharacters(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
  }

  /// `normalized` by bytes, for text of ASCII and the letters of Latin-1 (å, ä, ö, é …), as every label
  /// of the template is (breaking into characters and lowercasing them was most of what reading a small
  /// plan cost: 7.5 M of 92 M instructions); nil for any other text, which the definition then reads.
  /// ASCII white space is Unicode's below 0x80; Latin-1's capitals (U+00C0–U+00DE but ×) lowercase by
  /// 0x20; U+00DF–U+00FF, the signs U+00A1–U+00BF and the punctuation U+2010–U+2027 stay (U+0085,
  /// U+00A0 and U+2028 are white space: left to the definition).
  static func normalizedByBytes(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count)
      let walked = walkNormalized(bytes) { byte in
        out.append(byte)
        return true
      }
      guard walked == true else { return nil }
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// Hands the bytes of `normalizedByBytes` to `emit` one at a time, as long as `emit` returns true.
  /// nil: the text holds a character this walk leaves to the definition; false: `emit` stopped it.
  private static func walkNormalized(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (UInt8) -> Bool) -> Bool? {
    var space = false
    var emitted = false
    var index = 0
    func put(_ byte: UInt8) -> Bool {
      emitted = true
      return emit(byte)
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || (0x09...0x0D).contains(byte) {
        space = emitted
        index += 1
        continue
      }
      if space {
        guard put(0x20) else { return false }
        space = false
      }
      if byte < 0x80 {
        guard put((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) else { return false }
        index += 1
      } else if byte == 0xC3, index + 1 < bytes.count, (0x80...0xBF).contains(bytes[index + 1]) {
        let second = bytes[index + 1]
        guard put(0xC3), put((0x80...0x9E).contains(second) && second != 0x97 ? second + 0x20 : second) else {
          return false
        }
        index += 2
      } else if byte == 0xC2, index + 1 < bytes.count, (0xA1...0xBF).contains(bytes[index + 1]) {
        // Latin-1's signs (§, °, «, µ …): neither white space nor capitals.
        guard put(0xC2), put(bytes[index + 1]) else { return false }
        index += 2
      } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
        (0x90...0xA7).contains(bytes[index + 2])
      {
        // Dashes, quotes, bullets and the ellipsis (U+2010–U+2027): "Samverkan (8–10 §§)".
        guard put(0xE2), put(0x80), put(bytes[index + 2]) else { return false }
        index += 3
      } else {
        return nil
      }
    }
    return true
  }

  /// `label` matches text already `normalized`, in either language. The label is normalized as it is
  /// compared, byte by byte, and the comparison ends at the first difference: the reader asks for every
  /// paragraph and cell, and normalizing each candidate whole was most of the cost of reading a typical
  /// plan (callgrind: 36 M of 165 M instructions for samples/komplett.docx); a table of the labels
  /// normalized once cost 1.4 M to build and 0.5 M to look up in.
  static func matches(normalized wanted: String, _ label: LocalizedText) -> Bool {
    matches(normalized: wanted, label.sv) || matches(normalized: wanted, label.en)
  }

  /// Equal bytes are equal text. Different bytes are different text only when both are composed (NFC):
  /// the walked label always is, and `wanted` is when it holds nothing from U+0300 on but the
  /// punctuation the walk knows. Otherwise (a heading typed as "La\u{308}gesbild", say) Swift's
  /// canonical comparison decides, as it did before the walk.
  private static func matches(normalized wanted: String, _ text: String) -> Bool {
    var wanted = wanted
    var text = text
    let walked = wanted.withUTF8 { wanted in
      text.withUTF8 { text -> Bool? in
        var matched = 0
        let walk = walkNormalized(text) { byte in
          guard matched < wanted.count, wanted[matched] == byte else { return false }
          matched += 1
          return true
        }
        guard let walk else { return nil }
        if walk && matched == wanted.count { return true }
        return isComposed(wanted) ? false : nil
      }
    }
    return walked ?? (wanted == normalized(text))
  }

  /// Whether `bytes` hold only characters below U+0300 (none of which decomposes or combines) and the
  /// punctuation U+2010–U+2027: such text is in NFC, so it equals another NFC text only byte for byte.
  private static func isComposed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    while index < bytes.count {
      if bytes[index] < 0xCC {
        index += 1
      } else if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
        (0x90...0xA7).contains(bytes[index + 2])
      {
        index += 3
      } else {
        return false
      }
    }
    return true
  }

  /// Every heading, caption and label of the layout (for the tests that hold them to the definitions).
  static var labels: [LocalizedText] {
    var texts: [LocalizedText] = []
    func visit(_ blocks: [Block]) {
      for block in blocks {
        texts.append(block.caption)
        switch block {
        case .fields(let table): texts += table.rows.map(\.label)
        case .table(let table): texts += table.columns.map(\.label)
        case .items(let list):
          texts.append(list.itemHeading)
          visit(list.blocks)
        }
      }
    }
    for part in parts {
      texts.append(part.heading)
      visit(part.blocks)
    }
    return texts
  }

  /// The part whose heading is `text`.
  public static func part(heading text: String) -> Part? {
    let wanted = normalized(text)
    return parts.first { matches(normalized: wanted, $0.heading) }
  }

  /// The block among `blocks` whose caption is `text`.
  public static func block(caption text: String, in blocks: [Block]) -> Block? {
    let wanted = normalized(text)
    return blocks.first { matches(normalized: wanted, $0.caption) }
  }

  /// The cell among `cells` labelled `text`.
  public static func cell(label text: String, in cells: [Cell]) -> Cell? {
    let wanted = normalized(text)
    return cells.first { matches(normalized: wanted, $0.label) }
  }

  // MARK: - Cell text

  /// How an enumeration's word is shown in a cell (the format's names have no å, ä, ö or spaces).
  public static let enumerationDisplay: [String: String] = [
    "kommunfullmaktige": "kommunfullmäktige", "namnd": "nämnd", "hela-kommunen": "hela kommunen",
    "delomrade": "delområde", "ovrig": "övrig", "samordna-och-stodja": "samordna och stödja",
    "information-till-invanare": "information till invånare", "trygghetsmatning": "trygghetsmätning",
    "skolundersokning": "skolundersökning", "socialtjanst": "socialtjänst", "raddningstjanst": "räddningstjänst",
    "fastighetsagare": "fastighetsägare",
  ]
  private static let enumerationByDisplay: [String: String] = Dictionary(
    uniqueKeysWithValues: enumerationDisplay.map { ($1, $0) })

  /// The words a boolean is shown as, and also read as (with `true`/`false`).
  public static let yes = "ja"
  public static let no = "nej"

  /// The text a scalar of the tree is shown as: booleans as ja/nej, enumeration words as words.
  public static func cellText(kind: Node.Kind, text: String, type: PlanFormat.FieldType) -> String {
    switch kind {
    case .boolean: return text == "true" ? yes : no
    case .string:
      if case .enumeration(let values) = type, values.contains(text), let shown = enumerationDisplay[text] {
        return shown
      }
      return text
    default: return text
    }
  }

  /// The scalar a cell's text reads as, by the field's type: an integer field's digits as a number,
  /// a boolean field's ja/nej/true/false as a boolean, an enumeration's shown word as the format's word;
  /// anything else as the text itself (so the rules report a wrong value as they do in XML).
  public static func scalar(fromCell text: String, type: PlanFormat.FieldType) -> (kind: Node.Kind, text: String) {
    switch type {
    case .integer:
      let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
      if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return (.number, text) }
    case .boolean:
      switch text.lowercased() {
      case yes, "true": return (.boolean, "true")
      case no, "false": return (.boolean, "false")
      default: break
      }
    case .enumeration(let values):
      if let word = enumerationByDisplay[text], values.contains(word) { return (.string, word) }
    default: break
    }
    return (.string, text)
  }

  // MARK: - The layout

  private static func t(_ sv: String, _ en: String) -> LocalizedText { LocalizedText(sv: sv, en: en) }

  /// A cell for the field `path` of the object at `base` (format path from the root, stepping into lists).
  private static func cell(
    _ sv: String, _ en: String, _ path: String, base: [String], width: Int = 2, objectListField: String? = nil
  ) -> Cell {
    // Split by byte: splitting by Character breaks the text into grapheme clusters (6 k instructions a path).
    let steps = path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    let full = base + steps
    guard let type = PlanFormat.fieldType(at: full) else {
      preconditionFailure("DocxLayout names \(full.joined(separator: "/")), which the format does not have")
    }
    let required = PlanFormat.isRequired(full)
    let kind: CellKind
    let itemType: PlanFormat.FieldType
    switch type {
    case .referenceList(let idKind):
      kind = .list
      itemType = .reference(idKind)
    case .array(_, let of):
      if let field = objectListField, case .object(let object) = of, let inner = object.field(named: field) {
        kind = .objectList(field: field)
        itemType = inner.type
      } else {
        kind = .list
        itemType = of
      }
    default:
      kind = .scalar
      itemType = type
    }
    return Cell(label: t(sv, en), path: steps, kind: kind, type: itemType, required: required, width: width)
  }

  private static func beslut(_ prefix: String, base: [String]) -> [Cell] {
    [
      cell("Beslutande organ", "Deciding body", "\(prefix)/organ", base: base),
      cell("Beslutsdatum", "Date of decision", "\(prefix)/datum", base: base),
      cell("Diarienummer", "Registration number", "\(prefix)/diarienummer", base: base),
      cell("Paragraf i protokollet", "Paragraph of the minutes", "\(prefix)/paragraf", base: base),
    ]
  }

  /// Guidance that is law, with its paragraph; and guidance that is guidance, with its source.
  private static func lag(_ paragraf: String, _ sv: String, _ en: String) -> LocalizedText {
    t("Lagen (\(paragraf)): \(sv)", "The law (\(paragraf)): \(en)")
  }
  private static func vag(_ source: String, _ sv: String, _ en: String) -> LocalizedText {
    t("Vägledning (\(source), inte lagkrav): \(sv)", "Guidance (\(source), not a legal requirement): \(en)")
  }
  private static let howToFill = t(
    "Fyll i en rad per post. Lägg till rader med Tabb i sista cellen. Id:n får ändras men ska vara unika; "
      + "hänvisningar till andra poster skrivs som deras id, ett per stycke i cellen.",
    "One row per item. Add rows with Tab in the last cell. Ids may be changed but must be unique; references "
      + "to other items are their ids, one paragraph each in the cell.")

  static let lagesbild = ["lagesbilder"]

  /// The parts, in DOMAIN.md's order of the law.
  public static let parts: [Part] = [
    Part(
      heading: t("Kommun och dokument", "Municipality and document"),
      guidance: [
        t(
          "Plan för kommunens brottsförebyggande arbete enligt lagen (2023:196) om kommuners ansvar för "
            + "brottsförebyggande arbete. Text i den här stilen är vägledning och läses inte av lagkoll. "
            + "Kontrollera dokumentet med: lagkoll check plan.docx",
          "Plan for the municipality's crime prevention under the Act (2023:196) on municipalities' "
            + "responsibility for crime prevention. Text in this style is guidance and is not read by lagkoll. "
            + "Check the document with: lagkoll check plan.docx")
      ],
      blocks: [
        .fields(
          FieldsTable(
            caption: t("Dokumentet", "The document"), guidance: [],
            rows: [
              cell("Kommunens namn", "Municipality", "kommun/namn", base: []),
              cell("Kommunkod (SCB)", "Municipality code (SCB)", "kommun/kod", base: []),
              cell("Län", "County", "kommun/lan", base: []),
              cell("Upprättad", "Last updated", "upprattad", base: []),
              cell("Formatversion", "Format version", "formatversion", base: []),
            ]))
      ]),
    Part(
      heading: t("Lägesbild (4 §)", "Situation report (4 §)"),
      guidance: [
        lag(
          "4 §",
          "kommunen ska ta fram en lägesbild över brottsligheten inom kommunens geografiska område. Den ska "
            + "innehålla 1. en kartläggning av brottsligheten, dess omfattning och konsekvenser, 2. annan "
            + "information av betydelse i sammanhanget, och 3. en analys av kartläggningen och informationen.",
          "the municipality must produce a situation report on crime in its geographic area, containing 1. a "
            + "mapping of crime, its extent and consequences, 2. other relevant information, and 3. an analysis "
            + "of the mapping and the information."),
        lag(
          "6 §", "lägesbilden ska uppdateras minst vartannat år.",
          "the situation report must be updated at least every other year."),
        vag(
          "Brå", "ange källor av minst två slag och stäm av lägesbilden med Polismyndigheten.",
          "name sources of at least two kinds and reconcile the report with the Police."),
      ],
      blocks: [
        .items(
          ItemList(
            path: ["lagesbilder"], caption: t("Lägesbilder", "Situation reports"),
            guidance: [
              t(
                "En lägesbild per rubrik nedan. Kopiera en lägesbild med dess tabeller för att lägga till en.",
                "One situation report per heading below. Copy one with its tables to add another.")
            ],
            itemHeading: t("Lägesbild", "Situation report"),
            blocks: [
              .fields(
                FieldsTable(
                  caption: t("Uppgifter om lägesbilden", "About the situation report"), guidance: [],
                  rows: [
                    cell("Id", "Id", "id", base: lagesbild),
                    cell("Klar (datum)", "Finished (date)", "datum", base: lagesbild),
                    cell("Perioden från", "Period from", "period/fran", base: lagesbild),
                    cell("Perioden till", "Period to", "period/till", base: lagesbild),
                    cell("Geografisk täckning", "Geographic coverage", "geografiskTackning", base: lagesbild),
                    cell("Delområde", "Sub-area", "delomrade", base: lagesbild),
                  ] + beslut("beslut", base: lagesbild))),
              .table(
                ListTable(
                  path: ["kartlaggning", "problem"], caption: t("Kartläggning (4 § 1 p.)", "Mapping (4 § 1 p.)"),
                  guidance: [
                    lag(
                      "4 § 1 p.", "en kartläggning av brottsligheten, dess omfattning och konsekvenser.",
                      "a mapping of crime, its extent and consequences."),
                    howToFill,
                  ],
                  columns: [
                    cell("Id", "Id", "kartlaggning/problem/id", base: lagesbild, width: 1),
                    cell("Problem", "Problem", "kartlaggning/problem/rubrik", base: lagesbild),
                    cell("Beskrivning", "Description", "kartlaggning/problem/beskrivning", base: lagesbild, width: 3),
                    cell("Omfattning", "Extent", "kartlaggning/problem/omfattning", base: lagesbild, width: 3),
                    cell(
                      "Konsekvenser", "Consequences", "kartlaggning/problem/konsekvenser", base: lagesbild, width: 3),
                    cell("Källor (id)", "Sources (ids)", "kartlaggning/problem/kallor", base: lagesbild, width: 1),
                  ].map { $0.relative(to: ["kartlaggning", "problem"]) },
                  subList: nil, landscape: false)),
              .fields(
                FieldsTable(
                  caption: t("Annan information (4 § 2 p.)", "Other information (4 § 2 p.)"),
                  guidance: [
                    lag(
                      "4 § 2 p.", "annan information av betydelse i sammanhanget.",
                      "other information of relevance.")
                  ],
                  rows: [cell("Annan information", "Other information", "annanInformation", base: lagesbild)])),
              .fields(
                FieldsTable(
                  caption: t("Analys (4 § 3 p.)", "Analysis (4 § 3 p.)"),
                  guidance: [
                    lag(
                      "4 § 3 p.", "en analys av kartläggningen och informationen.",
                      "an analysis of the mapping and the information.")
                  ],
                  rows: [cell("Analys", "Analysis", "analys/text", base: lagesbild)])),
              .table(
                ListTable(
                  path: ["analys", "orsaker"], caption: t("Orsaker", "Causes"),
                  guidance: [howToFill],
                  columns: [
                    cell("Id", "Id", "analys/orsaker/id", base: lagesbild, width: 1),
                    cell("Orsak", "Cause", "analys/orsaker/beskrivning", base: lagesbild, width: 5),
                    cell("Problem (id)", "Problems (ids)", "analys/orsaker/problem", base: lagesbild, width: 1),
                  ].map { $0.relative(to: ["analys", "orsaker"]) },
                  subList: nil, landscape: false)),
              .table(
                ListTable(
                  path: ["kallor"], caption: t("Källor", "Sources"),
                  guidance: [
                    vag(
                      "Brå",
                      "källor av minst två slag, t.ex. polisstatistik, trygghetsmätning och skolundersökning. "
                        + "Typ: polisstatistik, ntu, trygghetsmätning, skolundersökning, socialtjänst, "
                        + "räddningstjänst, fastighetsägare, dialog eller annan.",
                      "sources of at least two kinds, e.g. police statistics, a safety survey and a school survey.")
                  ],
                  columns: [
                    cell("Id", "Id", "kallor/id", base: lagesbild, width: 1),
                    cell("Källa", "Source", "kallor/namn", base: lagesbild, width: 4),
                    cell("Typ", "Kind", "kallor/typ", base: lagesbild),
                    cell("År", "Year", "kallor/ar", base: lagesbild, width: 1),
                    cell("Webbadress", "Web address", "kallor/url", base: lagesbild, width: 3),
                  ].map { $0.relative(to: ["kallor"]) },
                  subList: nil, landscape: false)),
              .table(
                ListTable(
                  path: ["samrad"], caption: t("Samråd", "Consultation"),
                  guidance: [
                    vag(
                      "Brå och Polisen", "ta fram eller stäm av lägesbilden med Polismyndigheten.",
                      "produce or reconcile the report with the Police.")
                  ],
                  columns: [
                    cell("Med vem", "With whom", "samrad/aktor", base: lagesbild, width: 3),
                    cell("Datum", "Date", "samrad/datum", base: lagesbild),
                    cell("Form", "Form", "samrad/form", base: lagesbild, width: 3),
                  ].map { $0.relative(to: ["samrad"]) },
                  subList: nil, landscape: false)),
            ]))
      ]),
    Part(
      heading: t("Ställningstagande till behov (3 och 5 §§)", "Position on needs (3 and 5 §§)"),
      guidance: [
        lag(
          "3 och 5 §§",
          "kommunen ska utifrån ett kunskapsbaserat underlag, med lägesbilden som underlag, ta ställning till "
            + "behovet av brottsförebyggande åtgärder.",
          "from a knowledge base, with the situation report as its basis, the municipality takes a position on "
            + "the need for crime-prevention measures."),
        vag(
          "Brå", "varje behov ska gå att följa till ett problem eller en orsak i lägesbilden.",
          "each need should trace to a problem or cause in the situation report."),
      ],
      blocks: [
        .fields(
          FieldsTable(
            caption: t("Behovsanalysen", "The needs analysis"), guidance: [],
            rows: [
              cell("Datum", "Date", "behovsanalys/datum", base: []),
              cell("Lägesbild (id)", "Situation report (id)", "behovsanalys/lagesbild", base: []),
            ])),
        .table(
          ListTable(
            path: ["behovsanalys", "behov"], caption: t("Behov", "Needs"), guidance: [howToFill],
            columns: [
              cell("Id", "Id", "id", base: ["behovsanalys", "behov"], width: 1),
              cell("Behov", "Need", "beskrivning", base: ["behovsanalys", "behov"], width: 5),
              cell(
                "Prioritet (1 högst)", "Priority (1 highest)", "prioritet", base: ["behovsanalys", "behov"], width: 1),
              cell("Problem (id)", "Problems (ids)", "problem", base: ["behovsanalys", "behov"], width: 1),
              cell("Orsaker (id)", "Causes (ids)", "orsaker", base: ["behovsanalys", "behov"], width: 1),
            ],
            subList: nil, landscape: false)),
      ]),
    Part(
      heading: t("Åtgärdsplan (5 §)", "Action plan (5 §)"),
      guidance: [
        lag(
          "5 §",
          "kommunen ska, med lägesbilden som underlag, besluta om en plan för vilka åtgärder som kommunen avser "
            + "att vidta för att förebygga brott (åtgärdsplan).",
          "with the situation report as its basis, the municipality must decide a plan of the measures it "
            + "intends to take to prevent crime (action plan)."),
        vag(
          "Brå",
          "varje åtgärd kopplad till ett behov, med ansvarig, tidsram och mätbart mål; planen säger hur "
            + "och när den följs upp.",
          "each action linked to a need, with who is responsible, a time frame and a measurable goal; the plan "
            + "says how and when it is followed up."),
      ],
      blocks: [
        .fields(
          FieldsTable(
            caption: t("Beslut om åtgärdsplanen", "Decision on the action plan"), guidance: [],
            rows: [cell("Id", "Id", "atgardsplan/id", base: [])]
              + beslut("atgardsplan/beslut", base: [])
              + [
                cell("Gäller från", "In force from", "atgardsplan/giltighet/fran", base: []),
                cell("Gäller till", "In force to", "atgardsplan/giltighet/till", base: []),
                cell("Bygger på lägesbild (id)", "Based on situation report (id)", "atgardsplan/lagesbild", base: []),
              ])),
        .table(
          ListTable(
            path: ["atgardsplan", "atgarder"], caption: t("Åtgärder", "Actions"),
            guidance: [
              t(
                "Brås tabell: orsak → åtgärd → operativa mål → när → vem → uppföljning. En rad per mål; för fler "
                  + "mål till samma åtgärd, lägg till en rad och lämna åtgärdens kolumner tomma. Typ: situationell, "
                  + "social eller övrig.",
                "Brå's table: cause → action → operational goals → when → who → follow-up. One row per goal; for "
                  + "more goals of one action, add a row and leave the action's columns empty.")
            ],
            columns: [
              cell("Behov (id)", "Needs (ids)", "behov", base: ["atgardsplan", "atgarder"], width: 3),
              cell("Id", "Id", "id", base: ["atgardsplan", "atgarder"], width: 2),
              cell("Åtgärd", "Action", "rubrik", base: ["atgardsplan", "atgarder"], width: 4),
              cell("Beskrivning", "Description", "beskrivning", base: ["atgardsplan", "atgarder"], width: 5),
              cell("Typ", "Kind", "typ", base: ["atgardsplan", "atgarder"], width: 3),
              cell(
                "Operativt mål", "Operational goal", "mal/beskrivning", base: ["atgardsplan", "atgarder"], width: 4),
              cell("Start", "Start", "start", base: ["atgardsplan", "atgarder"], width: 3),
              cell("Slut", "End", "slut", base: ["atgardsplan", "atgarder"], width: 3),
              cell("Ansvarig", "Responsible", "ansvarig", base: ["atgardsplan", "atgarder"], width: 4),
              cell("Samverkanspartner", "Partners", "partners", base: ["atgardsplan", "atgarder"], width: 4),
              cell("Resurser", "Resources", "resurser", base: ["atgardsplan", "atgarder"], width: 3),
              cell("Indikator", "Indicator", "mal/indikator", base: ["atgardsplan", "atgarder"], width: 4),
              cell("Baslinje", "Baseline", "mal/baslinje", base: ["atgardsplan", "atgarder"], width: 3),
              cell("Målvärde", "Target", "mal/malvarde", base: ["atgardsplan", "atgarder"], width: 3),
              cell("Måldatum", "Target date", "mal/datum", base: ["atgardsplan", "atgarder"], width: 3),
            ],
            subList: "mal", landscape: true)),
        .fields(
          FieldsTable(
            caption: t("Uppföljningsplan", "Follow-up plan"),
            guidance: [vag("Brå", "hur och när planen följs upp.", "how and when the plan is followed up.")],
            rows: [
              cell(
                "Intervall i månader", "Interval in months", "atgardsplan/uppfoljningsplan/intervallManader", base: []),
              cell("Ansvarig", "Responsible", "atgardsplan/uppfoljningsplan/ansvarig", base: []),
              cell("Metod", "Method", "atgardsplan/uppfoljningsplan/metod", base: []),
            ])),
      ]),
    Part(
      heading: t("Uppföljning (6 §)", "Follow-up (6 §)"),
      guidance: [
        lag(
          "6 §", "kommunen ska minst vartannat år följa upp åtgärdsplanen.",
          "the municipality must follow up the action plan at least every other year."),
        vag(
          "praxis enligt 13 §", "varje uppföljning rapporteras till fullmäktige.",
          "each follow-up is reported to the council."),
      ],
      blocks: [
        .table(
          ListTable(
            path: ["uppfoljningar"], caption: t("Uppföljningar", "Follow-ups"),
            guidance: [
              t(
                "Typ: produktion, process eller effekt. Rapporterad till: kommunfullmäktige, kommunstyrelsen "
                  + "eller nämnd.",
                "Kind: produktion, process or effekt. Reported to: kommunfullmäktige, kommunstyrelsen or nämnd.")
            ],
            columns: [
              cell("Id", "Id", "id", base: ["uppfoljningar"], width: 1),
              cell("Datum", "Date", "datum", base: ["uppfoljningar"]),
              cell("Typ", "Kind", "typ", base: ["uppfoljningar"]),
              cell("Åtgärder (id)", "Actions (ids)", "atgarder", base: ["uppfoljningar"], width: 1),
              cell("Resultat", "Result", "resultat", base: ["uppfoljningar"], width: 5),
              cell("Rapporterad till", "Reported to", "rapporteradTill", base: ["uppfoljningar"]),
              cell("Diarienummer", "Registration number", "diarienummer", base: ["uppfoljningar"]),
            ],
            subList: nil, landscape: false))
      ]),
    Part(
      heading: t("Integrering med annan planering (7 §)", "Integration with other planning (7 §)"),
      guidance: [
        lag(
          "7 §",
          "arbetet med lägesbilden och åtgärdsplanen ska i den utsträckning som det är lämpligt integreras med "
            + "sådant analys- och planeringsarbete som sker i enlighet med andra författningar.",
          "the work on the situation report and the action plan is to be integrated, as far as suitable, with "
            + "analysis and planning under other statutes.")
      ],
      blocks: [
        .table(
          ListTable(
            path: ["integrering"], caption: t("Integrering", "Integration"),
            guidance: [
              t("T.ex. risk- och sårbarhetsanalysen.", "E.g. the risk and vulnerability analysis.")
            ],
            columns: [
              cell("Planering", "Planning", "planering", base: ["integrering"], width: 2),
              cell(
                "Hur arbetet integreras", "How the work is integrated", "beskrivning", base: ["integrering"], width: 4),
            ],
            subList: nil, landscape: false))
      ]),
    Part(
      heading: t("Samverkan (8–10 §§)", "Cooperation (8–10 §§)"),
      guidance: [
        lag(
          "9 §",
          "kommunen ska verka för att skriftliga överenskommelser om samverkan ingås med relevanta aktörer. "
            + "En sådan överenskommelse ska innehålla åtminstone uppgifter om för vilka syften och inom vilka "
            + "områden som samverkan ska ske.",
          "the municipality must work for written cooperation agreements with relevant actors, stating at "
            + "least the purposes and areas of the cooperation."),
        lag(
          "10 §",
          "kommunen ska verka för att strategiska brottsförebyggande frågor hanteras i ett strategiskt råd där "
            + "kommunen och relevanta aktörer ingår. Rådet ska ledas av kommunen. Kommunen ska verka för att "
            + "övriga aktörer deltar med representanter som har ledande befattningar.",
          "the municipality must work for a strategic council in which it and relevant actors take part; the "
            + "municipality leads it and works for the other actors to take part through people in leading positions."),
        vag(
          "Regeringen och Brå", "civilsamhället kan delta i rådet; medborgarlöften med Polisen.",
          "civil society can take part in the council; citizen promises with the Police."),
      ],
      blocks: [
        .items(
          ItemList(
            path: ["samverkan", "overenskommelser"], caption: t("Överenskommelser", "Agreements"),
            guidance: [
              t(
                "En överenskommelse per rubrik nedan. Polisen part: ja eller nej. Parter, undertecknare och "
                  + "fokusområden: ett per stycke i cellen.",
                "One agreement per heading below. Parties, signatories and focus areas: one per paragraph.")
            ],
            itemHeading: t("Överenskommelse", "Agreement"),
            blocks: [
              .fields(
                FieldsTable(
                  caption: t("Uppgifter om överenskommelsen", "About the agreement"), guidance: [],
                  rows: [
                    cell("Id", "Id", "id", base: ["samverkan", "overenskommelser"]),
                    cell("Titel", "Title", "titel", base: ["samverkan", "overenskommelser"]),
                    cell("Parter", "Parties", "parter", base: ["samverkan", "overenskommelser"]),
                    cell("Polisen är part", "The Police is a party", "polis", base: ["samverkan", "overenskommelser"]),
                    cell("Undertecknad", "Signed", "undertecknad", base: ["samverkan", "overenskommelser"]),
                    cell("Gäller från", "In force from", "giltighet/fran", base: ["samverkan", "overenskommelser"]),
                    cell("Gäller till", "In force to", "giltighet/till", base: ["samverkan", "overenskommelser"]),
                    cell(
                      "Undertecknare (roll)", "Signatories (role)", "undertecknare",
                      base: ["samverkan", "overenskommelser"], objectListField: "roll"),
                    cell(
                      "Fokusområden (9 §)", "Focus areas (9 §)", "fokusomraden",
                      base: ["samverkan", "overenskommelser"]),
                    cell(
                      "Syften och mål (9 §)", "Purposes and goals (9 §)", "mal",
                      base: ["samverkan", "overenskommelser"]),
                    cell("Uppföljning", "Follow-up", "uppfoljning", base: ["samverkan", "overenskommelser"]),
                  ])),
              .table(
                ListTable(
                  path: ["medborgarloften"], caption: t("Medborgarlöften", "Citizen promises"),
                  guidance: [vag("Polisen", "aktuella medborgarlöften.", "current citizen promises.")],
                  columns: [
                    cell("Id", "Id", "medborgarloften/id", base: ["samverkan", "overenskommelser"], width: 1),
                    cell(
                      "Löfte", "Promise", "medborgarloften/text", base: ["samverkan", "overenskommelser"], width: 5),
                    cell(
                      "Gäller från", "In force from", "medborgarloften/giltighet/fran",
                      base: ["samverkan", "overenskommelser"]),
                    cell(
                      "Gäller till", "In force to", "medborgarloften/giltighet/till",
                      base: ["samverkan", "overenskommelser"]),
                  ].map { $0.relative(to: ["medborgarloften"]) },
                  subList: nil, landscape: false)),
            ])),
        .table(
          ListTable(
            path: ["samverkan", "forum"], caption: t("Forum och råd", "Forums and councils"),
            guidance: [
              t(
                "Typ: strategiskt eller operativt. Leds av: kommunen eller annan. Ledande befattningar och "
                  + "civilsamhälle: ja eller nej. Deltagare: en per stycke i cellen.",
                "Kind: strategiskt or operativt. Led by: kommunen or annan. Yes/no: ja or nej.")
            ],
            columns: [
              cell("Namn", "Name", "namn", base: ["samverkan", "forum"], width: 3),
              cell("Typ", "Kind", "typ", base: ["samverkan", "forum"]),
              cell("Leds av", "Led by", "ledsAv", base: ["samverkan", "forum"]),
              cell(
                "Ledande befattningar (10 §)", "Leading positions (10 §)", "ledandeBefattningar",
                base: ["samverkan", "forum"]),
              cell("Civilsamhälle", "Civil society", "civilsamhalle", base: ["samverkan", "forum"]),
              cell("Deltagare", "Participants", "deltagare", base: ["samverkan", "forum"], width: 4),
              cell("Möten per år", "Meetings a year", "motenPerAr", base: ["samverkan", "forum"], width: 1),
            ],
            subList: nil, landscape: false)),
      ]),
    Part(
      heading: t("Samordningsfunktion (11–12 §§)", "Coordination function (11–12 §§)"),
      guidance: [
        lag(
          "11 §", "kommunen ska ha en samordningsfunktion för brottsförebyggande frågor.",
          "the municipality must have a coordination function for crime prevention."),
        lag(
          "12 §",
          "samordningsfunktionen ska särskilt 1. samordna och stödja genomförandet av kommunens arbete enligt "
            + "lagen, 2. utgöra kommunens kontaktpunkt i förhållande till externa aktörer, och 3. bidra till att "
            + "information om det brottsförebyggande arbetet sprids till kommunens invånare.",
          "the function must 1. coordinate and support the work under the Act, 2. be the contact point for "
            + "external actors, and 3. help spread information about the work to residents."),
      ],
      blocks: [
        .fields(
          FieldsTable(
            caption: t("Samordningsfunktionen", "The coordination function"),
            guidance: [
              t(
                "Uppgifter, en per stycke: samordna och stödja, kontaktpunkt, information till invånare.",
                "Tasks, one per paragraph: samordna och stödja, kontaktpunkt, information till invånare.")
            ],
            rows: beslut("samordningsfunktion/beslut", base: []) + [
              cell("Placering", "Placement", "samordningsfunktion/placering", base: []),
              cell(
                "Funktionsadress (e-post)", "Shared e-mail address", "samordningsfunktion/kontakt/funktionsadress",
                base: []),
              cell("Telefon", "Telephone", "samordningsfunktion/kontakt/telefon", base: []),
              cell("Uppgifter (12 §)", "Tasks (12 §)", "samordningsfunktion/uppgifter", base: []),
              cell("Resurser", "Resources", "samordningsfunktion/resurser", base: []),
            ]))
      ]),
    Part(
      heading: t("Ledning och rapportering (13 §)", "Leadership and reporting (13 §)"),
      guidance: [
        lag(
          "13 §",
          "kommunstyrelsen, eller den nämnd som kommunfullmäktige beslutar, ansvarar för ledningen av kommunens "
            + "brottsförebyggande arbete och för att kontinuerligt rapportera om arbetet till kommunfullmäktige.",
          "the executive board, or the board the council names, leads the work and reports on it to the council "
            + "continuously.")
      ],
      blocks: [
        .fields(
          FieldsTable(
            caption: t("Ledningen", "Leadership"),
            guidance: [
              t(
                "Organ: kommunstyrelsen eller nämnd. Nämnd och fullmäktiges beslut fylls bara i när en nämnd leder "
                  + "arbetet.",
                "Body: kommunstyrelsen or nämnd. The board and the council's decision only when a board leads.")
            ],
            rows: [
              cell("Leds av (organ)", "Led by (body)", "ledning/organ", base: []),
              cell("Nämnd", "Board", "ledning/namnd", base: []),
            ] + beslut("ledning/beslut", base: []))),
        .table(
          ListTable(
            path: ["ledning", "rapporter"], caption: t("Rapporter till fullmäktige", "Reports to the council"),
            guidance: [
              t("Till: kommunfullmäktige eller kommunstyrelsen.", "To: kommunfullmäktige or kommunstyrelsen.")
            ],
            columns: [
              cell("Datum", "Date", "datum", base: ["ledning", "rapporter"]),
              cell("Till", "To", "till", base: ["ledning", "rapporter"]),
              cell("Diarienummer", "Registration number", "diarienummer", base: ["ledning", "rapporter"]),
              cell(
                "Vad som rapporterades", "What was reported", "beskrivning", base: ["ledning", "rapporter"], width: 5),
            ],
            subList: nil, landscape: false)),
      ]),
  ]
}

extension DocxLayout.Cell {
  /// The same cell with its path from `list`'s item rather than from the object holding `list`.
  fileprivate func relative(to list: [String]) -> DocxLayout.Cell {
    precondition(Array(path.prefix(list.count)) == list, "\(path) is not inside \(list)")
    return DocxLayout.Cell(
      label: label, path: Array(path.dropFirst(list.count)), kind: kind, type: type, required: required, width: width)
  }
}

extension PlanFormat {
  /// Whether the field `path` names from the root (stepping into lists' items) is required where it stands.
  public static func isRequired(_ path: [String]) -> Bool {
    var object = plan
    var required = true
    for (index, name) in path.enumerated() {
      guard let field = object.field(named: name) else { return false }
      required = field.required
      if index == path.count - 1 { break }
      var type = field.type
      if case .array(_, let item) = type { type = item }
      guard case .object(let inner) = type else { return false }
      object = inner
    }
    return required
  }
}

extension DocxLayout {
  /// The mapping as Markdown (docs/word.md holds it between markers; a test keeps the two equal).
  public static func markdown() -> String {
    var out = ""
    func kind(_ cell: Cell) -> String {
      switch cell.kind {
      case .scalar: ""
      case .list: " (en per stycke)"
      case .objectList(let field): " (en per stycke, som `\(field)`)"
      }
    }
    func describe(_ blocks: [Block], base: String) {
      for block in blocks {
        switch block {
        case .fields(let table):
          out += "\n**\(table.caption.sv)** (fälttabell: etikett | värde)\n\n| etikett | fält |\n|---|---|\n"
          for row in table.rows {
            out += "| \(row.label.sv) | `\(base)\(row.path.joined(separator: "/"))`\(kind(row)) |\n"
          }
        case .table(let table):
          let list = base + table.path.joined(separator: "/")
          var note = "listtabell, en rad per post i `\(list)`"
          if let sub = table.subList { note += "; en rad per `\(sub)`, åtgärdens celler sammanfogade lodrätt" }
          if table.landscape { note += "; liggande sida" }
          out += "\n**\(table.caption.sv)** (\(note))\n\n| kolumn | fält |\n|---|---|\n"
          for column in table.columns {
            out += "| \(column.label.sv) | `\(list)/*/\(column.path.joined(separator: "/"))`\(kind(column)) |\n"
          }
        case .items(let list):
          let path = base + list.path.joined(separator: "/")
          out += "\n**\(list.caption.sv)** (en rubrik \"\(list.itemHeading.sv) …\" per post i `\(path)`)\n"
          describe(list.blocks, base: path + "/*/")
        }
      }
    }
    for part in parts {
      out += "\n### \(part.heading.sv)\n"
      describe(part.blocks, base: "/")
    }
    return out
  }
}
