import CLibXML2
import Testing

@testable import PlanDocument

/// Both XML readers go through `ProtectedSAXParser`: the same hostile declarations reach the same
/// refusing callbacks, and each reader refuses them (the plan reader with its position, Word's body with
/// its line); nothing from a file or the network ever arrives as text.
@Suite("Protected SAX parser: both readers refuse the same declarations")
struct ProtectedSAXParserTests {
  /// Internal subsets that declare entities, external ones and one that names an external DTD and
  /// refers to an entity it would declare.
  static let subsets = [
    "<!DOCTYPE d [<!ENTITY bild SYSTEM \"file:///etc/passwd\" NDATA png><!NOTATION png SYSTEM \"image/png\">]>",
    "<!DOCTYPE d [<!NOTATION png SYSTEM \"image/png\"><!ENTITY bild SYSTEM \"file:///etc/passwd\" NDATA png>]>",
    "<!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
    "<!DOCTYPE d [<!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext;]>",
    "<!DOCTYPE d [<!ENTITY net SYSTEM \"http://192.0.2.1/secret.xml\">]>",
    "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
  ]

  /// Records what the parser hands a reader, and stops at the first refusal or error, as readers do.
  final class Recorder: ProtectedSAXReceiver {
    let ctxt: xmlParserCtxtPtr
    var refusals: [ProtectedSAXParser.Refusal] = []
    var errors: [String] = []
    var text: [UInt8] = []

    init(_ ctxt: xmlParserCtxtPtr) { self.ctxt = ctxt }

    func refuse(_ refusal: ProtectedSAXParser.Refusal) {
      refusals.append(refusal)
      xmlStopParser(ctxt)
    }

    func libxmlError(_ error: UnsafePointer<xmlError>) {
      guard let failure = ProtectedSAXParser.Failure(error) else { return }
      errors.append(failure.message)
      xmlStopParser(ctxt)
    }

    static let handlers = ProtectedSAXParser.Handlers(
      startElement: { _, _, _, _, _, _, _, _, _ in }, endElement: { _, _, _, _ in },
      characters: { context, text, length in
        guard let context, let text else { return }
        Unmanaged<Recorder>.fromOpaque(context).takeUnretainedValue().text.append(
          contentsOf: UnsafeBufferPointer(start: text, count: Int(length)))
      })
  }

  func record(_ xml: String, allowsDoctype: Bool) throws -> Recorder {
    let bytes = Array(xml.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in
      try ProtectedSAXParser.parse(
        buffer, handlers: Recorder.handlers, allowsDoctype: allowsDoctype, unstartableAt: nil,
        receiver: { Recorder($0) }, finish: { recorder, _ in recorder })
    }
  }

  /// Plans allow a plain DOCTYPE, Word's body none: with a DOCTYPE allowed every entity declaration,
  /// unparsed ones included, still reaches the refusing callback before anything is read.
  @Test(arguments: subsets)
  func everyEntityDeclarationIsRefusedByTheParser(subset: String) throws {
    let xml = subset + "<d>&bild;&xxe;&net;&b;</d>"
    let plan = try record(xml, allowsDoctype: true)
    #expect(plan.refusals == [.entityDeclaration], "\(plan.refusals) \(plan.errors)")
    #expect(plan.text.isEmpty)
    let word = try record(xml, allowsDoctype: false)
    #expect(word.refusals == [.doctype])
    #expect(word.text.isEmpty)
  }

  @Test func anExternalDTDIsNeverLoadedAndItsEntitiesAreUnknown() throws {
    let xml = "<!DOCTYPE d SYSTEM \"file:///etc/passwd\"><d>&passwd;</d>"
    let plan = try record(xml, allowsDoctype: true)
    #expect(plan.refusals.isEmpty)
    #expect(plan.errors.count == 1 && plan.errors[0].contains("passwd"), "\(plan.errors)")
    #expect(!String(decoding: plan.text, as: UTF8.self).contains("root:"))
    #expect(try record(xml, allowsDoctype: false).refusals == [.doctype])
  }

  final class Blocks: WordBodyReceiver {
    func paragraph(_ paragraph: WordBody.Paragraph) {}
    func startTable(_ table: WordBody.TableStart) {}
    func row(_ row: WordBody.Row) {}
    func endTable() {}
  }

  /// The same subsets through the two readers: each refuses, in its words, before reading a text.
  @Test(arguments: subsets)
  func bothReadersRefuse(subset: String) throws {
    let ns = PlanFormat.namespace
    let plan = Array((subset.replacing("DOCTYPE d", with: "DOCTYPE plan") + "<plan xmlns=\"\(ns)\"/>").utf8)
    let planError = plan.withUnsafeBufferPointer { buffer -> ReadError? in
      do {
        _ = try XMLReader.parse(buffer, limits: .default)
        return nil
      } catch {
        return error as? ReadError
      }
    }
    #expect(planError?.kind == .malformed)
    #expect(planError?.location?.description == "1:17", "\(String(describing: planError))")
    let word = Array(
      (subset.replacing("DOCTYPE d", with: "DOCTYPE w:document")
        + "<w:document xmlns:w=\"\(WordBodyReader.mainNamespace)\"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>"
        + "</w:body></w:document>").utf8)
    let wordError = word.withUnsafeBufferPointer { buffer -> ReadError? in
      do {
        _ = try WordBodyReader.read(ChunkSource(bytes: buffer), part: "word/document.xml", into: Blocks())
        return nil
      } catch {
        return error as? ReadError
      }
    }
    #expect(wordError?.kind == .malformed)
    #expect(
      wordError?.message.en == "word/document.xml line 1: a DTD (<!DOCTYPE …>) does not belong in a Word document")
  }
}
