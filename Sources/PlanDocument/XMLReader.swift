import CLibXML2

/// Reads the XML form of a plan document through libxml2's SAX2 interface, building the common tree
/// directly (no libxml2 DOM in between).
///
/// Mapping: the format definition (`PlanFormat`) decides what each element is by its position, never by
/// its name alone. Objects become objects (with the `id` attribute as their first member), wrapper
/// elements become arrays (even when empty or with one item), scalar fields become strings, or numbers and
/// booleans for `.integer` and `.boolean` fields when the trimmed text is a JSON integer or `true`/`false`.
/// Text fields keep their text exactly; date, integer, boolean, enumeration, pattern and reference fields
/// are trimmed of surrounding white space. Elements the format does not know are mapped generically (an
/// element with element children is an object, any other a string) so that the format check can report
/// them; what cannot be represented (attributes other than `id`, text inside objects, a wrong item name in
/// a list, elements of another namespace) is reported as a `ReadDiagnostic`.
///
/// Locations: every node and every member key is located at the `<` of its element's start tag; a scalar's
/// value shares its element's location (not where the text begins). An `id` member's key is located at the
/// attribute's name, its value at the attribute value's opening quote. Lines and columns (in code points)
/// are counted by this reader from byte offsets, never taken from libxml2, whose node line numbers stop at
/// 65 535 and which keeps no columns.
///
/// Security: libxml2 is set up by `ProtectedSAXParser` (no network, no entity substitution, DTD loading,
/// XInclude or `XML_PARSE_HUGE`, an external entity loader that refuses every load); a plain DOCTYPE is
/// read, but XMLPrescan refuses every declaration in an internal subset before libxml2 sees it; any
/// entity declaration (`<!ENTITY`, internal or external, general or parameter) is refused outright, as is
/// every reference to an entity other than the five predefined ones. Only UTF-8 is read: UTF-16/UTF-32
/// input and documents declaring another encoding are refused with a clear message, and invalid UTF-8 and
/// NUL bytes are refused with their exact position before libxml2 sees the bytes.
public enum XMLReader {
  /// `source`: the same bytes as an array, kept by the tree for its positions (copied from `bytes` when
  /// not given).
  public static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, limits: ReadLimits, source: [UInt8]? = nil
  ) throws -> ParseResult {
    let sourceBytes = source
    let bodyStart = try checkEncoding(bytes)
    let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
    guard body.contains(where: { !isXMLSpace($0) }) else {
      throw ReadError(
        .malformed, sv: "XML-fel: dokumentet är tomt", en: "XML error: the document is empty", at: .start)
    }
    guard body.count <= Int(Int32.max) else {
      throw ReadError(
        .limit, sv: "filen är för stor för XML-läsaren", en: "the file is too large for the XML reader",
        at: .start)
    }
    if let found = XMLPrescan.scan(bytes, from: bodyStart, maxAttributes: limits.maxAttributes) {
      // An error's one position, from the table the tree uses (one home for line and column).
      let input = Array(bytes)
      var positions = Positions(input, origin: bodyStart)
      switch found {
      case .tooManyAttributes(let tagStart):
        throw ReadError(
          .limit,
          sv: "elementet har fler än \(limits.maxAttributes) attribut; så många behöver inget plandokument",
          en: "the element has more than \(limits.maxAttributes) attributes; no plan document needs that many",
          at: positions.location(ofOffset: tagStart, in: input))
      case .declaration(let offset, let kind):
        let location = positions.location(ofOffset: offset, in: input)
        if kind.hasPrefix("<!ENTITY") { throw Builder.entityDeclarationError(at: location) }
        throw ReadError(
          .malformed,
          sv: "XML-fel: en plan får inte ha en intern DTD; deklarationen \(kind) … är inte tillåten",
          en: "XML error: a plan may not have an internal DTD; the declaration \(kind) … is not allowed",
          at: location)
      }
    }
    let input = sourceBytes ?? Array(bytes)
    return try ProtectedSAXParser.parse(
      body, handlers: handlers, allowsDoctype: true, unstartableAt: .start,
      receiver: { ctxt in Builder(bytes: bytes, input: input, bodyStart: bodyStart, limits: limits, ctxt: ctxt) },
      finish: { builder, ctxt throws(ReadError) in try finish(builder, ctxt, bodyStart: bodyStart) })
  }

  /// The tree read, or the error that stopped it.
  static func finish(_ builder: Builder, _ ctxt: xmlParserCtxtPtr, bodyStart: Int) throws(ReadError) -> ParseResult {
    if let error = builder.error { throw error }
    if ctxt.pointee.wellFormed == 0 || !builder.rootDone {
      // Not reported through the structured handler (should not happen): use the context's last error.
      if let last = xmlCtxtGetLastError(ctxt) {
        builder.libxmlError(last)
        if let error = builder.error { throw error }
      }
      throw ReadError(
        .malformed, sv: "XML-fel: dokumentet kunde inte läsas", en: "XML error: the document could not be read",
        at: builder.cursorLocation())
    }
    return ParseResult(
      root: builder.tree.finish(input: builder.input, origin: bodyStart, positions: builder.positions),
      diagnostics: builder.diagnostics)
  }

  /// The builder's element and text handlers; everything else is `ProtectedSAXParser`'s.
  static let handlers = ProtectedSAXParser.Handlers(
    startElement: { context, localname, prefix, uri, _, _, attributeCount, defaultedCount, attributes in
      guard let context, let localname else { return }
      let builder = Unmanaged<Builder>.fromOpaque(context).takeUnretainedValue()
      builder.startElement(
        localname: localname, prefix: prefix, uri: uri,
        attributeCount: Int(attributeCount - defaultedCount), attributes: attributes)
    },
    endElement: { context, _, _, _ in
      guard let context else { return }
      Unmanaged<Builder>.fromOpaque(context).takeUnretainedValue().endElement()
    },
    characters: { context, text, length in
      guard let context, let text, length > 0 else { return }
      Unmanaged<Builder>.fromOpaque(context).takeUnretainedValue().characters(
        UnsafeBufferPointer(start: text, count: Int(length)))
    })

  // MARK: - Encoding

  /// Refuses what is not UTF-8 before libxml2 sees it; returns where the document proper starts (after a
  /// UTF-8 byte-order mark, which is skipped here so that libxml2 never switches decoders).
  static func checkEncoding(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
    let count = bytes.count
    if count == 0 {
      throw ReadError(
        .malformed, sv: "XML-fel: dokumentet är tomt", en: "XML error: the document is empty", at: .start)
    }
    if count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
      throw notUTF8(sv: "filen är kodad som UTF-16 eller UTF-32", en: "the file is encoded as UTF-16 or UTF-32")
    }
    if count >= 2, bytes[0] == 0 || bytes[1] == 0 || (count >= 4 && (bytes[2] == 0 || bytes[3] == 0)) {
      throw notUTF8(
        sv: "filen ser ut att vara kodad som UTF-16 eller UTF-32",
        en: "the file looks encoded as UTF-16 or UTF-32")
    }
    var start = 0
    if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
    if let declared = declaredEncoding(bytes, from: start) {
      let lower = declared.lowercased()
      if lower != "utf-8" && lower != "utf8" && lower != "us-ascii" && lower != "ascii" {
        throw notUTF8(
          sv: "dokumentet anger teckenkodningen \"\(declared)\"",
          en: "the document declares the encoding \"\(declared)\"")
      }
    }
    if let (offset, isNUL) = firstInvalidUTF8(bytes) {
      let input = Array(bytes)
      var positions = Positions(input, origin: start)
      let location = positions.location(ofOffset: offset, in: input)
      if isNUL {
        throw ReadError(
          .malformed, sv: "XML-fel: NUL-tecken (byte 0) är inte tillåtet i XML",
          en: "XML error: a NUL character (byte 0) is not allowed in XML", at: location)
      }
      throw ReadError(
        .malformed,
        sv: "ogiltig UTF-8: byte 0x\(hex(bytes[offset])) inleder inget giltigt tecken; filen måste vara UTF-8",
        en: "invalid UTF-8: byte 0x\(hex(bytes[offset])) does not start a valid character; the file must be UTF-8",
        at: location)
    }
    return start
  }

  static func notUTF8(sv: String, en: String) -> ReadError {
    ReadError(
      .malformed, sv: "\(sv); lagkoll läser bara UTF-8: spara filen som UTF-8",
      en: "\(en); lagkoll reads only UTF-8: save the file as UTF-8", at: .start)
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
  }

  /// The `encoding` pseudo-attribute of an XML declaration at `start`, if there is one.
  static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
    let prefix = Array("<?xml".utf8)
    guard bytes.count >= start + 6, Array(bytes[start..<start + 5]) == prefix, isXMLSpace(bytes[start + 5])
    else { return nil }
    let limit = min(bytes.count, start + 512)
    var end = start + 5
    while end + 1 < limit, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) {
      end += 1
    }
    let declaration = Array(bytes[start..<end])
    let name = Array("encoding".utf8)
    var index = 0
    while index + name.count <= declaration.count {
      if Array(declaration[index..<index + name.count]) == name {
        var cursor = index + name.count
        while cursor < declaration.count, isXMLSpace(declaration[cursor]) { cursor += 1 }
        guard cursor < declaration.count, declaration[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        while cursor < declaration.count, isXMLSpace(declaration[cursor]) { cursor += 1 }
        guard cursor < declaration.count else { return nil }
        let quote = declaration[cursor]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        let valueStart = cursor + 1
        guard let valueEnd = declaration[valueStart...].firstIndex(of: quote) else { return nil }
        return String(decoding: declaration[valueStart..<valueEnd], as: UTF8.self)
      }
      index += 1
    }
    return nil
  }

  /// The offset of the first byte that is not part of a valid UTF-8 sequence, or of the first NUL byte.
  /// Overlong forms, surrogates and code points past U+10FFFF are invalid.
  static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, isNUL: Bool)? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    var index = 0
    while index < count {
      // Fast path: eight ASCII bytes, none of them NUL.
      if index + 8 <= count {
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let hasHigh = word & 0x8080_8080_8080_8080
        let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
        if hasHigh == 0 && hasZero == 0 {
          index += 8
          continue
        }
      }
      let byte = base[index]
      if byte < 0x80 {
        if byte == 0 { return (index, true) }
        index += 1
        continue
      }
      var length = 0
      var lowest: UInt8 = 0x80
      var highest: UInt8 = 0xBF
      switch byte {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        lowest = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        highest = 0x9F
      case 0xF0:
        length = 4
        lowest = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        highest = 0x8F
      default: return (index, false)
      }
      guard index + length <= count else { return (index, false) }
      let second = base[index + 1]
      guard second >= lowest && second <= highest else { return (index, false) }
      for extra in 2..<max(2, length) where base[index + extra] & 0xC0 != 0x80 {
        return (index, false)
      }
      index += length
    }
    return nil
  }
}

@inline(__always) func isXMLSpace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
}

// MARK: - The format as the reader needs it

/// The plan format compiled into a tree of shapes: what the element at each position is.
final class XMLShape: Sendable {
  enum Kind: Sendable { case object, array, scalar }
  /// How a scalar's text becomes a value.
  enum Scalar: Sendable { case text, trimmed, integer, boolean }

  let kind: Kind
  let scalar: Scalar
  let fieldNames: [String]
  /// The names' ids in `NameTable.standard` (every document's table starts with it).
  let fieldIDs: [Int32]
  let fieldShapes: [XMLShape]
  let itemName: String
  let itemShape: XMLShape?
  /// The names' bytes, to match libxml2's element names without making a String of each.
  let fieldNameBytes: [[UInt8]]
  let itemNameBytes: [UInt8]

  init(
    kind: Kind, scalar: Scalar = .text, fieldNames: [String] = [], fieldShapes: [XMLShape] = [],
    itemName: String = "", itemShape: XMLShape? = nil
  ) {
    self.kind = kind
    self.scalar = scalar
    self.fieldNames = fieldNames
    self.fieldIDs = fieldNames.map { NameTable.standard.canonicalID(of: $0) ?? -1 }
    self.fieldNameBytes = fieldNames.map { Array($0.utf8) }
    self.itemNameBytes = Array(itemName.utf8)
    self.fieldShapes = fieldShapes
    self.itemName = itemName
    self.itemShape = itemShape
  }

  convenience init(_ type: PlanFormat.FieldType) {
    switch type {
    case .text: self.init(kind: .scalar, scalar: .text)
    case .date, .enumeration, .pattern, .reference: self.init(kind: .scalar, scalar: .trimmed)
    case .integer: self.init(kind: .scalar, scalar: .integer)
    case .boolean: self.init(kind: .scalar, scalar: .boolean)
    case .referenceList:
      self.init(kind: .array, itemName: "ref", itemShape: XMLShape(kind: .scalar, scalar: .trimmed))
    case .object(let object): self.init(object)
    case .array(let item, let of): self.init(kind: .array, itemName: item, itemShape: XMLShape(of))
    }
  }

  convenience init(_ object: PlanFormat.ObjectType) {
    // `id` is an attribute, never a child element; a child named id is an unknown field.
    let fields = object.fields.filter { !(object.idKind != nil && $0.name == "id") }
    self.init(kind: .object, fieldNames: fields.map(\.name), fieldShapes: fields.map { XMLShape($0.type) })
  }

  /// An element the format does not know: text unless it turns out to have element children.
  static let unknown = XMLShape(kind: .scalar, scalar: .text)
  static let plan = XMLShape(PlanFormat.plan)

  /// The field name whose bytes are `localname`'s, if any (an exact byte match: other spellings of the
  /// same name are left to `field(_:)`, which compares as strings).
  @inline(__always) func fieldName(matching localname: UnsafePointer<xmlChar>) -> String? {
    for index in fieldNameBytes.indices where Builder.equals(localname, fieldNameBytes[index]) {
      return fieldNames[index]
    }
    return nil
  }

  @inline(__always) func field(_ name: String) -> (String, Int32, XMLShape)? {
    for index in fieldNames.indices where fieldNames[index] == name {
      return (fieldNames[index], fieldIDs[index], fieldShapes[index])
    }
    return nil
  }
}

// MARK: - Positions

// MARK: - The tree builder

/// One open element.
struct XMLFrame {
  enum Mode { case object, array, text }

  var shape: XMLShape
  var mode: Mode
  /// The element's local name as written.
  var name: String
  /// The offset of the start tag's `<`: its line and column are computed only for a diagnostic.
  var offset: Int
  /// The member key in the parent object, or nil for a list item and the root.
  var key: String?
  /// The index in the parent list, for list items.
  var index: Int
  /// The element's record in the tree.
  var node: Int32
  /// The members' canonical name ids and key offsets, for the limit and the duplicate check.
  var keys: [(name: Int32, offset: Int)] = []
  /// The keys seen and where, once an object has too many members for a linear duplicate check.
  var keySet: [Int32: Int]? = nil
  /// Where the `id` attribute of an element that may still turn out to be an object stands (its record
  /// is the element's first child, removed if the element stays text).
  var pendingID: Int? = nil
  /// Where the element's content starts in the input (after the start tag's `>`), if known: its text is
  /// kept there rather than copied when the input holds it as read.
  var contentStart = -1
  var textDiagnosed = false
}

final class Builder: ProtectedSAXReceiver {
  let bytes: UnsafeBufferPointer<UInt8>
  let bodyStart: Int
  let maxDepth: Int
  let maxMembers: Int
  let ctxt: xmlParserCtxtPtr

  // The builder is used only from libxml2's callbacks during one parse, on one thread, and no access
  // overlaps another: dynamic exclusivity checks on these hot properties only cost time.
  @exclusivity(unchecked) var frames: [XMLFrame] = []
  /// Elements being skipped (another namespace), counted rather than stacked.
  var skipDepth = 0
  /// The text of the innermost element while it is still read as text.
  @exclusivity(unchecked) var text: [UInt8] = []
  @exclusivity(unchecked) var tree: TreeBuilder
  var rootDone = false
  var diagnostics: [ReadDiagnostic] = []
  var error: ReadError?
  /// Set with `error`: cheaper to test in every callback.
  var failed = false
  /// The document's bytes as an array, for the position table.
  let input: [UInt8]
  /// Line and column by offset, built the first time a diagnostic needs one and handed on to the tree.
  var positions: Positions?

  static let namespace = Array(PlanFormat.namespace.utf8)
  static let xsiNamespace = Array("http://www.w3.org/2001/XMLSchema-instance".utf8)

  init(
    bytes: UnsafeBufferPointer<UInt8>, input: [UInt8], bodyStart: Int, limits: ReadLimits, ctxt: xmlParserCtxtPtr
  ) {
    self.bytes = bytes
    self.input = input
    self.bodyStart = bodyStart
    self.maxDepth = limits.maxDepth
    self.maxMembers = limits.maxMembers
    self.ctxt = ctxt
    // About one node per 46 bytes of XML in plans (plangen's 30 000 actions: 591 000 nodes in 27 MB);
    // the estimate errs high, as the JSON reader's does: unwritten room costs no memory, growing does.
    tree = TreeBuilder(estimatedNodes: bytes.count / 36 + 16, keyForm: .xml)
    text.reserveCapacity(256)
    frames.reserveCapacity(32)
  }

  // MARK: Positions

  /// The offset in `bytes` of libxml2's read position.
  func cursorOffset() -> Int? {
    guard let input = ctxt.pointee.input, ctxt.pointee.inputNr <= 1, let cur = input.pointee.cur,
      let base = input.pointee.base
    else { return nil }
    return bodyStart + Int(input.pointee.consumed) + (cur - base)
  }

  func cursorLocation() -> SourceLocation {
    location(of: cursorOffset() ?? bytes.count)
  }

  func location(of offset: Int) -> SourceLocation {
    if positions == nil { positions = Positions(input, origin: bodyStart) }
    return positions!.location(ofOffset: max(offset, bodyStart), in: input)
  }

  /// The offset of the `<` of the start tag just read: libxml2 reports the start of an element with its
  /// read position at the tag's closing `>` (or `/>`), and `<` cannot occur inside a tag.
  /// `cursor`: libxml2's read position, when the caller has it already.
  func startTagOffset(cursor known: Int?? = nil) -> Int {
    guard let cursor = known ?? cursorOffset(), let base = bytes.baseAddress else { return bodyStart }
    var index = min(cursor, bytes.count - 1)
    if index >= 0 && base[index] == UInt8(ascii: "<") { index -= 1 }  // not expected; stay inside this tag
    while index > bodyStart && base[index] != UInt8(ascii: "<") { index -= 1 }
    return max(index, bodyStart)
  }

  /// The path of the innermost open element, with `component` appended.
  func path(appending component: JSONPointer.Component? = nil) -> JSONPointer {
    var pointer = path(upTo: frames.count - 1)
    switch component {
    case .key(let key): pointer = pointer.appending(key)
    case .index(let index): pointer = pointer.appending(index)
    case nil: break
    }
    return pointer
  }

  func diagnose(
    _ kind: ReadDiagnostic.Kind, sv: String, en: String, at location: SourceLocation, path: JSONPointer
  ) {
    diagnostics.append(ReadDiagnostic(kind, LocalizedText(sv: sv, en: en), at: location, path: path))
  }

  func fail(_ failure: ReadError) {
    guard !failed else { return }
    error = failure
    failed = true
    xmlStopParser(ctxt)
  }

  // MARK: SAX events

  func startElement(
    localname: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
    attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) {
    guard !failed else { return }
    if skipDepth > 0 {
      skipDepth += 1
      if frames.count + skipDepth > maxDepth { failDepth(at: location(of: startTagOffset())) }
      return
    }
    let cursor = cursorOffset()
    let tagStart = startTagOffset(cursor: cursor)
    if frames.count >= maxDepth {
      failDepth(at: location(of: tagStart))
      return
    }
    let inNamespace = Self.equals(uri, Self.namespace)
    // The element's name as a String: for the format's own names (nearly every element) the shape's
    // string, found by comparing bytes, rather than a new one per element.
    var known: String? = nil
    if inNamespace, let top = frames.indices.last {
      let shape = frames[top].shape
      switch frames[top].mode {
      case .object: known = shape.fieldName(matching: localname)
      case .array: known = Self.equals(localname, shape.itemNameBytes) ? shape.itemName : nil
      case .text: break
      }
    }
    let name = known ?? String(cString: localname)

    guard !frames.isEmpty else {
      startRoot(name: name, uri: uri, inNamespace: inNamespace, offset: tagStart)
      if !failed { readAttributes(attributeCount, attributes, tagStart: tagStart, element: name) }
      return
    }

    guard inNamespace else { return skipForeign(name: name, uri: uri, tagStart: tagStart) }
    let (shape, key, keyID, index) = placement(of: name, in: frames.count - 1, tagStart: tagStart)
    let mode: XMLFrame.Mode =
      switch shape.kind {
      case .object: .object
      case .array: .array
      case .scalar: .text
      }
    text.removeAll(keepingCapacity: true)
    let node = tree.open(
      mode == .object ? .object : mode == .array ? .array : .string, name: keyID, offset: tagStart,
      keyOffset: tagStart)
    frames.append(
      XMLFrame(shape: shape, mode: mode, name: name, offset: tagStart, key: key, index: index, node: node))
    if mode == .text, let cursor, cursor < bytes.count {
      // libxml2's read position at a start tag is its closing `>`; where it is not, the text is copied.
      if bytes[cursor] == UInt8(ascii: ">") {
        frames[frames.count - 1].contentStart = cursor + 1
      } else if cursor > 0, bytes[cursor - 1] == UInt8(ascii: ">") {
        frames[frames.count - 1].contentStart = cursor
      }
    }
    if attributeCount > 0 { readAttributes(attributeCount, attributes, tagStart: tagStart, element: name) }
  }

  /// An element of another namespace: diagnosed, and skipped with everything in it.
  func skipForeign(name: String, uri: UnsafePointer<xmlChar>?, tagStart: Int) {
    let namespace = uri.map { String(cString: $0) }
    let shown = namespace.map { "{\($0)}\(name)" } ?? name
    diagnose(
      .unexpectedContent,
      sv: "elementet <\(shown)> hör inte till planformatets namnrymd \(PlanFormat.namespace) och hoppas över",
      en: "the element <\(shown)> is not in the plan format's namespace \(PlanFormat.namespace) and is skipped",
      at: location(of: tagStart), path: path())
    skipDepth = 1
  }

  /// What the element `name` is under `frames[parentIndex]`: its shape, its member key and the key's
  /// name id (for an object's member), or its index (for a list's item, else -1).
  @inline(__always)
  func placement(of name: String, in parentIndex: Int, tagStart: Int) -> (
    shape: XMLShape, key: String?, keyID: Int32, index: Int
  ) {
    switch frames[parentIndex].mode {
    case .text:
      becomeObject(parentIndex)
      return (.unknown, name, tree.names.intern(name), -1)
    case .object:
      let parentShape = frames[parentIndex].shape
      if let (fieldName, fieldID, fieldShape) = parentShape.field(name) { return (fieldShape, fieldName, fieldID, -1) }
      // A name one slip from a field (<lagesbildr>) is read with that field's shape, so its items and
      // <ref>s come out as a list, as meant; the key stays as written, and the evaluation reports it.
      var shape = XMLShape.unknown
      if let meant = PlanFormat.intendedName(name, among: parentShape.fieldNames),
        let (_, _, fieldShape) = parentShape.field(meant)
      {
        shape = fieldShape
      }
      return (shape, name, tree.names.intern(name), -1)
    case .array:
      let parent = frames[parentIndex].shape
      let index = Int(tree.records[Int(frames[parentIndex].node)].count)
      if name != parent.itemName {
        diagnose(
          .unexpectedContent,
          sv: "<\(name)> står i en lista vars poster heter <\(parent.itemName)>",
          en: "<\(name)> stands in a list whose items are named <\(parent.itemName)>",
          at: location(of: tagStart), path: path(appending: .index(index)))
      }
      return (parent.itemShape ?? .unknown, nil, -1, index)
    }
  }

  func startRoot(name: String, uri: UnsafePointer<xmlChar>?, inNamespace: Bool, offset: Int) {
    guard name == PlanFormat.rootName && inNamespace else {
      let namespace = uri.map { "namnrymden \(String(cString: $0))" } ?? "ingen namnrymd"
      let namespaceEn = uri.map { "namespace \(String(cString: $0))" } ?? "no namespace"
      fail(
        ReadError(
          .foreign,
          sv:
            "inte ett plandokument: rotelementet är <\(name)> i \(namespace), inte <\(PlanFormat.rootName)> i namnrymden \(PlanFormat.namespace)",
          en:
            "not a plan document: the root element is <\(name)> in \(namespaceEn), not <\(PlanFormat.rootName)> in namespace \(PlanFormat.namespace)",
          at: location(of: offset)))
      return
    }
    let node = tree.open(.object, name: -1, offset: offset, keyOffset: offset)
    frames.append(XMLFrame(shape: .plan, mode: .object, name: name, offset: offset, key: nil, index: -1, node: node))
  }

  func failDepth(at location: SourceLocation) {
    fail(
      ReadError(
        .limit,
        sv: "elementen är nästlade djupare än gränsen \(maxDepth) nivåer",
        en: "the elements are nested deeper than the limit of \(maxDepth) levels", at: location))
  }

  /// An element read as text gets an element child: it is an object after all.
  func becomeObject(_ index: Int) {
    frames[index].mode = .object
    tree.setKind(.object, of: frames[index].node)
    if let id = frames[index].pendingID {
      frames[index].keys.append((Self.idName, id))
      frames[index].pendingID = nil
    }
    if !text.allSatisfy(isXMLSpace) { diagnoseText(frameIndex: index, text[...]) }
    text.removeAll(keepingCapacity: true)
  }

  func diagnoseText(frameIndex: Int, _ content: ArraySlice<UInt8>) {
    guard !frames[frameIndex].textDiagnosed else { return }
    frames[frameIndex].textDiagnosed = true
    var shown = String(decoding: content, as: UTF8.self).trimmingXMLSpace()
    if shown.count > 40 { shown = String(shown.prefix(40)) + "…" }
    let frame = frames[frameIndex]
    let name = frame.name
    let isList = frame.mode == .array
    diagnose(
      .unexpectedContent,
      sv: isList
        ? "texten \"\(shown)\" står direkt i listan <\(name)> och ignoreras"
        : "texten \"\(shown)\" står direkt i <\(name)>, utanför något fält, och ignoreras",
      en: isList
        ? "the text \"\(shown)\" stands directly in the list <\(name)> and is ignored"
        : "the text \"\(shown)\" stands directly in <\(name)>, outside any field, and is ignored",
      at: location(of: frame.offset), path: path(upTo: frameIndex))
  }

  /// The path of the element of `frames[frameIndex]`.
  func path(upTo frameIndex: Int) -> JSONPointer {
    var components: [JSONPointer.Component] = []
    if frameIndex >= 1 {
      for frame in frames[1...frameIndex] {
        if let key = frame.key { components.append(.key(key)) } else { components.append(.index(frame.index)) }
      }
    }
    return JSONPointer(components)
  }

  func readAttributes(
    _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, tagStart: Int, element: String
  ) {
    guard count > 0, let attributes, let top = frames.indices.last else { return }
    var scanner = TagScanner(bytes: bytes, position: tagStart)
    scanner.skipName()
    let elementOffset = frames[top].offset
    for number in 0..<count {
      let base = attributes + 5 * number
      guard let localname = base[0], let valueStart = base[3], let valueEnd = base[4] else { continue }
      let prefix = base[1]
      let uri = base[2]
      // Where the attribute stands: the scanner finds the attributes in document order, as libxml2 lists
      // them; if the names disagree, the element's location is used.
      var keyOffset = elementOffset
      var valueOffset = elementOffset
      if let found = scanner.nextAttribute(), found.matches(localname: localname, prefix: prefix, in: bytes) {
        keyOffset = found.nameStart
        valueOffset = found.quote
      } else {
        scanner.failed = true
      }
      let name = String(cString: localname)
      if prefix == nil && name == "id" {
        var value = String(
          decoding: UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart), as: UTF8.self)
        // Without entity substitution libxml2 hands over `&` (from &amp; or &#38;) as "&#38;".
        if value.utf8.contains(UInt8(ascii: "&")) { value = Self.decodingAmpersands(value) }
        func addID() {
          // The value follows its opening quote, when the scanner found it.
          let (start, inInput) = keep(value.utf8, inputOffset: valueOffset == elementOffset ? -1 : valueOffset + 1)
          tree.scalar(
            .string, name: Self.idName, offset: valueOffset, keyOffset: keyOffset, textStart: start,
            textCount: value.utf8.count, inInput: inInput)
        }
        switch frames[top].mode {
        case .object:
          addID()
          frames[top].keys.append((Self.idName, keyOffset))
          continue
        case .text:
          addID()
          frames[top].pendingID = keyOffset
          continue
        case .array:
          break
        }
      } else if Builder.equals(uri, Builder.xsiNamespace)
        && (name == "schemaLocation" || name == "noNamespaceSchemaLocation")
      {
        continue  // where the XML Schema is: not content
      }
      let shown = prefix.map { "\(String(cString: $0)):\(name)" } ?? name
      diagnose(
        .unexpectedContent,
        sv: "attributet \(shown) på <\(element)> hör inte till formatet och ignoreras",
        en: "the attribute \(shown) on <\(element)> is not part of the format and is ignored",
        at: location(of: keyOffset), path: path())
    }
  }

  func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
    guard !failed, skipDepth == 0, let top = frames.indices.last else { return }
    switch frames[top].mode {
    case .text:
      text.append(contentsOf: chunk)
    case .object, .array:
      if !frames[top].textDiagnosed, !chunk.allSatisfy(isXMLSpace) {
        diagnoseText(frameIndex: top, ArraySlice(chunk))
      }
    }
  }

  func endElement() {
    guard !failed else { return }
    if skipDepth > 0 {
      skipDepth -= 1
      return
    }
    guard var frame = frames.popLast() else { return }
    switch frame.mode {
    case .object, .array:
      tree.close()
    case .text:
      if let id = frame.pendingID {
        frames.append(frame)  // for the path
        diagnose(
          .unexpectedContent,
          sv: "attributet id på <\(frame.name)> kan inte återges: elementet är ett textfält",
          en: "the attribute id on <\(frame.name)> cannot be represented: the element is a text field",
          at: location(of: id), path: path())
        frame = frames.removeLast()
        tree.removeLast()
      }
      closeScalar(frame.shape.scalar, contentStart: frame.contentStart)
      text.removeAll(keepingCapacity: true)
    }
    guard let parent = frames.indices.last else {
      rootDone = true
      return
    }
    if let key = frame.key {
      let name = tree.names.canonical[Int(tree.records[Int(frame.node)].name)]
      addMember(key: key, name: name, keyOffset: frame.offset, to: parent)
    }
  }

  /// The spelling id of `id` (the first name of every table).
  static let idName: Int32 = NameTable.standard.canonicalID(of: "id")!

  func addMember(key: String, name: Int32, keyOffset: Int, to parent: Int) {
    guard frames[parent].keys.count < maxMembers else {
      fail(
        ReadError(
          .limit,
          sv: "<\(frames[parent].name)> har fler än \(maxMembers) underelement; så många behöver inget plandokument",
          en: "<\(frames[parent].name)> has more than \(maxMembers) child elements; no plan document needs that many",
          at: location(of: keyOffset)))
      return
    }
    var firstOffset: Int? = nil
    if frames[parent].keySet != nil {
      firstOffset = frames[parent].keySet![name]
      if firstOffset == nil { frames[parent].keySet![name] = keyOffset }
    } else {
      firstOffset = frames[parent].keys.withUnsafeBufferPointer { buffer in
        for index in buffer.indices where buffer[index].name == name { return buffer[index].offset }
        return nil
      }
      if frames[parent].keys.count >= 16 {
        var keys: [Int32: Int] = [:]
        for existing in frames[parent].keys where keys[existing.name] == nil {
          keys[existing.name] = existing.offset
        }
        if keys[name] == nil { keys[name] = keyOffset }
        frames[parent].keySet = keys
      }
    }
    if let firstOffset {
      let first = location(of: firstOffset)
      let keyLocation = location(of: keyOffset)
      diagnose(
        .duplicateKey,
        sv: "elementet <\(key)> förekommer redan i samma objekt (rad \(first.line), kolumn \(first.column)); "
          + "båda behålls, men uppslag ser bara det första",
        en: "the element <\(key)> already occurs in the same object (line \(first.line), column \(first.column)); "
          + "both are kept, but lookups see only the first",
        at: keyLocation, path: path(appending: .key(key)))
    }
    frames[parent].keys.append((name, keyOffset))
  }

  /// Where the scalar text `content` is kept: in the input at `inputOffset` when the bytes there are the
  /// same (no entity or character reference, CDATA section, comment or CR LF in it: libxml2 hands those
  /// over changed), so the tree holds no second copy of the document's text; else in the tree's text.
  func keep<C: Collection>(_ content: C, inputOffset: Int) -> (start: Int, inInput: Bool) where C.Element == UInt8 {
    tree.keep(content, ifAt: inputOffset, in: bytes)
  }

  /// Closes the element just read as a scalar of the given kind, from the text read; `contentStart`: where
  /// the element's content starts in the input, or -1.
  func closeScalar(_ kind: XMLShape.Scalar, contentStart: Int) {
    switch kind {
    case .text:
      let (start, inInput) = keep(text, inputOffset: contentStart)
      tree.closeAsScalar(.string, textStart: start, textCount: text.count, inInput: inInput)
    case .trimmed, .integer, .boolean:
      var start = 0
      var end = text.count
      while start < end && isXMLSpace(text[start]) { start += 1 }
      while end > start && isXMLSpace(text[end - 1]) { end -= 1 }
      let trimmed = text[start..<end]
      if kind == .boolean {
        if trimmed.elementsEqual("true".utf8) { return tree.closeAsScalar(.boolean, textStart: 1, textCount: 0) }
        if trimmed.elementsEqual("false".utf8) { return tree.closeAsScalar(.boolean, textStart: 0, textCount: 0) }
      }
      let (textStart, inInput) = keep(trimmed, inputOffset: contentStart < 0 ? -1 : contentStart + start)
      let isNumber = kind == .integer && Self.isJSONInteger(trimmed)
      tree.closeAsScalar(
        isNumber ? .number : .string, textStart: textStart, textCount: trimmed.count, inInput: inInput)
    }
  }

  /// `-?(0|[1-9][0-9]*)`, the JSON form of a whole number.
  static func isJSONInteger(_ text: ArraySlice<UInt8>) -> Bool {
    var digits = text[...]
    if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
    guard let first = digits.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return false }
    if first == UInt8(ascii: "0") && digits.count > 1 { return false }
    return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }

  /// `value` with every "&#38;" turned back into "&".
  static func decodingAmpersands(_ value: String) -> String {
    let utf8 = Array(value.utf8)
    let encoded = Array("&#38;".utf8)
    var result: [UInt8] = []
    result.reserveCapacity(utf8.count)
    var index = 0
    while index < utf8.count {
      if utf8[index] == UInt8(ascii: "&") && utf8[index...].starts(with: encoded) {
        result.append(UInt8(ascii: "&"))
        index += encoded.count
      } else {
        result.append(utf8[index])
        index += 1
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  static func equals(_ string: UnsafePointer<xmlChar>?, _ expected: [UInt8]) -> Bool {
    guard let string else { return false }
    var index = 0
    while index < expected.count {
      if string[index] != expected[index] { return false }
      index += 1
    }
    return string[index] == 0
  }

  // MARK: Errors

  func refuseEntityDeclaration() {
    var at = cursorOffset() ?? bodyStart
    // Point at the declaration's `<!ENTITY`, which lies before the read position.
    let marker = Array("<!ENTITY".utf8)
    var index = min(at, bytes.count) - marker.count
    while index >= bodyStart {
      if bytes[index] == UInt8(ascii: "<") && Array(bytes[index..<index + marker.count]) == marker {
        at = index
        break
      }
      index -= 1
    }
    fail(Builder.entityDeclarationError(at: location(of: at)))
  }

  static func entityDeclarationError(at location: SourceLocation) -> ReadError {
    ReadError(
      .malformed,
      sv: "XML-fel: entitetsdeklarationer (<!ENTITY …>) är inte tillåtna i ett plandokument",
      en: "XML error: entity declarations (<!ENTITY …>) are not allowed in a plan document",
      at: location)
  }

  func refuse(_ refusal: ProtectedSAXParser.Refusal) {
    switch refusal {
    case .entityDeclaration: refuseEntityDeclaration()
    case .doctype: break  // a plan may have a plain DOCTYPE; XMLPrescan refuses any declaration in it
    }
  }

  func libxmlError(_ error: UnsafePointer<xmlError>) {
    guard !failed, let failure = ProtectedSAXParser.Failure(error) else { return }
    let info = error.pointee
    let code = failure.code
    var at = cursorLocation()
    if cursorOffset() == nil, info.line > 0 {
      // Not in the main input: libxml2's own line, at its start.
      var index = bodyStart
      var line = 1
      while index < bytes.count && line < Int(info.line) {
        if bytes[index] == 0x0A { line += 1 }
        index += 1
      }
      at = location(of: index)
    }
    if let cursor = cursorOffset(),
      code == Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue) || code == Int32(XML_NS_ERR_UNDEFINED_NAMESPACE.rawValue)
    {
      // Reported with the read position after the offending tag: point at its `<` instead.
      var index = min(cursor, bytes.count) - 1
      while index > bodyStart && bytes[index] != UInt8(ascii: "<") { index -= 1 }
      at = location(of: max(index, bodyStart))
    }
    if code == Int32(XML_ERR_INTERNAL_ERROR.rawValue) && failure.message.hasPrefix("Excessive depth") {
      fail(
        ReadError(
          .limit, sv: "elementen är nästlade djupare än libxml2:s gräns 256 nivåer",
          en: "the elements are nested deeper than libxml2's limit of 256 levels", at: at))
      return
    }
    fail(ReadError(.malformed, sv: "XML-fel: \(failure.swedish)", en: "XML error: \(failure.message)", at: at))
  }
}

/// Walks the attributes of a start tag in the original bytes, to locate them: `<name (S attr S? = S?
/// "value")* S? /?>`. Namespace declarations (`xmlns`, `xmlns:p`) are skipped, as libxml2 does not list
/// them among the attributes.
struct TagScanner {
  struct Found {
    var nameStart: Int
    var nameEnd: Int
    var quote: Int

    func matches(
      localname: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
      var index = nameStart
      if let prefix {
        var p = prefix
        while p.pointee != 0 {
          guard index < nameEnd, bytes[index] == p.pointee else { return false }
          index += 1
          p += 1
        }
        guard index < nameEnd, bytes[index] == UInt8(ascii: ":") else { return false }
        index += 1
      }
      var l = localname
      while l.pointee != 0 {
        guard index < nameEnd, bytes[index] == l.pointee else { return false }
        index += 1
        l += 1
      }
      return index == nameEnd
    }
  }

  let bytes: UnsafeBufferPointer<UInt8>
  var position: Int
  var failed = false

  init(bytes: UnsafeBufferPointer<UInt8>, position: Int) {
    self.bytes = bytes
    self.position = position
  }

  mutating func skipName() {
    position += 1  // the <
    while position < bytes.count, !isXMLSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
      bytes[position] != UInt8(ascii: "/")
    {
      position += 1
    }
  }

  mutating func nextAttribute() -> Found? {
    guard !failed else { return nil }
    while true {
      while position < bytes.count, isXMLSpace(bytes[position]) { position += 1 }
      guard position < bytes.count, bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/")
      else { return nil }
      let nameStart = position
      while position < bytes.count, !isXMLSpace(bytes[position]), bytes[position] != UInt8(ascii: "=") {
        position += 1
      }
      let nameEnd = position
      while position < bytes.count, isXMLSpace(bytes[position]) { position += 1 }
      guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { return nil }
      position += 1
      while position < bytes.count, isXMLSpace(bytes[position]) { position += 1 }
      guard position < bytes.count else { return nil }
      let quote = position
      let quoteChar = bytes[position]
      guard quoteChar == UInt8(ascii: "\"") || quoteChar == UInt8(ascii: "'") else { return nil }
      position += 1
      while position < bytes.count, bytes[position] != quoteChar { position += 1 }
      position += 1
      let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
      let isNamespaceDeclaration =
        name.starts(with: "xmlns".utf8) && (name.count == 5 || name[5] == UInt8(ascii: ":"))
      if !isNamespaceDeclaration { return Found(nameStart: nameStart, nameEnd: nameEnd, quote: quote) }
    }
  }
}

extension String {
  func trimmingXMLSpace() -> String {
    let utf8 = Array(self.utf8)
    var start = 0
    var end = utf8.count
    while start < end && isXMLSpace(utf8[start]) { start += 1 }
    while end > start && isXMLSpace(utf8[end - 1]) { end -= 1 }
    return String(decoding: utf8[start..<end], as: UTF8.self)
  }

}
