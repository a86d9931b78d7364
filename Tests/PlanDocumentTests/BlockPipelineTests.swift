import Foundation
import Testing

@testable import PlanDocument

/// The Word reader parses on a second thread and builds the plan on the caller's: the blocks must
/// arrive whole and in order, an error must come after the blocks read before it, and a slow builder
/// must hold the parser back rather than let the body pile up.
struct BlockPipelineTests {
  /// Records every block with the thread it arrived on.
  final class Recorder: WordBodyReceiver {
    var blocks: [String] = []
    var threads: Set<String> = []
    var delay: UInt32 = 0

    private func note(_ block: String) {
      blocks.append(block)
      threads.insert("\(pthread_self())")
      if delay > 0 { usleep(delay) }
    }

    func paragraph(_ paragraph: WordBody.Paragraph) { note("p \(paragraph.number) \(paragraph.text)") }
    func startTable(_ table: WordBody.TableStart) { note("table \(table.number)") }
    func row(_ row: WordBody.Row) { note("row \(row.cells.map(\.text).joined(separator: "|"))") }
    func endTable() { note("end") }
  }

  static func document(paragraphs: Int, rows: Int, broken: Bool = false) -> [UInt8] {
    var xml = "<w:document xmlns:w=\"\(WordBodyReader.mainNamespace)\"><w:body>"
    for number in 1...paragraphs { xml += "<w:p><w:r><w:t>stycke \(number)</w:t></w:r></w:p>" }
    xml += "<w:tbl>"
    for number in 1...rows {
      xml += "<w:tr><w:tc><w:p><w:r><w:t>a\(number)</w:t></w:r></w:p></w:tc>"
      xml += "<w:tc><w:p><w:r><w:t>b\(number)</w:t></w:r></w:p></w:tc></w:tr>"
    }
    xml += "</w:tbl>"
    xml += broken ? "<w:p><w:r><w:t>trasigt</w:p>" : "<w:p/></w:body></w:document>"
    return Array(xml.utf8)
  }

  /// The blocks as the reader hands them over on one thread, without the pipeline.
  static func direct(_ bytes: [UInt8]) throws -> [String] {
    let recorder = Recorder()
    _ = try bytes.withUnsafeBufferPointer { buffer in
      try WordBodyReader.read(ChunkSource(bytes: buffer), part: "word/document.xml", into: recorder)
    }
    return recorder.blocks
  }

  static func piped(_ bytes: [UInt8], delay: UInt32 = 0) -> (Recorder, Result<WordBody, ReadError>) {
    let recorder = Recorder()
    recorder.delay = delay
    let result = bytes.withUnsafeBufferPointer { buffer in
      let source = ChunkSource(bytes: buffer)
      return Result { () throws(ReadError) in
        try BlockPipeline.run(into: recorder) { receiver throws(ReadError) in
          try WordBodyReader.read(source, part: "word/document.xml", into: receiver)
        }
      }
    }
    return (recorder, result)
  }

  @Test(arguments: [(1, 1), (63, 1), (64, 64), (500, 3_000)])
  func everyBlockArrivesInOrderOnTheCallersThread(paragraphs: Int, rows: Int) throws {
    let bytes = Self.document(paragraphs: paragraphs, rows: rows)
    let (recorder, result) = Self.piped(bytes)
    let body = try result.get()
    #expect(recorder.blocks == (try Self.direct(bytes)))
    #expect(recorder.blocks.count == paragraphs + rows + 3)
    #expect(recorder.threads == ["\(pthread_self())"])
    #expect(body.paragraphCount == paragraphs + rows * 2 + 1)
  }

  @Test func anErrorComesAfterTheBlocksReadBeforeIt() {
    let bytes = Self.document(paragraphs: 200, rows: 200, broken: true)
    let (recorder, result) = Self.piped(bytes)
    guard case .failure(let error) = result else {
      Issue.record("a broken document was read")
      return
    }
    #expect(error.kind == .malformed)
    #expect(recorder.blocks.count == 200 + 200 + 2)
    #expect(recorder.blocks.last == "end")
  }

  /// A receiver slower than the parser: what has been parsed but not received stays within the batches
  /// in flight, so the parser is never more than a few batches ahead.
  @Test func aSlowReceiverHoldsTheParserBack() throws {
    /// The blocks parsed so far, counted on the parser's thread and read on the receiver's.
    final class Parsed: @unchecked Sendable {
      private let lock = NSLock()
      private var count = 0
      func add() { lock.withLock { count += 1 } }
      var value: Int { lock.withLock { count } }
    }
    final class Counting: WordBodyReceiver {
      var received = 0
      let parsed: Parsed
      var largestLead = 0
      init(parsed: Parsed) { self.parsed = parsed }
      func note() {
        received += 1
        largestLead = max(largestLead, parsed.value - received)
        if received % 50 == 0 { usleep(200) }
      }
      func paragraph(_ paragraph: WordBody.Paragraph) { note() }
      func startTable(_ table: WordBody.TableStart) { note() }
      func row(_ row: WordBody.Row) { note() }
      func endTable() { note() }
    }
    /// Counts the blocks on the parser's side before passing them on.
    final class Counter: WordBodyReceiver {
      let next: WordBodyReceiver
      let parsed: Parsed
      init(_ next: WordBodyReceiver, parsed: Parsed) {
        self.next = next
        self.parsed = parsed
      }
      func paragraph(_ paragraph: WordBody.Paragraph) {
        parsed.add()
        next.paragraph(paragraph)
      }
      func startTable(_ table: WordBody.TableStart) {
        parsed.add()
        next.startTable(table)
      }
      func row(_ row: WordBody.Row) {
        parsed.add()
        next.row(row)
      }
      func endTable() {
        parsed.add()
        next.endTable()
      }
    }
    let parsed = Parsed()
    let bytes = Self.document(paragraphs: 10, rows: 5_000)
    let receiver = Counting(parsed: parsed)
    _ = try bytes.withUnsafeBufferPointer { buffer in
      let source = ChunkSource(bytes: buffer)
      return try BlockPipeline.run(into: receiver) { next throws(ReadError) in
        try WordBodyReader.read(source, part: "word/document.xml", into: Counter(next, parsed: parsed))
      }
    }
    #expect(receiver.received == 10 + 5_000 + 3)
    let bound = (BlockPipeline.batchesInFlight + 2) * BlockPipeline.batchSize
    #expect(receiver.largestLead <= bound, "the parser ran \(receiver.largestLead) blocks ahead")
  }
}
