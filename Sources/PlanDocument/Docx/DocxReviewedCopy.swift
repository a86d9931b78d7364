/// The coordinator's own Word document with comments added (the reviewed copy of `lagkoll check
/// plan.docx --format docx`). Only what comments need changes: the main document part gains comment
/// anchors around the paragraphs they concern, the comments part is created or appended to, and the
/// relationships and content types name it if they did not. Every other part keeps its bytes, and no
/// paragraph's text changes (the tests compare every paragraph's text before and after).
public enum DocxReviewedCopy {
  /// One comment: the byte offset in the main document part of the node it concerns (nil: the title),
  /// and its paragraphs.
  public struct Comment: Sendable {
    public var offset: Int?
    public var paragraphs: [String]

    public init(offset: Int?, paragraphs: [String]) {
      self.offset = offset
      self.paragraphs = paragraphs
    }
  }

  public static let author = "lagkoll"

  static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  static let commentsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
  static let commentsContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

  /// `original` (a .docx that the reader has read) with `comments`, each anchored at the paragraph at
  /// or after its offset; comments without an offset, or whose offset finds no paragraph, are anchored at
  /// the title (the paragraph styled `LagkollTitel`, else the first paragraph of the body). `date` (an
  /// ISO 8601 date and time, e.g. the check's as-of date at midnight UTC) dates every comment: Word and
  /// LibreOffice show a comment without one as written in year -1.
  public static func make(
    original: [UInt8], comments: [Comment], date: String? = nil, limits: ReadLimits = .default
  ) throws -> [UInt8] {
    var package = try Package(ZipArchive(original, limits: DocxReader.zipLimits(limits)))

    // The part the reader read, so that the tree's offsets are offsets in it.
    let mainName = DocxReader.mainPart
    guard let document = package.data(mainName) else { throw ReviewError("the package has no \(mainName)") }
    let folder = mainName.contains("/") ? String(mainName[..<mainName.lastIndex(of: "/")!]) : ""
    let file = String(mainName.split(separator: "/").last ?? "document.xml")
    let relsName = (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    let target = commentsPart(of: package, relsName: relsName, folder: folder)

    // Comment ids after every id the document's comments already use.
    var nextID = (target.existing.map(maxCommentID) ?? -1) + 1
    let prefix = namespacePrefix(document) ?? "w"
    var anchored: [(paragraph: Int, id: Int)] = []
    var bodies = ""
    let title = titleParagraph(document, prefix: prefix)
    for comment in comments {
      let paragraph = comment.offset.flatMap { paragraphStart(document, from: $0, prefix: prefix) } ?? title
      guard let paragraph else { continue }
      anchored.append((paragraph, nextID))
      bodies += commentXML(id: nextID, comment.paragraphs, date: date, prefix: "w")
      nextID += 1
    }
    package.set(mainName, try anchor(document, anchored, prefix: prefix))
    package.set(target.name, Array(commentsText(existing: target.existing, adding: bodies).utf8))
    if let relsText = target.relationships { package.set(relsName, Array(relsText.utf8)) }
    // Parts that need no change keep their bytes.
    if let types = package.data("[Content_Types].xml") {
      let text = String(decoding: types, as: UTF8.self)
      let named = contentTypes(text, naming: target.name)
      if named != text { package.set("[Content_Types].xml", Array(named.utf8)) }
    }
    return ZipWriter.zip(package.parts.map { (name: $0.name, bytes: $0.data) })
  }

  /// The package's parts in their order; names compare without case, as OPC's do.
  struct Package {
    var parts: [(name: String, data: [UInt8])] = []

    init(_ archive: ZipArchive) throws {
      for entry in archive.entries { parts.append((entry.name, try archive.contents(of: entry))) }
    }

    func index(_ name: String) -> Int? { parts.firstIndex { $0.name.lowercased() == name.lowercased() } }
    func data(_ name: String) -> [UInt8]? { index(name).map { parts[$0].data } }

    /// Replaces the part named `name`, or adds it at the end.
    mutating func set(_ name: String, _ data: [UInt8]) {
      if let at = index(name) { parts[at].data = data } else { parts.append((name, data)) }
    }
  }

  /// The comments part: the one the document already has (with its text), or a new name that no part
  /// uses, with the relationships naming it (nil when they need no change).
  static func commentsPart(of package: Package, relsName: String, folder: String)
    -> (name: String, existing: String?, relationships: String?)
  {
    let relsText = package.data(relsName).map { String(decoding: $0, as: UTF8.self) }
    let base = folder.isEmpty ? "" : folder + "/"
    if let target = relsText.flatMap({ relationshipTarget($0, type: commentsType) }) {
      let name = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
      return (name, package.data(name).map { String(decoding: $0, as: UTF8.self) }, nil)
    }
    var name = base + "comments.xml"
    var number = 1
    while package.index(name) != nil {
      number += 1
      name = base + "comments\(number).xml"
    }
    let relationships = addRelationship(
      relsText ?? #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#,
      type: commentsType, target: String(name.dropFirst(base.count)))
    return (name, nil, relationships)
  }

  /// The comments part's text: `bodies` appended to the existing part, or a new part holding them.
  static func commentsText(existing: String?, adding bodies: String) -> String {
    // The last "</" (the last of the matches, as the text cannot overlap itself).
    if let existing, let close = existing.ranges(of: "</").last {
      // The existing part's prefix for WordprocessingML may differ; ours declare their own namespace.
      let own = bodies.replacing("<w:comment ", with: "<w:comment xmlns:w=\"\(wordNamespace)\" ")
      return String(existing[..<close.lowerBound]) + own + String(existing[close.lowerBound...])
    }
    return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + "<w:comments xmlns:w=\"\(wordNamespace)\">" + bodies + "</w:comments>"
  }

  /// `[Content_Types].xml` with an override for the comments part, unless it names it already.
  static func contentTypes(_ text: String, naming commentsName: String) -> String {
    guard !text.lowercased().contains("partname=\"/\(commentsName.lowercased())\""),
      let close = text.firstRange(of: "</Types>")
    else { return text }
    let override = "<Override PartName=\"/\(commentsName)\" ContentType=\"\(commentsContentType)\"/>"
    return String(text[..<close.lowerBound]) + override + String(text[close.lowerBound...])
  }

  public struct ReviewError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }

  // MARK: - Relationships

  static func attribute(_ name: String, in tag: Substring) -> String? {
    for quote in ["\"", "'"] {
      if let start = tag.firstRange(of: " \(name)=\(quote)") {
        let rest = tag[start.upperBound...]
        if let end = rest.firstIndex(of: Character(quote)) { return String(rest[..<end]) }
      }
    }
    return nil
  }

  /// The `<Relationship …>` tags of a relationships part.
  static func relationships(_ text: String) -> [Substring] {
    var tags: [Substring] = []
    var rest = text[...]
    while let start = rest.firstRange(of: "<Relationship ") {
      guard let end = rest[start.lowerBound...].firstIndex(of: ">") else { break }
      tags.append(rest[start.lowerBound...end])
      rest = rest[rest.index(after: end)...]
    }
    return tags
  }

  static func relationshipTarget(_ text: String, type: String) -> String? {
    for tag in relationships(text) where attribute("Type", in: tag) == type && attribute("TargetMode", in: tag) == nil {
      return attribute("Target", in: tag)
    }
    return nil
  }

  static func addRelationship(_ text: String, type: String, target: String) -> String {
    let ids = Set(relationships(text).compactMap { attribute("Id", in: $0) })
    var number = 1
    while ids.contains("rIdLagkoll\(number)") { number += 1 }
    let tag = "<Relationship Id=\"rIdLagkoll\(number)\" Type=\"\(type)\" Target=\"\(target)\"/>"
    guard let close = text.firstRange(of: "</Relationships>") else { return text }
    return String(text[..<close.lowerBound]) + tag + String(text[close.lowerBound...])
  }

  static func maxCommentID(_ text: String) -> Int {
    var highest = -1
    var rest = text[...]
    while let found = rest.firstRange(of: "comment ") {
      rest = rest[found.upperBound...]
      let end = rest.firstIndex(of: ">") ?? rest.endIndex
      if let value = attribute("w:id", in: " " + rest[..<end]).flatMap({ Int($0) }) { highest = max(highest, value) }
    }
    return highest
  }

  // MARK: - The main document part, as bytes

  /// The prefix the document gives WordprocessingML's namespace (`w` in everything Word and LibreOffice
  /// write).
  static func namespacePrefix(_ document: [UInt8]) -> String? {
    let head = String(decoding: document.prefix(8192), as: UTF8.self)
    guard let uri = head.firstRange(of: "=\"\(wordNamespace)\"") else { return nil }
    let before = head[..<uri.lowerBound]
    guard let xmlns = before.ranges(of: "xmlns:").last else { return nil }
    return String(before[xmlns.upperBound...])
  }

  static func matches(_ document: [UInt8], _ at: Int, _ text: [UInt8]) -> Bool {
    guard at >= 0, at + text.count <= document.count else { return false }
    for index in 0..<text.count where document[at + index] != text[index] { return false }
    return true
  }

  /// Whether a paragraph's start tag begins at `at` (`<w:p>`, `<w:p …>` or `<w:p/>`, not `<w:pPr`).
  static func isParagraphStart(_ document: [UInt8], _ at: Int, _ open: [UInt8]) -> Bool {
    guard matches(document, at, open), at + open.count < document.count else { return false }
    let next = document[at + open.count]
    return next == UInt8(ascii: ">") || next == UInt8(ascii: " ") || next == UInt8(ascii: "/") || next == 0x0A
      || next == 0x09 || next == 0x0D
  }

  /// The start of the first paragraph at or after `offset`.
  static func paragraphStart(_ document: [UInt8], from offset: Int, prefix: String) -> Int? {
    let open = Array("<\(prefix):p".utf8)
    var at = max(offset, 0)
    while at < document.count {
      if document[at] == UInt8(ascii: "<"), isParagraphStart(document, at, open) { return at }
      at += 1
    }
    return nil
  }

  /// The title paragraph: the first styled `LagkollTitel`, else the first of the body.
  static func titleParagraph(_ document: [UInt8], prefix: String) -> Int? {
    let open = Array("<\(prefix):p".utf8)
    let style = Array("\"\(DocxLayout.Style.title)\"".utf8)
    var last: Int?
    var first: Int?
    var at = 0
    while at < document.count {
      if document[at] == UInt8(ascii: "<"), isParagraphStart(document, at, open) {
        last = at
        if first == nil { first = at }
      } else if document[at] == UInt8(ascii: "\""), matches(document, at, style), let last {
        return last
      }
      at += 1
    }
    return first
  }

  /// Adds the anchors: a range start after each paragraph's properties, and the range end with the
  /// comment's reference mark before the paragraph's end.
  static func anchor(_ document: [UInt8], _ anchors: [(paragraph: Int, id: Int)], prefix: String) throws -> [UInt8] {
    let grouped = Dictionary(grouping: anchors, by: \.paragraph)
    var edits: [(at: Int, remove: Int, text: [UInt8])] = []
    let p = prefix
    for (start, group) in grouped {
      let ids = group.map(\.id)
      let begin = ids.map { "<\(p):commentRangeStart \(p):id=\"\($0)\"/>" }.joined()
      let end = ids.map {
        "<\(p):commentRangeEnd \(p):id=\"\($0)\"/><\(p):r><\(p):commentReference \(p):id=\"\($0)\"/></\(p):r>"
      }.joined()
      guard let tagEnd = document[start...].firstIndex(of: UInt8(ascii: ">")) else {
        throw ReviewError("a paragraph's start tag does not end")
      }
      if document[tagEnd - 1] == UInt8(ascii: "/") {
        // `<w:p/>`: opened and closed around the anchors.
        let tag = String(decoding: document[start..<(tagEnd - 1)], as: UTF8.self)
        edits.append((start, tagEnd + 1 - start, Array("\(tag)>\(begin)\(end)</\(p):p>".utf8)))
        continue
      }
      var contentStart = tagEnd + 1
      let properties = Array("<\(p):pPr".utf8)
      if matches(document, contentStart, properties) {
        let close = Array("</\(p):pPr>".utf8)
        guard let propertiesTagEnd = document[contentStart...].firstIndex(of: UInt8(ascii: ">")) else {
          throw ReviewError("a paragraph's properties do not end")
        }
        if document[propertiesTagEnd - 1] == UInt8(ascii: "/") {
          contentStart = propertiesTagEnd + 1
        } else {
          var at = propertiesTagEnd
          while at < document.count, !matches(document, at, close) { at += 1 }
          guard at < document.count else { throw ReviewError("a paragraph's properties do not end") }
          contentStart = at + close.count
        }
      }
      // The paragraph's end, past any paragraphs nested in it (text boxes).
      let open = Array("<\(p):p".utf8)
      let closeTag = Array("</\(p):p>".utf8)
      var depth = 1
      var at = contentStart
      var paragraphEnd: Int?
      while at < document.count {
        if document[at] == UInt8(ascii: "<") {
          if matches(document, at, closeTag) {
            depth -= 1
            if depth == 0 {
              paragraphEnd = at
              break
            }
          } else if isParagraphStart(document, at, open),
            let end = document[at...].firstIndex(of: UInt8(ascii: ">")), document[end - 1] != UInt8(ascii: "/")
          {
            depth += 1
          }
        }
        at += 1
      }
      guard let paragraphEnd else { throw ReviewError("a paragraph does not end") }
      edits.append((contentStart, 0, Array(begin.utf8)))
      edits.append((paragraphEnd, 0, Array(end.utf8)))
    }
    var out: [UInt8] = []
    out.reserveCapacity(document.count + edits.reduce(0) { $0 + $1.text.count })
    var cursor = 0
    for edit in edits.sorted(by: { $0.at < $1.at }) {
      out += document[cursor..<edit.at]
      out += edit.text
      cursor = edit.at + edit.remove
    }
    out += document[cursor...]
    return out
  }

  static func commentXML(id: Int, _ paragraphs: [String], date: String?, prefix p: String) -> String {
    let dated = date.map { " \(p):date=\"\(XMLText.escaped($0, quotes: true))\"" } ?? ""
    var out = "<\(p):comment \(p):id=\"\(id)\" \(p):author=\"\(author)\"\(dated) \(p):initials=\"LK\">"
    for paragraph in paragraphs.isEmpty ? [""] : paragraphs {
      let text = XMLText.escaped(paragraph, quotes: true)
      out += "<\(p):p><\(p):r><\(p):t xml:space=\"preserve\">\(text)</\(p):t></\(p):r></\(p):p>"
    }
    return out + "</\(p):comment>"
  }
}
