import Dispatch
import Foundation

/// Runs a program as a child of a test and collects what it wrote: the one process runner of the tests
/// that run `lagkoll`, `plangen` or a tool on PATH to the end.
///
/// Standard output and standard error are read at the same time, each on its own thread, while the
/// input is written: reading one to its end before the other deadlocks as soon as the child writes more
/// than a pipe holds (64 KiB on Linux) to the one not being read, and waits for it to be emptied.
public enum ProcessRunner {
  public struct Output: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
  }

  /// Runs `executable` with `arguments` in `folder` (default: the current one) with exactly
  /// `environment`, writes `input` to its standard input (none: it reads an empty input), and waits
  /// for it to exit.
  public static func run(
    _ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String],
    input: Data? = nil
  ) throws -> Output {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) { outData = stdout.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
    if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }  // a child may exit unread
    try? stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    group.wait()
    return Output(status: process.terminationStatus, stdout: outData, stderr: errData)
  }
}
