/// Where something stands in a Word document, in the words of a person who has it open: the part's
/// heading, the table's caption (with the item's heading inside an item list), the row and the
/// column, or the labelled row of a fields table, and the paragraph's number.
/// E.g. "Åtgärdsplan (5 §) › Åtgärder, rad 3, kolumn Ansvarig".
public struct WordLocation: Sendable, Hashable, Codable {
  /// The part's heading as the document writes it; empty before the first part.
  public var section: String
  /// The caption of the table or item list, as written; nil for the part itself.
  public var table: String?
  /// A list table's row, 1-based, counted from the first row under the header (empty rows included).
  public var row: Int?
  /// A list table's column label, as written in the header.
  public var column: String?
  /// A fields table's row label, as written.
  public var field: String?
  /// The paragraph's number in the document (every paragraph of the main text, in tables too), 1-based.
  public var paragraph: Int

  public init(
    section: String, table: String? = nil, row: Int? = nil, column: String? = nil, field: String? = nil, paragraph: Int
  ) {
    self.section = section
    self.table = table
    self.row = row
    self.column = column
    self.field = field
    self.paragraph = paragraph
  }

  /// "Åtgärdsplan (5 §) › Åtgärder, rad 3, kolumn Ansvarig" (the document's own headings and labels,
  /// the words between them in `language`).
  public func text(_ language: Language) -> String {
    var out = section.isEmpty ? language.say(sv: "Dokumentet", en: "The document") : section
    if let table { out += " › " + table }
    if let row { out += language.say(sv: ", rad \(row)", en: ", row \(row)") }
    if let column { out += language.say(sv: ", kolumn \(column)", en: ", column \(column)") }
    if let field { out += language.say(sv: ", raden \(field)", en: ", the row \(field)") }
    return out
  }

  /// The text with the paragraph's number: "…, kolumn Ansvarig (stycke 212)".
  public func textWithParagraph(_ language: Language) -> String {
    text(language) + language.say(sv: " (stycke \(paragraph))", en: " (paragraph \(paragraph))")
  }
}

/// The Word locations of a tree read from a .docx, by the byte offset its nodes carry (the offset in
/// `word/document.xml` of the paragraph, cell, row or table each was read from). Compact: one entry per
/// distinct offset, strings once each.
public struct WordPlaces: Sendable {
  struct Place: Sendable {
    /// Index in `titles`.
    var title: Int32
    var row: Int32
    /// Index in `labels`, or -1; `isField`: the label is a fields table's row label, not a column's.
    var label: Int32
    var isField: Bool
    var paragraph: Int32
  }

  let sections: [String]
  let tables: [String?]
  let labels: [String]
  let offsets: [Int32]
  let places: [Place]

  /// The location of `offset`: the place of the element at it, or of the nearest before it.
  public func location(atOffset offset: Int) -> WordLocation? {
    var low = 0
    var high = offsets.count - 1
    guard high >= 0 else { return nil }
    if Int(offsets[0]) > offset { return location(places[0]) }
    while low < high {
      let mid = (low + high + 1) / 2
      if Int(offsets[mid]) <= offset { low = mid } else { high = mid - 1 }
    }
    return location(places[low])
  }

  private func location(_ place: Place) -> WordLocation {
    let label = place.label >= 0 ? labels[Int(place.label)] : nil
    return WordLocation(
      section: sections[Int(place.title)], table: tables[Int(place.title)], row: place.row > 0 ? Int(place.row) : nil,
      column: place.isField ? nil : label, field: place.isField ? label : nil, paragraph: Int(place.paragraph))
  }
}

/// Collects places while a tree is read; `finish` sorts them by offset. The first note of an offset
/// counts. Notes mostly come in the document's order, so while they do, neither a sort nor a set of the
/// offsets seen is needed (a table of 100 000 rows notes half a million places).
struct WordPlacesBuilder {
  private var sections: [String] = []
  private var tables: [String?] = []
  private var titleIDs: [String: Int32] = [:]
  private var labels: [String] = []
  private var labelIDs: [String: Int32] = [:]
  private var offsets: [Int32] = []
  private var places: [WordPlaces.Place] = []
  /// Whether `offsets` rise strictly; once a note breaks that, `seen` holds every offset.
  private var ascending = true
  private var seen = Set<Int32>()
  /// The last title, which most notes repeat (every cell of a table): no key is built for them.
  private var lastTitle: (section: String, table: String?, id: Int32)?

  /// Whether `key` is new; notes it as seen.
  private mutating func isNew(_ key: Int32) -> Bool {
    if ascending {
      guard let last = offsets.last, key <= last else { return true }
      if key == last { return false }
      // Earlier than the last: found by bisection, or the order is broken from here on.
      var low = 0
      var high = offsets.count
      while low < high {
        let mid = (low + high) / 2
        if offsets[mid] < key { low = mid + 1 } else { high = mid }
      }
      if offsets[low] == key { return false }
      ascending = false
      seen = Set(offsets)
    }
    return seen.insert(key).inserted
  }

  mutating func note(
    offset: Int, section: String, table: String?, row: Int = 0, label: String? = nil, isField: Bool = false,
    paragraph: Int
  ) {
    let key = Int32(truncatingIfNeeded: offset)
    guard isNew(key) else { return }
    let title: Int32
    if let last = lastTitle, last.section == section, last.table == table {
      title = last.id
    } else {
      let titleKey = section + "\u{0}" + (table ?? "\u{1}")
      if let found = titleIDs[titleKey] {
        title = found
      } else {
        title = Int32(sections.count)
        sections.append(section)
        tables.append(table)
        titleIDs[titleKey] = title
      }
      lastTitle = (section, table, title)
    }
    var labelID: Int32 = -1
    if let label {
      if let found = labelIDs[label] {
        labelID = found
      } else {
        labelID = Int32(labels.count)
        labels.append(label)
        labelIDs[label] = labelID
      }
    }
    offsets.append(key)
    places.append(
      WordPlaces.Place(
        title: title, row: Int32(truncatingIfNeeded: row), label: labelID, isField: isField,
        paragraph: Int32(truncatingIfNeeded: paragraph)))
  }

  func finish() -> WordPlaces {
    if ascending {
      return WordPlaces(sections: sections, tables: tables, labels: labels, offsets: offsets, places: places)
    }
    let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
    return WordPlaces(
      sections: sections, tables: tables, labels: labels, offsets: order.map { offsets[$0] },
      places: order.map { places[$0] })
  }
}
