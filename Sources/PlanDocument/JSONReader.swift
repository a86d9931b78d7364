/// A strict RFC 8259 JSON reader that records the position of every node and key.
///
/// Where RFC 8259 leaves a reader free (the `i_` cases of JSONTestSuite), it decides so:
/// - Numbers are kept as the text written, never converted, so any magnitude is accepted: `1e999`,
///   `-1e-999`, `-237462374673276894279832749832423479823246327846`, a number of 100 000 digits.
/// - Text must be Unicode. An escaped lone surrogate (`"\uDFAA"`, or `"\uD800"` not followed by an
///   escaped low surrogate) is refused: it has no UTF-8 form and could not be shown or written out as XML.
/// - The bytes must be UTF-8 (RFC 8259 § 8.1). Invalid UTF-8 anywhere (overlong forms, surrogates encoded
///   in UTF-8, code points above U+10FFFF, cut-off sequences, stray continuation bytes, Latin-1 text) is
///   refused at the offending byte. UTF-16 and UTF-32, with or without a byte order mark, are refused with
///   a message saying the file must be saved as UTF-8.
/// - A UTF-8 byte order mark at the very start is skipped; columns on the first line count from after it,
///   as editors show them.
/// - Nesting deeper than `ReadLimits.maxDepth` (256 by default) is refused as a `.limit` error, so the
///   suite's 500 nested arrays are refused unless the limit is raised.
/// - Duplicate keys are all kept, in order, and each repetition is reported as a `ReadDiagnostic`. Keys
///   are compared as Swift strings, so canonically equivalent spellings (`é` precomposed or not) count
///   as the same key: a lookup by key could only ever find the first of them.
///
/// Lines end at LF, CR LF or a lone CR, as in `LineIndex`; columns count Unicode code points, so a tab,
/// an `é` and an emoji are one column each.
public enum JSONReader {
  /// Parses one JSON document. Throws `ReadError` (`.malformed`, or `.limit` for too deep nesting),
  /// always with the position of the problem.
  /// `source`: the same bytes as an array, kept by the tree for its text and positions (copied from
  /// `bytes` when not given).
  public static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, limits: ReadLimits, source: [UInt8]? = nil
  ) throws -> ParseResult {
    var parser = JSONParser(bytes, maxDepth: limits.maxDepth, maxMembers: limits.maxMembers)
    return try parser.parseDocument(source: source ?? Array(bytes))
  }
}

// MARK: - The parser

/// One object or array that has been opened and not yet closed.
private struct OpenContainer {
  var isObject: Bool
  /// Where this object's keys begin on the shared key stack.
  var firstChild: Int
  /// This container's index in its parent, when the parent is an array (for JSON Pointer paths).
  var indexInParent: Int
  /// The spelling id and offset of the key of the member whose value is being read (objects only).
  var keyName: Int32 = -1
  var keyOffset = 0
  /// First index of each key (by canonical name id), built only once an object grows past
  /// `linearKeySearchLimit` members.
  var keyIndex: [Int32: Int]? = nil
}

/// Objects up to this many members are searched linearly for duplicate keys; larger ones use a dictionary.
private let linearKeySearchLimit = 12

private struct JSONParser: ~Copyable {
  let bytes: UnsafeBufferPointer<UInt8>
  let end: Int
  let maxDepth: Int
  let maxMembers: Int

  var position = 0
  // Line and column are tracked while scanning: the column of an offset on the current line is its
  // distance from the line start less the UTF-8 continuation bytes passed on the way.
  var line = 1
  var lineStart = 0
  var continuationBytesOnLine = 0

  var containers: [OpenContainer] = []
  /// The keys of the open objects (canonical name id, line and column), for the duplicate check.
  var keys: [(name: Int32, line: Int32, column: Int32)] = []
  var tree: TreeBuilder
  /// Reused for every string that has escapes, so decoding one allocates only the final String.
  var scratch: [UInt8] = []
  var diagnostics: [ReadDiagnostic] = []

  init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, maxMembers: Int) {
    self.bytes = bytes
    self.end = bytes.count
    self.maxDepth = maxDepth
    self.maxMembers = maxMembers
    containers.reserveCapacity(min(maxDepth, 64))
    scratch.reserveCapacity(256)
    // About one node per 40 bytes in plans as plangen writes them, fewer bytes when written without
    // indentation. Reserved room that is never written costs address space, not memory (the pages are
    // never touched), while growing copies every record and holds both copies at once (1.5 times the
    // records at the peak): so the estimate errs high.
    tree = TreeBuilder(estimatedNodes: bytes.count / 32 + 16, keyForm: .json)
  }

  mutating func parseDocument(source: [UInt8]) throws(ReadError) -> ParseResult {
    try checkEncoding()
    skipWhitespace()
    if position == end {
      if end == lineStart {
        throw ReadError(
          .malformed, sv: "tom fil: ett JSON-värde väntades", en: "empty file: expected a JSON value", at: .start)
      }
      throw malformed(
        sv: "filen innehåller bara blanktecken: ett JSON-värde väntades",
        en: "the file holds only white space: expected a JSON value", at: end)
    }
    try parseValues()
    skipWhitespace()
    if position < end {
      throw unexpected(
        sv: "inget mer efter dokumentets värde (bara blanktecken får följa)",
        en: "nothing after the document's value (only white space may follow)")
    }
    let origin = end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    return ParseResult(root: tree.finish(input: source, origin: origin), diagnostics: diagnostics)
  }

  // MARK: Structure

  /// Reads the value at `position` and everything nested in it, without recursion: open objects and
  /// arrays live on `containers`, and each value becomes a record of the tree as it is read.
  mutating func parseValues() throws(ReadError) {
    // After a comma in an array, where `]` is the error of a trailing comma.
    var afterComma = false
    while true {
      if try readValue(afterComma: afterComma) {
        afterComma = false
      } else if try !finishValues(afterComma: &afterComma) {
        return
      }
    }
  }

  /// Reads one value at `position`: a scalar or an empty container whole (false), or the start of a
  /// container whose first member or item comes next (true).
  @inline(__always)
  mutating func readValue(afterComma: Bool) throws(ReadError) -> Bool {
    guard position < end else {
      throw endOfInput(sv: "ett värde", en: "a value")
    }
    let start = position
    switch bytes[position] {
    case ascii("{"):
      try open(isObject: true)
      skipWhitespace()
      guard position < end, bytes[position] == ascii("}") else {
        try readKey(afterComma: false)
        return true
      }
      position += 1
      closeObject()
    case ascii("["):
      try open(isObject: false)
      skipWhitespace()
      guard position < end, bytes[position] == ascii("]") else { return true }
      position += 1
      closeArray()
    case ascii("\""):
      let (textStart, count, inInput) = try readStringText()
      let (name, keyOffset) = pendingKey(at: start)
      tree.scalar(
        .string, name: name, offset: start, keyOffset: keyOffset, textStart: textStart, textCount: count,
        inInput: inInput)
    case ascii("-"), ascii("0")...ascii("9"):
      try readNumber()
      let (name, keyOffset) = pendingKey(at: start)
      tree.scalar(
        .number, name: name, offset: start, keyOffset: keyOffset, textStart: start, textCount: position - start,
        inInput: true)
    case ascii("t"):
      try readLiteral("true")
      let (name, keyOffset) = pendingKey(at: start)
      tree.scalar(.boolean, name: name, offset: start, keyOffset: keyOffset, textStart: 1)
    case ascii("f"):
      try readLiteral("false")
      let (name, keyOffset) = pendingKey(at: start)
      tree.scalar(.boolean, name: name, offset: start, keyOffset: keyOffset, textStart: 0)
    case ascii("n"):
      try readLiteral("null")
      let (name, keyOffset) = pendingKey(at: start)
      tree.scalar(.null, name: name, offset: start, keyOffset: keyOffset)
    case ascii("]") where afterComma:
      throw malformed(
        sv: "kommatecken före ']': efter ett kommatecken väntades ett värde",
        en: "comma before ']': a value was expected after the comma", at: position)
    default:
      throw unexpected(sv: "ett värde", en: "a value")
    }
    return false
  }

  /// Hands a finished value to its container; a closing bracket finishes that container in turn. True
  /// when a comma says another value follows (`afterComma` set after an array's), false at the end of
  /// the document's value.
  @inline(__always)
  mutating func finishValues(afterComma: inout Bool) throws(ReadError) -> Bool {
    while let top = containers.indices.last {
      skipWhitespace()
      if containers[top].isObject {
        guard position < end else {
          throw endOfInput(sv: "',' eller '}'", en: "',' or '}'")
        }
        switch bytes[position] {
        case ascii(","):
          position += 1
          skipWhitespace()
          try readKey(afterComma: true)
          return true
        case ascii("}"):
          position += 1
          closeObject()
        default:
          throw unexpected(sv: "',' eller '}' efter en medlem i ett objekt", en: "',' or '}' after an object member")
        }
      } else {
        guard position < end else {
          throw endOfInput(sv: "',' eller ']'", en: "',' or ']'")
        }
        switch bytes[position] {
        case ascii(","):
          position += 1
          skipWhitespace()
          afterComma = true
          return true
        case ascii("]"):
          position += 1
          closeArray()
        default:
          throw unexpected(sv: "',' eller ']' efter ett element i en lista", en: "',' or ']' after an array item")
        }
      }
    }
    return false
  }

  /// The name and key offset of the value starting at `offset`: its key's, in an object.
  @inline(__always)
  func pendingKey(at offset: Int) -> (Int32, Int) {
    guard let top = containers.last, top.isObject else { return (-1, offset) }
    return (top.keyName, top.keyOffset)
  }

  /// Opens the object or array whose bracket is at `position`, refusing it if it nests too deep.
  mutating func open(isObject: Bool) throws(ReadError) {
    guard containers.count < maxDepth else {
      throw ReadError(
        .limit,
        sv: "för djup nästling: mer än \(maxDepth) nivåer av objekt och listor",
        en: "nesting too deep: more than \(maxDepth) levels of objects and arrays",
        at: location(at: position))
    }
    var indexInParent = 0
    if let parent = containers.last, !parent.isObject {
      indexInParent = Int(tree.records[Int(tree.parent)].count)
    }
    let (name, keyOffset) = pendingKey(at: position)
    tree.open(isObject ? .object : .array, name: name, offset: position, keyOffset: keyOffset)
    containers.append(OpenContainer(isObject: isObject, firstChild: keys.count, indexInParent: indexInParent))
    position += 1
  }

  mutating func closeObject() {
    let container = containers.removeLast()
    keys.removeSubrange(container.firstChild...)
    tree.close()
  }

  mutating func closeArray() {
    containers.removeLast()
    tree.close()
  }

  /// Reads `"key" :` at `position` for the innermost object and leaves `position` at its value.
  mutating func readKey(afterComma: Bool) throws(ReadError) {
    guard position < end else {
      throw endOfInput(sv: "en nyckel inom citattecken", en: "a key in double quotes")
    }
    guard bytes[position] == ascii("\"") else {
      if afterComma, bytes[position] == ascii("}") {
        throw malformed(
          sv: "kommatecken före '}': efter ett kommatecken väntades en nyckel",
          en: "comma before '}': a key was expected after the comma", at: position)
      }
      throw unexpected(sv: "en nyckel inom citattecken (\")", en: "a key in double quotes (\")")
    }
    let keyOffset = position
    // Line and column as two numbers, kept for a later duplicate's message (no SourceLocation per key).
    let keyLine = Int32(truncatingIfNeeded: line)
    let keyColumn = Int32(truncatingIfNeeded: position - lineStart - continuationBytesOnLine + 1)
    // A key without escapes is interned from its bytes: a key seen before makes no String.
    let (start, count, inInput) = try readStringText()
    let name =
      inInput
      ? tree.names.intern(bytes: UnsafeBufferPointer(rebasing: bytes[start..<start + count]))
      : tree.names.intern(String(decoding: tree.text[start..<start + count], as: UTF8.self))
    try noteKey(spelling: name, offset: keyOffset, line: keyLine, column: keyColumn)
    let top = containers.count - 1
    containers[top].keyName = name
    containers[top].keyOffset = keyOffset
    skipWhitespace()
    guard position < end, bytes[position] == ascii(":") else {
      if position >= end { throw endOfInput(sv: "':' efter nyckeln", en: "':' after the key") }
      let key = tree.names.spellings[Int(name)]
      throw unexpected(sv: "':' efter nyckeln \"\(key)\"", en: "':' after the key \"\(key)\"")
    }
    position += 1
    skipWhitespace()
  }

  /// Reports the key (spelling id `spelling`, at `offset`) if the innermost object already has it.
  mutating func noteKey(spelling: Int32, offset: Int, line: Int32, column: Int32) throws(ReadError) {
    let name = tree.names.canonical[Int(spelling)]
    var location: SourceLocation { SourceLocation(offset: offset, line: Int(line), column: Int(column)) }
    let top = containers.count - 1
    let first = containers[top].firstChild
    let index = keys.count
    guard index - first < maxMembers else {
      throw ReadError(
        .limit,
        sv: "objektet har fler än \(maxMembers) nycklar; så många behöver inget plandokument",
        en: "the object has more than \(maxMembers) keys; no plan document needs that many", at: location)
    }
    var earlier: Int?
    if index - first < linearKeySearchLimit {
      for candidate in first..<index where keys[candidate].name == name {
        earlier = candidate
        break
      }
    } else {
      if containers[top].keyIndex == nil {
        var keyIndex: [Int32: Int] = [:]
        keyIndex.reserveCapacity(2 * (index - first))
        for candidate in first..<index where keyIndex[keys[candidate].name] == nil {
          keyIndex[keys[candidate].name] = candidate
        }
        containers[top].keyIndex = keyIndex
      }
      earlier = containers[top].keyIndex![name]
      if earlier == nil { containers[top].keyIndex![name] = index }
    }
    keys.append((name, line, column))
    guard let earlier else { return }
    let firstLocation = (line: keys[earlier].line, column: keys[earlier].column)
    let key = tree.names.spellings[Int(spelling)]
    diagnostics.append(
      ReadDiagnostic(
        .duplicateKey,
        LocalizedText(
          sv:
            "nyckeln \"\(key)\" förekommer redan i samma objekt (rad \(firstLocation.line), kolumn \(firstLocation.column)); "
            + "båda behålls, men uppslag ser bara den första",
          en:
            "the key \"\(key)\" already occurs in the same object (line \(firstLocation.line), column \(firstLocation.column)); "
            + "both are kept, but lookups see only the first"),
        at: location, path: currentPath(appending: key)))
  }

  /// The JSON Pointer of the member `key` of the innermost object; built only when a diagnostic needs it.
  func currentPath(appending key: String) -> JSONPointer {
    var components: [JSONPointer.Component] = []
    components.reserveCapacity(containers.count)
    for level in 0..<(containers.count - 1) {
      if containers[level].isObject {
        components.append(.key(tree.names.spellings[Int(containers[level].keyName)]))
      } else {
        components.append(.index(containers[level + 1].indexInParent))
      }
    }
    components.append(.key(key))
    return JSONPointer(components)
  }

  // MARK: Scalars

  mutating func readLiteral(_ word: StaticString) throws(ReadError) {
    let start = position
    let count = word.utf8CodeUnitCount
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    var matched = 0
    while matched < count, start + matched < end, bytes[start + matched] == expected[matched] {
      matched += 1
    }
    if matched == count {
      position += count
      return
    }
    if start + matched == end {
      position = end
      throw endOfInput(sv: "resten av '\(word)'", en: "the rest of '\(word)'")
    }
    // Name the whole word that was written, so `True` or `nil` reads as such in the message.
    var wordEnd = start
    while wordEnd < end, wordEnd - start < 40, isASCIILetter(bytes[wordEnd]) { wordEnd += 1 }
    let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<wordEnd]), as: UTF8.self)
    throw malformed(
      sv:
        "okänt ord '\(written)': ett värde väntades (true, false, null, ett tal, en sträng, ett objekt eller en lista)",
      en: "unknown word '\(written)': expected a value (true, false, null, a number, a string, an object or an array)",
      at: start)
  }

  /// Reads a number by the RFC 8259 grammar; its exact text is the bytes passed.
  mutating func readNumber() throws(ReadError) {
    if bytes[position] == ascii("-") { position += 1 }
    guard position < end else { throw endOfInput(sv: "en siffra efter '-'", en: "a digit after '-'") }
    switch bytes[position] {
    case ascii("0"):
      position += 1
      if position < end, isDigit(bytes[position]) {
        throw malformed(
          sv: "tal får inte börja med en nolla följd av fler siffror",
          en: "a number must not start with a zero followed by more digits", at: position - 1)
      }
    case ascii("1")...ascii("9"):
      skipDigits()
    default:
      throw unexpected(sv: "en siffra efter '-'", en: "a digit after '-'")
    }
    if position < end, bytes[position] == ascii(".") {
      position += 1
      try requireDigit(sv: "en siffra efter decimalpunkten", en: "a digit after the decimal point")
      skipDigits()
    }
    if position < end, bytes[position] | 0x20 == ascii("e") {
      position += 1
      if position < end, bytes[position] == ascii("+") || bytes[position] == ascii("-") { position += 1 }
      try requireDigit(sv: "en siffra i exponenten", en: "a digit in the exponent")
      skipDigits()
    }
  }

  @inline(__always)
  mutating func skipDigits() {
    while position < end, isDigit(bytes[position]) { position += 1 }
  }

  mutating func requireDigit(sv: String, en: String) throws(ReadError) {
    guard position < end else { throw endOfInput(sv: sv, en: en) }
    guard isDigit(bytes[position]) else { throw unexpected(sv: sv, en: en) }
  }

  /// Reads a string value: its text's range in the input when it has no escapes, else decoded into the
  /// tree's text.
  mutating func readStringText() throws(ReadError) -> (start: Int, count: Int, inInput: Bool) {
    let opening = position
    position += 1
    let contentStart = position
    skipPlainASCII()
    while position < end {
      let byte = bytes[position]
      if byte == ascii("\"") {
        position += 1
        return (contentStart, position - 1 - contentStart, true)
      } else if byte == ascii("\\") {
        position = opening
        let text = try readString()
        let start = tree.appendText(text.utf8)
        return (start, text.utf8.count, false)
      } else if byte >= 0x80 {
        try skipMultibyteCharacter()
      } else if byte < 0x20 {
        throw unescapedControlCharacter(byte)
      } else {
        position += 1
      }
    }
    throw unterminatedString(opening: opening)
  }

  /// Steps over string content eight bytes at a time while it is ASCII without a quote, a backslash
  /// or a control character (which need the byte-by-byte loop); leaves line and column unchanged, as
  /// such bytes are one column each and no line end.
  @inline(__always)
  mutating func skipPlainASCII() {
    guard let base = bytes.baseAddress else { return }
    while position + 8 <= end {
      let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
      if word & 0x8080_8080_8080_8080 != 0 { return }
      let control = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
      let quote = word ^ 0x2222_2222_2222_2222
      let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
      let special =
        (quote &- 0x0101_0101_0101_0101) & ~quote | (backslash &- 0x0101_0101_0101_0101) & ~backslash
      if (control | special) & 0x8080_8080_8080_8080 != 0 { return }
      position += 8
    }
  }

  /// Reads the string whose opening quote is at `position` and steps past its closing quote.
  mutating func readString() throws(ReadError) -> String {
    let opening = position
    position += 1
    let contentStart = position
    // Most strings have no escapes: validate in place and make the String straight from the bytes.
    while position < end {
      let byte = bytes[position]
      if byte == ascii("\"") {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<position]), as: UTF8.self)
        position += 1
        return text
      } else if byte == ascii("\\") {
        return try readEscapedString(opening: opening, contentStart: contentStart)
      } else if byte >= 0x80 {
        try skipMultibyteCharacter()
      } else if byte < 0x20 {
        throw unescapedControlCharacter(byte)
      } else {
        position += 1
      }
    }
    throw unterminatedString(opening: opening)
  }

  /// Continues `readString` from its first backslash, decoding into `scratch`.
  mutating func readEscapedString(opening: Int, contentStart: Int) throws(ReadError) -> String {
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<position]))
    while position < end {
      // Copy each run of plain bytes in one go.
      let runStart = position
      while position < end {
        let byte = bytes[position]
        if byte == ascii("\"") || byte == ascii("\\") || byte < 0x20 {
          break
        } else if byte >= 0x80 {
          try skipMultibyteCharacter()
        } else {
          position += 1
        }
      }
      if position > runStart {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
      }
      guard position < end else { break }
      let byte = bytes[position]
      if byte == ascii("\"") {
        position += 1
        return String(decoding: scratch, as: UTF8.self)
      } else if byte == ascii("\\") {
        try readEscape()
      } else {
        throw unescapedControlCharacter(byte)
      }
    }
    throw unterminatedString(opening: opening)
  }

  /// Decodes the escape whose backslash is at `position` into `scratch`.
  mutating func readEscape() throws(ReadError) {
    let backslash = position
    guard position + 1 < end else {
      position = end
      throw endOfInput(sv: "en escape-sekvens efter '\\'", en: "an escape sequence after '\\'")
    }
    let decoded: UInt8
    switch bytes[position + 1] {
    case ascii("\""): decoded = ascii("\"")
    case ascii("\\"): decoded = ascii("\\")
    case ascii("/"): decoded = ascii("/")
    case ascii("b"): decoded = 0x08
    case ascii("f"): decoded = 0x0C
    case ascii("n"): decoded = 0x0A
    case ascii("r"): decoded = 0x0D
    case ascii("t"): decoded = 0x09
    case ascii("u"):
      try readUnicodeEscape()
      return
    default:
      position += 1
      let found = describeCharacter(at: position)
      throw malformed(
        sv: "ogiltig escape-sekvens: \(found.sv) efter '\\'; tillåtna är \\\" \\\\ \\/ \\b \\f \\n \\r \\t och \\uXXXX",
        en:
          "invalid escape sequence: \(found.en) after '\\'; allowed are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
        at: backslash)
    }
    scratch.append(decoded)
    position += 2
  }

  /// Decodes `\uXXXX`, joining a surrogate pair written as two escapes and refusing a lone surrogate.
  mutating func readUnicodeEscape() throws(ReadError) {
    let backslash = position
    let unit = try hexQuad(afterEscapeAt: backslash)
    position += 6
    var scalar = unit
    switch unit {
    case 0xD800...0xDBFF:
      var low: UInt32 = 0
      if position + 1 < end, bytes[position] == ascii("\\"), bytes[position + 1] == ascii("u") {
        low = try hexQuad(afterEscapeAt: position)
      }
      guard (0xDC00...0xDFFF).contains(low) else {
        throw malformed(
          sv: "ensamt surrogat \\u\(hex4(unit)): ett högt surrogat måste följas av ett lågt (\\uDC00–\\uDFFF)",
          en: "lone surrogate \\u\(hex4(unit)): a high surrogate must be followed by a low one (\\uDC00–\\uDFFF)",
          at: backslash)
      }
      scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
      position += 6
    case 0xDC00...0xDFFF:
      throw malformed(
        sv: "ensamt surrogat \\u\(hex4(unit)): ett lågt surrogat måste föregås av ett högt (\\uD800–\\uDBFF)",
        en: "lone surrogate \\u\(hex4(unit)): a low surrogate must follow a high one (\\uD800–\\uDBFF)",
        at: backslash)
    default:
      break
    }
    appendUTF8(scalar)
  }

  /// The four hex digits after the `\u` whose backslash is at `backslash`.
  func hexQuad(afterEscapeAt backslash: Int) throws(ReadError) -> UInt32 {
    var value: UInt32 = 0
    for index in (backslash + 2)..<(backslash + 6) {
      guard index < end else {
        throw ReadError(
          .malformed, sv: "oväntat slut på filen inne i en \\u-sekvens",
          en: "unexpected end of input inside a \\u escape", at: location(at: end))
      }
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case ascii("0")...ascii("9"): digit = byte - ascii("0")
      case ascii("a")...ascii("f"): digit = byte - ascii("a") + 10
      case ascii("A")...ascii("F"): digit = byte - ascii("A") + 10
      default:
        let found = describeCharacter(at: index)
        throw malformed(
          sv: "\\u måste följas av fyra hexadecimala siffror, men här står \(found.sv)",
          en: "\\u must be followed by four hexadecimal digits, but \(found.en) stands here", at: backslash)
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case ..<0x80:
      scratch.append(UInt8(scalar))
    case ..<0x800:
      scratch.append(UInt8(0xC0 | scalar >> 6))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    case ..<0x10000:
      scratch.append(UInt8(0xE0 | scalar >> 12))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    default:
      scratch.append(UInt8(0xF0 | scalar >> 18))
      scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  // MARK: UTF-8, white space, positions

  /// Steps over the UTF-8 sequence at `position`, which starts with a byte of 0x80 or more.
  mutating func skipMultibyteCharacter() throws(ReadError) {
    let length = try utf8SequenceLength(at: position)
    position += length
    continuationBytesOnLine += length - 1
  }

  /// The length of the well-formed UTF-8 sequence at `index` (lead byte 0x80 or more), per the table of
  /// well-formed byte sequences in Unicode § 3.9 (D92); otherwise an error at its lead byte.
  func utf8SequenceLength(at index: Int) throws(ReadError) -> Int {
    let lead = bytes[index]
    let length: Int
    // The second byte's range is narrower after some lead bytes: that is what excludes overlong forms,
    // encoded surrogates and code points above U+10FFFF.
    var secondLow: UInt8 = 0x80
    var secondHigh: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      secondLow = 0xA0
    case 0xED:
      length = 3
      secondHigh = 0x9F
    case 0xE1...0xEF: length = 3
    case 0xF0:
      length = 4
      secondLow = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      secondHigh = 0x8F
    case 0x80...0xBF:
      throw invalidUTF8(
        sv: "byten \(hex2(lead)) är en fortsättningsbyte utan inledande byte",
        en: "byte \(hex2(lead)) is a continuation byte without a lead byte", at: index)
    case 0xC0, 0xC1:
      throw invalidUTF8(
        sv: "överlång kodning (\(hexBytes(index, 2)))", en: "overlong encoding (\(hexBytes(index, 2)))", at: index)
    case 0xF5...0xF7:
      throw invalidUTF8(
        sv: "byten \(hex2(lead)) skulle inleda en kodpunkt över U+10FFFF",
        en: "byte \(hex2(lead)) would start a code point above U+10FFFF", at: index)
    default:
      throw invalidUTF8(
        sv: "byten \(hex2(lead)) förekommer aldrig i UTF-8", en: "byte \(hex2(lead)) never occurs in UTF-8", at: index)
    }
    for offset in 1..<length {
      guard index + offset < end else {
        throw invalidUTF8(
          sv: "sekvensen som börjar med \(hex2(lead)) avbryts av filens slut",
          en: "the sequence starting with \(hex2(lead)) is cut off by the end of the file", at: index)
      }
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else {
        throw invalidUTF8(
          sv: "sekvensen som börjar med \(hex2(lead)) är ofullständig: \(hexBytes(index, offset + 1))",
          en: "the sequence starting with \(hex2(lead)) is incomplete: \(hexBytes(index, offset + 1))", at: index)
      }
      if offset == 1, byte < secondLow || byte > secondHigh {
        let sequence = hexBytes(index, length)
        switch lead {
        case 0xED:
          throw invalidUTF8(
            sv: "ett surrogat kodat i UTF-8 (\(sequence))", en: "a surrogate encoded in UTF-8 (\(sequence))", at: index)
        case 0xF4:
          throw invalidUTF8(
            sv: "kodpunkt över U+10FFFF (\(sequence))", en: "code point above U+10FFFF (\(sequence))", at: index)
        default:
          throw invalidUTF8(sv: "överlång kodning (\(sequence))", en: "overlong encoding (\(sequence))", at: index)
        }
      }
    }
    return length
  }

  @inline(__always)
  mutating func skipWhitespace() {
    while position < end {
      switch bytes[position] {
      case ascii(" "), ascii("\t"):
        position += 1
      case ascii("\n"):
        position += 1
        startLine()
      case ascii("\r"):
        // CR LF is one line end; a lone CR is one too, as in LineIndex.
        position += 1
        if position < end, bytes[position] == ascii("\n") { position += 1 }
        startLine()
      default:
        return
      }
    }
  }

  @inline(__always)
  mutating func startLine() {
    line += 1
    lineStart = position
    continuationBytesOnLine = 0
  }

  /// The location of `offset`, which must be on the current line and not past the scanned bytes.
  @inline(__always)
  func location(at offset: Int) -> SourceLocation {
    SourceLocation(offset: offset, line: line, column: offset - lineStart - continuationBytesOnLine + 1)
  }

  /// Refuses UTF-16 and UTF-32, which RFC 8259 § 8.1 rules out, and skips a UTF-8 byte order mark.
  mutating func checkEncoding() throws(ReadError) {
    func at(_ index: Int) -> UInt8 { bytes[index] }
    var encoding: String?
    var hasMark = true
    if end >= 4, at(0) == 0, at(1) == 0, at(2) == 0xFE, at(3) == 0xFF {
      encoding = "UTF-32 (big-endian)"
    } else if end >= 4, at(0) == 0xFF, at(1) == 0xFE, at(2) == 0, at(3) == 0 {
      encoding = "UTF-32 (little-endian)"
    } else if end >= 2, at(0) == 0xFE, at(1) == 0xFF {
      encoding = "UTF-16 (big-endian)"
    } else if end >= 2, at(0) == 0xFF, at(1) == 0xFE {
      encoding = "UTF-16 (little-endian)"
    } else if end >= 3, at(0) == 0xEF, at(1) == 0xBB, at(2) == 0xBF {
      position = 3
      lineStart = 3
      return
    } else {
      // Without a mark: JSON text begins with an ASCII character, so the pattern of NUL bytes around
      // it tells UTF-16 and UTF-32 apart from UTF-8 (RFC 4627 § 3). Odd lengths cannot be either.
      hasMark = false
      if end >= 4, end % 4 == 0, at(0) == 0, at(1) == 0, at(2) == 0, at(3) != 0 {
        encoding = "UTF-32 (big-endian)"
      } else if end >= 4, end % 4 == 0, at(0) != 0, at(1) == 0, at(2) == 0, at(3) == 0 {
        encoding = "UTF-32 (little-endian)"
      } else if end >= 2, end % 2 == 0, at(0) == 0, at(1) != 0 {
        encoding = "UTF-16 (big-endian)"
      } else if end >= 2, end % 2 == 0, at(0) != 0, at(1) == 0 {
        encoding = "UTF-16 (little-endian)"
      }
    }
    guard let encoding else { return }
    throw ReadError(
      .malformed,
      sv: "filen \(hasMark ? "är" : "verkar vara") kodad som \(encoding)"
        + "; JSON måste vara UTF-8: spara filen som UTF-8",
      en:
        "the file \(hasMark ? "is" : "appears to be") encoded as \(encoding); JSON must be UTF-8: save the file as UTF-8",
      at: .start)
  }

  // MARK: Errors

  func malformed(sv: String, en: String, at offset: Int) -> ReadError {
    ReadError(.malformed, sv: sv, en: en, at: location(at: offset))
  }

  func invalidUTF8(sv: String, en: String, at offset: Int) -> ReadError {
    malformed(
      sv: "ogiltig UTF-8: \(sv); filen måste vara sparad som UTF-8",
      en: "invalid UTF-8: \(en); the file must be saved as UTF-8", at: offset)
  }

  func endOfInput(sv: String, en: String) -> ReadError {
    malformed(sv: "oväntat slut på filen: \(sv) väntades", en: "unexpected end of input: expected \(en)", at: end)
  }

  /// The character at `position` does not fit: say what it is and what was expected instead.
  func unexpected(sv: String, en: String) -> ReadError {
    guard position < end else { return endOfInput(sv: sv, en: en) }
    if bytes[position] >= 0x80 {
      do {
        _ = try utf8SequenceLength(at: position)
      } catch {
        return error
      }
    }
    let found = describeCharacter(at: position)
    return malformed(
      sv: "oväntat tecken \(found.sv): \(sv) väntades", en: "unexpected character \(found.en): expected \(en)",
      at: position)
  }

  func unescapedControlCharacter(_ byte: UInt8) -> ReadError {
    let escape =
      switch byte {
      case 0x0A: "\\n"
      case 0x0D: "\\r"
      case 0x09: "\\t"
      default: "\\u00" + hex2(byte).dropFirst(2)
      }
    return malformed(
      sv: "styrtecknet U+00\(hex2(byte).dropFirst(2)) får inte stå oskyddat i en sträng: skriv \(escape)",
      en: "control character U+00\(hex2(byte).dropFirst(2)) must be escaped in a string: write \(escape)",
      at: position)
  }

  func unterminatedString(opening: Int) -> ReadError {
    // The opening quote is on the current line: strings cannot hold a raw line break.
    let start = location(at: opening)
    return malformed(
      sv:
        "strängen som börjar på rad \(start.line), kolumn \(start.column) avslutas aldrig: '\"' saknas före filens slut",
      en:
        "the string that starts at line \(start.line), column \(start.column) is never closed: '\"' missing before the end of input",
      at: end)
  }

  /// A character as a message shows it: `'}'`, `'é' (U+00E9)`, `U+0000 (a control character)`.
  func describeCharacter(at index: Int) -> (sv: String, en: String) {
    guard index < end else { return ("filens slut", "the end of input") }
    let byte = bytes[index]
    switch byte {
    case 0x21...0x7E:
      let text = "'\(Character(Unicode.Scalar(byte)))'"
      return (text, text)
    case 0x20:
      return ("ett mellanslag", "a space")
    case 0x00..<0x20, 0x7F:
      let code = "U+00\(hex2(byte).dropFirst(2))"
      return ("\(code) (ett styrtecken)", "\(code) (a control character)")
    default:
      guard let length = try? utf8SequenceLength(at: index) else {
        return ("byten \(hex2(byte))", "byte \(hex2(byte))")
      }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]), as: UTF8.self)
      let code = "U+" + hex4(text.unicodeScalars.first!.value)
      return ("'\(text)' (\(code))", "'\(text)' (\(code))")
    }
  }

  func hexBytes(_ index: Int, _ count: Int) -> String {
    (index..<min(index + count, end)).map { hex2(bytes[$0]) }.joined(separator: " ")
  }
}

// MARK: - Helpers

@inline(__always)
private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool { byte &- ascii("0") < 10 }

private func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- ascii("a") < 26 }

private func hex2(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return "0x" + (digits.count < 2 ? "0" + digits : digits)
}

private func hex4(_ value: UInt32) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
