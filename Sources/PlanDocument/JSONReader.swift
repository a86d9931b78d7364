/// A strict RFC 8259 JSON reader that records the position of every node and key.
public enum JSONReader {
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: ReadLimits) throws -> ParseResult {
    throw ReadError(.malformed, sv: "JSON-läsaren är inte klar", en: "the JSON reader is not done", at: .start)
  }
}
