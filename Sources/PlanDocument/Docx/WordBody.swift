import CLibXML2

/// What lagkoll reads of a Word document's main story: paragraphs and tables in order, their text as a
/// reader sees it with every tracked change accepted, handed to a `WordBodyReceiver` as they end (the
/// body itself keeps only what is known at the end). Formatting, comments, footnotes, drawings and text
/// boxes are not part of it; neither is anything a relationship points at.
struct WordBody {
  struct Paragraph {
    var text: String
    /// The paragraph style's id (`Heading1`, `Rubrik1`, …), if any.
    var style: String
    /// `w:outlineLvl`, 0-based, if set on the paragraph.
    var outlineLevel: Int?
    /// The paragraph's number in the document, 1-based, counting every paragraph of the main story
    /// (those in table cells too) in order.
    var number: Int
    /// The byte offset of its `<w:p` in `word/document.xml`.
    var offset: Int
  }

  struct CellParagraph {
    /// Line breaks inside the paragraph are "\n".
    var text: String
    var number: Int
    var offset: Int
  }

  struct Cell {
    /// The cell's paragraphs, nested tables' paragraphs included, in order.
    var paragraphs: [CellParagraph]
    /// The first grid column the cell covers (0-based) and how many it spans (`w:gridSpan`).
    var gridColumn: Int
    var span: Int
    /// A vertically merged cell's continuation (`w:vMerge` without "restart"): Word shows the text of
    /// the cell above it across both rows.
    var continuesAbove: Bool
    /// The number of the cell's first paragraph.
    var paragraph: Int
    /// The byte offset of its `<w:tc`.
    var offset: Int

    /// The paragraphs' texts joined by "\n". Written out: most cells have one paragraph, whose text is
    /// returned as it is, and `joined(separator:)` is not specialized for `[String]` (its first call
    /// looks up an associated type by name, 0.3 M instructions).
    var text: String {
      guard var text = paragraphs.first?.text else { return "" }
      for paragraph in paragraphs.dropFirst() {
        text += "\n"
        text += paragraph.text
      }
      return text
    }
    var isEmpty: Bool { paragraphs.allSatisfy { $0.text.isEmpty } }
  }

  struct Row {
    var cells: [Cell]
    var offset: Int
  }

  /// A table of the main story as it starts; its rows follow one by one (`WordBodyReceiver`).
  struct TableStart {
    /// The table's number in the document, 1-based.
    var number: Int
    var firstParagraph: Int
    var offset: Int
  }

  /// Whether the document holds tracked changes that nobody has accepted or rejected: insertions,
  /// deletions, moves, formatting changes. They are read as if accepted.
  var hasTrackedChanges = false
  var paragraphCount = 0
}

/// Takes the main story as it is read, one block at a time: a paragraph outside tables when it ends, a
/// table's start, each of its rows when the row ends (deleted rows never), and its end. Nothing of a
/// block is kept after it is handed over, so the reader's memory is the open row and the blocks waiting
/// to be received (a few batches, `BlockPipeline`), not the document.
protocol WordBodyReceiver: AnyObject {
  func paragraph(_ paragraph: WordBody.Paragraph)
  func startTable(_ table: WordBody.TableStart)
  func row(_ row: WordBody.Row)
  func endTable()
}

/// Reads `word/document.xml` through libxml2's SAX2 interface, pulled from the archive a chunk at a
/// time (the inflated part is never held whole), with `ProtectedSAXParser`'s protections (as plans): no
/// network, no entity declarations or references beyond the predefined five, libxml2's own depth and size
/// bounds (never `XML_PARSE_HUGE`); unlike a plan, no DOCTYPE at all (refused as soon as it starts).
enum WordBodyReader {
  static let mainNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  static let strictNamespace = "http://purl.oclc.org/ooxml/wordprocessingml/main"
  static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

  /// `source`: the part, pulled a chunk at a time (inflated out of the archive, bounded by its limits).
  /// Every paragraph, cell, row and table keeps its byte offset, where the reviewed copy anchors its
  /// comments.
  static func read(
    _ source: ChunkSource, part: String, maxParagraphs: Int = 5_000_000, into receiver: WordBodyReceiver
  ) throws(ReadError) -> WordBody {
    try ProtectedSAXParser.parse(
      pulling: source, handlers: handlers, allowsDoctype: false, unstartableAt: nil,
      receiver: { ctxt in
        WordBodyBuilder(ctxt: ctxt, part: part, maxParagraphs: maxParagraphs, receiver: receiver)
      },
      finish: { builder, ctxt throws(ReadError) in
        if let error = builder.state.pointee.error { throw error }
        if ctxt.pointee.wellFormed == 0 || !builder.state.pointee.sawBody {
          throw ReadError(
            .malformed, sv: "\(part) är inte ett Word-dokuments huvuddel (inget w:body)",
            en: "\(part) is not a Word document's main part (no w:body)", at: nil)
        }
        return builder.state.pointee.body
      })
  }

  /// The builder's element and text handlers; everything else is `ProtectedSAXParser`'s.
  static let handlers = ProtectedSAXParser.Handlers(
    startElement: { context, localname, _, uri, _, _, attributeCount, defaulted, attributes in
      guard let context, let localname else { return }
      Unmanaged<WordBodyBuilder>.fromOpaque(context).takeUnretainedValue().state.pointee.start(
        localname, uri, attributes: attributes, count: Int(attributeCount - defaulted))
    },
    endElement: { context, _, _, _ in
      guard let context else { return }
      Unmanaged<WordBodyBuilder>.fromOpaque(context).takeUnretainedValue().state.pointee.end()
    },
    characters: { context, text, length in
      guard let context, let text, length > 0 else { return }
      Unmanaged<WordBodyBuilder>.fromOpaque(context).takeUnretainedValue().state.pointee.characters(
        UnsafeBufferPointer(start: text, count: Int(length)))
    })
}

/// The elements of WordprocessingML the reader acts on; everything else is walked through.
enum WordTag: UInt8 {
  case other, body, p, pPr, pStyle, outlineLvl, r, rPr, t, tab, br, cr, noBreakHyphen, fldChar, tbl, tr, trPr, tc, tcPr,
    gridSpan, vMerge, gridBefore, sdt, sdtPr, sdtContent, showingPlcHdr, sdtEndPr
  /// Subtrees never read: deleted and moved-away text, field instructions, drawings and text boxes,
  /// properties that hold no text, section properties, footnote and comment references.
  case skipped
  /// Tracked-change markers whose content is kept (an insertion, a move's new place) or that mark a
  /// formatting change.
  case changeKept
  /// Tracked-change markers whose content is dropped (a deletion, a move's old place).
  case changeDropped
  /// `mc:AlternateContent`: drawings and the like in two forms; neither holds plan text.
  case alternateContent

  static let byName: [String: WordTag] = [
    "body": .body, "p": .p, "pPr": .pPr, "pStyle": .pStyle, "outlineLvl": .outlineLvl, "r": .r, "rPr": .rPr, "t": .t,
    "tab": .tab, "br": .br, "cr": .cr, "noBreakHyphen": .noBreakHyphen, "fldChar": .fldChar, "tbl": .tbl, "tr": .tr,
    "trPr": .trPr, "tc": .tc, "tcPr": .tcPr, "gridSpan": .gridSpan, "vMerge": .vMerge, "gridBefore": .gridBefore,
    "sdt": .sdt, "sdtPr": .sdtPr, "sdtContent": .sdtContent, "showingPlcHdr": .showingPlcHdr, "sdtEndPr": .sdtEndPr,
    "delText": .skipped, "instrText": .skipped, "delInstrText": .skipped, "drawing": .skipped, "pict": .skipped,
    "object": .skipped, "tblPr": .skipped, "tblGrid": .skipped, "sectPr": .skipped, "footnoteReference": .skipped,
    "endnoteReference": .skipped, "commentReference": .skipped, "sym": .skipped, "fldData": .skipped,
    "ins": .changeKept, "moveTo": .changeKept, "rPrChange": .changeKept, "pPrChange": .changeKept,
    "tblPrChange": .changeKept, "trPrChange": .changeKept, "tcPrChange": .changeKept, "sectPrChange": .changeKept,
    "tblGridChange": .changeKept, "numberingChange": .changeKept, "cellIns": .changeKept, "cellMerge": .changeKept,
    "del": .changeDropped, "moveFrom": .changeDropped, "cellDel": .changeDropped,
  ]
}

/// The callbacks' context object (`ProtectedSAXParser` hands libxml2 a class instance and asks it for
/// the rare callbacks). Everything the callbacks read and change is one value, `state`, which the object
/// owns and keeps at a fixed address: a callback reaches it through the pointer, and the accesses inside
/// `WordBodyState`'s mutating methods are checked when compiling. As a class's own properties each was
/// checked at run time, three or four per element (2.6 M of the 42 M instructions of checking a typical
/// plan); as one property, once per callback (1.2 M). The pointer needs no run-time check: libxml2
/// calls one callback at a time, and no parser function a callback calls (`xmlStopParser`,
/// `xmlSAX2GetLineNumber`) starts another, so no two accesses to
/// `state` ever overlap (docs/engine.md, "Start-up, fourth round").
final class WordBodyBuilder: ProtectedSAXReceiver {
  let state: UnsafeMutablePointer<WordBodyState>

  init(ctxt: xmlParserCtxtPtr, part: String, maxParagraphs: Int, receiver: WordBodyReceiver) {
    state = .allocate(capacity: 1)
    state.initialize(to: WordBodyState(ctxt: ctxt, part: part, maxParagraphs: maxParagraphs, receiver: receiver))
  }

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
  }

  func refuse(_ refusal: ProtectedSAXParser.Refusal) { state.pointee.refuse(refusal) }
  func libxmlError(_ error: UnsafePointer<xmlError>) { state.pointee.libxmlError(error) }
}

/// The reading of the main story: the open elements, paragraph, cell, row and table, and what is known
/// of the whole body. libxml2 calls one callback at a time, and no parser function a callback calls
/// starts another, so the access each callback makes to it never overlaps another.
struct WordBodyState {
  let ctxt: xmlParserCtxtPtr
  let part: String
  let maxParagraphs: Int
  unowned let receiver: WordBodyReceiver
  var body = WordBody()
  /// What stopped the parse; `stopped` says whether there is one, for the callbacks to ask on every
  /// element (comparing the optional error with nil copied it: 5 % of reading a large plan).
  var error: ReadError? {
    didSet { stopped = error != nil }
  }
  private var stopped = false
  var sawBody = false

  /// Open elements' tags.
  private var stack: [WordTag] = []
  /// Depth of `stack` at which a skipped subtree began, or -1.
  private var skipFrom = -1
  /// Tags by the interned pointers libxml2 hands over (its dictionary gives one pointer per name): a
  /// small open-addressed table indexed by the pointer's bits (hashing a key for a Dictionary was 40 %
  /// of a start tag's cost). Filled to half at most; a name beyond that (a hostile document of many
  /// names) is looked up by its text each time.
  private var tagSlots = [TagSlot](repeating: TagSlot(), count: 1 << tagSlotBits)
  private var tagsCached = 0
  private static let tagSlotBits = 8

  private struct TagSlot {
    var name: UnsafeRawPointer?
    var uri: UnsafeRawPointer?
    var tag = WordTag.other
  }

  // The open paragraph, cell, row and table.
  private var paragraphText: [UInt8] = []
  private var paragraphStyle = ""
  private var paragraphOutline: Int?
  private var paragraphNumber = 0
  private var inParagraph = false
  private var tableDepth = 0
  private var row: WordBody.Row?
  private var rowDeleted = false
  private var gridColumn = 0
  private var cell: WordBody.Cell?
  /// Open fields (`w:fldChar`): true while in a field's instruction part (before "separate").
  private var fields: [Bool] = []
  /// Inside any open field's instruction (a field nested in another's instruction, as IF fields hold
  /// MERGEFIELDs, shows nothing of its result).
  private var inInstruction: Bool { fields.contains(true) }
  /// Open content controls: true when the control shows its placeholder text (nothing filled in).
  private var controls: [Bool] = []
  private var textOpen = false

  init(ctxt: xmlParserCtxtPtr, part: String, maxParagraphs: Int, receiver: WordBodyReceiver) {
    self.ctxt = ctxt
    self.receiver = receiver
    self.part = part
    self.maxParagraphs = maxParagraphs
  }

  private mutating func tag(_ localname: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> WordTag {
    let name = UnsafeRawPointer(localname)
    let namespace = uri.map(UnsafeRawPointer.init)
    let mask = tagSlots.count - 1
    // Fibonacci hashing: the product's top bits index the slots.
    let spread = (UInt(bitPattern: Int(bitPattern: name)) >> 3) &* 0x9E37_79B9_7F4A_7C15
    var slot = Int(truncatingIfNeeded: spread >> UInt(UInt.bitWidth - Self.tagSlotBits))
    while let cached = tagSlots[slot].name {
      if cached == name && tagSlots[slot].uri == namespace { return tagSlots[slot].tag }
      slot = (slot + 1) & mask
    }
    let text = String(cString: localname)
    let found: WordTag =
      switch uri.map({ String(cString: $0) }) ?? "" {
      case WordBodyReader.mainNamespace, WordBodyReader.strictNamespace: WordTag.byName[text] ?? .other
      case WordBodyReader.compatibilityNamespace where text == "AlternateContent": .alternateContent
      default: .other
      }
    if tagsCached < tagSlots.count / 2 {
      tagSlots[slot] = TagSlot(name: name, uri: namespace, tag: found)
      tagsCached += 1
    }
    return found
  }

  /// The value of the attribute `w:name` (any namespace) of the element being started.
  private func attribute(
    _ name: String, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
  ) -> String? {
    guard let attributes else { return nil }
    for index in 0..<count {
      guard let local = attributes[index * 5], let start = attributes[index * 5 + 3],
        let end = attributes[index * 5 + 4]
      else { continue }
      if String(cString: local) == name {
        return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
      }
    }
    return nil
  }

  private var skipping: Bool { skipFrom >= 0 }

  /// The offset of the `<` of the start tag just read: libxml2 reports a start tag with its read
  /// position at the tag's `>`, and `<` cannot occur inside a tag (as `Builder.startTagOffset`). The part
  /// is not held, but the tag is still in libxml2's buffer: the parser never shrinks the buffer past a
  /// start tag's `<` before its callback (the attribute values it hands over point into the buffer).
  private func startTagOffset() -> Int {
    guard let input = ctxt.pointee.input, ctxt.pointee.inputNr <= 1, var cur = input.pointee.cur,
      let base = input.pointee.base
    else { return 0 }
    let consumed = Int(input.pointee.consumed)
    if cur > base, let end = input.pointee.end, cur >= end || cur.pointee == UInt8(ascii: "<") { cur -= 1 }
    while cur > base && cur.pointee != UInt8(ascii: "<") { cur -= 1 }
    return consumed + (cur - base)
  }

  mutating func start(
    _ localname: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?,
    attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
  ) {
    guard !stopped else { return }
    let tag = tag(localname, uri)
    let parent = stack.last ?? .other
    stack.append(tag)
    switch tag {
    case .changeKept:
      body.hasTrackedChanges = true
      return
    case .changeDropped:
      body.hasTrackedChanges = true
      // A row or cell marked deleted: the whole row is dropped when it ends.
      if parent == .trPr { rowDeleted = true }
      if !skipping { skipFrom = stack.count - 1 }
      return
    default: break
    }
    if skipping { return }
    switch tag {
    case .skipped, .alternateContent, .sdtEndPr:
      skipFrom = stack.count - 1
    case .rPr:
      // Run and paragraph-mark properties hold no text; their tracked-change markers are still seen.
      skipFrom = stack.count - 1
    case .body:
      sawBody = true
    case .p:
      startParagraph()
    case .pStyle where parent == .pPr:
      paragraphStyle = attribute("val", attributes, count: count) ?? ""
    case .outlineLvl where parent == .pPr:
      paragraphOutline = attribute("val", attributes, count: count).flatMap { Int($0) }
    case .t:
      textOpen = true
    case .tab where parent == .r:
      appendText(0x09)
    case .br, .cr:
      appendText(0x0A)
    case .noBreakHyphen:
      appendText(UInt8(ascii: "-"))
    case .fldChar:
      switch attribute("fldCharType", attributes, count: count) {
      case "begin": fields.append(true)
      case "separate": if !fields.isEmpty { fields[fields.count - 1] = false }
      case "end": if !fields.isEmpty { fields.removeLast() }
      default: break
      }
    case .tbl:
      tableDepth += 1
      if tableDepth == 1 {
        tableNumber += 1
        receiver.startTable(
          WordBody.TableStart(number: tableNumber, firstParagraph: body.paragraphCount + 1, offset: startTagOffset()))
      }
    case .tr where tableDepth == 1:
      row = WordBody.Row(cells: [], offset: startTagOffset())
      rowDeleted = false
      gridColumn = 0
    case .gridBefore where parent == .trPr && tableDepth == 1:
      gridColumn += attribute("val", attributes, count: count).flatMap { Int($0) }.map { max(0, min($0, 1_000)) } ?? 0
    case .tc where tableDepth == 1:
      cell = WordBody.Cell(
        paragraphs: [], gridColumn: gridColumn, span: 1, continuesAbove: false, paragraph: body.paragraphCount + 1,
        offset: startTagOffset())
    case .gridSpan where parent == .tcPr && tableDepth == 1:
      let span = attribute("val", attributes, count: count).flatMap { Int($0) } ?? 1
      cell?.span = max(1, min(span, 1_000))
    case .vMerge where parent == .tcPr && tableDepth == 1:
      let value = attribute("val", attributes, count: count)
      cell?.continuesAbove = value == nil || value == "continue"
    case .sdt:
      controls.append(false)
    case .showingPlcHdr:
      if !controls.isEmpty { controls[controls.count - 1] = true }
    case .sdtPr:
      // Only showingPlcHdr matters in it; its other children hold no plan text.
      break
    case .sdtContent:
      // Placeholder text ("Klicka här för att ange text") is not what the user wrote.
      if controls.last == true { skipFrom = stack.count - 1 }
    default:
      break
    }
  }

  private var tableNumber = 0
  private var paragraphOffset = 0

  mutating func end() {
    guard !stopped, let tag = stack.popLast() else { return }
    if skipping {
      // A paragraph, cell or row inside a skipped subtree (a text box) was never opened.
      if stack.count == skipFrom { skipFrom = -1 }
      return
    }
    switch tag {
    case .t:
      textOpen = false
    case .p:
      endParagraph()
    case .tc where tableDepth == 1:
      if let cell {
        row?.cells.append(cell)
        gridColumn = cell.gridColumn + cell.span
      }
      cell = nil
    case .tr where tableDepth == 1:
      if let row, !rowDeleted { receiver.row(row) }
      row = nil
    case .tbl:
      if tableDepth == 1 { receiver.endTable() }
      tableDepth -= 1
    case .sdt:
      if !controls.isEmpty { controls.removeLast() }
    default:
      break
    }
  }

  private mutating func startParagraph() {
    body.paragraphCount += 1
    if body.paragraphCount > maxParagraphs {
      return refuse(
        sv: "dokumentet har fler än \(maxParagraphs) stycken",
        en: "the document has more than \(maxParagraphs) paragraphs")
    }
    inParagraph = true
    paragraphNumber = body.paragraphCount
    paragraphOffset = startTagOffset()
    paragraphText.removeAll(keepingCapacity: true)
    paragraphStyle = ""
    paragraphOutline = nil
    fields.removeAll()
  }

  private mutating func endParagraph() {
    inParagraph = false
    if tableDepth > 0, cell != nil {
      cell!.paragraphs.append(
        WordBody.CellParagraph(
          text: String(decoding: paragraphText, as: UTF8.self), number: paragraphNumber, offset: paragraphOffset))
      return
    }
    if tableDepth > 0 { return }  // a paragraph of a table outside any cell: not Word's
    receiver.paragraph(
      WordBody.Paragraph(
        text: String(decoding: paragraphText, as: UTF8.self), style: paragraphStyle, outlineLevel: paragraphOutline,
        number: paragraphNumber, offset: paragraphOffset))
  }

  @inline(__always) private mutating func appendText(_ byte: UInt8) {
    guard inParagraph, !inInstruction else { return }
    paragraphText.append(byte)
  }

  mutating func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
    guard !stopped, !skipping, textOpen, inParagraph, !inInstruction else { return }
    paragraphText.append(contentsOf: chunk)
  }

  mutating func refuse(sv: String, en: String) {
    guard error == nil else { return }
    error = ReadError(
      .malformed, sv: "\(part) rad \(xmlSAX2GetLineNumber(ctxt)): \(sv)",
      en: "\(part) line \(xmlSAX2GetLineNumber(ctxt)): \(en)",
      at: nil)
    xmlStopParser(ctxt)
  }

  mutating func refuse(_ refusal: ProtectedSAXParser.Refusal) {
    switch refusal {
    case .doctype:
      refuse(
        sv: "en DTD (<!DOCTYPE …>) hör inte hemma i ett Word-dokument",
        en: "a DTD (<!DOCTYPE …>) does not belong in a Word document")
    case .entityDeclaration:
      refuse(
        sv: "entitetsdeklarationer (<!ENTITY …>) är inte tillåtna",
        en: "entity declarations (<!ENTITY …>) are not allowed")
    }
  }

  mutating func libxmlError(_ error: UnsafePointer<xmlError>) {
    guard self.error == nil, let failure = ProtectedSAXParser.Failure(error) else { return }
    let info = error.pointee
    self.error = ReadError(
      .malformed, sv: "XML-fel i \(part), rad \(info.line), kolumn \(info.int2): \(failure.swedish)",
      en: "XML error in \(part), line \(info.line), column \(info.int2): \(failure.message)", at: nil)
    xmlStopParser(ctxt)
  }
}
