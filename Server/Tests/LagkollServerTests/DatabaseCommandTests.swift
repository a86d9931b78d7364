import Foundation
import Testing

/// The built `lagkoll-server users …`, `backup` and `audit` on a real database file.
@Suite struct DatabaseCommandTests {
  struct Run {
    var status: Int32
    var output: String
    var errors: String
  }

  static func run(_ arguments: [String], input: String = "") throws -> Run {
    let process = Process()
    process.executableURL = try #require(ServeCommandTests.binary, "lagkoll-server was not built beside the tests")
    process.arguments = arguments
    let (output, errors, stdin) = (Pipe(), Pipe(), Pipe())
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
      errors: String(decoding: err, as: UTF8.self))
  }

  @Test func usersTokenBackupAndAudit() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("l.sqlite").path
    let password = "ett långt lösenord 1\n"
    #expect(
      try Self.run(
        ["users", "add", "anna@k.se", "--role", "samordnare", "--kommun", "0180", "--database", db],
        input: password
      ).output == "anna@k.se\tsamordnare kommun=0180\n")
    #expect(
      try Self.run(
        ["users", "add", "g@l.se", "--role", "granskare", "--lan", "1", "--database", db],
        input: password
      ).status == 0)
    #expect(
      try Self.run(
        ["users", "add", "b@b.se", "--role", "granskare", "--riket", "--database", db],
        input: password
      ).status == 0)
    let weak = try Self.run(["users", "add", "x@x.se", "--role", "admin", "--database", db], input: "kort\n")
    #expect(weak.status == 1 && weak.errors.contains("minst 12 tecken"))
    let again = try Self.run(["users", "add", "ANNA@k.se", "--role", "admin", "--database", db], input: password)
    #expect(again.status == 1 && again.errors.contains("finns redan"))
    let badCode = try Self.run(
      ["users", "add", "y@y.se", "--role", "samordnare", "--kommun", "9999", "--database", db],
      input: password)
    #expect(badCode.status == 64 && badCode.errors.contains("okänd kommunkod 9999"))
    let mixed = try Self.run(
      ["users", "add", "y@y.se", "--role", "admin", "--kommun", "0180", "--database", db],
      input: password)
    #expect(mixed.status == 64)

    let token = try Self.run(["users", "token", "anna@k.se", "--database", db])
    #expect(token.status == 0)
    #expect(token.output.range(of: "^[0-9a-f]{64}\n$", options: .regularExpression) != nil, "the token alone")
    #expect(try Self.run(["users", "disable", "g@l.se", "--database", db]).status == 0)
    #expect(
      try Self.run(["users", "list", "--database", db]).output
        == "anna@k.se\tsamordnare kommun=0180\taktiv\nb@b.se\tgranskare riket\taktiv\ng@l.se\tgranskare lan=01\tavstängd\n"
    )
    #expect(try Self.run(["users", "token", "nobody@k.se", "--database", db]).status == 1)

    let copy = folder.appendingPathComponent("kopia.sqlite").path
    #expect(try Self.run(["backup", copy, "--database", db]).status == 0)
    #expect(try Self.run(["users", "list", "--database", copy]).output.contains("anna@k.se"))
    let overwrite = try Self.run(["backup", copy, "--database", db])
    #expect(overwrite.status == 2 && overwrite.errors.contains("finns redan"))

    let audit = try Self.run(["audit", "--database", db]).output.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).dropFirst(2).prefix(3).joined(separator: " ")
    }
    #expect(
      audit == [
        "user.add anna@k.se ok", "user.add g@l.se ok", "user.add b@b.se ok", "user.token anna@k.se ok",
        "user.disable g@l.se ok",
      ])
    // A database that cannot be created is a message and exit code 2, never a crash.
    let missing = try Self.run(["audit", "--database", "/proc/ingen/mapp/l.sqlite"])
    #expect(missing.status == 2 && missing.errors.contains("kan inte öppnas"))
  }
}
