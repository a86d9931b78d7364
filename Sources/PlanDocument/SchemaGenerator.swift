/// Produces the format's XML Schema (XSD 1.0) and JSON Schema (draft 2020-12) from `PlanFormat`, the same
/// definition the readers and the format check use. Nothing here is a hand-written copy of the format:
/// every element, property, requirement, enumeration and pattern comes from walking `PlanFormat.plan`.
///
/// Both schemas describe the *form* of a document (which fields exist, their types, which the format
/// requires). They do not replace `lagkoll check`: the rules separately report missing or outdated content
/// with the paragraph or guidance that asks for it, and check what a schema cannot (unique ids,
/// references that resolve, ranges in order, the municipality code against SCB's list).
///
/// Mapping, XML Schema:
/// - target namespace `urn:lagkoll:plan:1`, `elementFormDefault="qualified"`; the root element `plan`.
/// - an object is a complex type with `xs:all` (the XML reader accepts members in any order, and every
///   child of an object occurs at most once, which is what XSD 1.0 allows in `xs:all`); an optional field
///   has `minOccurs="0"`; `id` is a required `xs:attribute` of type `xs:string`.
/// - an array is a wrapper element with an `xs:sequence` of its item element (`minOccurs="0"`,
///   `maxOccurs="unbounded"`); a list of references is a wrapper of `<ref>` items.
/// - types with a `typeName` (`beslut`, `intervall`) are declared once as named complex types; other
///   objects are anonymous types in place, because what an element is depends on where it stands.
/// - a date is the named type `datum`: `xs:date` (so the calendar is checked: 2026-02-30 is refused)
///   restricted by the pattern `\d{4}-\d{2}-\d{2}` (so time zones such as `2026-01-01Z`, signs and years of
///   more than four digits, which `xs:date` allows, are refused).
/// - a boolean is the named type `sanningsvarde`: `xs:boolean` restricted to `true|false` (not `1`/`0`).
/// - an integer is `xs:integer`; enumerations, patterns and references are restrictions of `xs:token`,
///   because the XML reader trims the surrounding white space of those fields (free text is `xs:string`,
///   kept exactly).
///
/// Mapping, JSON Schema: objects with `properties`, `required` (from the required flags) and
/// `additionalProperties: false`; arrays with `items`; `$defs` for `beslut`, `intervall` and `datum`
/// (pattern `^\d{4}-\d{2}-\d{2}$` and `format: date`; a validator that asserts formats then also refuses
/// 2026-02-30, like the XML Schema); `enum`, `integer`, `boolean`; `id` a string.
///
/// Documentation: a field's `doc` becomes `xs:annotation` (one `xs:documentation` per language) and a JSON
/// Schema `description`; references get a generated note naming the kind of id they point at.
public enum SchemaGenerator {
  /// The `$id` of the JSON Schema.
  public static let jsonSchemaID = "urn:lagkoll:plan:1:json-schema"
  /// The name of the XSD simple type for dates and of the JSON Schema `$defs` entry for them.
  static let dateTypeName = "datum"
  /// The name of the XSD simple type for booleans.
  static let booleanTypeName = "sanningsvarde"

  // MARK: - XML Schema

  /// The XML Schema (XSD 1.0) of the plan format.
  public static func xmlSchema() -> String {
    var writer = XSDWriter()
    writer.line(0, #"<?xml version="1.0" encoding="UTF-8"?>"#)
    writer.line(
      0,
      "<!-- \(commentSafe("Skapad av lagkoll från formatdefinitionen (PlanFormat), formatversion \(versionText). Redigera inte för hand: kör `lagkoll schema xsd`. Generated from the format definition; do not edit.")) -->"
    )
    writer.line(
      0,
      #"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:p="\#(PlanFormat.namespace)" targetNamespace="\#(PlanFormat.namespace)" elementFormDefault="qualified" attributeFormDefault="unqualified" version="\#(versionText)">"#
    )
    writer.documentation(1, schemaDoc)
    writer.line(0, "")
    writer.line(1, #"<xs:element name="\#(PlanFormat.rootName)">"#)
    writer.complexType(2, PlanFormat.plan)
    writer.line(1, "</xs:element>")

    for object in namedTypes() {
      writer.line(0, "")
      writer.line(1, #"<xs:complexType name="\#(object.typeName!)">"#)
      writer.complexContent(2, object)
      writer.line(1, "</xs:complexType>")
    }

    writer.line(0, "")
    writer.documentationComment(1, "Datum ÅÅÅÅ-MM-DD utan tidszon. / A date YYYY-MM-DD without a time zone.")
    writer.line(1, #"<xs:simpleType name="\#(dateTypeName)">"#)
    writer.line(2, #"<xs:restriction base="xs:date">"#)
    writer.line(3, #"<xs:pattern value="\#(XMLText.escaped(PlanFormat.datePattern, attribute: true))"/>"#)
    writer.line(2, "</xs:restriction>")
    writer.line(1, "</xs:simpleType>")
    writer.line(0, "")
    writer.documentationComment(1, "true eller false (inte 1 eller 0). / true or false (not 1 or 0).")
    writer.line(1, #"<xs:simpleType name="\#(booleanTypeName)">"#)
    writer.line(2, #"<xs:restriction base="xs:boolean">"#)
    writer.line(3, #"<xs:pattern value="true|false"/>"#)
    writer.line(2, "</xs:restriction>")
    writer.line(1, "</xs:simpleType>")
    writer.line(0, "</xs:schema>")
    return writer.text
  }

  // MARK: - JSON Schema

  /// The JSON Schema (draft 2020-12) of the plan format.
  public static func jsonSchema() -> String {
    var root: [(String, JSONValue)] = [
      ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
      ("$id", .string(jsonSchemaID)),
      ("title", .string("lagkoll plan \(versionText)")),
      ("description", .string("\(schemaDoc.sv) / \(schemaDoc.en)")),
    ]
    root += jsonObjectMembers(PlanFormat.plan)
    var defs: [(String, JSONValue)] = []
    for object in namedTypes() {
      defs.append((object.typeName!, .object(jsonObjectMembers(object))))
    }
    defs.append(
      (
        dateTypeName,
        .object([
          ("description", .string("Datum ÅÅÅÅ-MM-DD. / A date YYYY-MM-DD.")),
          ("type", .string("string")),
          ("pattern", .string("^\(PlanFormat.datePattern)$")),
          ("format", .string("date")),
        ])
      ))
    root.append(("$defs", .object(defs)))
    return JSONValue.object(root).serialized() + "\n"
  }

  // MARK: - Shared

  static var versionText: String { PlanFormat.supportedMajorVersions.sorted().joined(separator: ", ") }

  static let schemaDoc = LocalizedText(
    sv:
      "Plandokument för brottsförebyggande arbete (SFS 2023:196), formatversion \(versionText). Schemat beskriver dokumentets form; lagkoll check granskar innehållet mot lagen och vägledningen.",
    en:
      "Plan document for crime-prevention work (SFS 2023:196), format version \(versionText). The schema describes the document's form; lagkoll check reviews its content against the law and guidance."
  )

  /// The object types that carry a `typeName`, each once, in the order they are first met.
  static func namedTypes() -> [PlanFormat.ObjectType] {
    var seen: Set<String> = []
    var found: [PlanFormat.ObjectType] = []
    func visit(_ type: PlanFormat.FieldType) {
      switch type {
      case .object(let object): visit(object)
      case .array(_, let of): visit(of)
      default: break
      }
    }
    func visit(_ object: PlanFormat.ObjectType) {
      if let name = object.typeName {
        guard !seen.contains(name) else { return }
        seen.insert(name)
        found.append(object)
      }
      for field in object.fields { visit(field.type) }
    }
    visit(PlanFormat.plan)
    return found
  }

  /// The fields of an object other than its `id`, which is an attribute in XML.
  static func childFields(_ object: PlanFormat.ObjectType) -> [PlanFormat.Field] {
    object.fields.filter { !(object.idKind != nil && $0.name == "id") }
  }

  /// A generated note for fields whose meaning the type alone does not say.
  static func generatedDoc(_ type: PlanFormat.FieldType) -> LocalizedText? {
    switch type {
    case .reference(let kind):
      LocalizedText(sv: "Id för en \(kind.rawValue) i dokumentet.", en: "The id of a \(kind.rawValue) in the document.")
    case .referenceList(let kind):
      LocalizedText(
        sv: "Lista med id för \(kind.rawValue) i dokumentet.", en: "A list of ids of \(kind.rawValue) in the document.")
    default: nil
    }
  }

  static func doc(for field: PlanFormat.Field) -> LocalizedText? {
    field.doc ?? generatedDoc(field.type)
  }

  /// A PlanFormat pattern (anchored by definition) as an anchored ECMA-262 pattern for JSON Schema.
  static func anchored(_ pattern: String) -> String {
    pattern.contains("|") ? "^(?:\(pattern))$" : "^\(pattern)$"
  }

  static func jsonObjectMembers(_ object: PlanFormat.ObjectType) -> [(String, JSONValue)] {
    var properties: [(String, JSONValue)] = []
    for field in object.fields {
      if object.idKind != nil && field.name == "id" {
        properties.append(
          (
            "id",
            .object([
              (
                "description",
                .string("Id (\(object.idKind!.rawValue)), unikt inom sitt slag. / Unique within its kind.")
              ),
              ("type", .string("string")),
            ])
          ))
        continue
      }
      var schema = jsonType(field.type)
      if let doc = doc(for: field), case .object(let members) = schema {
        schema = .object([("description", .string("\(doc.sv) / \(doc.en)"))] + members)
      }
      properties.append((field.name, schema))
    }
    var members: [(String, JSONValue)] = [("type", .string("object")), ("properties", .object(properties))]
    let required = object.fields.filter(\.required).map { JSONValue.string($0.name) }
    if !required.isEmpty { members.append(("required", .array(required))) }
    members.append(("additionalProperties", .bool(false)))
    return members
  }

  static func jsonType(_ type: PlanFormat.FieldType) -> JSONValue {
    switch type {
    case .text, .reference:
      return .object([("type", .string("string"))])
    case .date:
      return .object([("$ref", .string("#/$defs/\(dateTypeName)"))])
    case .integer:
      return .object([("type", .string("integer"))])
    case .boolean:
      return .object([("type", .string("boolean"))])
    case .enumeration(let values):
      return .object([("type", .string("string")), ("enum", .array(values.map { .string($0) }))])
    case .pattern(let pattern):
      return .object([("type", .string("string")), ("pattern", .string(anchored(pattern)))])
    case .referenceList:
      return .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])
    case .object(let object):
      if let name = object.typeName { return .object([("$ref", .string("#/$defs/\(name)"))]) }
      return .object(jsonObjectMembers(object))
    case .array(_, let of):
      return .object([("type", .string("array")), ("items", jsonType(of))])
    }
  }

  // MARK: - Text helpers

  /// `text` made safe inside an XML comment: no `--`, and no `-` at the end.
  static func commentSafe(_ text: String) -> String {
    var out = text
    while out.contains("--") { out = out.replacing("--", with: "- -") }
    if out.hasSuffix("-") { out += " " }
    return out
  }
}

// MARK: - XSD writing

private struct XSDWriter {
  var text = ""

  mutating func line(_ depth: Int, _ content: String) {
    if !content.isEmpty { text += String(repeating: "  ", count: depth) + content }
    text += "\n"
  }

  mutating func documentation(_ depth: Int, _ doc: LocalizedText) {
    line(depth, "<xs:annotation>")
    for language in Language.allCases {
      line(
        depth + 1,
        #"<xs:documentation xml:lang="\#(language.rawValue)">\#(XMLText.escaped(doc.text(language)))</xs:documentation>"#
      )
    }
    line(depth, "</xs:annotation>")
  }

  mutating func documentationComment(_ depth: Int, _ text: String) {
    line(depth, "<!-- \(SchemaGenerator.commentSafe(text)) -->")
  }

  /// An anonymous complex type for `object` (objects with a `typeName` are referred to by name instead).
  mutating func complexType(_ depth: Int, _ object: PlanFormat.ObjectType) {
    line(depth, "<xs:complexType>")
    complexContent(depth + 1, object)
    line(depth, "</xs:complexType>")
  }

  /// The content of a complex type for `object`: an `xs:all` of its fields and its `id` attribute.
  mutating func complexContent(_ depth: Int, _ object: PlanFormat.ObjectType) {
    let fields = SchemaGenerator.childFields(object)
    if !fields.isEmpty {
      line(depth, "<xs:all>")
      for field in fields {
        element(
          depth + 1, name: field.name, type: field.type, optional: !field.required, doc: SchemaGenerator.doc(for: field)
        )
      }
      line(depth, "</xs:all>")
    }
    if let kind = object.idKind {
      line(depth, #"<xs:attribute name="id" type="xs:string" use="required">"#)
      documentation(
        depth + 1,
        LocalizedText(
          sv: "Id för denna \(kind.rawValue), unikt inom sitt slag.",
          en: "The id of this \(kind.rawValue), unique within its kind."))
      line(depth, "</xs:attribute>")
    }
  }

  /// A named type usable as `type="…"`, or nil when the type must be written in place.
  func namedType(_ type: PlanFormat.FieldType) -> String? {
    switch type {
    case .text: "xs:string"
    case .date: "p:\(SchemaGenerator.dateTypeName)"
    case .integer: "xs:integer"
    case .boolean: "p:\(SchemaGenerator.booleanTypeName)"
    case .reference: "xs:token"
    case .object(let object): object.typeName.map { "p:\($0)" }
    case .enumeration, .pattern, .referenceList, .array: nil
    }
  }

  mutating func element(
    _ depth: Int, name: String, type: PlanFormat.FieldType, optional: Bool, repeated: Bool = false,
    doc: LocalizedText?
  ) {
    var attributes = #"name="\#(name)""#
    if let named = namedType(type) { attributes += #" type="\#(named)""# }
    if optional { attributes += #" minOccurs="0""# }
    if repeated { attributes += #" maxOccurs="unbounded""# }
    if namedType(type) != nil && doc == nil {
      line(depth, "<xs:element \(attributes)/>")
      return
    }
    line(depth, "<xs:element \(attributes)>")
    if let doc { documentation(depth + 1, doc) }
    if namedType(type) == nil { anonymousType(depth + 1, type) }
    line(depth, "</xs:element>")
  }

  mutating func anonymousType(_ depth: Int, _ type: PlanFormat.FieldType) {
    switch type {
    case .enumeration(let values):
      line(depth, "<xs:simpleType>")
      line(depth + 1, #"<xs:restriction base="xs:token">"#)
      for value in values {
        line(depth + 2, #"<xs:enumeration value="\#(XMLText.escaped(value, attribute: true))"/>"#)
      }
      line(depth + 1, "</xs:restriction>")
      line(depth, "</xs:simpleType>")
    case .pattern(let pattern):
      line(depth, "<xs:simpleType>")
      line(depth + 1, #"<xs:restriction base="xs:token">"#)
      line(depth + 2, #"<xs:pattern value="\#(XMLText.escaped(pattern, attribute: true))"/>"#)
      line(depth + 1, "</xs:restriction>")
      line(depth, "</xs:simpleType>")
    case .referenceList(let kind):
      wrapper(depth, item: "ref", of: .reference(kind))
    case .array(let item, let of):
      wrapper(depth, item: item, of: of)
    case .object(let object):
      complexType(depth, object)
    case .text, .date, .integer, .boolean, .reference:
      break  // always named
    }
  }

  /// A wrapper: a sequence of any number of `item` elements.
  mutating func wrapper(_ depth: Int, item: String, of type: PlanFormat.FieldType) {
    line(depth, "<xs:complexType>")
    line(depth + 1, "<xs:sequence>")
    element(depth + 2, name: item, type: type, optional: true, repeated: true, doc: nil)
    line(depth + 1, "</xs:sequence>")
    line(depth, "</xs:complexType>")
  }
}
