import Foundation
import Testing

@testable import PlanDocument

/// The XML and JSON form of each sample must give the same tree: the same paths, kinds and values in the
/// same order. Only line and column may differ.
@Suite("Samples: XML and JSON give the same tree")
struct SampleParityTests {
  static let samplesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("samples")

  static let sampleNames: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: samplesFolder.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }()

  /// One line per node: its path, kind and value, without position.
  static func shape(of file: URL) throws -> [String] {
    let document = try DocumentReader.read(file: file.path)
    var lines: [String] = []
    document.root.walk { pointer, node, _ in
      lines.append("\(pointer) \(node.kind.rawValue) \(node.scalarText.map { "= \($0.debugDescription)" } ?? "")")
    }
    return lines
  }

  @Test func thereAreAtLeastFiveSamplePairs() {
    #expect(Self.sampleNames.count >= 5)
    for name in Self.sampleNames {
      #expect(
        FileManager.default.fileExists(atPath: Self.samplesFolder.appendingPathComponent("\(name).xml").path),
        "\(name).xml is missing")
    }
  }

  @Test(arguments: sampleNames)
  func bothFormsGiveTheSameTree(name: String) throws {
    let json = try Self.shape(of: Self.samplesFolder.appendingPathComponent("\(name).json"))
    let xml = try Self.shape(of: Self.samplesFolder.appendingPathComponent("\(name).xml"))
    #expect(json.count > 50, "\(name) is suspiciously small")
    for (index, (a, b)) in zip(json, xml).enumerated() where a != b {
      Issue.record("\(name): node \(index) differs:\n  json: \(a)\n  xml:  \(b)")
      return
    }
    #expect(json.count == xml.count)
  }

  @Test(arguments: sampleNames)
  func samplesHaveNoReaderDiagnostics(name: String) throws {
    for ext in ["json", "xml"] {
      let document = try DocumentReader.read(file: Self.samplesFolder.appendingPathComponent("\(name).\(ext)").path)
      #expect(document.diagnostics.isEmpty, "\(name).\(ext): \(document.diagnostics.map(\.message.en))")
    }
  }
}
