import DocxTestSupport
import Foundation
import PlanDocument
import Testing

/// The binary with Word documents: `check`, folder scans, `review` and `dump` take .docx; every hostile
/// document ends in time with exit 3 and its reason, and nothing is written beside it.
@Suite("Word documents through the lagkoll binary")
struct DocxCommandTests {
  let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-docx-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
    return url.path
  }

  func listing() throws -> [String] {
    try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
  }

  static let plan = WordML.docx(
    WordML.kommun + WordML.part("Åtgärdsplan (5 §)") + WordML.caption("Åtgärder")
      + WordML.table([WordML.atgarderHeader, ["A1", "Belysning", "", "Bättre ljus", "2027-01-01"]]))

  @Test func checkReportsWordPlaces() throws {
    let path = try write("plan.docx", Self.plan)
    let output = try Watchdog.run(["check", "--as-of", "2026-11-24", path], timeout: 30)
    #expect(output.status == 1, "\(output.stderr)")
    #expect(output.stdout.contains("Åtgärdsplan (5 §) › Åtgärder, rad 1"), "\(output.stdout)")
    let json = try Watchdog.run(["check", "--format", "json", "--as-of", "2026-11-24", path], timeout: 30)
    #expect(json.stdout.contains("\"word\""))
  }

  @Test func foldersReviewAndDumpTakeWordDocumentsButNotLockFiles() throws {
    try write("plans/lund.docx", Self.plan)
    // Word's lock file beside an open document: 162 bytes that are not a document.
    try write("plans/~$lund.docx", [UInt8](repeating: 0x20, count: 162))
    let output = try Watchdog.run(
      ["check", "--format", "json", "--as-of", "2026-11-24", folder.appendingPathComponent("plans").path], timeout: 30)
    #expect(output.status == 1, "\(output.stdout) \(output.stderr)")
    #expect(output.stdout.contains("lund.docx"))
    #expect(!output.stdout.contains("~$lund.docx"))
    let review = try Watchdog.run(
      ["review", "--format", "csv", "--as-of", "2026-11-24", folder.appendingPathComponent("plans").path], timeout: 30)
    #expect(review.stdout.contains("1281"), "\(review.stdout) \(review.stderr)")
    let dump = try Watchdog.run(["dump", folder.appendingPathComponent("plans/lund.docx").path], timeout: 30)
    #expect(dump.status == 0)
    #expect(dump.stdout.contains("\"path\":\"/kommun/kod\""))
    #expect(dump.stdout.contains("Kommun och dokument › Dokumentet, raden Kommunkod (SCB)"))
  }

  @Test func hostileDocumentsEndInTimeWithExitThreeAndNothingWritten() throws {
    var lying = Array(WordML.document(WordML.kommun).utf8) + [UInt8](repeating: 0x20, count: 32 << 20)
    lying = ZipWriter.zip([("[Content_Types].xml", Array(WordML.contentTypes.utf8)), ("word/document.xml", lying)])
    // The central directory's size of word/document.xml (offset 24 of its header) says 1 000 bytes.
    var index = lying.count - 22
    while !(lying[index] == 0x50 && lying[index + 1] == 0x4B && lying[index + 2] == 1 && lying[index + 3] == 2)
      || index < 0
    {
      index -= 1
    }
    for byte in 0..<4 { lying[index + 24 + byte] = UInt8((1_000 >> (8 * byte)) & 0xFF) }
    let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)
    let cases: [(String, [UInt8], String)] = [
      ("bomb.docx", lying, "ZIP-bomb"),
      (
        "entries.docx", ZipWriter.zip((0..<100_000).map { (name: "x/\($0)", bytes: []) }, deflate: false),
        "fler än gränsen"
      ),
      ("escape.docx", WordML.docx(WordML.kommun, extra: [("../../evil.xml", [1])]), "pekar utanför arkivet"),
      ("truncated.docx", Array(Self.plan.prefix(Self.plan.count / 2)), "avkortad"),
      (
        "gammal.doc", ole + "WordDocument".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
        "spara som Word-dokument (.docx)"
      ),
      ("makro.docm", WordML.docx(WordML.kommun, extra: [("word/vbaProject.bin", [0])]), "makron"),
      ("mall.docx", WordML.docx(WordML.p("Mötesanteckningar")), "ingen plan ur lagkolls Word-mall"),
    ]
    for (name, bytes, words) in cases { try write(name, bytes) }
    let before = try listing()
    for (name, _, words) in cases {
      let output = try Watchdog.run(
        ["check", "--as-of", "2026-11-24", folder.appendingPathComponent(name).path], timeout: 30)
      #expect(output.status == 3, "\(name): exit \(output.status)")
      #expect(output.stdout.contains(words), "\(name): \(output.stdout.prefix(600))")
    }
    #expect(try listing() == before)
  }
}
