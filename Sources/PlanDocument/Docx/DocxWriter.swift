/// Renders a plan tree as a Word document (.docx) laid out by `DocxLayout`: a title, the kommun and the
/// decision, then one part per part of the law with its guidance, fields tables and list tables, on A4.
/// The document is itself a plan: reading it gives back the tree it was rendered from.
///
/// Plan text is data: every value is XML-escaped into `<w:t>` runs, never into a field code, a
/// property or markup. The output is the same bytes for the same tree (fixed zip timestamps, no clock),
/// so goldens and the samples' twins can be compared.
public enum DocxWriter {
  /// What the rendered document is for: a plan to decide, or the template to fill in.
  public enum Purpose: Sendable {
    case plan
    case template
  }

  /// The .docx bytes for the plan `root`.
  public static func render(_ root: Node, purpose: Purpose = .plan, language: Language = .sv) throws -> [UInt8] {
    var body = BodyWriter(language: language)
    body.title(root, purpose: purpose)
    for part in DocxLayout.parts { body.part(part, root: root) }
    return ZipWriter.zip(parts(documentXML: body.document()))
  }

  /// The package's parts, in the order they are zipped (`[Content_Types].xml` first, as Word writes it).
  static func parts(documentXML: String) -> [(name: String, bytes: [UInt8])] {
    [
      ("[Content_Types].xml", Array(Parts.contentTypes.utf8)),
      ("_rels/.rels", Array(Parts.packageRels.utf8)),
      ("word/document.xml", Array(documentXML.utf8)),
      ("word/_rels/document.xml.rels", Array(Parts.documentRels.utf8)),
      ("word/styles.xml", Array(Parts.styles.utf8)),
      ("word/settings.xml", Array(Parts.settings.utf8)),
      ("docProps/core.xml", Array(Parts.core.utf8)),
      ("docProps/app.xml", Array(Parts.app.utf8)),
      ("docProps/custom.xml", Array(Parts.custom.utf8)),
    ]
  }

  // MARK: - The body

  static let namespaces =
    #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#
    + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

  /// A4 in twentieths of a point, with 2 cm margins.
  static let pageWidth = 11906
  static let pageHeight = 16838
  static let margin = 1134
  static var portraitText: Int { pageWidth - 2 * margin }
  static var landscapeText: Int { pageHeight - 2 * margin }

  static func sectionProperties(landscape: Bool) -> String {
    let size =
      landscape
      ? #"<w:pgSz w:w="\#(pageHeight)" w:h="\#(pageWidth)" w:orient="landscape"/>"#
      : #"<w:pgSz w:w="\#(pageWidth)" w:h="\#(pageHeight)"/>"#
    return "<w:sectPr>\(size)<w:pgMar w:top=\"\(margin)\" w:right=\"\(margin)\" w:bottom=\"\(margin)\" "
      + "w:left=\"\(margin)\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
  }

  struct BodyWriter {
    let language: Language
    var out = ""

    init(language: Language) {
      self.language = language
      out.reserveCapacity(64 * 1024)
    }

    func document() -> String {
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + "<w:document \(DocxWriter.namespaces)><w:body>" + out
        + DocxWriter.sectionProperties(landscape: false) + "</w:body></w:document>"
    }

    func text(_ localized: LocalizedText) -> String { localized.text(language) }

    /// A paragraph of `style` holding `text` (line breaks as `<w:br/>`, tabs as `<w:tab/>`).
    mutating func paragraph(_ style: String?, _ text: String, extra: String = "") {
      out += "<w:p>"
      if style != nil || !extra.isEmpty {
        out += "<w:pPr>"
        if let style { out += "<w:pStyle w:val=\"\(style)\"/>" }
        out += extra + "</w:pPr>"
      }
      runs(text)
      out += "</w:p>"
    }

    mutating func runs(_ text: String) {
      guard !text.isEmpty else { return }
      out += "<w:r>"
      var first = true
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if !first { out += "<w:br/>" }
        first = false
        var firstPiece = true
        for piece in line.split(separator: "\t", omittingEmptySubsequences: false) {
          if !firstPiece { out += "<w:tab/>" }
          firstPiece = false
          if !piece.isEmpty {
            out += "<w:t xml:space=\"preserve\">\(XMLText.escaped(String(piece), quotes: true))</w:t>"
          }
        }
      }
      out += "</w:r>"
    }

    // MARK: Title

    mutating func title(_ root: Node, purpose: Purpose) {
      let namn = root[path: ["kommun", "namn"]]?.scalarText ?? ""
      switch purpose {
      case .template:
        paragraph(
          DocxLayout.Style.title,
          language.say(sv: "Plan för det brottsförebyggande arbetet – mall", en: "Crime-prevention plan – template"))
        paragraph(
          DocxLayout.Style.subtitle,
          language.say(
            sv: "Fyll i tabellerna och ersätt allt som börjar med \(PlanTemplate.placeholderPrefix) och datumen "
              + "\(PlanTemplate.placeholderDate). Kursiv text är vägledning; den läses inte av lagkoll och kan "
              + "stå kvar.",
            en: "Fill in the tables and replace everything beginning with \(PlanTemplate.placeholderPrefix) and the "
              + "dates \(PlanTemplate.placeholderDate). Italic text is guidance; lagkoll does not read it."))
      case .plan:
        paragraph(
          DocxLayout.Style.title,
          language.say(sv: "Plan för det brottsförebyggande arbetet", en: "Crime-prevention plan")
            + (namn.isEmpty ? "" : " – \(namn)"))
      }
      var kommun: [String] = []
      if !namn.isEmpty { kommun.append(namn) }
      if let kod = root[path: ["kommun", "kod"]]?.scalarText {
        kommun.append(language.say(sv: "kommunkod \(kod)", en: "code \(kod)"))
      }
      if let lan = root[path: ["kommun", "lan"]]?.scalarText { kommun.append(lan) }
      if let day = root[path: ["upprattad"]]?.scalarText {
        kommun.append(language.say(sv: "upprättad \(day)", en: "updated \(day)"))
      }
      if !kommun.isEmpty { paragraph(DocxLayout.Style.subtitle, kommun.joined(separator: " · ")) }
      if purpose == .plan, let decision = decisionLine(root) { paragraph(DocxLayout.Style.subtitle, decision) }
    }

    /// "Åtgärdsplanen AP-1 beslutad av kommunfullmäktige 2026-11-10 (§ 212, KS 2026/0655), gäller …".
    func decisionLine(_ root: Node) -> String? {
      guard let plan = root["atgardsplan"] else { return nil }
      var line = language.say(sv: "Åtgärdsplanen", en: "The action plan")
      if let id = plan["id"]?.scalarText { line += " \(id)" }
      if let beslut = plan["beslut"] {
        if let organ = beslut["organ"]?.scalarText {
          let shown = DocxLayout.enumerationDisplay[organ] ?? organ
          line += language.say(sv: " beslutad av \(shown)", en: " decided by \(shown)")
        }
        if let day = beslut["datum"]?.scalarText { line += " \(day)" }
        let refs = [beslut["paragraf"]?.scalarText, beslut["diarienummer"]?.scalarText].compactMap { $0 }
        if !refs.isEmpty { line += " (\(refs.joined(separator: ", ")))" }
      }
      if let fran = plan[path: ["giltighet", "fran"]]?.scalarText,
        let till = plan[path: ["giltighet", "till"]]?.scalarText
      {
        line += language.say(sv: ", gäller \(fran) – \(till)", en: ", in force \(fran) – \(till)")
      }
      return line + "."
    }

    // MARK: Parts and blocks

    mutating func part(_ part: DocxLayout.Part, root: Node) {
      paragraph(DocxLayout.Style.part, text(part.heading))
      for guidance in part.guidance { paragraph(DocxLayout.Style.guidance, text(guidance)) }
      blocks(part.blocks, context: root)
    }

    mutating func blocks(_ blocks: [DocxLayout.Block], context: Node?) {
      for block in blocks {
        switch block {
        case .fields(let table): fields(table, context: context)
        case .table(let table): list(table, context: context)
        case .items(let list): items(list, context: context)
        }
      }
    }

    mutating func caption(_ caption: LocalizedText, _ guidance: [LocalizedText]) {
      paragraph(DocxLayout.Style.caption, text(caption))
      for line in guidance { paragraph(DocxLayout.Style.guidance, text(line)) }
    }

    mutating func fields(_ table: DocxLayout.FieldsTable, context: Node?) {
      // A table none of whose fields the plan has stands for an object the plan lacks: an empty row of a
      // required list would read back as an empty list, and the object as present.
      guard table.rows.contains(where: { context?[path: $0.path] != nil }) else { return }
      caption(table.caption, table.guidance)
      let labelWidth = 3400
      let valueWidth = DocxWriter.portraitText - labelWidth
      tableStart(widths: [labelWidth, valueWidth])
      for row in table.rows {
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        cell(width: labelWidth, shaded: true) { $0.paragraph(DocxLayout.Style.label, $0.text(row.label)) }
        let value = context?[path: row.path]
        cell(width: valueWidth) { $0.values(value, row) }
        out += "</w:tr>"
      }
      out += "</w:tbl>"
    }

    mutating func list(_ table: DocxLayout.ListTable, context: Node?) {
      guard let list = context?[path: table.path] else { return }
      if table.landscape { sectionBreak(landscape: false) }
      caption(table.caption, table.guidance)
      let total = table.landscape ? DocxWriter.landscapeText : DocxWriter.portraitText
      let sum = table.columns.reduce(0) { $0 + $1.width }
      let widths = table.columns.map { total * $0.width / max(sum, 1) }
      tableStart(widths: widths)
      out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
      for (column, width) in zip(table.columns, widths) {
        cell(width: width, shaded: true) { $0.paragraph(DocxLayout.Style.label, $0.text(column.label)) }
      }
      out += "</w:tr>"
      for item in list.children {
        var inner: [Node?] = [nil]
        if let sub = table.subList, let subItems = item[sub], subItems.kind == .array, subItems.childCount > 0 {
          inner = subItems.children.map { $0 }
        }
        for (index, subItem) in inner.enumerated() {
          out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
          for (column, width) in zip(table.columns, widths) {
            if let sub = table.subList, column.path.first == sub {
              let value = subItem?[path: Array(column.path.dropFirst())]
              cell(width: width) { $0.values(value, column) }
            } else {
              // An item's own cells span its inner items' rows (Word's vertical merge).
              let merge = inner.count > 1 ? (index == 0 ? #"<w:vMerge w:val="restart"/>"# : "<w:vMerge/>") : ""
              if index == 0 {
                cell(width: width, extra: merge) { $0.values(item[path: column.path], column) }
              } else {
                cell(width: width, extra: merge) { $0.paragraph(DocxLayout.Style.value, "") }
              }
            }
          }
          out += "</w:tr>"
        }
      }
      out += "</w:tbl>"
      if table.landscape { sectionBreak(landscape: true) }
    }

    mutating func items(_ list: DocxLayout.ItemList, context: Node?) {
      guard let items = context?[path: list.path] else { return }
      caption(list.caption, list.guidance)
      for item in items.children {
        var heading = text(list.itemHeading)
        if let id = item["id"]?.scalarText, !id.isEmpty { heading += " \(id)" }
        paragraph(DocxLayout.Style.item, heading)
        blocks(list.blocks, context: item)
      }
    }

    /// Ends the section so far (portrait or landscape, as it was) with an empty paragraph holding its
    /// properties: the next table gets a page of the other orientation.
    mutating func sectionBreak(landscape: Bool) {
      out += "<w:p><w:pPr>" + DocxWriter.sectionProperties(landscape: landscape) + "</w:pPr></w:p>"
    }

    mutating func tableStart(widths: [Int]) {
      let border = #"w:val="single" w:sz="4" w:space="0" w:color="808080""#
      out += "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders>"
      for side in ["top", "left", "bottom", "right", "insideH", "insideV"] { out += "<w:\(side) \(border)/>" }
      out += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
      out += #"<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>"#
      out +=
        #"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#
      out += "</w:tblPr><w:tblGrid>"
      for width in widths { out += "<w:gridCol w:w=\"\(width)\"/>" }
      out += "</w:tblGrid>"
    }

    mutating func cell(width: Int, shaded: Bool = false, extra: String = "", _ content: (inout BodyWriter) -> Void) {
      out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(extra)"
      if shaded { out += #"<w:shd w:val="clear" w:color="auto" w:fill="DCE6F0"/>"# }
      out += "</w:tcPr>"
      content(&self)
      out += "</w:tc>"
    }

    /// The paragraphs of a value cell: a scalar's text, or one paragraph per item of a list.
    mutating func values(_ node: Node?, _ cell: DocxLayout.Cell) {
      guard let node else {
        paragraph(DocxLayout.Style.value, "")
        return
      }
      switch cell.kind {
      case .scalar:
        paragraph(DocxLayout.Style.value, shown(node, type: cell.type))
      case .list, .objectList:
        guard node.kind == .array, node.childCount > 0 else {
          paragraph(DocxLayout.Style.value, node.kind == .array ? "" : shown(node, type: cell.type))
          return
        }
        for item in node.children {
          var value: Node? = item
          if case .objectList(let field) = cell.kind { value = item[field] }
          paragraph(DocxLayout.Style.value, value.map { shown($0, type: cell.type) } ?? "")
        }
      }
    }

    func shown(_ node: Node, type: PlanFormat.FieldType) -> String {
      guard let text = node.scalarText else { return "" }
      return DocxLayout.cellText(kind: node.kind, text: text, type: type)
    }
  }
}

extension Node {
  /// The node `path` names from this one, stepping into objects' members.
  public subscript(path path: [String]) -> Node? {
    var current: Node? = self
    for step in path { current = current?[step] }
    return current
  }
}
