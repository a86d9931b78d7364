import CLibXML2

/// The one place libxml2's SAX2 parser is set up, for every XML lagkoll reads (plans, Word's body):
/// parsed from memory, pulled a chunk at a time, with `XML_PARSE_NONET` and without entity substitution,
/// DTD loading, XInclude or `XML_PARSE_HUGE` (libxml2's own depth and size bounds hold); a process-wide
/// external entity loader refuses every load; every entity declaration (parsed or unparsed, general or
/// parameter) is handed to the reader as refused, and so is a DOCTYPE when the reader does not allow one.
/// A reader gives only its element and text handlers and says how a refusal or a libxml2 error reads.
enum ProtectedSAXParser {
  /// The reader's own callbacks; their context is the reader's receiver.
  struct Handlers {
    var startElement: startElementNsSAX2Func
    var endElement: endElementNsSAX2Func
    var characters: charactersSAXFunc
  }

  /// What the parser refuses on the reader's behalf; the reader says it in its words and stops.
  enum Refusal {
    /// `<!DOCTYPE …>`, when the reader does not allow one.
    case doctype
    /// `<!ENTITY …>` of any kind.
    case entityDeclaration
  }

  /// NONET: never touch the network. IGNORE_ENC: the encoding declaration is checked by the reader and
  /// libxml2 must never switch to another decoder (which would break byte offsets). Never NOENT, DTDLOAD,
  /// DTDATTR, XINCLUDE, HUGE or RECOVER.
  static let parseOptions: UInt32 = XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue

  /// Initialises libxml2 once per process and installs an external entity loader that refuses
  /// everything. The loader is process-wide; Swift runs this initialiser exactly once, thread-safely.
  static let libxmlSetUp: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in nil }
  }()

  /// Parses `bytes`, with a receiver made for the parser's context; `finish` reads the outcome while the
  /// context still exists. `allowsDoctype`: a DOCTYPE without declarations is read (plans), else refused.
  /// `unstartableAt`: where the error stands if libxml2 cannot start.
  static func parse<Receiver: ProtectedSAXReceiver, Result>(
    _ bytes: UnsafeBufferPointer<UInt8>, handlers: Handlers, allowsDoctype: Bool, unstartableAt: SourceLocation?,
    receiver makeReceiver: (xmlParserCtxtPtr) -> Receiver,
    finish: (Receiver, xmlParserCtxtPtr) throws(ReadError) -> Result
  ) throws(ReadError) -> Result {
    // libxml2 pulls the input in chunks through a read callback and drops what it has parsed, rather
    // than copy all of it first (`xmlCreateMemoryParserCtxt` does, as much memory again as the file).
    // (2.9's static input buffers would avoid the copy too, but break on inputs larger than one chunk.)
    return try parse(
      pulling: ChunkSource(bytes: bytes), handlers: handlers, allowsDoctype: allowsDoctype,
      unstartableAt: unstartableAt,
      receiver: makeReceiver, finish: finish)
  }

  /// Parses what `source` hands over a chunk at a time (a document that is never held whole, as a Word
  /// document's body inflated out of its archive), as `parse(_:…)` does.
  static func parse<Receiver: ProtectedSAXReceiver, Result>(
    pulling source: ChunkSource, handlers: Handlers, allowsDoctype: Bool, unstartableAt: SourceLocation?,
    receiver makeReceiver: (xmlParserCtxtPtr) -> Receiver,
    finish: (Receiver, xmlParserCtxtPtr) throws(ReadError) -> Result
  ) throws(ReadError) -> Result {
    _ = libxmlSetUp
    guard
      let ctxt = xmlCreateIOParserCtxt(
        nil, nil,
        { context, buffer, length in
          guard let context, let buffer, length > 0 else { return 0 }
          let got = Unmanaged<ChunkSource>.fromOpaque(context).takeUnretainedValue().read(
            UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self), Int(length))
          return Int32(clamping: got)
        }, nil, Unmanaged.passUnretained(source).toOpaque(), XML_CHAR_ENCODING_NONE)
    else {
      throw ReadError(
        .malformed, sv: "XML-fel: libxml2 kunde inte starta", en: "XML error: libxml2 could not start",
        at: unstartableAt)
    }
    defer {
      // In SAX mode libxml2 may keep a scratch document for entity declarations ("SAX compat mode").
      if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
      ctxt.pointee.myDoc = nil
      xmlFreeParserCtxt(ctxt)
    }
    let receiver = makeReceiver(ctxt)
    ctxt.pointee.sax.pointee = makeHandler(handlers, allowsDoctype: allowsDoctype)
    ctxt.pointee.userData = Unmanaged.passUnretained(receiver).toOpaque()
    ctxt.pointee._private = ctxt.pointee.userData
    _ = xmlCtxtUseOptions(ctxt, Int32(parseOptions))
    withExtendedLifetime((receiver, source)) { _ = xmlParseDocument(ctxt) }
    return try finish(receiver, ctxt)
  }

  static func makeHandler(_ handlers: Handlers, allowsDoctype: Bool) -> xmlSAXHandler {
    var handler = xmlSAXHandler()
    handler.initialized = UInt32(XML_SAX2_MAGIC)
    handler.startElementNs = handlers.startElement
    handler.endElementNs = handlers.endElement
    handler.characters = handlers.characters
    handler.ignorableWhitespace = handlers.characters
    handler.cdataBlock = handlers.characters
    if !allowsDoctype {
      handler.internalSubset = { context, _, _, _ in receiver(context)?.refuse(.doctype) }
    }
    handler.entityDecl = { context, _, _, _, _, _ in receiver(context)?.refuse(.entityDeclaration) }
    handler.unparsedEntityDecl = { context, _, _, _, _ in receiver(context)?.refuse(.entityDeclaration) }
    handler.serror = { context, error in
      guard var context, let error else { return }
      // libxml2 passes the context's user data (the receiver); should it ever pass the parser context
      // itself, the receiver is in its _private field.
      if context == error.pointee.ctxt,
        let receiver = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private
      {
        context = receiver
      }
      receiver(context)?.libxmlError(error)
    }
    return handler
  }

  /// A libxml2 error as a reader reports it; nil for a warning (except an undeclared entity, a
  /// warning when the document has a DOCTYPE, which is refused all the same).
  struct Failure {
    var code: Int32
    /// libxml2's English text, without its trailing newline.
    var message: String
    /// The Swedish for the errors people meet most, libxml2's text following in parentheses; else its
    /// English text.
    var swedish: String

    init?(_ error: UnsafePointer<xmlError>) {
      let info = error.pointee
      code = info.code
      let undeclaredEntity = code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue)
      guard info.level.rawValue >= XML_ERR_ERROR.rawValue || undeclaredEntity else { return nil }
      var text = info.message.map { String(cString: $0) } ?? "unknown error"
      while text.last?.isWhitespace == true { text.removeLast() }
      message = text
      swedish = Self.swedish[code].map { "\($0) (\(text))" } ?? text
    }

    static let swedish: [Int32: String] = {
      let pairs: [(xmlParserErrors, String)] = [
        (XML_ERR_DOCUMENT_EMPTY, "dokumentet saknar rotelement"),
        (XML_ERR_DOCUMENT_END, "mer innehåll efter rotelementets slut"),
        (XML_ERR_TAG_NAME_MISMATCH, "sluttaggen hör inte ihop med starttaggen"),
        (XML_ERR_TAG_NOT_FINISHED, "dokumentet tar slut innan alla element är avslutade"),
        (XML_ERR_GT_REQUIRED, "taggen avslutas inte med >"),
        (XML_ERR_LTSLASH_REQUIRED, "sluttagg saknas"),
        (XML_ERR_NAME_REQUIRED, "ett namn saknas"),
        (XML_ERR_INVALID_CHAR, "otillåtet tecken"),
        (XML_ERR_INVALID_CHARREF, "otillåten teckenreferens"),
        (
          XML_ERR_UNDECLARED_ENTITY,
          "okänd entitet; bara &amp; &lt; &gt; &quot; &apos; och teckenreferenser är tillåtna"
        ),
        (
          XML_WAR_UNDECLARED_ENTITY,
          "okänd entitet; bara &amp; &lt; &gt; &quot; &apos; och teckenreferenser är tillåtna"
        ),
        (XML_ERR_ENTITYREF_SEMICOL_MISSING, "entitetsreferensen saknar avslutande semikolon"),
        (XML_ERR_ATTRIBUTE_REDEFINED, "samma attribut står två gånger i taggen"),
        (XML_ERR_ATTRIBUTE_WITHOUT_VALUE, "attributet saknar värde"),
        (XML_ERR_ATTRIBUTE_NOT_STARTED, "attributvärdet måste stå inom citattecken"),
        (XML_ERR_LT_IN_ATTRIBUTE, "tecknet < får inte stå i ett attributvärde"),
        (XML_ERR_STRING_NOT_CLOSED, "citattecknet avslutas inte"),
        (XML_ERR_COMMENT_NOT_FINISHED, "kommentaren avslutas inte"),
        (XML_ERR_CDATA_NOT_FINISHED, "CDATA-avsnittet avslutas inte"),
        (XML_ERR_DOCTYPE_NOT_FINISHED, "DOCTYPE-deklarationen avslutas inte"),
        (XML_ERR_RESERVED_XML_NAME, "XML-deklarationen får bara stå först i filen"),
        (XML_NS_ERR_UNDEFINED_NAMESPACE, "namnrymdsprefixet är inte deklarerat"),
        (XML_ERR_EXT_SUBSET_NOT_FINISHED, "DTD:n avslutas inte"),
      ]
      var table: [Int32: String] = [:]
      for (code, text) in pairs { table[Int32(code.rawValue)] = text }
      return table
    }()
  }
}

/// A reader's side of `ProtectedSAXParser`: how it says what was refused, and a libxml2 error. Either
/// stops the parse (`xmlStopParser`).
protocol ProtectedSAXReceiver: AnyObject {
  func refuse(_ refusal: ProtectedSAXParser.Refusal)
  func libxmlError(_ error: UnsafePointer<xmlError>)
}

/// The receiver behind a callback's context (only the rare callbacks come here: the readers' own
/// handlers know their receiver's type). A free function: a C callback cannot capture its enum.
private func receiver(_ context: UnsafeMutableRawPointer?) -> (any ProtectedSAXReceiver)? {
  guard let context else { return nil }
  return Unmanaged<AnyObject>.fromOpaque(context).takeUnretainedValue() as? any ProtectedSAXReceiver
}

/// Where libxml2 pulls a document from, a chunk at a time: `read(buffer, length)` puts up to `length`
/// bytes into `buffer` and says how many (0 at the end, -1 on an error, which the source keeps: asked
/// again, it says 0 or -1 again).
final class ChunkSource {
  let read: (UnsafeMutablePointer<UInt8>, Int) -> Int

  init(_ read: @escaping (UnsafeMutablePointer<UInt8>, Int) -> Int) {
    self.read = read
  }

  /// `bytes` (held by the caller while the parse runs), handed over in order.
  convenience init(bytes: UnsafeBufferPointer<UInt8>) {
    var offset = 0
    self.init { buffer, length in
      let count = min(length, bytes.count - offset)
      guard count > 0, let base = bytes.baseAddress else { return 0 }
      buffer.update(from: base + offset, count: count)
      offset += count
      return count
    }
  }
}
