import Foundation
import Testing

@testable import lagkoll

/// `convert plan.json --to docx` without `--output` writes beside the input. The folder was NSString's
/// `deletingLastPathComponent`; Foundation is gone from the binary, so the old expression is kept here
/// as the definition the command is held to (except for a one-character name, on which NSString
/// trapped: the command crashed there and now writes beside it).
struct ConvertSiblingTests {
  static func foundation(_ path: String) -> String {
    let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let folder = (path as NSString).deletingLastPathComponent
    return folder.isEmpty ? "\(base).docx" : "\(folder)/\(base).docx"
  }

  @Test(arguments: [
    "plan.json", "./plan.json", "../plan.json", "d/plan.json", "d//plan.json", "d/e/plan.xml", "/plan.json",
    "//plan.json", "/tmp/d/plan.json", "d/plan.json/", "x//y//plan.json", "plan", "plan.tar.json", ".plan.json",
    "d/åtgärdsplan 2026.json", "ab",
  ])
  func theFolderIsNSStringsFolder(path: String) {
    #expect(Convert.sibling(of: path, extension: "docx") == Self.foundation(path))
  }

  @Test func aOneCharacterNameGetsItsSibling() {
    #expect(Convert.sibling(of: "a", extension: "docx") == "a.docx")
    #expect(Convert.sibling(of: "d/a", extension: "docx") == "d/a.docx")
  }
}
