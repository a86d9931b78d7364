import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlanDocument
import Reporting
import RuleEngine
import Store
import Testing

@testable import LagkollServer

/// Word (.docx) wherever the server takes a plan (issue 19): the template, the self-check page and its
/// reviewed copy, `POST /api/v1/check`, submissions and their bytes, and hostile documents refused with
/// the reader's reason.
@Suite struct WordServerTests {
  static let boundary = "----lagkoll-word-5c1e"
  static let formType = "multipart/form-data; boundary=\(boundary)"
  static let word = SourceFormat.docxMediaType

  static func upload(_ bytes: [UInt8], name: String, language: String = "sv") -> ByteBuffer {
    ByteBuffer(
      bytes: multipartBody(
        boundary: boundary,
        fields: [
          ("ui", nil, Array("sv".utf8)), ("plan", name, bytes), ("text", nil, []),
          ("asOf", nil, Array("2026-03-01".utf8)), ("lang", nil, Array(language.utf8)),
        ]))
  }

  /// The reviewed copy `lagkoll check FILE --format docx` writes, made here from the engine's parts.
  static func reviewedCopy(_ bytes: [UInt8], language: Language) throws -> [UInt8] {
    let document = try DocumentReader.parse(bytes, file: "plan.docx", format: .docx)
    let checker = PlanChecker(ruleSet: Fixture.ruleSet, options: EvaluationOptions(asOf: Fixture.asOf))
    return try DocxReviewer.reviewedCopy(
      original: bytes, document: document, result: checker.result(for: document), asOf: Fixture.asOf,
      language: language)
  }

  // MARK: - The template

  @Test func theWordTemplateIsInitsTemplate() async throws {
    let expected = try PlanTemplate.renderDocx(kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    try await Fixture.application().test(.router) { client in
      try await client.execute(uri: "/api/v1/template.docx?kommun=1282", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == Self.word)
        #expect(response.headers[.contentDisposition] == "attachment; filename=\"plan.docx\"")
        #expect(response.headers[.xContentTypeOptions] == "nosniff")
        let bytes = Array(response.body.readableBytesView)
        #expect(bytes == expected)
        let document = try DocumentReader.parse(bytes, file: "plan.docx")
        #expect(document.format == .docx && document.root["kommun"]?["kod"]?.string == "1282")
      }
      try await client.execute(uri: "/api/v1/template.docx?kommun=9999", method: .get) { response in
        #expect(response.status == .notFound)
        #expect(response.json?["error"] != nil)
      }
      try await client.execute(uri: "/api/v1/template.docx?lang=xx", method: .get) { response in
        #expect(response.status == .badRequest)
      }
      try await client.execute(uri: "/api/v1/template.docx", method: .head) { response in
        #expect(response.status == .ok && response.headers[.contentType] == Self.word)
      }
      let page = try await client.execute(uri: "/", method: .get) { $0.text }
      #expect(page.contains("href=\"/api/v1/template.docx\" download=\"plan.docx\""))
      #expect(page.contains("XML, JSON eller Word (.docx)"))
      #expect(page.contains("accept=\".xml,.json,.docx,"))
    }
  }

  // MARK: - The self-check page

  @Test func aWordUploadGivesTheReportAndTheReviewedCopyInThePage() async throws {
    let bytes = Fixture.sample("saknade-delar.docx")
    let expectedCopy = try Self.reviewedCopy(bytes, language: .en)
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType],
        body: Self.upload(bytes, name: "C:\\Planer\\Ånge plan.docx", language: "en")
      ) { response in
        #expect(response.status == .ok)
        let page = response.text
        #expect(page.contains("Not ready") && page.contains("Ånge plan.docx"))
        #expect(page.contains("<h2 id=\"granskad-kopia\">Ditt dokument med lagkolls kommentarer</h2>"))
        #expect(page.contains("download=\"Ånge plan-granskad.docx\""))
        // The link carries the copy itself, byte for byte what the command line writes.
        let prefix = "href=\"data:\(Self.word);base64,"
        let start = try #require(page.range(of: prefix)).upperBound
        let end = try #require(page[start...].firstIndex(of: "\""))
        let copy = try #require(Data(base64Encoded: String(page[start..<end])))
        #expect([UInt8](copy) == expectedCopy)
        let archive = try ZipArchive([UInt8](copy))
        let comments = try #require(try archive.contents(named: "word/comments.xml"))
        #expect(String(decoding: comments, as: UTF8.self).contains("w:author=\"lagkoll\""))
        #expect(!page.contains("<script"))
      }
      // An XML plan's report has no copy to offer.
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType],
        body: Self.upload(Fixture.sample("saknade-delar.xml"), name: "saknade-delar.xml")
      ) { response in
        #expect(response.status == .ok)
        #expect(!response.text.contains("granskad-kopia") && !response.text.contains("data:"))
      }
    }
  }

  /// Documents that look like Word but are not a plan this lagkoll reads: each comes back as the form
  /// with the reader's reason, 422, the file field marked.
  static var hostile: [(name: String, bytes: [UInt8], reason: String)] {
    let template = try! PlanTemplate.renderDocx(kommunNamn: "Lund", kommunKod: "1281", lan: "Skåne län")
    let archive = try! ZipArchive(template)
    let parts = archive.names.map { ($0, try! archive.contents(named: $0)!) }
    let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1_000)
    func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    let types =
      #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
      + #"<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" "#
      + #"ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
    let letter =
      #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#
      + "<w:p><w:r><w:t>Hej! Här är protokollet från mötet.</w:t></w:r></w:p></w:body></w:document>"
    return [
      (
        "bomb.docx", ZipWriter.zip(parts + [("word/media/fill.bin", [UInt8](repeating: 0x20, count: 16 << 20))]),
        "ZIP-bomb"
      ),
      ("makron.docm", ZipWriter.zip(parts + [("word/vbaProject.bin", [1, 2, 3])]), "makron"),
      ("skyddad.docx", ole + utf16("EncryptedPackage"), "lösenordsskyddat"),
      ("gammal.doc", ole + utf16("WordDocument"), "spara som Word-dokument (.docx)"),
      (
        "brev.docx",
        ZipWriter.zip([("[Content_Types].xml", Array(types.utf8)), ("word/document.xml", Array(letter.utf8))]),
        "ingen plan ur lagkolls Word-mall"
      ),
      ("halv.docx", Array(template.prefix(template.count / 2)), "avkortad"),
    ]
  }

  @Test func hostileWordDocumentsGiveTheFormBackWithTheReason() async throws {
    try await Fixture.application().test(.router) { client in
      for document in Self.hostile {
        let page = try await client.execute(
          uri: "/", method: .post, headers: [.contentType: Self.formType],
          body: Self.upload(document.bytes, name: document.name)
        ) { response in
          #expect(response.status == .unprocessableContent, "\(document.name)")
          return response.text
        }
        let notice = page.range(of: "id=\"fel\">").map { String(page[$0.upperBound...].prefix(400)) } ?? ""
        #expect(page.contains("role=\"alert\"") && page.contains("<form"), "\(document.name)")
        #expect(notice.contains("<p>\(Escape.xml(document.name)): "), "\(notice)")
        #expect(notice.contains(document.reason), "\(notice)")
        #expect(!page.contains("granskad-kopia"))
      }
    }
  }

  /// A Word document is binary: every byte value, CR LF and dashes that are not the boundary, and
  /// invalid UTF-8 pass through the form's parsing unchanged.
  @Test func binaryUploadsPassThroughTheFormUntouched() throws {
    let tricky: [UInt8] =
      Array(0...255) + Array("\r\n--\(Self.boundary.dropLast())\r\n\r\n--".utf8) + [0xFF, 0xFE, 0x0D]
    let bytes = Fixture.sample("komplett.docx") + tricky
    let body = multipartBody(
      boundary: Self.boundary, fields: [("ui", nil, Array("sv".utf8)), ("plan", "p.docx", bytes)])
    let form = try #require(FormData.parse(body, contentType: Self.formType))
    #expect(form.field("plan")?.value == bytes && form.field("plan")?.fileName == "p.docx")
  }

  @Test func theSizeLimitAppliesBeforeTheDocumentIsRead() async throws {
    let bytes = Fixture.sample("komplett.docx")
    try await Fixture.application(settings: Fixture.settings(maxBodySize: bytes.count - 1)).test(.router) { client in
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType], body: Self.upload(bytes, name: "p.docx")
      ) { response in
        #expect(response.status == .contentTooLarge)
        #expect(response.text.contains("<form"))
      }
    }
  }

  // MARK: - The API

  @Test func theAPIChecksWordAndAnswersWithTheReviewedCopyWhenAskedFor() async throws {
    let bytes = Fixture.sample("saknade-delar.docx")
    let expectedCopy = try Self.reviewedCopy(bytes, language: .en)
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/check?asOf=2026-03-01", method: .post, headers: [.contentType: Self.word],
        body: ByteBuffer(bytes: bytes)
      ) { response in
        #expect(response.status == .ok)
        let file = try #require((response.json?["files"] as? [[String: Any]])?.first)
        #expect(file["verdict"] as? String == "not-ready")
        let findings = try #require(file["findings"] as? [[String: Any]])
        #expect(findings.contains { ($0["location"] as? [String: Any])?["word"] != nil })
      }
      try await client.execute(
        uri: "/api/v1/check?asOf=2026-03-01&lang=en", method: .post,
        headers: [.contentType: Self.word, .accept: "\(Self.word), application/json;q=0.5"],
        body: ByteBuffer(bytes: bytes)
      ) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == Self.word)
        #expect(response.headers[.contentDisposition] == "attachment; filename=\"plan-granskad.docx\"")
        #expect(response.headers[HTTPField.Name("Lagkoll-Verdict")!] == "not-ready")
        #expect(Array(response.body.readableBytesView) == expectedCopy)
      }
      // A copy of an XML plan cannot be made: 406, not a JSON report the client did not ask for.
      try await client.execute(
        uri: "/api/v1/check", method: .post, headers: [.contentType: "application/xml", .accept: Self.word],
        body: ByteBuffer(bytes: Fixture.sample("saknade-delar.xml"))
      ) { response in
        #expect(response.status == .notAcceptable)
        #expect((response.json?["error"] as? [String: Any])?["code"] as? String == "not-acceptable")
      }
      // `q=0` declines it.
      try await client.execute(
        uri: "/api/v1/check", method: .post,
        headers: [.contentType: Self.word, .accept: "\(Self.word);q=0, application/json"],
        body: ByteBuffer(bytes: bytes)
      ) { response in
        #expect(response.headers[.contentType] == "application/json")
      }
      for document in Self.hostile {
        try await client.execute(
          uri: "/api/v1/check", method: .post, headers: [.contentType: Self.word, .accept: Self.word],
          body: ByteBuffer(bytes: document.bytes)
        ) { response in
          #expect(response.status == .unprocessableContent, "\(document.name)")
          let file = (response.json?["files"] as? [[String: Any]])?.first
          #expect(file?["verdict"] as? String == "unreadable", "\(document.name)")
        }
      }
    }
  }

  // MARK: - Submissions

  @Test func aWordSubmissionIsStoredByteForByteAndShownLikeAnyPlan() async throws {
    let world = try await AuthorizationTests.world()
    let bytes = Fixture.sample("trasiga-referenser.docx")  // kommun 0180
    let sent = Secrets.sha256(bytes)
    try await AuthorizationTests.application(world.database).test(.router) { client in
      var headers = world.headers[.bearer0180]!
      headers[.contentType] = Self.word
      let id = try await client.execute(
        uri: "/api/v1/submissions", method: .post, headers: headers, body: ByteBuffer(bytes: bytes)
      ) { response in
        #expect(response.status == .created)
        #expect(response.json?["sha256"] as? String == sent)
        #expect(response.json?["verdict"] as? String == "not-ready")
        return response.json?["id"] as? String ?? ""
      }
      let stored = try #require(try await world.database.submission(id: id))
      #expect(stored.contentType == Self.word && stored.bytes == bytes && stored.sha256 == sent)
      try await client.execute(
        uri: "/api/v1/submissions/\(id)/raw", method: .get, headers: world.headers[.granskare01]!
      ) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == Self.word)
        #expect(response.headers[.contentDisposition] == "attachment; filename=\"plan-\(id).docx\"")
        #expect(response.headers[.xContentTypeOptions] == "nosniff")
        let back = Array(response.body.readableBytesView)
        #expect(back == bytes && Secrets.sha256(back) == sent)
        #expect(response.headers[HTTPField.Name("X-Content-SHA256")!] == sent)
      }
      let shown = try await client.execute(
        uri: "/api/v1/submissions/\(id)", method: .get, headers: world.headers[.granskare01]!
      ) { $0.json }
      let findings = try #require(shown?["findings"] as? [[String: Any]])
      #expect(!findings.isEmpty && (shown?["summary"] as? [String: Any])?["errors"] as? Int == stored.errors)
      #expect(stored.errors > 0)
      let own = try await client.execute(uri: "/submissions/\(id)", method: .get, headers: world.headers[.granskare01]!)
      {
        $0.text
      }
      #expect(own.contains("exakt som den lämnades in (Word, .docx)</a>"))
      // The kommun page and the county matrix show its findings as they show an XML plan's.
      let page = try await client.execute(uri: "/kommun/0180", method: .get, headers: world.headers[.granskare01]!) {
        $0.text
      }
      #expect(page.contains("Fynd i den senaste inlämningen (\(findings.count))"))
      let matrix = try await client.execute(uri: "/lan/01.csv", method: .get, headers: world.headers[.granskare01]!) {
        $0.text
      }
      #expect(matrix.split(separator: "\r\n").contains { $0.contains(",0180,") && $0.contains("not-ready") })
    }
    await world.database.close()
  }

  @Test func theKommunPageTakesAWordUpload() async throws {
    let world = try await AuthorizationTests.world()
    let bytes = Fixture.sample("trasiga-referenser.docx")
    try await AuthorizationTests.application(world.database).test(.router) { client in
      var headers = world.headers[.samordnare0180]!
      let csrf = headers[HTTPField.Name("X-CSRF-Token")!]!
      headers[.contentType] = Self.formType
      let form = multipartBody(
        boundary: Self.boundary, fields: [("csrf", nil, Array(csrf.utf8)), ("plan", "plan.docx", bytes)])
      try await client.execute(uri: "/kommun/0180", method: .post, headers: headers, body: ByteBuffer(bytes: form)) {
        #expect($0.status == .seeOther)
      }
      let latest = try #require(try await world.database.submissions(kommun: "0180").first)
      #expect(latest.bytes == bytes && latest.contentType == Self.word)
      let page = try await client.execute(uri: "/kommun/0180", method: .get, headers: world.headers[.samordnare0180]!) {
        $0.text
      }
      #expect(page.contains("accept=\".xml,.json,.docx,") && page.contains("Word (.docx)"))
      // A .doc through the same form: not stored, the reason beside the field.
      let doc = Self.hostile.first { $0.name == "gammal.doc" }!
      let refused = multipartBody(
        boundary: Self.boundary, fields: [("csrf", nil, Array(csrf.utf8)), ("plan", doc.name, doc.bytes)])
      try await client.execute(
        uri: "/kommun/0180", method: .post, headers: headers, body: ByteBuffer(bytes: refused)
      ) { response in
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("spara som Word-dokument (.docx)"))
      }
      #expect(try await world.database.submissions(kommun: "0180").count == 2)
    }
    await world.database.close()
  }
}
