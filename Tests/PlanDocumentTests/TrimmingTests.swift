import Foundation
import PlanDocument
import Testing

/// `trimmingWhiteSpace` replaces Foundation's `trimmingCharacters(in:)` on the check path; it must trim
/// exactly what Foundation trims, for every scalar, at either end, in both of its sets.
struct TrimmingTests {
  static let scalars: [Unicode.Scalar] = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{E0020}"]

  @Test(arguments: [true, false])
  func everyScalarIsTrimmedAsFoundationTrimsIt(newlines: Bool) {
    let set: CharacterSet = newlines ? .whitespacesAndNewlines : .whitespaces
    for scalar in Self.scalars {
      for text in ["\(scalar)x\(scalar)", "x\(scalar)y", "\(scalar)\(scalar)", "\(scalar)"] {
        let expected = text.trimmingCharacters(in: set)
        let trimmed = text.trimmingWhiteSpace(newlines: newlines)
        #expect(trimmed == expected, "U+\(String(scalar.value, radix: 16)) in \(text.unicodeScalars.map(\.value))")
      }
    }
  }

  @Test func textsAreTrimmedAtBothEndsOnly() {
    #expect(" \t Malmö kommun \n".trimmingWhiteSpace() == "Malmö kommun")
    #expect(" \t Malmö kommun \n".trimmingWhiteSpace(newlines: false) == "Malmö kommun \n")
    #expect("\u{3000}\u{00A0}1.0\u{2028}".trimmingWhiteSpace() == "1.0")
    #expect("\u{200B}1\u{200B}".trimmingWhiteSpace(newlines: false) == "1")
    #expect("".trimmingWhiteSpace() == "")
    #expect(" \n ".trimmingWhiteSpace() == "")
  }
}
