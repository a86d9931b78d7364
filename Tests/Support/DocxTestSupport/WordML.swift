import Foundation
import PlanDocument

/// Small Word documents built by the tests, part by part, zipped by `ZipWriter`: what Word users do to a
/// document, and what hostile documents do to a reader. Documents from real writers (python-docx,
/// LibreOffice) are in Tests/Fixtures/docx, with the script that made them.
public enum WordML {
  public static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

  public static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
  }

  /// A paragraph of plain text in a style.
  public static func p(_ text: String, _ style: String? = nil) -> String {
    let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
    return "<w:p>\(properties)<w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
  }

  public static func part(_ heading: String) -> String { p(heading, "LagkollAvsnitt") }
  public static func caption(_ text: String) -> String { p(text, "LagkollTabellrubrik") }
  public static func item(_ text: String) -> String { p(text, "LagkollPost") }

  /// A cell of plain text (one paragraph), or of raw paragraph XML when it starts with `<`.
  public static func cell(_ content: String, properties: String = "") -> String {
    let body = content.hasPrefix("<") ? content : p(content)
    return "<w:tc>\(properties.isEmpty ? "" : "<w:tcPr>\(properties)</w:tcPr>")\(body)</w:tc>"
  }

  public static func row(_ cells: [String], properties: String = "") -> String {
    "<w:tr>\(properties.isEmpty ? "" : "<w:trPr>\(properties)</w:trPr>")"
      + cells.map { $0.hasPrefix("<w:tc") ? $0 : cell($0) }.joined() + "</w:tr>"
  }

  public static func table(_ rows: [[String]]) -> String {
    "<w:tbl><w:tblPr/><w:tblGrid/>" + rows.map { row($0) }.joined() + "</w:tbl>"
  }

  public static func tableOfRows(_ rows: [String]) -> String { "<w:tbl><w:tblPr/>" + rows.joined() + "</w:tbl>" }

  public static func document(_ body: String) -> String {
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
      + "<w:document xmlns:w=\"\(namespace)\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
      + "<w:body>\(body)<w:sectPr/></w:body></w:document>"
  }

  public static let contentTypes =
    #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
    + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
    + #"<Default Extension="xml" ContentType="application/xml"/>"#
    + #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#

  public static let rootRelationships =
    #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#

  /// A .docx holding `body` as its main part, with `extra` parts after it.
  public static func docx(_ body: String, extra: [(String, [UInt8])] = [], contentTypes: String = contentTypes)
    -> [UInt8]
  {
    ZipWriter.zip(
      [
        ("[Content_Types].xml", Array(contentTypes.utf8)), ("_rels/.rels", Array(rootRelationships.utf8)),
        ("word/document.xml", Array(document(body).utf8)),
      ] + extra.map { (name: $0.0, bytes: $0.1) })
  }

  /// The first part of the template, filled in.
  public static let kommun =
    part("Kommun och dokument") + p("Vägledning som inte läses.", "LagkollVagledning") + caption("Dokumentet")
    + table([
      ["Kommunens namn", "Lund"], ["Kommunkod (SCB)", "1281"], ["Län", "Skåne län"], ["Upprättad", "2026-11-01"],
      ["Formatversion", "1"],
    ])

  public static let atgarderHeader = ["Id", "Åtgärd", "Ansvarig", "Operativt mål", "Måldatum"]
}
