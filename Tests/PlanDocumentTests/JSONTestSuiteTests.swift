import Foundation
import Testing

@testable import PlanDocument

/// JSONTestSuite (Nicolas Seriot's JSON parsing conformance suite), read from `../shared/testdata`.
/// `y_` files must be accepted, `n_` files refused with a position, and `i_` files (where RFC 8259
/// leaves the choice open) behave as the policy at the top of JSONReader.swift says.
@Suite("JSONTestSuite conformance")
struct JSONTestSuiteTests {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/testdata/JSONTestSuite/test_parsing")

  static let suiteExists = FileManager.default.fileExists(atPath: folder.path)
  static let skipMessage: Comment =
    "JSONTestSuite not found at ../shared/testdata/JSONTestSuite: skipped (a user's clone has no ../shared)"

  static func files(_ prefix: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
  }

  /// The `i_` files lagkoll accepts; every other `i_` file is refused (see the policy in JSONReader.swift).
  /// Numbers are kept as written, so any magnitude is fine; text must be valid UTF-8 without lone
  /// surrogates; UTF-16 input is refused; nesting beyond the depth limit is refused.
  static let acceptedImplementationDefined: Set<String> = [
    "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json",
    "i_number_pos_double_huge_exp.json", "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
    "i_number_real_underflow.json", "i_number_too_big_neg_int.json", "i_number_too_big_pos_int.json",
    "i_number_very_big_negative_int.json",
    // A UTF-8 byte order mark before the document is skipped.
    "i_structure_UTF-8_BOM_empty_object.json",
  ]

  static func parse(_ name: String) throws -> ParseResult {
    let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    return try bytes.withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }
  }

  @Test(.enabled(if: suiteExists, skipMessage))
  func theSuiteIsThere() {
    #expect(Self.files("y_").count > 90)
    #expect(Self.files("n_").count > 180)
    #expect(Self.files("i_").count > 30)
  }

  @Test(.enabled(if: suiteExists, skipMessage), arguments: files("y_"))
  func accepts(file: String) throws {
    _ = try Self.parse(file)
  }

  @Test(.enabled(if: suiteExists, skipMessage), arguments: files("n_"))
  func refusesWithAPosition(file: String) throws {
    do {
      let result = try Self.parse(file)
      Issue.record("\(file) was accepted as \(result.root.kind)")
    } catch let error as ReadError {
      let location = try #require(error.location, "\(file): no position")
      #expect(location.line >= 1 && location.column >= 1)
      #expect(!error.message.sv.isEmpty && !error.message.en.isEmpty)
    }
  }

  @Test(.enabled(if: suiteExists, skipMessage), arguments: files("i_"))
  func implementationDefinedFollowsThePolicy(file: String) throws {
    let accepted = (try? Self.parse(file)) != nil
    #expect(
      accepted == Self.acceptedImplementationDefined.contains(file), "\(file): \(accepted ? "accepted" : "refused")")
  }
}
