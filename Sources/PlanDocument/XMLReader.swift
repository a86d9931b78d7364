import CLibXML2

/// Reads the XML form of a plan document through libxml2.
public enum XMLReader {
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: ReadLimits) throws -> ParseResult {
    throw ReadError(.malformed, sv: "XML-läsaren är inte klar", en: "the XML reader is not done", at: .start)
  }
}
