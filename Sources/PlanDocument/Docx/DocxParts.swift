extension DocxWriter {
  /// The package's fixed parts: content types, relationships, styles, settings and properties. Nothing
  /// in them comes from the plan (a property holding plan text would be one more place for it to act).
  enum Parts {
    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    static let contentTypes =
      header
      + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
      + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
      + #"<Default Extension="xml" ContentType="application/xml"/>"#
      + #"<Override PartName="/word/document.xml" "#
      + #"ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
      + #"<Override PartName="/word/styles.xml" "#
      + #"ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#
      + #"<Override PartName="/word/settings.xml" "#
      + #"ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#
      + #"<Override PartName="/docProps/core.xml" "#
      + #"ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
      + #"<Override PartName="/docProps/app.xml" "#
      + #"ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
      + #"<Override PartName="/docProps/custom.xml" "#
      + #"ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>"#
      + "</Types>"

    static let packageRels =
      header
      + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
      + #"<Relationship Id="rId1" "#
      + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" "#
      + #"Target="word/document.xml"/>"#
      + #"<Relationship Id="rId2" "#
      + #"Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" "#
      + #"Target="docProps/core.xml"/>"#
      + #"<Relationship Id="rId3" "#
      + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" "#
      + #"Target="docProps/app.xml"/>"#
      + #"<Relationship Id="rId4" "#
      + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" "#
      + #"Target="docProps/custom.xml"/>"#
      + "</Relationships>"

    static let documentRels =
      header
      + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
      + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" "#
      + #"Target="styles.xml"/>"#
      + #"<Relationship Id="rId2" "#
      + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#
      + "</Relationships>"

    static let settings =
      header
      + #"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
      + #"<w:defaultTabStop w:val="1304"/><w:characterSpacingControl w:val="doNotCompress"/>"#
      + #"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" "#
      + #"w:val="15"/></w:compat><w:themeFontLang w:val="sv-SE"/></w:settings>"#

    static let core =
      header
      + #"<cp:coreProperties "#
      + #"xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#
      + #"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#
      + #"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
      + "<dc:title>Plan för det brottsförebyggande arbetet</dc:title><dc:creator>lagkoll</dc:creator>"
      + "<dc:language>sv-SE</dc:language></cp:coreProperties>"

    static let app =
      header
      + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#
      + "<Application>lagkoll</Application></Properties>"

    static let custom =
      header
      + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#
      + #"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
      + #"<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="\#(DocxLayout.layoutProperty)">"#
      + "<vt:lpwstr>\(DocxLayout.layoutVersion)</vt:lpwstr></property></Properties>"

    /// A paragraph style: its id is its name (see `DocxLayout.Style`).
    static func paragraphStyle(_ id: String, paragraph: String = "", run: String) -> String {
      #"<w:style w:type="paragraph" w:customStyle="1" w:styleId="\#(id)"><w:name w:val="\#(id)"/>"#
        + #"<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>\#(paragraph)</w:pPr><w:rPr>\#(run)</w:rPr></w:style>"#
    }

    static let styles =
      header
      + #"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
      + "<w:docDefaults><w:rPrDefault><w:rPr>"
      + #"<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>"#
      + #"<w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="sv-SE" w:eastAsia="en-US" w:bidi="ar-SA"/>"#
      + "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
      + #"<w:spacing w:after="80" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
      + #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
      + #"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">"#
      + #"<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>"#
      + #"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>"#
      + #"<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>"#
      + #"<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>"#
      + #"<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
      + paragraphStyle(
        DocxLayout.Style.title, paragraph: #"<w:spacing w:after="240"/>"#,
        run: #"<w:b/><w:color w:val="1F3864"/><w:sz w:val="40"/><w:szCs w:val="40"/>"#)
      + paragraphStyle(
        DocxLayout.Style.subtitle, paragraph: #"<w:spacing w:after="60"/>"#,
        run: #"<w:color w:val="404040"/><w:sz w:val="22"/><w:szCs w:val="22"/>"#)
      + paragraphStyle(
        DocxLayout.Style.part,
        paragraph: #"<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>"#,
        run: #"<w:b/><w:color w:val="1F3864"/><w:sz w:val="30"/><w:szCs w:val="30"/>"#)
      + paragraphStyle(
        DocxLayout.Style.item,
        paragraph: #"<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>"#,
        run: #"<w:b/><w:color w:val="2F5496"/><w:sz w:val="26"/><w:szCs w:val="26"/>"#)
      + paragraphStyle(
        DocxLayout.Style.caption,
        paragraph: #"<w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/>"#,
        run: #"<w:b/><w:sz w:val="22"/><w:szCs w:val="22"/>"#)
      + paragraphStyle(
        DocxLayout.Style.guidance, paragraph: #"<w:keepNext/><w:spacing w:after="60"/>"#,
        run: #"<w:i/><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/>"#)
      + paragraphStyle(
        DocxLayout.Style.label, paragraph: #"<w:spacing w:before="20" w:after="20"/>"#,
        run: #"<w:b/><w:sz w:val="18"/><w:szCs w:val="18"/>"#)
      + paragraphStyle(
        DocxLayout.Style.value, paragraph: #"<w:spacing w:before="20" w:after="20"/>"#,
        run: #"<w:sz w:val="18"/><w:szCs w:val="18"/>"#)
      + "</w:styles>"
  }
}
