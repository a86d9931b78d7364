import PlanDocument
import RuleEngine

/// The matrix as CSV (RFC 4180): the header `kommun,kod,lan,fil,status,` and the obligation ids, then
/// one row per document, each obligation cell one of `ok`, `error`, `warning`, `info`, `suppressed`,
/// `n/a` (empty for a file that could not be read). `status` is the verdict: `ready`, `ready-with-warnings`,
/// `outdated`, `not-ready` or `unreadable`, the same whatever `--fail-on` says, with ` dubblett` added when another document is about the same municipality.
///
/// Lines end in CRLF as RFC 4180 says. The text starts with a UTF-8 byte order mark by default: Excel
/// reads a CSV file without one in the Windows code page, and every Swedish municipality name with å, ä
/// or ö would come out garbled; LibreOffice, Python's `utf-8-sig` and most CSV readers skip the mark.
/// Cells are data, never formulas: one starting with `=`, `+`, `-`, `@` (or their full-width forms), a
/// tab or a carriage return gets a leading `'` (OWASP's advice against CSV injection). Swedish Excel
/// opens a double-clicked CSV with `;` as its list separator, so a cell holding `;` (or `,`) is quoted
/// and a formula start after any separator is neutralised too: `Ort;=1+1` is text in every locale.
/// CI log commands in a cell are defused as in the text report (`Escape.logSafe`).
public struct ReviewCSVReporter: ReviewReporter {
  public var byteOrderMark: Bool

  /// Municipalities that have handed in nothing: one row each, status `not-submitted`, no cells.
  public var notSubmitted: [Municipality] = []

  public init(byteOrderMark: Bool = true) {
    self.byteOrderMark = byteOrderMark
  }

  public static let fixedColumns = ["kommun", "kod", "lan", "fil", "status"]

  public func render(_ matrix: ReviewMatrix) -> String {
    var out = byteOrderMark ? Self.utf8Mark : ""
    out.reserveCapacity(matrix.rows.count * (matrix.obligations.count * 4 + 80))
    ReviewCSVReporter.line(ReviewCSVReporter.fixedColumns + matrix.obligations.map(\.id), into: &out)
    for row in matrix.rows {
      var status = row.verdict.rawValue
      if row.duplicate { status += " " + ReviewWords.duplicate }
      var cells = [row.kommun ?? "", row.kod ?? "", row.lan ?? "", row.path, status]
      if row.status == .unreadable {
        cells += Array(repeating: "", count: matrix.obligations.count)
      } else {
        cells += row.cells.map(\.rawValue)
      }
      ReviewCSVReporter.line(cells, into: &out)
    }
    for municipality in notSubmitted {
      ReviewCSVReporter.line(
        [municipality.name, municipality.code, municipality.county, "", "not-submitted"]
          + Array(repeating: "", count: matrix.obligations.count), into: &out)
    }
    return out
  }

  /// The UTF-8 byte order mark the text starts with (see above: Excel needs it).
  public static let utf8Mark = "\u{FEFF}"

  /// One record: each cell as `field` writes it, separated by commas, ended with CRLF.
  public static func line(_ cells: [String], into out: inout String) {
    for (index, cell) in cells.enumerated() {
      if index > 0 { out += "," }
      out += field(cell)
    }
    out += "\r\n"
  }

  /// One field: neutralised against formulas, then quoted when it holds a comma, a quote or a line
  /// break (quotes doubled).
  public static func field(_ text: String) -> String {
    var value = ""
    // At the start of the cell and after each list separator a spreadsheet may begin a new cell: a
    // formula start there (after any spaces) gets a `'`.
    var cellStart = true
    for scalar in Escape.logSafe(text).unicodeScalars {
      if cellStart, formulaStarts.contains(scalar) { value += "'" }
      if separators.contains(scalar) {
        cellStart = true
      } else if scalar != " " {
        cellStart = false
      }
      value.unicodeScalars.append(scalar)
    }
    guard value.unicodeScalars.contains(where: { needsQuotes.contains($0) }) else {
      return value
    }
    var quoted = "\""
    for scalar in value.unicodeScalars {
      if scalar == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(scalar) }
    }
    return quoted + "\""
  }

  static let formulaStarts: Set<Unicode.Scalar> = [
    "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
  ]
  /// What a spreadsheet may split a cell at: RFC 4180's and Swedish Excel's separators, tab and line breaks.
  static let separators: Set<Unicode.Scalar> = [",", ";", "\t", "\n", "\r"]
  /// The separators of RFC 4180 and of Excel in Swedish (`;`), quotes and line breaks.
  static let needsQuotes: Set<Unicode.Scalar> = [",", ";", "\"", "\n", "\r", "\t"]
}
