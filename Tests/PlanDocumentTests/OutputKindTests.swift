import Foundation
import PlanDocument
import Testing

/// How a command writes to the path it was given: a file whole, a device or pipe by writing into it,
/// and a folder, block device or socket never.
struct OutputKindTests {
  @Test func eachKindOfPathIsWrittenAsItShouldBe() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("rapport.json").path
    #expect(AtomicFile.outputKind(file) == .file)
    #expect(FileManager.default.createFile(atPath: file, contents: Data("{}".utf8)))
    #expect(AtomicFile.outputKind(file) == .file)
    #expect(AtomicFile.outputKind(folder.path) == .refused(EISDIR))
    #expect(AtomicFile.outputKind("/dev/null") == .stream)
    let fifo = folder.appendingPathComponent("rör").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(AtomicFile.outputKind(fifo) == .stream)

    // A socket stands for what is neither a file nor a stream (a block device needs root to make).
    let socketPath = folder.appendingPathComponent("s").path
    let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #expect(socketDescriptor >= 0)
    defer { close(socketDescriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in socketPath.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    #expect(bound == 0)
    #expect(AtomicFile.outputKind(socketPath) == .refused(ENOTSUP))
  }

  @Test func writingAllToADescriptorThatTakesNothingFails() {
    // A write to a descriptor that is not open fails at once with its errno, never loops.
    #expect(AtomicFile.writeAll(Array("x".utf8), to: -1) == EBADF)
    #expect(AtomicFile.writeAll([], to: -1) == nil)
  }
}
