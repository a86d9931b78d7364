import DocxTestSupport
import Foundation
import Testing

@testable import PlanDocument

/// Hostile Word documents: each is refused with its reason (never read past a bound, never a network
/// or file access, never a crash). The binary's exit code 3 and that nothing is written are checked in
/// CLITests/DocxCommandTests; the time a huge table takes is measured in bench/docx.sh.
@Suite("Hostile Word documents are refused with their reason")
struct DocxHostileTests {
  func refusal(_ bytes: [UInt8], limits: ReadLimits = .default) -> ReadError? {
    do {
      _ = try DocumentReader.parse(bytes, file: "plan.docx", format: .docx, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  func expectRefused(
    _ bytes: [UInt8], saying words: String, limits: ReadLimits = .default,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let error = refusal(bytes, limits: limits)
    #expect(error != nil, "read, not refused", sourceLocation: sourceLocation)
    #expect(error?.message.sv.contains(words) == true, "\(error?.message.sv ?? "")", sourceLocation: sourceLocation)
  }

  static let plan = Array(WordML.document(WordML.kommun).utf8)

  /// Sets the 32-bit field at `offset` of every header with `signature` (local or central) in `zip`.
  static func patch(_ zip: [UInt8], signature: UInt32, field: Int, value: UInt32, name: String? = nil) -> [UInt8] {
    var bytes = zip
    var index = 0
    let sig = (0..<4).map { UInt8((signature >> (8 * UInt32($0))) & 0xFF) }
    while index + 46 < bytes.count {
      if Array(bytes[index..<index + 4]) == sig {
        let nameAt = signature == 0x0201_4b50 ? 46 : 30
        let lengthAt = signature == 0x0201_4b50 ? 28 : 26
        let length = Int(bytes[index + lengthAt]) | Int(bytes[index + lengthAt + 1]) << 8
        let entryName = String(decoding: bytes[index + nameAt..<index + nameAt + length], as: UTF8.self)
        if name == nil || entryName == name {
          for byte in 0..<4 { bytes[index + field + byte] = UInt8((value >> (8 * UInt32(byte))) & 0xFF) }
        }
      }
      index += 1
    }
    return bytes
  }

  @Test func aZipBombThatDeclaresGigabytesIsRefusedBeforeInflating() {
    // 64 MB of spaces inside the document, deflated to about 64 KB, with the central directory's
    // uncompressed size claiming 3 GB: refused on the claim, nothing inflated.
    let bomb = WordML.docx(WordML.kommun, extra: [("word/media/fill.bin", [UInt8](repeating: 0x20, count: 64 << 20))])
    let claimed = Self.patch(bomb, signature: 0x0201_4b50, field: 24, value: 3_000_000_000, name: "word/media/fill.bin")
    expectRefused(claimed, saying: "opackad")
    // Honest sizes: 64 MB from 64 KB is over the ratio bound.
    expectRefused(bomb, saying: "gånger (en ZIP-bomb?)")
  }

  @Test func aZipBombThatLiesAboutItsSizeStopsAtTheDeclaredSize() {
    // The main part declares 100 000 bytes but inflates to 64 MB: inflating stops one byte past the claim.
    var body = Array(WordML.document(WordML.kommun).utf8)
    body += [UInt8](repeating: 0x20, count: 64 << 20)
    let zip = ZipWriter.zip([("[Content_Types].xml", Array(WordML.contentTypes.utf8)), ("word/document.xml", body)])
    let lying = Self.patch(zip, signature: 0x0201_4b50, field: 24, value: 100_000, name: "word/document.xml")
    expectRefused(lying, saying: "mer än de 100000 byte den anger")
    // The same when a read ends exactly at the declared size (the reader pulls in chunks, and where they
    // end is libxml2's choice): the data must end there too, else it is the same refusal.
    for length in [100_000, 50_000, 4_000] {
      let archive = try? ZipArchive(lying, limits: DocxReader.zipLimits(.default))
      guard let archive, let entry = archive.entry(named: "word/document.xml"),
        let stream = try? EntryStream(archive, entry)
      else {
        Issue.record("the lying archive does not open")
        return
      }
      var buffer = [UInt8](repeating: 0, count: length)
      var got = 0
      repeat {
        got = buffer.withUnsafeMutableBufferPointer { stream.read(into: $0.baseAddress!, length: length) }
      } while got > 0
      #expect(got == -1 && stream.error?.message.sv.contains("mer än de 100000 byte den anger") == true, "\(length)")
    }
  }

  /// A part that is broken XML near its start and also has a wrong checksum: the archive's fault is the
  /// error, whatever the part's size, and so however far it had been read ahead when libxml2 stopped
  /// (ReadAhead; at 75 kB the error once depended on the threads' timing).
  @Test(arguments: [20_000, 75_000, 165_000])
  func aDamagedPartIsReportedAsDamagedWhereverTheParseStops(size: Int) {
    let filler = WordML.p(String(repeating: "x", count: 100))
    let body = "<w:p></w:r>" + String(repeating: filler, count: size / filler.utf8.count)
    let zip = ZipWriter.zip([
      ("[Content_Types].xml", Array(WordML.contentTypes.utf8)),
      ("word/document.xml", Array(WordML.document(body).utf8)),
    ])
    var damaged = Self.patch(zip, signature: 0x0201_4b50, field: 16, value: 0x1234_5678, name: "word/document.xml")
    damaged = Self.patch(damaged, signature: 0x0403_4b50, field: 14, value: 0x1234_5678, name: "word/document.xml")
    for _ in 0..<5 { expectRefused(damaged, saying: "fel kontrollsumma") }
  }

  @Test func aNestedArchiveIsNeverOpened() throws {
    // A zip inside the package (as an embedded workbook is) is only bytes: its entries are not read,
    // and as the main part it is not XML.
    let inner = ZipWriter.zip([("a.xml", [UInt8](repeating: 0x20, count: 1 << 20))])
    let document = try DocumentReader.parse(
      WordML.docx(WordML.kommun, extra: [("word/embeddings/nested.zip", inner)]), file: "plan.docx", format: .docx)
    #expect(document.root["kommun"]?["kod"]?.string == "1281")
    let nestedMain = ZipWriter.zip([
      ("[Content_Types].xml", Array(WordML.contentTypes.utf8)), ("word/document.xml", inner),
    ])
    expectRefused(nestedMain, saying: "XML-fel i word/document.xml")
  }

  @Test func tooManyEntriesAreRefusedBeforeAnyIsRead() {
    let parts = (0..<100_000).map { (name: "x/\($0)", bytes: [UInt8]()) }
    expectRefused(ZipWriter.zip(parts, deflate: false), saying: "delar, fler än gränsen 1000")
  }

  @Test func namesOutsideTheArchiveAreRefused() {
    for name in ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "C:/evil.xml", "..\\evil.xml", "\\evil.xml"] {
      let zip = WordML.docx(WordML.kommun, extra: [(name, Array("x".utf8))])
      expectRefused(zip, saying: "pekar utanför arkivet")
    }
  }

  @Test func duplicateNamesAreRefusedIgnoringCase() {
    expectRefused(
      WordML.docx(WordML.kommun, extra: [("word/document.xml", Self.plan)]), saying: "förekommer två gånger")
    expectRefused(
      WordML.docx(WordML.kommun, extra: [("WORD/Document.xml", Self.plan)]), saying: "förekommer två gånger")
  }

  @Test func aTruncatedArchiveIsRefused() {
    let zip = WordML.docx(WordML.kommun)
    for cut in [zip.count / 2, zip.count - 10, 30, 3] {
      let error = refusal(Array(zip.prefix(cut)))
      #expect(error != nil, "cut at \(cut)")
    }
    expectRefused(Array(zip.prefix(zip.count / 2)), saying: "avkortad")
  }

  @Test func overlappingEntriesAreRefused() {
    // Two central entries pointing at the same data: the "overlapping files" bomb.
    let zip = WordML.docx(WordML.kommun, extra: [("word/a.xml", Array("a".utf8)), ("word/b.xml", Array("b".utf8))])
    var offsetOfA: UInt32 = 0
    let local: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    var index = 0
    while index + 40 < zip.count {
      if Array(zip[index..<index + 4]) == local,
        String(decoding: zip[index + 30..<index + 40], as: UTF8.self) == "word/a.xml"
      {
        offsetOfA = UInt32(index)
      }
      index += 1
    }
    let overlapping = Self.patch(zip, signature: 0x0201_4b50, field: 42, value: offsetOfA, name: "word/b.xml")
    let error = refusal(overlapping)
    #expect(error != nil)
  }

  @Test func entitiesAndDTDsInTheMainPartAreRefused() {
    let laughs =
      #"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>"#
      + "<w:document xmlns:w=\"\(WordML.namespace)\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    let zip = ZipWriter.zip([
      ("[Content_Types].xml", Array(WordML.contentTypes.utf8)), ("word/document.xml", Array(laughs.utf8)),
    ])
    expectRefused(zip, saying: "DTD")
    let external =
      #"<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "file:///etc/passwd">"#
      + "<w:document xmlns:w=\"\(WordML.namespace)\"><w:body/></w:document>"
    expectRefused(
      ZipWriter.zip([
        ("[Content_Types].xml", Array(WordML.contentTypes.utf8)), ("word/document.xml", Array(external.utf8)),
      ]),
      saying: "DTD")
    let undeclared =
      "<w:document xmlns:w=\"\(WordML.namespace)\"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    expectRefused(
      ZipWriter.zip([
        ("[Content_Types].xml", Array(WordML.contentTypes.utf8)), ("word/document.xml", Array(undeclared.utf8)),
      ]),
      saying: "XML-fel")
  }

  @Test func externalRelationshipsAreNeverFollowed() throws {
    // An altChunk and a sub-document pointing at a local file and a URL, and an attached template: the
    // reader follows no relationship, so neither text turns up and nothing is fetched.
    let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lagkoll-secret-\(UUID().uuidString).xml")
    try Data(
      "<w:document xmlns:w=\"\(WordML.namespace)\"><w:body><w:p><w:r><w:t>HEMLIGT</w:t></w:r></w:p></w:body></w:document>"
        .utf8
    )
    .write(to: secret)
    let relationships =
      #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
      + #"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="file://\#(secret.path)" TargetMode="External"/>"#
      + #"<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument" Target="http://192.0.2.1/x.docx" TargetMode="External"/>"#
      + "</Relationships>"
    let body =
      WordML.kommun
      + "<w:altChunk r:id=\"rId9\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/>"
    let document = try DocumentReader.parse(
      WordML.docx(body, extra: [("word/_rels/document.xml.rels", Array(relationships.utf8))]), file: "plan.docx",
      format: .docx)
    var texts: [String] = []
    document.root.walk { _, node, _ in if let text = node.scalarText { texts.append(text) } }
    #expect(!texts.contains { $0.contains("HEMLIGT") })
    #expect(document.root["kommun"]?["namn"]?.string == "Lund")
  }

  @Test func oleContainersSayWhatTheyAre() {
    var ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1_000)
    let word97 = ole + "WordDocument".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    expectRefused(word97, saying: "spara som Word-dokument (.docx)")
    ole += "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    expectRefused(ole, saying: "lösenordsskyddat")
    // Whatever the file is called.
    let error = refusal(word97, format: nil)
    #expect(error?.message.sv.contains("Word 97–2003") == true)
    // An encrypted ZIP entry (the older ZIP encryption) is refused too.
    let encrypted = Self.patch(
      WordML.docx(WordML.kommun), signature: 0x0201_4b50, field: 8, value: 0x0809, name: "word/document.xml")
    expectRefused(encrypted, saying: "lösenordsskyddat")
  }

  func refusal(_ bytes: [UInt8], format: SourceFormat?) -> ReadError? {
    do {
      _ = try DocumentReader.parse(bytes, file: "plan", format: format)
      return nil
    } catch {
      return error
    }
  }

  @Test func macroEnabledDocumentsAreRefused() {
    expectRefused(
      WordML.docx(WordML.kommun, extra: [("word/vbaProject.bin", [1, 2, 3])]), saying: "innehåller makron")
    let docmTypes = WordML.contentTypes.replacingOccurrences(
      of: "wordprocessingml.document.main+xml", with: "ms-word.document.macroEnabled.main+xml")
    expectRefused(WordML.docx(WordML.kommun, contentTypes: docmTypes), saying: "innehåller makron")
  }

  @Test func notAZipAtAll() {
    expectRefused(Array("<plan/>".utf8), saying: "inget ZIP-arkiv")
  }

  @Test func aLargeTableIsReadWhole() throws {
    // 20 000 rows here (the debug build, two busy cores); 100 000 and linear time in bench/docx.sh.
    var rows = [WordML.row(["Id", "Datum", "Typ", "Resultat"])]
    for index in 0..<20_000 { rows.append(WordML.row(["U\(index)", "2026-05-01", "process", "R"])) }
    let document = try DocumentReader.parse(
      WordML.docx(
        WordML.kommun + WordML.part("Uppföljning (6 §)") + WordML.caption("Uppföljningar") + WordML.tableOfRows(rows)),
      file: "plan.docx", format: .docx)
    #expect(document.root["uppfoljningar"]?.childCount == 20_000)
  }
}
