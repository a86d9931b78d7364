import HTTPTypes
import Hummingbird
import PlanDocument
import Reporting

/// Why a request could not be answered with a report: the status, a stable code for programs, and a
/// message in both languages for people. The API sends it as JSON, the page as a notice above the form.
struct Problem: Error, Sendable {
  var status: HTTPResponse.Status
  var code: String
  var message: LocalizedText

  init(_ status: HTTPResponse.Status, _ code: String, sv: String, en: String) {
    self.status = status
    self.code = code
    self.message = LocalizedText(sv: sv, en: en)
  }

  static func tooLarge(limit: Int) -> Problem {
    Problem(
      .contentTooLarge, "too-large",
      sv: "planen är större än gränsen \(limit) byte",
      en: "the plan is larger than the limit of \(limit) bytes")
  }

  static let bodyTimeout = Problem(
    .requestTimeout, "timeout",
    sv: "planen kom inte fram i tid", en: "the plan did not arrive in time")

  static let empty = Problem(
    .badRequest, "empty",
    sv: "ingen plan skickades: ladda upp en fil eller klistra in planens text",
    en: "no plan was sent: upload a file or paste the plan's text")

  static func badAsOf(_ text: String) -> Problem {
    Problem(
      .badRequest, "bad-as-of",
      sv: "asOf ska vara ett datum ÅÅÅÅ-MM-DD, inte \"\(text)\"",
      en: "asOf must be a date YYYY-MM-DD, not \"\(text)\"")
  }

  static func badLanguage(_ text: String) -> Problem {
    Problem(
      .badRequest, "bad-lang",
      sv: "lang ska vara sv eller en, inte \"\(text)\"",
      en: "lang must be sv or en, not \"\(text)\"")
  }

  static func unsupportedMediaType(_ type: String) -> Problem {
    Problem(
      .unsupportedMediaType, "unsupported-media-type",
      sv:
        "innehållstypen \"\(type)\" är inte en plan: skicka XML (application/xml), JSON (application/json) "
        + "eller Word (\(SourceFormat.docxMediaType))",
      en:
        "the content type \"\(type)\" is not a plan: send XML (application/xml), JSON (application/json) "
        + "or Word (\(SourceFormat.docxMediaType))")
  }

  /// A reviewed copy was asked for (`Accept:` Word's media type) of a plan that is not a Word document.
  static let reviewedCopyOfWordOnly = Problem(
    .notAcceptable, "not-acceptable",
    sv: "en granskad kopia (.docx) görs bara av ett Word-dokument: skicka en .docx eller be om JSON",
    en: "a reviewed copy (.docx) is made only of a Word document: send a .docx or ask for JSON")

  static let notFound = Problem(
    .notFound, "not-found", sv: "sidan finns inte", en: "there is no such page")

  /// `{"error": {"status", "code", "message"}}`: the body of every API error but an unreadable plan,
  /// which gets the report that says where it could not be read.
  func json(_ language: Language) -> String {
    JSONValue.object([
      (
        "error",
        .object([
          ("status", .int(Int(status.code))),
          ("code", .string(code)),
          ("message", .string(message.text(language))),
        ])
      )
    ]).serialized() + "\n"
  }
}
