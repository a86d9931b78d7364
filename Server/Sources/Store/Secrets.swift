import Crypto
import Foundation

/// Random identifiers and tokens, and their hashes. Only hashes of tokens are stored: a copy of the
/// database gives nobody a way in.
public enum Secrets {
  /// 128 random bits from the system's secure generator, as 32 lowercase hex digits: submission ids,
  /// which can be neither guessed nor counted through.
  public static func identifier() -> String { random(bits: .bits128) }

  /// 256 random bits, for bearer tokens, session cookies and CSRF tokens.
  public static func token() -> String { random(bits: .bits256) }

  private static func random(bits: SymmetricKeySize) -> String {
    SymmetricKey(size: bits).withUnsafeBytes { hex($0) }
  }

  public static func sha256(_ bytes: some DataProtocol) -> String {
    hex(SHA256.hash(data: bytes))
  }

  public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }

  /// Equal strings, in a time that depends only on their lengths: a token compared this way leaks
  /// nothing about how many of its characters were right.
  public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }

  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Times as the store keeps them: UTC, fixed width, so that text order is time order.
enum Timestamp {
  static func text(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day().time(
        includingFractionalSeconds: true))
  }

  static func date(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day().time(
      includingFractionalSeconds: true
    ).parse(text)
  }
}
