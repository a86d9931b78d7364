/// Reads the Word form of a plan (.docx) into the common tree, following `DocxLayout` (the one mapping
/// between the tree and the document, which the writer lays out).
///
/// The container is opened by `ZipArchive` (every bound checked before the archive is trusted), and only
/// `word/document.xml` is parsed (`WordBodyReader`, with the plan XML reader's libxml2 protections); no
/// relationship is followed, internal or external, so linked files, templates and sub-documents are
/// never fetched. Macro-enabled documents are refused (see `refuseMacros`); OLE containers (a password-
/// protected document, a Word 97–2003 .doc) are recognised and refused with what to do.
///
/// The tree's nodes carry as their byte offset the offset in `word/document.xml` of the paragraph, cell,
/// row or table they were read from (the reviewed copy anchors a comment there), and `WordPlaces` turns
/// such an offset into a Word location.
public enum DocxReader {
  /// The main document part: Word and LibreOffice both write it here.
  static let mainPart = "word/document.xml"

  static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

  /// Whether `bytes` are an OLE compound file (Word 97–2003, or an encrypted Office document).
  public static func isOLE(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 8 && Array(bytes[0..<8]) == oleMagic
  }

  /// Whether `bytes` are a ZIP archive or an OLE container: what this reader takes.
  public static func recognises(_ bytes: [UInt8]) -> Bool {
    ZipArchive.looksLikeZip(bytes) || isOLE(bytes)
  }

  /// The bounds of the archive, from the plan limits: the inflated main part may be several times the
  /// file (Word's XML is verbose and compresses well), never past what the tree's 32-bit offsets address.
  static func zipLimits(_ limits: ReadLimits) -> ZipLimits {
    let entry = min(max(limits.maxFileSize, 1 << 20).multipliedReportingOverflow(by: 8).partialValue, Int(Int32.max))
    return ZipLimits(
      maxEntries: 1_000, maxEntrySize: entry, maxTotalSize: entry * 2, maxRatio: 200, ratioFloor: 1 << 20)
  }

  public static func parse(_ bytes: [UInt8], limits: ReadLimits) throws(ReadError) -> ParseResult {
    if isOLE(bytes) { throw oleError(bytes) }
    guard ZipArchive.looksLikeZip(bytes) else {
      throw ReadError(
        .malformed, sv: "inte ett Word-dokument (.docx): filen är inget ZIP-arkiv",
        en: "not a Word document (.docx): the file is not a ZIP archive", at: .start)
    }
    let archive = try ZipArchive(bytes, limits: zipLimits(limits))
    try refuseMacros(archive)
    try checkLayoutVersion(archive)
    guard let main = archive.entry(named: mainPart) else {
      throw ReadError(
        .malformed, sv: "inte ett Word-dokument (.docx): delen \(mainPart) saknas",
        en: "not a Word document (.docx): the part \(mainPart) is missing", at: nil)
    }
    // The part is inflated as libxml2 asks for it (and a little ahead, `ReadAhead`) and never held
    // whole: a plan's body inflates to many times the file. A fault of the archive (a wrong checksum, a
    // part longer than it declares) is the error, not what libxml2 made of the input stopping; when the
    // parse stops early, the rest of the part is read, within the same bounds, so that which error is
    // reported never depends on how far the part had been read ahead.
    let stream = try EntryStream(archive, main)
    do throws(ReadError) {
      let result = try parseMainPart(
        size: main.uncompressedSize, ChunkSource { buffer, length in stream.read(into: buffer, length: length) })
      if let error = stream.error { throw error }
      return result
    } catch {
      if stream.error == nil { stream.readToEnd(chunkSize: 16 << 10) }
      throw stream.error ?? error
    }
  }

  /// Reads a Word document's main part (`word/document.xml`, already out of its archive): for a rule's
  /// examples, which are text.
  public static func parse(mainPart xml: [UInt8]) throws(ReadError) -> ParseResult {
    try xml.withUnsafeBufferPointer { bytes throws(ReadError) in
      try parseMainPart(size: xml.count, ChunkSource(bytes: bytes))
    }
  }

  /// Reads the main part as `part` hands it over a chunk at a time, recording its line ends and
  /// characters on the way for the tree's positions: the part itself is not kept. `size`: the part's
  /// size as declared (the positions' room is made for it at once).
  static func parseMainPart(size: Int, _ part: ChunkSource) throws(ReadError) -> ParseResult {
    var positions = StreamedPositions(expectedCount: size)
    // Inflated and its positions recorded on this thread, ahead of the parse, when there is time.
    let ahead = ReadAhead(
      ChunkSource { buffer, length in
        let got = part.read(buffer, length)
        if got > 0 { positions.append(UnsafeBufferPointer(start: buffer, count: got)) }
        return got
      })
    let source = ahead.reader
    let builder = DocxPlanBuilder()
    // libxml2 parses on a second thread while the plan is built here from the blocks it has read.
    let body = try BlockPipeline.run(into: builder, meanwhile: DocxPlanBuilder.prepare, help: ahead.fill) {
      receiver throws(ReadError) in
      try WordBodyReader.read(source, part: mainPart, into: receiver)
    }
    positions.finish()
    return try builder.finish(positions: positions, hasTrackedChanges: body.hasTrackedChanges)
  }

  /// A macro-enabled document (.docm, or a .docx carrying a VBA project) is refused, not read: lagkoll
  /// never runs anything in a document either way, but a plan is passed on (submitted, stored, served to
  /// the county's reviewers), and taking it would make lagkoll a carrier of macros for people who open
  /// it in Word. The template has none; saving as .docx removes them.
  static func refuseMacros(_ archive: ZipArchive) throws(ReadError) {
    let hasProject = archive.entries.contains { $0.name.lowercased().hasSuffix("vbaproject.bin") }
    var macroType = false
    if let types = archive.entry(named: "[Content_Types].xml"), types.uncompressedSize <= 1 << 20 {
      let text = try archive.contents(of: types)
      macroType = text.withUnsafeBufferPointer { contains($0, "macroEnabled".utf8) }
    }
    if hasProject || macroType {
      throw ReadError(
        .malformed,
        sv: "dokumentet innehåller makron (.docm); lagkoll läser inte dokument med makron: spara det som "
          + "Word-dokument (.docx) utan makron",
        en: "the document contains macros (.docm); lagkoll does not read documents with macros: save it as a "
          + "Word document (.docx) without macros", at: nil)
    }
  }

  /// A document laid out by a later lagkoll (`DocxLayout.layoutProperty` in docProps/custom.xml with a
  /// higher major version) is refused with its version, as a plan of a newer format is: this reader
  /// would misread its tables. The property's text is found by bytes (no second XML parse): the name,
  /// then the value of the `vt:lpwstr` after it.
  static func checkLayoutVersion(_ archive: ZipArchive) throws(ReadError) {
    guard let entry = archive.entry(named: "docProps/custom.xml"), entry.uncompressedSize <= 1 << 20 else { return }
    let bytes = try archive.contents(of: entry)
    guard let name = firstIndex(of: Array("\"\(DocxLayout.layoutProperty)\"".utf8), in: bytes[...]),
      let open = firstIndex(of: Array("lpwstr>".utf8), in: bytes[name...])
    else { return }
    let start = open + 7
    let end = bytes[start...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
    let version = String(decoding: bytes[start..<min(end, start + 40)], as: UTF8.self)
    let major = version.split(separator: ".").first.map(String.init) ?? version
    let ours = DocxLayout.layoutVersion.split(separator: ".").first.map(String.init) ?? DocxLayout.layoutVersion
    if let theirs = Int(major), let known = Int(ours), theirs > known {
      throw ReadError(
        .unsupportedVersion,
        sv:
          "Word-dokumentet är gjort med en nyare version av lagkolls Word-mall (\(version)); den här lagkoll läser version \(DocxLayout.layoutVersion): uppdatera lagkoll",
        en:
          "the Word document was made with a newer version of lagkoll's Word template (\(version)); this lagkoll reads version \(DocxLayout.layoutVersion): update lagkoll",
        at: nil)
    }
  }

  static func firstIndex(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
    guard let first = needle.first, bytes.count >= needle.count else { return nil }
    var index = bytes.startIndex
    while index + needle.count <= bytes.endIndex {
      if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }

  static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String.UTF8View) -> Bool {
    let wanted = Array(needle)
    guard bytes.count >= wanted.count, let first = wanted.first else { return false }
    var index = 0
    while index + wanted.count <= bytes.count {
      if bytes[index] == first && bytes[index..<index + wanted.count].elementsEqual(wanted) { return true }
      index += 1
    }
    return false
  }

  /// What an OLE container is, by the streams it names (their names are UTF-16 in its directory).
  static func oleError(_ bytes: [UInt8]) -> ReadError {
    func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    let encrypted = bytes.withUnsafeBufferPointer { buffer in
      contains(buffer, String(decoding: utf16("EncryptedPackage"), as: UTF8.self).utf8)
    }
    if encrypted {
      return ReadError(
        .malformed,
        sv: "Word-dokumentet är lösenordsskyddat (krypterat) och kan inte läsas; ta bort lösenordet "
          + "(Arkiv › Info › Skydda dokument) och spara igen som .docx",
        en: "the Word document is password-protected (encrypted) and cannot be read; remove the password "
          + "(File › Info › Protect Document) and save it again as .docx", at: .start)
    }
    return ReadError(
      .malformed,
      sv: "filen är ett äldre Word-dokument (Word 97–2003, .doc); öppna det i Word eller LibreOffice och spara "
        + "som Word-dokument (.docx)",
      en: "the file is an older Word document (Word 97–2003, .doc); open it in Word or LibreOffice and save it "
        + "as a Word document (.docx)", at: .start)
  }
}

// MARK: - From the Word body to the tree

/// A value read from the document, before it is laid out in the format's order.
final class DraftObject {
  var offset: Int
  var members: [(name: String, value: DraftValue)] = []
  init(offset: Int) { self.offset = offset }

  func member(_ name: String) -> DraftValue? {
    for member in members where member.name == name { return member.value }
    return nil
  }
}

final class DraftArray {
  var offset: Int
  /// The items not yet laid out; they follow the frozen ones.
  var items: [DraftValue] = []
  /// Items already laid out in the format's order (a list table's rows, each once complete): an array
  /// record (0) and its items' records, spliced into the tree by `emit`. A table of 100 000 rows is held
  /// as records of the tree, not as objects of the draft.
  var frozen: TreeBuilder?
  var count: Int { Int(frozen?.records.first?.count ?? 0) + items.count }
  /// The records of the items already laid out.
  var frozenCount: Int { frozen?.records.count ?? 0 }
  init(offset: Int) { self.offset = offset }

  /// Lays out `item`, the last item, when every item before it is laid out (else it stays a draft, and
  /// so do the items after it, which keeps their order). `text`: the tree's scalar text, appended to.
  func freeze(_ item: DraftObject, type: PlanFormat.FieldType, text: inout [UInt8]) {
    guard items.count == 1, case .object(let only) = items[0], only === item else { return }
    var records = frozen ?? TreeBuilder(estimatedNodes: 64, keyForm: .xml)
    frozen = nil
    if records.records.isEmpty { records.open(.array, name: -1, offset: offset, keyOffset: offset) }
    swap(&records.text, &text)
    DocxPlanBuilder.emit(.object(item), name: -1, type: type, into: &records)
    swap(&records.text, &text)
    items.removeAll()
    frozen = records
  }

  /// The type of a list's items, as `emit` lays them out.
  static func itemType(of type: PlanFormat.FieldType) -> PlanFormat.FieldType {
    switch type {
    case .array(_, let of): of
    case .referenceList(let kind): .reference(kind)
    default: .text
    }
  }
}

enum DraftValue {
  case scalar(kind: Node.Kind, text: String, offset: Int)
  case object(DraftObject)
  case array(DraftArray)
}

/// Maps the Word body to the tree as it is read (`WordBodyReceiver`): each paragraph when it ends, each
/// table row by row. A list table's items are laid out in the format's order as soon as they are complete
/// (`DraftArray.freeze`), so what is held besides the tree is the document's fields, not its rows.
final class DocxPlanBuilder: WordBodyReceiver {
  typealias Layout = DocxLayout

  /// Builds the tables the builder and the plan's tree consult, which are made at their first use:
  /// the layout's parts (1.2 M instructions) and the format's table (0.2 M). Called while the first
  /// blocks are parsed, so that they are not made on the way from the first block to the last.
  static func prepare() {
    _ = Layout.parts
    _ = FormatTable.plan
  }
  var places = WordPlacesBuilder()
  var pending: [(kind: ReadDiagnostic.Kind, message: LocalizedText, offset: Int, path: [String])] = []
  /// Located at the document's first block, once it is read.
  let root = DraftObject(offset: 0)
  private var begun = false
  /// The current part's heading: an object of the plan's root made in a part is located there.
  var partOffset = 0
  private var context = Context()
  private var announced: Announced?
  private var recognised = 0
  /// The table being read, if it is one the template announced.
  private var table: OpenTable?
  /// Scalar text of the tree, shared by the frozen items and the rest (`emit`).
  var text: [UInt8] = []

  /// Where the reader stands: the part, and inside an item list the item.
  struct Context {
    var part: Layout.Part?
    var section = ""
    var list: Layout.ItemList?
    var listTitle = ""
    var listArray: DraftArray?
    var listPath: [String] = []
    var item: DraftObject?
    var itemPath: [String] = []
    var itemTitle = ""
  }

  /// What a caption announced: the block, the object its paths start at and that object's path.
  struct Announced {
    var block: Layout.Block
    var base: DraftObject
    var basePath: [String]
    var title: String
    var offset: Int
    var paragraph: Int
  }

  enum OpenTable {
    case fields(Layout.FieldsTable, Announced, section: String, offset: Int)
    case list(ListTable)
  }

  func diagnose(
    _ sv: String, _ en: String, offset: Int, path: [String], kind: ReadDiagnostic.Kind = .unexpectedContent
  ) {
    pending.append((kind, LocalizedText(sv: sv, en: en), offset, path))
  }

  /// `text` without white space at either end. Found by index rather than rebuilt character by
  /// character: it runs on every paragraph and cell, and the rebuilding was 30 % of reading a plan.
  static func trimmed(_ text: String) -> String {
    // Most texts begin and end with a printable ASCII character, which is never white space (nor is a
    // character that begins or ends with one): they are returned as they are without breaking the text
    // into characters.
    if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first),
      (0x21...0x7E).contains(last)
    {
      return text
    }
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
      let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    if first == text.startIndex && text.index(after: last) == text.endIndex { return text }
    return String(text[first...last])
  }

  /// The root is located at the first block of the body, whatever it is.
  private func begin(at offset: Int) {
    guard !begun else { return }
    begun = true
    root.offset = offset
    places.note(offset: root.offset, section: "", table: nil, paragraph: 1)
  }

  func paragraph(_ paragraph: WordBody.Paragraph) {
    begin(at: paragraph.offset)
    let text = Self.trimmed(paragraph.text)
    if text.isEmpty { return }
    let style = paragraph.style
    if Layout.Style.ignored.contains(style) { return }
    if style == Layout.Style.part || (!Layout.Style.structural.contains(style) && Layout.part(heading: text) != nil) {
      announced = nil
      context = Context()
      context.section = text
      if let part = Layout.part(heading: text) {
        context.part = part
        partOffset = paragraph.offset
        recognised += 1
        places.note(offset: paragraph.offset, section: text, table: nil, paragraph: paragraph.number)
      } else {
        diagnose(
          "avsnittet \"\(text)\" (stycke \(paragraph.number)) finns inte i lagkolls Word-mall; dess innehåll läses inte",
          "the part \"\(text)\" (paragraph \(paragraph.number)) is not in lagkoll's Word template; its content is not read",
          offset: paragraph.offset, path: [])
      }
    } else if style == Layout.Style.item {
      announced = nil
      guard let array = context.listArray else {
        diagnose(
          "rubriken \"\(text)\" (stycke \(paragraph.number)) står inte i en lista av poster; den läses inte",
          "the heading \"\(text)\" (paragraph \(paragraph.number)) is not inside a list of items; it is not read",
          offset: paragraph.offset, path: [])
        return
      }
      let item = DraftObject(offset: paragraph.offset)
      context.itemPath = context.listPath + [String(array.count)]
      array.items.append(.object(item))
      context.item = item
      context.itemTitle = context.listTitle + " › " + text
      places.note(
        offset: paragraph.offset, section: context.section, table: context.itemTitle, paragraph: paragraph.number)
    } else if style == Layout.Style.caption
      || context.part.map({ Layout.block(caption: text, in: $0.blocks) != nil }) == true
      || context.list.map({ Layout.block(caption: text, in: $0.blocks) != nil }) == true
    {
      announced = nil
      guard let part = context.part else {
        if !context.section.isEmpty || style == Layout.Style.caption {
          diagnose(
            "tabellrubriken \"\(text)\" (stycke \(paragraph.number)) står inte under ett känt avsnitt; det som följer läses inte",
            "the caption \"\(text)\" (paragraph \(paragraph.number)) is not under a known part; what follows is not read",
            offset: paragraph.offset, path: [])
        }
        return
      }
      var base = root
      var basePath: [String] = []
      var found: Layout.Block?
      var title = text
      if let list = context.list, let item = context.item, let block = Layout.block(caption: text, in: list.blocks) {
        found = block
        base = item
        basePath = context.itemPath
        title = context.itemTitle + " › " + text
      } else if let block = Layout.block(caption: text, in: part.blocks) {
        found = block
        context.list = nil
        context.item = nil
        context.listArray = nil
      }
      guard let block = found else {
        diagnose(
          "tabellrubriken \"\(text)\" (stycke \(paragraph.number)) finns inte under \"\(context.section)\" i lagkolls Word-mall; det som följer läses inte",
          "the caption \"\(text)\" (paragraph \(paragraph.number)) is not under \"\(context.section)\" in lagkoll's Word template; what follows is not read",
          offset: paragraph.offset, path: [])
        return
      }
      places.note(offset: paragraph.offset, section: context.section, table: title, paragraph: paragraph.number)
      switch block {
      case .items(let list):
        context.list = list
        context.listTitle = text
        context.listPath = list.path
        context.listArray = array(at: list.path, in: root, offset: paragraph.offset)
        context.item = nil
      case .table(let table):
        // A list shown as a table is present when its caption is.
        _ = array(at: table.path, in: base, offset: paragraph.offset)
        announced = Announced(
          block: block, base: base, basePath: basePath, title: title, offset: paragraph.offset,
          paragraph: paragraph.number)
      case .fields:
        announced = Announced(
          block: block, base: base, basePath: basePath, title: title, offset: paragraph.offset,
          paragraph: paragraph.number)
      }
    }
    // Any other paragraph (guidance, the title, the user's own notes) is not part of the tree.
  }

  func startTable(_ table: WordBody.TableStart) {
    begin(at: table.offset)
    guard let block = announced else {
      if context.part != nil {
        diagnose(
          "tabell \(table.number) (stycke \(table.firstParagraph)) har ingen tabellrubrik ur lagkolls Word-mall före sig; den läses inte",
          "table \(table.number) (paragraph \(table.firstParagraph)) has no caption from lagkoll's Word template before it; it is not read",
          offset: table.offset, path: [])
      }
      return
    }
    announced = nil
    switch block.block {
    case .fields(let fields):
      places.note(offset: table.offset, section: context.section, table: block.title, paragraph: table.firstParagraph)
      self.table = .fields(fields, block, section: context.section, offset: table.offset)
    case .table(let list):
      self.table = .list(startList(list, table, block, section: context.section))
    case .items: break
    }
  }

  func row(_ row: WordBody.Row) {
    switch table {
    case .fields(let fields, let block, let section, let offset):
      readField(fields, row, block, section: section, tableOffset: offset)
    case .list(var list):
      table = nil  // not held twice while the row is read (the list's state is copied on write)
      readRow(row, of: &list)
      table = .list(list)
    case nil: break
    }
  }

  func endTable() {
    if case .list(let list) = table { freeze(list) }
    table = nil
  }

  /// The tree, once the whole body has been read (`hasTrackedChanges` from the reader).
  func finish(positions: StreamedPositions, hasTrackedChanges: Bool) throws(ReadError) -> ParseResult {
    begin(at: 0)
    guard recognised > 0 else {
      let examples = Layout.parts.prefix(3).map { "\"\($0.heading.sv)\"" }.joined(separator: ", ")
      let examplesEn = Layout.parts.prefix(3).map { "\"\($0.heading.en)\"" }.joined(separator: ", ")
      throw ReadError(
        .malformed,
        sv: "Word-dokumentet är ingen plan ur lagkolls Word-mall: inget av mallens avsnitt (\(examples) …) finns "
          + "som rubrik; skapa en mall med lagkoll init --format docx",
        en: "the Word document is not a plan from lagkoll's Word template: none of its parts (\(examplesEn) …) is a "
          + "heading in it; make a template with lagkoll init --format docx", at: nil)
    }
    if hasTrackedChanges {
      diagnose(
        "dokumentet har spårade ändringar som ingen har godkänt eller avvisat; lagkoll läser det som om alla vore godkända",
        "the document has tracked changes that nobody has accepted or rejected; lagkoll reads it as if all were accepted",
        offset: root.offset, path: [], kind: .unacceptedChanges)
    }
    return emit(positions: positions)
  }

  // MARK: Blocks

  /// One row of a fields table: a label and its value.
  func readField(
    _ fields: Layout.FieldsTable, _ row: WordBody.Row, _ block: Announced, section: String, tableOffset offset: Int
  ) {
    guard let labelCell = row.cells.first else { return }
    let label = Self.trimmed(labelCell.text)
    let valueCell = row.cells.count > 1 ? row.cells[1] : nil
    if label.isEmpty {
      if let valueCell, !valueCell.isEmpty {
        diagnose(
          "en rad utan etikett i \"\(block.title)\" (stycke \(labelCell.paragraph)) läses inte",
          "a row without a label in \"\(block.title)\" (paragraph \(labelCell.paragraph)) is not read",
          offset: row.offset, path: block.basePath)
      }
      return
    }
    guard let cell = Layout.cell(label: label, in: fields.rows) else {
      diagnose(
        "raden \"\(label)\" i \"\(block.title)\" finns inte i lagkolls Word-mall; den läses inte",
        "the row \"\(label)\" in \"\(block.title)\" is not in lagkoll's Word template; it is not read",
        offset: row.offset, path: block.basePath)
      return
    }
    guard let valueCell else { return }
    places.note(
      offset: row.offset, section: section, table: block.title, label: label, isField: true,
      paragraph: labelCell.paragraph)
    read(
      cell, valueCell, into: block.base, basePath: block.basePath, containerOffset: offset,
      place: (section, block.title, 0, label, true))
  }

  /// A list table while its rows are read: the header's columns, and the item the rows below it add to.
  struct ListTable {
    var list: Layout.ListTable
    var block: Announced
    var section: String
    var offset: Int
    var array: DraftArray
    var arrayPath: [String]
    /// The type of the list's items, when the format knows the list (then its items are frozen).
    var itemType: PlanFormat.FieldType?
    /// Grid column → column of the layout, by the header's labels; nil before the header row.
    var columnAt: [Int: Int] = [:]
    var labelAt: [Int: String] = [:]
    var headerTexts: [String]?
    var inner: String?
    var innerRequired = false
    /// The cell shown last in each grid column, for vertically merged continuations.
    var above: [WordBody.Cell?] = []
    var current: DraftObject?
    var currentPath: [String] = []
    var innerArray: DraftArray?
    /// Rows read under the header (empty ones too).
    var rows = 0
  }

  func startList(
    _ list: Layout.ListTable, _ table: WordBody.TableStart, _ block: Announced, section: String
  ) -> ListTable {
    let array = array(at: list.path, in: block.base, offset: table.offset)
    array.offset = table.offset
    let arrayPath = block.basePath + list.path
    places.note(offset: table.offset, section: section, table: block.title, paragraph: table.firstParagraph)
    let itemType = PlanFormat.fieldType(at: PlanFormat.fieldPath(arrayPath)).map(DraftArray.itemType(of:))
    let inner = list.subList
    return ListTable(
      list: list, block: block, section: section, offset: table.offset, array: array, arrayPath: arrayPath,
      itemType: itemType, inner: inner,
      innerRequired: inner.map { PlanFormat.isRequired(PlanFormat.fieldPath(arrayPath) + [$0]) } ?? false)
  }

  func readRow(_ row: WordBody.Row, of table: inout ListTable) {
    guard let headerTexts = table.headerTexts else { return readHeader(row, of: &table) }
    let list = table.list
    let block = table.block
    let section = table.section
    let inner = table.inner
    table.rows += 1
    let rowNumber = table.rows
    // Each cell as Word shows it: a vertically merged continuation shows the cell above.
    var own: [(column: Int, cell: WordBody.Cell, label: String)] = []
    var innerCells: [(column: Int, cell: WordBody.Cell, label: String)] = []
    var ownFilled = false
    var innerFilled = false
    for cell in row.cells {
      var shown = cell
      if cell.continuesAbove, cell.gridColumn < table.above.count, let upper = table.above[cell.gridColumn] {
        shown.paragraphs = upper.paragraphs.map {
          WordBody.CellParagraph(
            text: $0.text, number: cell.paragraph, offset: cell.paragraphs.first?.offset ?? cell.offset)
        }
      }
      if cell.gridColumn >= table.above.count {
        table.above += repeatElement(nil, count: cell.gridColumn + 1 - table.above.count)
      }
      table.above[cell.gridColumn] = shown
      guard let column = table.columnAt[cell.gridColumn] else { continue }
      let isInner = inner != nil && list.columns[column].path.first == inner
      let entry = (column, shown, table.labelAt[cell.gridColumn] ?? "")
      if isInner {
        innerCells.append(entry)
        if !shown.isEmpty { innerFilled = true }
      } else {
        own.append(entry)
        // A merged continuation in an own column belongs to the item above (Brå's table: one åtgärd,
        // several mål).
        if !shown.isEmpty && !(inner != nil && cell.continuesAbove) { ownFilled = true }
      }
    }
    if !ownFilled && !innerFilled { return }  // an empty row
    // The header row repeated (copied, or a page's header): compared as written, which a copy keeps.
    if row.cells.count == headerTexts.count && zip(row.cells, headerTexts).allSatisfy({ $0.text == $1 }) { return }
    if ownFilled || table.current == nil || inner == nil {
      freeze(table)
      let item = DraftObject(offset: row.offset)
      table.currentPath = table.arrayPath + [String(table.array.count)]
      table.array.items.append(.object(item))
      table.current = item
      table.innerArray = nil
      places.note(
        offset: row.offset, section: section, table: block.title, row: rowNumber,
        paragraph: row.cells.first?.paragraph ?? 0)
      for (column, cell, label) in own {
        read(
          list.columns[column], cell, into: item, basePath: table.currentPath, containerOffset: row.offset,
          place: (section, block.title, rowNumber, label, false))
      }
      if let inner, table.innerRequired { table.innerArray = array(at: [inner], in: item, offset: row.offset) }
    }
    guard let inner, innerFilled, let item = table.current else { return }
    let innerList = table.innerArray ?? array(at: [inner], in: item, offset: row.offset)
    table.innerArray = innerList
    let innerItem = DraftObject(offset: row.offset)
    let innerPath = table.currentPath + [inner, String(innerList.count)]
    innerList.items.append(.object(innerItem))
    places.note(
      offset: row.offset, section: section, table: block.title, row: rowNumber,
      paragraph: row.cells.first?.paragraph ?? 0)
    for (column, cell, label) in innerCells {
      var field = list.columns[column]
      field = DocxLayout.Cell(
        label: field.label, path: Array(field.path.dropFirst()), kind: field.kind, type: field.type,
        required: field.required, width: field.width)
      read(
        field, cell, into: innerItem, basePath: innerPath, containerOffset: row.offset,
        place: (section, block.title, rowNumber, label, false))
    }
  }

  /// The first row: grid column → column of the layout, by the header's labels.
  func readHeader(_ header: WordBody.Row, of table: inout ListTable) {
    table.headerTexts = header.cells.map(\.text)
    let arrayPath = table.arrayPath
    for cell in header.cells {
      let label = Self.trimmed(cell.text)
      guard !label.isEmpty else { continue }
      let wanted = DocxLayout.normalized(label)
      guard let index = table.list.columns.firstIndex(where: { DocxLayout.matches(normalized: wanted, $0.label) })
      else {
        diagnose(
          "kolumnen \"\(label)\" i \"\(table.block.title)\" finns inte i lagkolls Word-mall; den läses inte",
          "the column \"\(label)\" in \"\(table.block.title)\" is not in lagkoll's Word template; it is not read",
          offset: cell.offset, path: arrayPath)
        continue
      }
      for grid in cell.gridColumn..<cell.gridColumn + cell.span {
        table.columnAt[grid] = index
        table.labelAt[grid] = label
      }
    }
  }

  /// Lays out the table's current item, which no later row or block can reach once the next item starts
  /// or the table ends (paths from a caption start at the part or at a heading's item, never inside a
  /// table's row).
  func freeze(_ table: ListTable) {
    guard let item = table.current, let itemType = table.itemType else { return }
    table.array.freeze(item, type: itemType, text: &text)
  }

  // MARK: Cells

  typealias Place = (section: String, table: String, row: Int, label: String, isField: Bool)

  /// Reads one cell into `object` at the layout cell's path.
  func read(
    _ layout: Layout.Cell, _ cell: WordBody.Cell, into object: DraftObject, basePath: [String], containerOffset: Int,
    place: Place
  ) {
    func note(_ offset: Int, _ paragraph: Int) {
      places.note(
        offset: offset, section: place.section, table: place.table, row: place.row, label: place.label,
        isField: place.isField, paragraph: paragraph)
    }
    var paragraphs = cell.paragraphs
    while paragraphs.count > 1, paragraphs.last!.text.isEmpty { paragraphs.removeLast() }
    let path = basePath + layout.path
    switch layout.kind {
    case .scalar:
      let text = paragraphs.map(\.text).joined(separator: "\n")
      guard !text.isEmpty else { return }
      let offset = paragraphs.first?.offset ?? cell.offset
      note(offset, paragraphs.first?.number ?? cell.paragraph)
      set(
        layout.path, Self.value(text, type: layout.type, offset: offset), in: object, containerOffset: containerOffset,
        fullPath: path)
    case .list, .objectList:
      let filled = paragraphs.filter { !Self.trimmed($0.text).isEmpty }
      if filled.isEmpty && !layout.required { return }
      note(cell.offset, cell.paragraph)
      let list = DraftArray(offset: cell.offset)
      for paragraph in filled {
        note(paragraph.offset, paragraph.number)
        let value = Self.value(paragraph.text, type: layout.type, offset: paragraph.offset)
        if case .objectList(let field) = layout.kind {
          let item = DraftObject(offset: paragraph.offset)
          item.members.append((field, value))
          list.items.append(.object(item))
        } else {
          list.items.append(value)
        }
      }
      set(layout.path, .array(list), in: object, containerOffset: containerOffset, fullPath: path)
    }
  }

  /// A cell's text as the field's type reads it: text fields exactly, the others trimmed (as the XML
  /// reader trims them), then by `DocxLayout.scalar(fromCell:type:)`.
  static func value(_ text: String, type: PlanFormat.FieldType, offset: Int) -> DraftValue {
    if case .text = type { return .scalar(kind: .string, text: text, offset: offset) }
    let converted = DocxLayout.scalar(fromCell: trimmed(text), type: type)
    return .scalar(kind: converted.kind, text: converted.text, offset: offset)
  }

  /// Sets `value` at `path` below `object`, making the objects on the way (located at `containerOffset`).
  /// A field set twice (a row repeated in a fields table) keeps the first, and says so.
  func set(
    _ path: [String], _ value: DraftValue, in object: DraftObject, containerOffset: Int, fullPath: [String]
  ) {
    var current = object
    for name in path.dropLast() {
      if case .object(let inner) = current.member(name) {
        current = inner
      } else {
        let inner = DraftObject(offset: current === root ? partOffset : containerOffset)
        current.members.append((name, .object(inner)))
        current = inner
      }
    }
    let name = path.last!
    if current.member(name) != nil {
      let offset: Int
      switch value {
      case .scalar(_, _, let at): offset = at
      case .object(let inner): offset = inner.offset
      case .array(let list): offset = list.offset
      }
      diagnose(
        "fältet står två gånger; det första gäller", "the field occurs twice; the first one counts", offset: offset,
        path: fullPath, kind: .duplicateKey)
      return
    }
    current.members.append((name, value))
  }

  /// The list at `path` below `object`, made if absent.
  func array(at path: [String], in object: DraftObject, offset: Int) -> DraftArray {
    var current = object
    for name in path.dropLast() {
      if case .object(let inner) = current.member(name) {
        current = inner
      } else {
        let inner = DraftObject(offset: current === root ? partOffset : offset)
        current.members.append((name, .object(inner)))
        current = inner
      }
    }
    if case .array(let found) = current.member(path.last!) { return found }
    let made = DraftArray(offset: offset)
    current.members.append((path.last!, .array(made)))
    return made
  }

  // MARK: The tree, in the format's order

  func emit(positions: StreamedPositions) -> ParseResult {
    // The places first, and their builder let go: laying out the tree holds a large list twice for a
    // moment (its frozen items and the tree), the highest the memory of a read goes.
    let placesTable = places.finish()
    places = WordPlacesBuilder()
    // Each frozen list is copied into the tree, but the largest, when its buffer has room for the whole
    // tree, becomes the tree's buffer instead: then no list is held twice (`TreeBuilder.adopt`).
    let total = Self.nodeCount(.object(root))
    let host = Self.largestFrozenList(in: .object(root)).flatMap { list in
      (list.frozen?.records.capacity ?? 0) >= total ? list : nil
    }
    var tree = TreeBuilder(estimatedNodes: host == nil ? total : 64, keyForm: .xml)
    swap(&tree.text, &text)
    Self.emit(.object(root), name: -1, type: .object(PlanFormat.plan), into: &tree, host: host, total: total)
    let node = tree.finish(streamed: positions, wordPlaces: placesTable)
    let diagnostics = pending.map { entry in
      ReadDiagnostic(
        entry.kind, entry.message, at: node.storage.location(ofOffset: Int32(truncatingIfNeeded: entry.offset)),
        path: JSONPointer(entry.path.map { step in Int(step).map { .index($0) } ?? .key(step) }))
    }
    return ParseResult(root: node, diagnostics: diagnostics)
  }

  /// Lays out `value` in the format's order (members by `type`'s fields; those it lacks are not in the
  /// tree). A list's frozen items are moved in whole and dropped from the draft.
  /// `host`: the list whose frozen records become the tree's buffer (`total`: the tree's records).
  static func emit(
    _ value: DraftValue, name: Int32, type: PlanFormat.FieldType, into tree: inout TreeBuilder,
    host: DraftArray? = nil, total: Int = 0
  ) {
    switch value {
    case .scalar(let kind, let text, let offset):
      if kind == .boolean {
        tree.scalar(.boolean, name: name, offset: offset, keyOffset: offset, textStart: text == "true" ? 1 : 0)
      } else {
        let start = tree.appendText(text.utf8)
        tree.scalar(kind, name: name, offset: offset, keyOffset: offset, textStart: start, textCount: text.utf8.count)
      }
    case .object(let object):
      tree.open(.object, name: name, offset: object.offset, keyOffset: object.offset)
      if case .object(let objectType) = type {
        for field in objectType.fields {
          guard let member = object.member(field.name) else { continue }
          emit(member, name: tree.names.intern(field.name), type: field.type, into: &tree, host: host, total: total)
        }
      }
      tree.close()
    case .array(let list):
      tree.open(.array, name: name, offset: list.offset, keyOffset: list.offset)
      if var frozen = list.frozen {
        list.frozen = nil
        if list !== host || !tree.adopt(itemsOf: &frozen, total: total) { tree.append(itemsOf: frozen) }
      }
      let itemType = DraftArray.itemType(of: type)
      for item in list.items { emit(item, name: -1, type: itemType, into: &tree, host: host, total: total) }
      tree.close()
    }
  }

  /// The list in `value` with the most frozen records, if any.
  static func largestFrozenList(in value: DraftValue) -> DraftArray? {
    switch value {
    case .scalar: return nil
    case .object(let object):
      return object.members.compactMap { largestFrozenList(in: $0.value) }.max { $0.frozenCount < $1.frozenCount }
    case .array(let list):
      let inner = list.items.compactMap { largestFrozenList(in: $0) }
      return ([list] + inner).filter { $0.frozen != nil }.max { $0.frozenCount < $1.frozenCount }
    }
  }

  /// The records `emit` makes of `value` (at most: members outside the format are not laid out).
  static func nodeCount(_ value: DraftValue) -> Int {
    switch value {
    case .scalar: 1
    case .object(let object): 1 + object.members.reduce(0) { $0 + nodeCount($1.value) }
    case .array(let list):
      list.items.reduce(Int(list.frozen?.records.count ?? 1)) { $0 + nodeCount($1) }
    }
  }
}

extension PlanFormat {
  /// A path through the tree (with list indices) as a path through the format (without them).
  static func fieldPath(_ path: [String]) -> [String] {
    path.filter { Int($0) == nil }
  }
}
