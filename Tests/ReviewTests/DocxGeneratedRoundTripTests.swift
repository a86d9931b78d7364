import Foundation
import PlanDocument
import Testing

@testable import plangen

/// JSON → Word → tree gives the identical tree for generated plans of every profile (the issue asks for
/// at least 200): the writer and the reader follow the same `DocxLayout`.
@Suite("Word round trip of generated plans")
struct DocxGeneratedRoundTripTests {
  @Test func twoHundredAndFiftyGeneratedPlansReadBackIdentically() throws {
    let documents = PlanGeneratorTests.generate(count: 250, seed: 19)
    var profiles = Set<String>()
    for generated in documents {
      profiles.insert(generated.profile.rawValue)
      let json = try DocumentReader.parse(Array(Generation.json(generated).utf8), file: "p.json", format: .json)
      let docx = try DocxWriter.render(json.root)
      let read = try DocumentReader.parse(docx, file: "p.docx", format: .docx)
      let before = PlanGeneratorTests.shape(json)
      let after = PlanGeneratorTests.shape(read)
      if before != after {
        let index =
          before.indices.first { $0 >= after.count || before[$0] != after[$0] } ?? min(before.count, after.count)
        let was = index < before.count ? before[index] : "-"
        let now = index < after.count ? after[index] : "-"
        Issue.record("\(generated.name) (\(generated.profile.rawValue)): node \(index) differs: \(was) / \(now)")
        return
      }
    }
    #expect(profiles.count >= 5, "profiles seen: \(profiles.sorted())")
  }
}
