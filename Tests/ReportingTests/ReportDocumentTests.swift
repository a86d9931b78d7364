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
    // The dates still to come are part of the contract, each file's soonest first, with the calendar's UID.
    let dates = read.files.compactMap(\.nextDue)
    #expect(dates.count == read.files.count && dates.contains { !$0.isEmpty })
    for file in dates {
      #expect(file.map(\.due) == file.map(\.due).sorted() && file.allSatisfy { $0.uid.hasSuffix("@lagkoll") })
    }
    #expect(dates.joined().allSatisfy { ($0.location.file != nil) == includesPaths })
  }

  /// A date of the check report is the calendar's date, member for member, and the review's files
  /// (which embed a file of the model) carry no dates.
  @Test func aDueDateIsTheCalendarsDate() throws {
    let report = ReportFixture.report
    let calendar = CalendarReporter(language: .en)
    let event = try #require(calendar.events(report).first)
    let model = ReportDocument.DueDate(event, .en)
    #expect(calendar.date(event) == JSONReporter.value(model))
    let text = calendar.date(event).serialized()
    #expect(try JSONDecoder().decode(ReportDocument.DueDate.self, from: Data(text.utf8)) == model)
    #expect(text.contains("\"basedOn\": "))
    let file = JSONReporter.file(report.files[0], .en).serialized()
    #expect(!file.contains("nextDue"))
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
