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
/// Cells are data, never formulas: one starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading `'` (OWASP's advice against CSV injection).
public struct ReviewCSVReporter: ReviewReporter {
  public var byteOrderMark: Bool

  /// Municipalities that have handed in nothing: one row each, status `not-submitted`, no cells.
  public var notSubmitted: [Municipality] = []

  public init(byteOrderMark: Bool = true) {
    self.byteOrderMark = byteOrderMark
  }

  public static let fixedColumns = ["kommun", "kod", "lan", "fil", "status"]

  public func render(_ matrix: ReviewMatrix) -> String {
    var out = byteOrderMark ? "\u{FEFF}" : ""
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

  static func line(_ cells: [String], into out: inout String) {
    for (index, cell) in cells.enumerated() {
      if index > 0 { out += "," }
      out += field(cell)
    }
    out += "\r\n"
  }

  /// One field: neutralised against formulas, then quoted when it holds a comma, a quote or a line
  /// break (quotes doubled).
  public static func field(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
      value = "'" + value
    }
    guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return value
    }
    var quoted = "\""
    for scalar in value.unicodeScalars {
      if scalar == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(scalar) }
    }
    return quoted + "\""
  }
}
