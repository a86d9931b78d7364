import Foundation
import Logging
import PlanDocument

/// One JSON object per line on standard output, for log collectors: time, level, label, message and
/// the metadata (the request id among it). The text format is swift-log's own StreamLogHandler.
struct JSONLogHandler: LogHandler {
  let label: String
  var logLevel: Logger.Level = .info
  var metadata: Logger.Metadata = [:]

  init(label: String) { self.label = label }

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    var members: [(String, JSONValue)] = [
      ("time", .string(Date().formatted(.iso8601))),
      ("level", .string(event.level.rawValue)),
      ("label", .string(label)),
      ("message", .string(event.message.description)),
    ]
    let merged = metadata.merging(event.metadata ?? [:]) { $1 }
    for key in merged.keys.sorted() { members.append((key, .string(merged[key]!.description))) }
    let line = JSONValue.object(members).serialized(indent: nil) + "\n"
    JSONLogHandler.lock.lock()
    defer { JSONLogHandler.lock.unlock() }
    FileHandle.standardOutput.write(Data(line.utf8))
  }

  private static let lock = NSLock()
}
