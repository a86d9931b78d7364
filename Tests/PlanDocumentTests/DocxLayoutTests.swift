import Foundation
import Testing

@testable import PlanDocument

/// The Word form's mapping (`DocxLayout`) and the writer that lays a plan out by it.
@Suite("Word layout and writer")
struct DocxLayoutTests {
  /// Every leaf the format has (a scalar field, or a list of scalars or references), with `*` for a
  /// list's item; an object list with one field (`undertecknare`) counts as a leaf of its own.
  static func formatLeaves() -> Set<String> {
    var leaves = Set<String>()
    func visit(_ object: PlanFormat.ObjectType, _ prefix: String) {
      for field in object.fields {
        let path = prefix + field.name
        switch field.type {
        case .object(let inner): visit(inner, path + "/")
        case .array(_, .object(let inner)) where inner.fields.count == 1: leaves.insert(path)
        case .array(_, .object(let inner)): visit(inner, path + "/*/")
        default: leaves.insert(path)
        }
      }
    }
    visit(PlanFormat.plan, "/")
    return leaves
  }

  /// Every cell of the layout as the format path it maps to, each as many times as it occurs.
  static func layoutLeaves() -> [String] {
    var leaves: [String] = []
    func visit(_ blocks: [DocxLayout.Block], _ base: String) {
      for block in blocks {
        switch block {
        case .fields(let table): leaves += table.rows.map { base + $0.path.joined(separator: "/") }
        case .table(let table):
          let list = base + table.path.joined(separator: "/") + "/*/"
          for column in table.columns {
            var path = column.path
            if let sub = table.subList, path.first == sub { path.insert("*", at: 1) }
            leaves.append(list + path.joined(separator: "/"))
          }
        case .items(let list): visit(list.blocks, base + list.path.joined(separator: "/") + "/*/")
        }
      }
    }
    for part in DocxLayout.parts { visit(part.blocks, "/") }
    return leaves
  }

  @Test func everyFieldOfTheFormatHasExactlyOneCell() {
    let cells = Self.layoutLeaves()
    let counted = Dictionary(cells.map { ($0, 1) }, uniquingKeysWith: +)
    #expect(counted.filter { $0.value > 1 }.isEmpty, "fields with two cells")
    let leaves = Self.formatLeaves()
    #expect(leaves.subtracting(counted.keys).sorted() == [], "fields without a cell")
    #expect(Set(counted.keys).subtracting(leaves).sorted() == [], "cells for no field")
  }

  @Test func labelsAndCaptionsAreUniqueWhereTheReaderLooksThemUp() {
    func check(_ blocks: [DocxLayout.Block]) {
      let captions = blocks.map { DocxLayout.normalized($0.caption.sv) }
      #expect(Set(captions).count == captions.count, "captions \(captions)")
      for block in blocks {
        switch block {
        case .fields(let table):
          let labels = table.rows.map { DocxLayout.normalized($0.label.sv) }
          #expect(Set(labels).count == labels.count, "\(labels)")
        case .table(let table):
          let labels = table.columns.map { DocxLayout.normalized($0.label.sv) }
          #expect(Set(labels).count == labels.count, "\(labels)")
        case .items(let list): check(list.blocks)
        }
      }
    }
    let headings = DocxLayout.parts.map { DocxLayout.normalized($0.heading.sv) }
    #expect(Set(headings).count == headings.count)
    // Captions are looked up per part, but a caption shared by two parts would still confuse a person.
    check(DocxLayout.parts.flatMap(\.blocks))
  }

  @Test func cellTextRoundTripsEveryTypedValue() {
    let enumeration = PlanFormat.FieldType.enumeration(["kommunfullmaktige", "hela-kommunen", "annan"])
    for word in ["kommunfullmaktige", "hela-kommunen", "annan"] {
      let shown = DocxLayout.cellText(kind: .string, text: word, type: enumeration)
      #expect(DocxLayout.scalar(fromCell: shown, type: enumeration) == (.string, word))
    }
    #expect(DocxLayout.cellText(kind: .string, text: "kommunfullmaktige", type: enumeration) == "kommunfullmäktige")
    for flag in ["true", "false"] {
      let shown = DocxLayout.cellText(kind: .boolean, text: flag, type: .boolean)
      #expect(DocxLayout.scalar(fromCell: shown, type: .boolean) == (.boolean, flag))
    }
    #expect(DocxLayout.scalar(fromCell: "12", type: .integer) == (.number, "12"))
    #expect(DocxLayout.scalar(fromCell: "tolv", type: .integer) == (.string, "tolv"))
    #expect(DocxLayout.scalar(fromCell: "kanske", type: .boolean) == (.string, "kanske"))
    // A value the format does not know stays as written, for the rules to report.
    #expect(DocxLayout.scalar(fromCell: "Kommunfullmäktige", type: enumeration) == (.string, "Kommunfullmäktige"))
  }

  /// LAGKOLL_UPDATE_GOLDEN=1 rewrites the section, as it rewrites the report goldens.
  @Test func docsHoldTheMappingAsTheLayoutHasIt() throws {
    let file = Self.repository + "/docs/word.md"
    let docs = try String(contentsOfFile: file, encoding: .utf8)
    let begin = "<!-- mapping: generated from DocxLayout.markdown() -->\n"
    let end = "<!-- end of mapping -->"
    let start = try #require(docs.range(of: begin))
    let stop = try #require(docs.range(of: end))
    if ProcessInfo.processInfo.environment["LAGKOLL_UPDATE_GOLDEN"] == "1" {
      var updated = docs
      updated.replaceSubrange(start.upperBound..<stop.lowerBound, with: DocxLayout.markdown())
      try updated.write(toFile: file, atomically: true, encoding: .utf8)
      return
    }
    #expect(String(docs[start.upperBound..<stop.lowerBound]) == DocxLayout.markdown())
  }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// The places table keeps a row's caption and number once for the row; notes that come out of the
  /// document's order (and repeated offsets, where the first note counts) give the same locations as
  /// notes in order.
  @Test func wordPlacesAnswerTheSameWhateverTheOrderOfTheNotes() {
    typealias Note = (offset: Int, table: String?, row: Int, label: String?, isField: Bool, paragraph: Int)
    var notes: [Note] = [(10, nil, 0, nil, false, 1), (20, "Dokumentet", 0, nil, false, 2)]
    notes += [(30, "Dokumentet", 0, "Kommunkod (SCB)", true, 3), (35, "Dokumentet", 0, "Kommunkod (SCB)", true, 4)]
    for row in 1...40 {
      let start = 100 * row
      notes.append((start, "Uppföljningar", row, nil, false, 10 * row))
      for (column, label) in ["Id", "Datum", "Typ"].enumerated() {
        notes.append((start + 10 * (column + 1), "Uppföljningar", row, label, false, 10 * row + column))
      }
    }
    func table(_ notes: [Note]) -> WordPlaces {
      var builder = WordPlacesBuilder()
      for note in notes {
        builder.note(
          offset: note.offset, section: "Uppföljning (6 §)", table: note.table, row: note.row, label: note.label,
          isField: note.isField, paragraph: note.paragraph)
      }
      return builder.finish()
    }
    let inOrder = table(notes)
    #expect(inOrder.runs.count == 3 + 40)
    let shuffled = notes.enumerated().sorted { ($0.offset * 7919) % 97 < ($1.offset * 7919) % 97 }.map(\.element)
    // A repeated offset with another place: the first note counts, in order or not.
    let outOfOrder = table(shuffled + [(230, "Annat", 9, "X", true, 999)])
    let repeated = table(notes + [(230, "Annat", 9, "X", true, 999)])
    for offset in 0...4_200 {
      let expected = inOrder.location(atOffset: offset)
      #expect(outOfOrder.location(atOffset: offset) == expected, "offset \(offset)")
      #expect(repeated.location(atOffset: offset) == expected, "offset \(offset)")
    }
    #expect(
      inOrder.location(atOffset: 325)?.text(.sv) == "Uppföljning (6 §) › Uppföljningar, rad 3, kolumn Datum")
    #expect(inOrder.location(atOffset: 35)?.text(.sv) == "Uppföljning (6 §) › Dokumentet, raden Kommunkod (SCB)")
    #expect(inOrder.location(atOffset: 35)?.paragraph == 4)
    #expect(inOrder.location(atOffset: 5)?.paragraph == 1)
  }

  /// The byte path of `normalized` gives what the definition by characters gives, or leaves the text to
  /// it: every label of the layout, and texts of white space, ASCII, Latin-1, combining marks, NBSP,
  /// NEL, CR LF and letters outside Latin-1.
  @Test func normalizingByBytesAgreesWithTheDefinition() {
    let labels = DocxLayout.labels.flatMap { [$0.sv, $0.en] }
    var texts = labels
    let pieces = [
      " ", "\t", "\r\n", "\n", "\u{0B}", "A", "z", "Ö", "å", "É", "ß", "×", "÷", "Þ", "ÿ", "\u{00A0}", "\u{0085}",
      "e\u{0301}", "\u{0301}", "İ", "Σ", "(5 §)", "Id", "1", "\u{1C}", "\u{2028}", "–", "…", "\u{200D}", "\u{2009}",
    ]
    for round in 0..<3_000 {
      var text = ""
      for step in 0..<(round % 9) { text += pieces[(round * 31 + step * step * 7 + step) % pieces.count] }
      texts.append(text)
    }
    var byBytes = 0
    for text in texts {
      let expected = DocxLayout.normalizedByCharacters(text)
      if let fast = DocxLayout.normalizedByBytes(text) {
        byBytes += 1
        #expect(fast == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
      }
      #expect(DocxLayout.normalized(text) == expected)
    }
    let left = labels.filter { DocxLayout.normalizedByBytes($0) == nil }
    #expect(left.isEmpty, "\(left)")
    #expect(byBytes > texts.count / 3)
  }

  /// Trimming returns a text that begins and ends with printable ASCII as it is; it must equal the
  /// definition (white space Characters dropped at both ends) for every text, including ones that begin
  /// or end with combining marks, CR LF, NBSP, a prepended mark before ASCII, or DEL.
  @Test func trimmingAgreesWithTheDefinition() {
    func definition(_ text: String) -> String {
      guard let first = text.firstIndex(where: { !$0.isWhitespace }),
        let last = text.lastIndex(where: { !$0.isWhitespace })
      else { return "" }
      return String(text[first...last])
    }
    let pieces = [
      " ", "\t", "\r\n", "\n", "a", "Z", "1", "~", "!", "\u{7F}", "\u{0301}", "e\u{0301}", "\u{00A0}", "\u{0085}",
      "\u{2028}", "\u{3000}", "\u{0600}", "Ö", "😀", "\u{200B}", "\u{1C}",
    ]
    for round in 0..<4_000 {
      var text = ""
      for step in 0..<(round % 7) { text += pieces[(round * 37 + step * step * 11 + step) % pieces.count] }
      #expect(DocxPlanBuilder.trimmed(text) == definition(text), "\(text.unicodeScalars.map(\.value))")
    }
  }

  /// Matching a label compares the label normalized byte by byte as it goes; it must answer what
  /// comparing with the whole normalized label answers, for every label of the layout against texts
  /// that are other labels, prefixes and extensions of labels, and labels with one byte changed.
  @Test func matchingALabelAgreesWithComparingItNormalized() {
    let labels = DocxLayout.labels
    var wanted = Set(labels.flatMap { [DocxLayout.normalized($0.sv), DocxLayout.normalized($0.en)] })
    for text in Array(wanted) {
      wanted.insert(String(text.dropLast()))
      wanted.insert(text + " x")
      wanted.insert(String(text.prefix(3)))
      wanted.insert(text.replacingOccurrences(of: "e", with: "é"))
    }
    wanted.insert("")
    // Decomposed letters, as some writers and pasted text carry them: canonically the same texts, so
    // kept in an array (a Set holds canonically equal strings once).
    let decomposed = wanted.sorted().map {
      $0.unicodeScalars.reduce(into: "") { text, scalar in
        switch scalar {
        case "ä": text += "a\u{308}"
        case "å": text += "a\u{30A}"
        case "ö": text += "o\u{308}"
        case "é": text += "e\u{301}"
        default: text.unicodeScalars.append(scalar)
        }
      }
    }.filter { $0.unicodeScalars.contains { (0x300...0x36F).contains($0.value) } }
    let sample = wanted.sorted().enumerated().filter { $0.offset % 7 == 0 }.map(\.element) + decomposed
    #expect(decomposed.count > 20)
    #expect(DocxLayout.part(heading: "La\u{308}gesbild (4 §)")?.heading.sv == "Lägesbild (4 §)")
    for label in labels {
      let expected = [DocxLayout.normalized(label.sv), DocxLayout.normalized(label.en)]
      for text in sample + expected {
        #expect(DocxLayout.matches(normalized: text, label) == expected.contains(text), "\(text) ~ \(label.sv)")
      }
    }
  }
}
