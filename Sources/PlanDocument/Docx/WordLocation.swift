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
/// distinct offset, strings once each, and what a table row's places share (its caption and row number)
/// once per row: a table of 100 000 rows has half a million places.
public struct WordPlaces: Sendable {
  /// Places in a row that share their title, row and kind of label: a list table's row and its cells,
  /// a fields table's row and its value.
  struct Run: Sendable {
    /// Index in `offsets` of the run's first place.
    var first: Int32
    /// Index in `sections` and `tables`.
    var title: Int32
    var row: Int32
    /// The labels are a fields table's row labels, not column labels.
    var isField: Bool
  }

  /// One place: its label (index in `labels`, or -1) and its paragraph's number.
  struct Place: Sendable {
    var label: Int32
    var paragraph: Int32
  }

  let sections: [String]
  let tables: [String?]
  let labels: [String]
  /// Rising: the place of `offsets[i]` is `places[i]`, in the last run whose `first` is ≤ i.
  let offsets: [Int32]
  let places: [Place]
  let runs: [Run]

  /// The location of `offset`: the place of the element at it, or of the nearest before it.
  public func location(atOffset offset: Int) -> WordLocation? {
    guard !offsets.isEmpty else { return nil }
    let index = max(0, Self.lastIndex(offsets.count) { Int(offsets[$0]) <= offset })
    let run = runs[Self.lastIndex(runs.count) { Int(runs[$0].first) <= index }]
    let place = places[index]
    let label = place.label >= 0 ? labels[Int(place.label)] : nil
    return WordLocation(
      section: sections[Int(run.title)], table: tables[Int(run.title)], row: run.row > 0 ? Int(run.row) : nil,
      column: run.isField ? nil : label, field: run.isField ? label : nil, paragraph: Int(place.paragraph))
  }

  /// The last index below `count` for which `isAtOrBefore` holds (it holds for a prefix), or -1.
  static func lastIndex(_ count: Int, _ isAtOrBefore: (Int) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) / 2
      if isAtOrBefore(mid) { low = mid + 1 } else { high = mid }
    }
    return low - 1
  }
}

/// Collects places while a tree is read; `finish` sorts them by offset. The first note of an offset
/// counts. Notes mostly come in the document's order, so while they do, neither a sort nor a set of the
/// offsets seen is needed, and a row's places go into its run as they come.
struct WordPlacesBuilder {
  private var sections: [String] = []
  private var tables: [String?] = []
  private var titleIDs: [String: Int32] = [:]
  private var labels: [String] = []
  private var labelIDs: [String: Int32] = [:]
  private var offsets: [Int32] = []
  private var places: [WordPlaces.Place] = []
  /// In the order of the notes (which `finish` sorts when they did not come in the document's order).
  private var runs: [WordPlaces.Run] = []
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
      let before = WordPlaces.lastIndex(offsets.count) { offsets[$0] < key }
      if offsets[before + 1] == key { return false }
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
    let row = Int32(truncatingIfNeeded: row)
    let continuesRun = runs.last.map { $0.title == title && $0.row == row && $0.isField == isField } ?? false
    if !continuesRun {
      runs.append(WordPlaces.Run(first: Int32(offsets.count), title: title, row: row, isField: isField))
    }
    offsets.append(key)
    places.append(WordPlaces.Place(label: labelID, paragraph: Int32(truncatingIfNeeded: paragraph)))
  }

  /// The table, each array at its size (the doubling while notes came is not kept for the check).
  func finish() -> WordPlaces {
    if ascending {
      return WordPlaces(
        sections: sections, tables: tables, labels: labels, offsets: offsets.withoutSpareCapacity(),
        places: places.withoutSpareCapacity(), runs: runs.withoutSpareCapacity())
    }
    // Out of order: each note with its run's fields, sorted by offset, then in runs again.
    var runOf = [Int32](repeating: 0, count: offsets.count)
    for (index, run) in runs.enumerated() {
      let end = index + 1 < runs.count ? Int(runs[index + 1].first) : offsets.count
      for note in Int(run.first)..<end { runOf[note] = Int32(index) }
    }
    let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
    var sortedRuns: [WordPlaces.Run] = []
    for (position, note) in order.enumerated() {
      let run = runs[Int(runOf[note])]
      if let last = sortedRuns.last, last.title == run.title, last.row == run.row, last.isField == run.isField {
        continue
      }
      sortedRuns.append(WordPlaces.Run(first: Int32(position), title: run.title, row: run.row, isField: run.isField))
    }
    return WordPlaces(
      sections: sections, tables: tables, labels: labels, offsets: order.map { offsets[$0] },
      places: order.map { places[$0] }, runs: sortedRuns)
  }
}
