import Foundation
import ProcessTestSupport
import Testing

/// The tests' process runner reads both pipes at once: a child that fills standard error past a pipe's
/// 64 KiB before it writes standard output (or the other way round) runs to its end, and nothing is lost.
@Suite struct ProcessRunnerTests {
  @Test(arguments: [
    "head -c 300000 /dev/zero >&2; head -c 200000 /dev/zero", "head -c 200000 /dev/zero; head -c 300000 /dev/zero >&2",
  ])
  func bothPipesAreDrainedTogether(script: String) throws {
    let output = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: [:])
    #expect(output.status == 0)
    #expect(output.stdout.count == 200_000)
    #expect(output.stderr.count == 300_000)
  }

  @Test func inputReachesTheChild() throws {
    let output = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/cat"), [], environment: [:], input: Data("hej\n".utf8))
    #expect(output.status == 0)
    #expect(String(decoding: output.stdout, as: UTF8.self) == "hej\n")
  }
}
