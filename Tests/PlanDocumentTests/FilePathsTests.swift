import Foundation
import PlanDocument
import Testing

/// `FilePaths` replaces `URL`'s path operations where the configuration is looked for and where a file
/// is written whole; it must give what `URL` gave for every shape of path those places see.
struct FilePathsTests {
  static let paths = [
    "/", "/a", "/a/", "/a/b", "/a//b", "/a/./b", "/a/b/..", "/a/b/../c/", "/..", "/../a", "/a/../../b", "//a",
    "/a/b/c/./../../d", "/tmp/lagkoll plan/åtgärd.json", "/a/.lagkoll.yaml", "/a/...", "/a/..b/c",
    "a", "a/b", "./a", "../a", "a/../../b", ".", "..", "a/", "plan-granskad.docx", "rapporter/ut.json",
  ]

  @Test(arguments: paths)
  func standardizedIsURLsStandardizedPath(path: String) {
    let expected = URL(fileURLWithPath: path).standardizedFileURL.path
    #expect(FilePaths.standardized(path) == expected)
  }

  @Test(arguments: paths)
  func relativeToAFolderIsURLsRelativePath(path: String) {
    let base = URL(fileURLWithPath: "/srv/plans/kommun", isDirectory: true)
    let expected = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    #expect(FilePaths.standardized(path, workingDirectory: "/srv/plans/kommun") == expected)
  }

  /// Upward from a standardized folder, as `Configuration.find` walks, to the root and no further.
  @Test func parentsOfAStandardizedPathAreURLsParents() {
    var path = FilePaths.standardized("/srv/plans/kommun/2026")
    var url = URL(fileURLWithPath: path)
    while true {
      let parent = FilePaths.parent(path)
      let urlParent = url.deletingLastPathComponent()
      #expect(parent == urlParent.path, "parent of \(path)")
      if parent == path { break }
      path = parent
      url = urlParent
    }
    #expect(path == "/")
  }

  /// Where `AtomicFile` puts its temporary file: beside the target, under the target's name.
  @Test(arguments: [
    "ut.json", "rapporter/ut.json", "/tmp/ut.json", "/ut.json", "./a/b.sarif", "../x.html", "a/b/",
  ])
  func folderAndNameOfATargetMatchURL(path: String) {
    let url = URL(fileURLWithPath: path)
    #expect(FilePaths.lastComponent(path) == url.lastPathComponent)
    #expect(FilePaths.standardized(FilePaths.parent(path)) == url.deletingLastPathComponent().standardizedFileURL.path)
  }

  @Test func appendingAddsOneSlash() {
    #expect(FilePaths.appending(".git", to: "/") == "/.git")
    #expect(FilePaths.appending(".git", to: "/a") == "/a/.git")
    #expect(FilePaths.appending(".git", to: "/a/") == "/a/.git")
  }

  @Test func resolvingLinksFollowsThemAndKeepsWhatCannotBeResolved() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-paths-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let real = folder.appendingPathComponent("real")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    let link = folder.appendingPathComponent("link").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real.path)
    #expect(FilePaths.resolvingLinks(link) == URL(fileURLWithPath: link).resolvingSymlinksInPath().path)
    #expect(FilePaths.resolvingLinks("/no/such/folder") == "/no/such/folder")
  }
}
