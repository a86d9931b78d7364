import Dispatch

/// Parses the main story on a second thread while this one builds the plan from its blocks: libxml2
/// reads the next rows there while the last ones become the tree here. Building the plan from the
/// blocks is a sixth of checking a typical Word plan, and the check takes the time of the thread the
/// user waits for (docs/engine.md, "Start-up, fourth round").
///
/// The plan is built on the calling thread, not the second one, for memory: the tree, and the
/// evaluation and report that follow, then take their memory from the same malloc arena, which reuses
/// what the building let go. Built on a second thread (its own arena), the check of a document of
/// 100 000 rows peaked 12 MB higher. The second thread holds only what libxml2 and the open row need.
///
/// At most `batchesInFlight` batches of `batchSize` blocks wait at once: a document parsed faster than
/// it is built holds a few hundred blocks, never its whole body.
enum BlockPipeline {
  static let batchSize = 64
  static let batchesInFlight = 4

  /// Runs `parse` on a second thread, handing the blocks it receives to `receiver` on this one, in
  /// order; returns what `parse` returns once every block has been received. When `parse` fails, the
  /// blocks it handed over before are still received, then its error is thrown. `meanwhile` runs here
  /// while the first batch is parsed: work the receiver would otherwise do at its first block. `help`
  /// runs here first and then whenever this thread would wait for a batch: work for the parse that
  /// this thread can do ahead of it (`ReadAhead.fill`); not at all when the parse runs here.
  static func run(
    into receiver: WordBodyReceiver, meanwhile: () -> Void = {}, help: () -> Void = {},
    parse: @escaping (WordBodyReceiver) throws(ReadError) -> WordBody
  ) throws(ReadError) -> WordBody {
    let channel = Channel()
    // The closure and what it captures (the part's source, the positions recorded on the way) belong
    // to the second thread until it has closed the channel.
    let parsing = SecondThread { () -> Result<WordBody, ReadError> in
      defer { channel.close() }
      return Result { () throws(ReadError) in try parse(channel) }
    }
    // No thread to be had (a limit on threads): parsed here, each block received as it is read, and
    // nothing to help with.
    guard parsing.started else {
      meanwhile()
      return try parse(receiver)
    }
    help()
    meanwhile()
    channel.deliver(to: receiver, help: help)
    return try parsing.value().get()
  }

  private enum Block {
    case paragraph(WordBody.Paragraph)
    case startTable(WordBody.TableStart)
    case row(WordBody.Row)
    case endTable
  }

  /// The parser's receiver on the second thread and the blocks' way to the first. `batch` is the second
  /// thread's alone; `ready` is guarded by `lock`; `items` counts the batches sent and, last, the close;
  /// `room` the batches that may still be sent.
  private final class Channel: WordBodyReceiver, @unchecked Sendable {
    private var batch: [Block] = []
    private var ready: [[Block]] = []
    private let lock = MutexLock()
    private let items = DispatchSemaphore(value: 0)
    private let room = DispatchSemaphore(value: BlockPipeline.batchesInFlight)

    init() { batch.reserveCapacity(BlockPipeline.batchSize) }

    func paragraph(_ paragraph: WordBody.Paragraph) { add(.paragraph(paragraph)) }
    func startTable(_ table: WordBody.TableStart) { add(.startTable(table)) }
    func row(_ row: WordBody.Row) { add(.row(row)) }
    func endTable() { add(.endTable) }

    private func add(_ block: Block) {
      batch.append(block)
      if batch.count == BlockPipeline.batchSize { send() }
    }

    private func send() {
      guard !batch.isEmpty else { return }
      room.wait()
      lock.withLock { ready.append(batch) }
      batch = []
      batch.reserveCapacity(BlockPipeline.batchSize)
      items.signal()
    }

    /// The parse has ended: what is left is sent, and the receiving side stops after it.
    func close() {
      send()
      items.signal()
    }

    /// Hands every batch to `receiver` as it is ready, until the channel is closed and empty; `help`
    /// when there is none yet, before waiting for it (with batches waiting, building them comes first).
    func deliver(to receiver: WordBodyReceiver, help: () -> Void) {
      while true {
        if items.wait(timeout: .now()) == .timedOut {
          help()
          items.wait()
        }
        // Each batch is in `ready` before its signal, so an empty `ready` means this was the close.
        guard let blocks = lock.withLock({ ready.isEmpty ? nil : ready.removeFirst() }) else { return }
        room.signal()
        for block in blocks {
          switch block {
          case .paragraph(let paragraph): receiver.paragraph(paragraph)
          case .startTable(let table): receiver.startTable(table)
          case .row(let row): receiver.row(row)
          case .endTable: receiver.endTable()
          }
        }
      }
    }
  }
}
