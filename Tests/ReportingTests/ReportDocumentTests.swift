import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Testing

/// The JSON report is one contract: what `JSONReporter` writes is the `ReportDocument` it was made
/// from, read back by any decoder (the service stores it and reads it so), with and without paths.
@Suite struct ReportDocumentTests {
  @Test(arguments: Language.allCases, [true, false])
  func theReportReadsBackAsTheModelItWasWrittenFrom(language: Language, includesPaths: Bool) throws {
    let model = ReportDocument(ReportFixture.report, language, includesPaths: includesPaths)
    let text = JSONReporter(language: language, includesPaths: includesPaths).render(ReportFixture.report)
    let read = try JSONDecoder().decode(ReportDocument.self, from: Data(text.utf8))
    #expect(read == model)
    #expect(read.files.allSatisfy { ($0.path != nil) == includesPaths })
    #expect(read.files.flatMap(\.findings).contains { $0.reference.isStatute })
    #expect(read.files.flatMap(\.findings).contains { !$0.reference.isStatute })
  }

  /// Members the JSON writes as null when unknown stay in the text as null: a reader can tell "the
  /// document names no kommun" from a report without the member.
  @Test func unknownValuesAreWrittenAsNull() throws {
    let text = JSONReporter(language: .sv).render(ReportFixture.report)
    let read = try JSONDecoder().decode(ReportDocument.self, from: Data(text.utf8))
    if read.files.contains(where: { $0.kommun == nil }) { #expect(text.contains("\"kommun\": null")) }
    let kommun = try JSONDecoder().decode(ReportDocument.Kommun.self, from: Data(#"{"kod": "1280"}"#.utf8))
    #expect(JSONReporter.value(kommun).serialized(indent: nil) == #"{"namn":null,"kod":"1280","lan":null}"#)
  }
}
