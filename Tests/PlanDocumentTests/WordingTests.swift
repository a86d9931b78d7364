import Foundation
import Testing

/// User-facing text is said in both languages one way: `language.say(sv:en:)` where it is said, or a
/// `LocalizedText` kept for later; never an inline `sv ? … : …`, whose English side nothing can find.
/// These read the sources, so that a missing or untranslated English text fails here and not in front
/// of a user.
@Suite("One way to say it in two languages")
struct WordingTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The folders whose sources are held to it: the engine and the server.
  static let folders = ["Sources", "Server/Sources"]

  static func sources() throws -> [(path: String, text: String)] {
    var result: [(String, String)] = []
    for folder in folders {
      let base = root.appendingPathComponent(folder)
      let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
      while let url = walker?.nextObject() as? URL {
        guard url.pathExtension == "swift" else { continue }
        result.append((String(url.path.dropFirst(root.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
      }
    }
    return result.sorted { $0.0 < $1.0 }
  }

  /// `sv ? "…" : "…"` and `language == .sv ? …`, also with the `?` on the next line.
  static let ternary = try! NSRegularExpression(pattern: #"((?<![\w.])sv|==\s*\.(sv|en))\s*\?\s"#)
  /// A wording written out in both languages, each one string literal without interpolated quotes.
  static let pair = try! NSRegularExpression(
    pattern: #"sv:\s*"((?:[^"\\\n]|\\.)*)",\s*en:\s*"((?:[^"\\\n]|\\.)*)""#)

  static func line(of offset: Int, in text: NSString) -> Int {
    text.substring(to: offset).reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
  }

  @Test func noInlineLanguageTernaries() throws {
    let files = try Self.sources()
    #expect(files.count > 50, "the sources were not found under \(Self.root.path)")
    for (path, text) in files {
      let string = text as NSString
      for match in Self.ternary.matches(in: text, range: NSRange(location: 0, length: string.length)) {
        let line = Self.line(of: match.range.location, in: string)
        let content = string.substring(with: string.lineRange(for: match.range))
        if content.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
        Issue.record("\(path):\(line): say it with language.say(sv:en:) or a LocalizedText: \(content)")
      }
    }
  }

  @Test func everySwedishWordingHasAnEnglishOne() throws {
    var pairs = 0
    for (path, text) in try Self.sources() {
      let string = text as NSString
      for match in Self.pair.matches(in: text, range: NSRange(location: 0, length: string.length)) {
        pairs += 1
        let sv = string.substring(with: match.range(at: 1))
        let en = string.substring(with: match.range(at: 2))
        let line = Self.line(of: match.range.location, in: string)
        if !sv.isEmpty && en.trimmingCharacters(in: .whitespaces).isEmpty {
          Issue.record("\(path):\(line): no English for \"\(sv)\"")
        }
        // Copied rather than translated: the same text, with letters only Swedish has.
        if sv == en && sv.contains(where: { "åäöÅÄÖ".contains($0) }) {
          Issue.record("\(path):\(line): the English is the Swedish: \"\(sv)\"")
        }
      }
    }
    #expect(pairs > 300, "only \(pairs) wordings found: has the pattern stopped matching?")
  }
}
