import CLibXML2
import Foundation

/// A small well-formedness checker and event scanner over libxml2, for tests of the XML that lagkoll
/// writes (HTML pages, JUnit reports, schemas).
///
/// Tests must not use Foundation's XMLParser: on Linux it lives in FoundationXML, which installs its own
/// process-wide libxml2 entity loader and would undo the one the plan reader relies on in the same test
/// process. This scanner uses the same safe settings as the reader: no network, no entity expansion.
public final class XMLEventScanner {
  public struct Element: Sendable {
    public var name: String
    public var attributes: [String: String]
  }

  public var onStart: (Element) -> Void = { _ in }
  public var onText: (String) -> Void = { _ in }
  public var onEnd: (String) -> Void = { _ in }
  public private(set) var error: String?

  public init() {}

  /// Scans `text`; returns nil when it is well-formed, else libxml2's message with line and column.
  @discardableResult
  public func scan(_ text: String) -> String? {
    _ = XMLEventScanner.setUp
    var bytes = Array(text.utf8)
    if bytes.isEmpty { bytes = [0] }
    let count = text.utf8.count
    guard
      let ctxt = bytes.withUnsafeBufferPointer({ buffer in
        buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
          xmlCreateMemoryParserCtxt($0, Int32(count))
        }
      })
    else { return "libxml2 could not start" }
    defer {
      if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
      ctxt.pointee.myDoc = nil
      xmlFreeParserCtxt(ctxt)
    }
    ctxt.pointee.sax.pointee = XMLEventScanner.makeHandler()
    ctxt.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
    _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue))
    withExtendedLifetime(self) { _ = xmlParseDocument(ctxt) }
    if error == nil, ctxt.pointee.wellFormed == 0 { error = "not well-formed" }
    return error
  }

  private static let setUp: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in nil }
  }()

  private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
  }

  private static func string(_ start: UnsafePointer<xmlChar>?, _ end: UnsafePointer<xmlChar>?) -> String {
    guard let start, let end, end >= start else { return "" }
    return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
  }

  private static func makeHandler() -> xmlSAXHandler {
    var handler = xmlSAXHandler()
    handler.initialized = UInt32(XML_SAX2_MAGIC)
    handler.startElementNs = { context, localname, _, _, _, _, count, _, attributes in
      guard let context else { return }
      let scanner = Unmanaged<XMLEventScanner>.fromOpaque(context).takeUnretainedValue()
      var values: [String: String] = [:]
      if let attributes {
        // Five pointers per attribute: local name, prefix, URI, value start, value end.
        for index in 0..<Int(count) {
          let base = index * 5
          // Without entity replacement libxml2 hands over "&" in attribute values as "&#38;".
          values[XMLEventScanner.string(attributes[base])] = XMLEventScanner.string(
            attributes[base + 3], attributes[base + 4]
          )
          .replacingOccurrences(of: "&#38;", with: "&")
        }
      }
      scanner.onStart(Element(name: XMLEventScanner.string(localname), attributes: values))
    }
    handler.endElementNs = { context, localname, _, _ in
      guard let context else { return }
      Unmanaged<XMLEventScanner>.fromOpaque(context).takeUnretainedValue().onEnd(XMLEventScanner.string(localname))
    }
    let characters: charactersSAXFunc = { context, text, length in
      guard let context, let text, length > 0 else { return }
      Unmanaged<XMLEventScanner>.fromOpaque(context).takeUnretainedValue()
        .onText(String(decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self))
    }
    handler.characters = characters
    handler.cdataBlock = characters
    handler.entityDecl = { context, _, _, _, _, _ in
      guard let context else { return }
      let scanner = Unmanaged<XMLEventScanner>.fromOpaque(context).takeUnretainedValue()
      if scanner.error == nil { scanner.error = "entity declarations are refused" }
    }
    handler.serror = { context, error in
      guard let context, let error else { return }
      let scanner = Unmanaged<XMLEventScanner>.fromOpaque(context).takeUnretainedValue()
      guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, scanner.error == nil else { return }
      let message = error.pointee.message.map { String(cString: $0) } ?? "error"
      scanner.error = "\(error.pointee.line):\(error.pointee.int2): \(message.trimmingCharacters(in: ["\n"]))"
    }
    return handler
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
    var text = Substring(self)
    while let last = text.last, set.contains(last) { text = text.dropLast() }
    return String(text)
  }
}
