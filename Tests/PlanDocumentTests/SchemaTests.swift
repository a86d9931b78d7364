import Foundation
import Testing

@testable import PlanDocument

/// External validators the schema tests run: xmllint (Debian: libxml2-utils) and Python's jsonschema
/// (`pip install jsonschema`). A test that needs one is skipped, with the reason, when it is missing.
enum SchemaTools {
  static func executable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  static let xmllint = executable("xmllint")
  static let python = executable("python3")
  static let hasXmllint = xmllint != nil
  static let hasJSONSchema: Bool = {
    guard let python else { return false }
    return run(python, ["-c", "from jsonschema import Draft202012Validator"]).status == 0
  }()

  /// Runs a program and returns its exit status and its standard output and error together.
  static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do {
      try process.run()
    } catch {
      return (-1, "\(program) could not start: \(error)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// A fresh folder for one test's files.
  static func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  static let samplesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("samples")

  static func sample(_ name: String) throws -> String {
    try String(contentsOf: samplesFolder.appendingPathComponent(name), encoding: .utf8)
  }

  static let sampleNames: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: samplesFolder.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }()

  // MARK: XML Schema

  /// Validates each document against the generated XSD with xmllint: file name → (valid, messages).
  static func validateXML(_ documents: [String: String]) throws -> [String: (valid: Bool, output: String)] {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let schema = folder.appendingPathComponent("plan.xsd")
    try SchemaGenerator.xmlSchema().write(to: schema, atomically: false, encoding: .utf8)
    var results: [String: (Bool, String)] = [:]
    for (name, text) in documents {
      let file = folder.appendingPathComponent(name)
      try text.write(to: file, atomically: false, encoding: .utf8)
      let (status, output) = run(xmllint!, ["--noout", "--nonet", "--schema", schema.path, file.path])
      // Exit status 3/4 are validation errors; anything else (1: not well-formed, 5: the schema does not
      // compile) is a broken test setup, not an answer.
      if status != 0 && status != 3 && status != 4 {
        Issue.record("xmllint failed on \(name) with status \(status): \(output)")
      }
      results[name] = (status == 0, output)
    }
    return results
  }

  // MARK: JSON Schema

  static let validatorScript = """
    import json, sys
    from jsonschema import Draft202012Validator
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    strict = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    lax = Draft202012Validator(schema)
    out = {}
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        def messages(validator):
            return ["/" + "/".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(doc)]
        out[path.rsplit("/", 1)[-1]] = {"errors": messages(strict), "laxErrors": messages(lax)}
    print(json.dumps(out))
    """

  struct JSONResult {
    /// Errors with format assertion on (`format: date` checked), as lagkoll means the schema.
    var errors: [String]
    /// Errors of a validator that treats `format` as an annotation only (the draft's default).
    var laxErrors: [String]
    var valid: Bool { errors.isEmpty }
  }

  /// Validates each document against the generated JSON Schema with Python's jsonschema (Draft 2020-12).
  static func validateJSON(_ documents: [String: String]) throws -> [String: JSONResult] {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let schema = folder.appendingPathComponent("plan.schema.json")
    try SchemaGenerator.jsonSchema().write(to: schema, atomically: false, encoding: .utf8)
    let script = folder.appendingPathComponent("validate.py")
    try validatorScript.write(to: script, atomically: false, encoding: .utf8)
    var files: [String] = []
    for (name, text) in documents {
      let file = folder.appendingPathComponent(name)
      try text.write(to: file, atomically: false, encoding: .utf8)
      files.append(file.path)
    }
    let (status, output) = run(python!, [script.path, schema.path] + files.sorted())
    guard status == 0,
      let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: [String]]]
    else {
      Issue.record("the JSON Schema validator failed (status \(status)): \(output)")
      return [:]
    }
    return parsed.mapValues { JSONResult(errors: $0["errors"] ?? [], laxErrors: $0["laxErrors"] ?? []) }
  }

  /// `text` with the first `target` replaced; records an issue if `target` does not occur, so that a
  /// mutation that silently did nothing cannot pass as "the schema refuses it".
  static func replacingFirst(_ target: String, with replacement: String, in text: String) -> String {
    guard let range = text.range(of: target) else {
      Issue.record("mutation target not found: \(target)")
      return text
    }
    return text.replacingCharacters(in: range, with: replacement)
  }
}

/// What each sample is expected to do against the schemas, and why.
///
/// - `komplett`, `forra-mandatperioden`, `fore-lagen`, `samverkan-utgangen`: valid. Being outdated is a
///   matter for the rules, not the format.
/// - `saknade-delar`: invalid. It lacks the sections `atgardsplan`, `samordningsfunktion` and `samverkan`
///   and the problem `P2` lacks `omfattning` and `konsekvenser`, all required by the format; the rules
///   report the same gaps separately, with the legal reference.
/// - `trasiga-referenser`: invalid, and only because of the date 2026-02-30: the XSD date type is
///   `xs:date`, which knows the calendar, and the JSON Schema says `format: date`, which a validator
///   asserting formats checks (one that does not, which the draft allows, accepts it, since it matches the
///   pattern). With that one date corrected the sample is valid in both: duplicate ids, references that do
///   not resolve, ranges out of order and a code that does not match the name are beyond a schema and are
///   left to the rules.
@Suite("Schemas generated from PlanFormat")
struct SchemaTests {
  static let invalidSamples: [String: [String]] = [
    "saknade-delar": ["atgardsplan", "samordningsfunktion", "samverkan", "omfattning", "konsekvenser"],
    "trasiga-referenser": ["2026-02-30"],
  ]

  // MARK: Without external tools

  @Test func xmlSchemaIsWellFormedXML() throws {
    let bytes = Array(SchemaGenerator.xmlSchema().utf8)
    // The plan reader parses any well-formed XML and then refuses a root other than <plan> as foreign;
    // malformed XML would be refused as malformed.
    do {
      _ = try bytes.withUnsafeBufferPointer { try XMLReader.parse($0, limits: .default) }
      Issue.record("the XSD was read as a plan document")
    } catch let error as ReadError {
      #expect(error.kind == .foreign, "\(error.message.en)")
    }
  }

  @Test func xmlSchemaDeclaresTheNamespaceAndNamedTypes() {
    let xsd = SchemaGenerator.xmlSchema()
    #expect(xsd.contains(#"targetNamespace="urn:lagkoll:plan:1""#))
    #expect(xsd.contains(#"elementFormDefault="qualified""#))
    #expect(xsd.contains(#"<xs:complexType name="beslut">"#))
    #expect(xsd.contains(#"<xs:complexType name="intervall">"#))
    #expect(xsd.contains(#"<xs:restriction base="xs:date">"#))
    #expect(xsd.contains(#"<xs:pattern value="\d{4}-\d{2}-\d{2}"/>"#))
    #expect(xsd.contains(#"<xs:pattern value="true|false"/>"#))
    #expect(xsd.contains(#"<xs:attribute name="id" type="xs:string" use="required">"#))
    #expect(!xsd.contains("xs:choice") && !xsd.contains("xs:any"))
    // Named types are declared once and referred to everywhere else.
    func beslutFields(_ object: PlanFormat.ObjectType) -> Int {
      object.fields.reduce(0) { count, field in
        func inType(_ type: PlanFormat.FieldType) -> Int {
          switch type {
          case .object(let inner): (inner.typeName == "beslut" ? 1 : 0) + beslutFields(inner)
          case .array(_, let of): inType(of)
          default: 0
          }
        }
        return count + inType(field.type)
      }
    }
    #expect(beslutFields(PlanFormat.plan) >= 4)
    #expect(xsd.components(separatedBy: #"type="p:beslut""#).count - 1 == beslutFields(PlanFormat.plan))
    #expect(xsd.components(separatedBy: "<xs:complexType name=").count - 1 == 2)
  }

  @Test func schemasAreDeterministic() {
    #expect(SchemaGenerator.xmlSchema() == SchemaGenerator.xmlSchema())
    #expect(SchemaGenerator.jsonSchema() == SchemaGenerator.jsonSchema())
  }

  /// Walks the JSON Schema beside PlanFormat: every object has exactly the format's fields, the format's
  /// required fields, no other properties, and every field the type the format gives it.
  @Test func jsonSchemaFollowsTheFormatDefinition() throws {
    let schema = try #require(
      try JSONSerialization.jsonObject(with: Data(SchemaGenerator.jsonSchema().utf8)) as? [String: Any])
    #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    let defs = try #require(schema["$defs"] as? [String: Any])
    #expect(Set(defs.keys) == ["beslut", "intervall", "datum"])
    let datum = try #require(defs["datum"] as? [String: Any])
    #expect(datum["pattern"] as? String == #"^\d{4}-\d{2}-\d{2}$"#)
    #expect(datum["format"] as? String == "date")

    func resolve(_ node: [String: Any]) -> [String: Any] {
      guard let ref = node["$ref"] as? String, ref.hasPrefix("#/$defs/") else { return node }
      return defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any] ?? [:]
    }
    var objectsChecked = 0
    func check(_ node: [String: Any], _ type: PlanFormat.FieldType, path: String) {
      let node = resolve(node)
      switch type {
      case .text, .reference:
        #expect(node["type"] as? String == "string", "\(path)")
      case .date:
        #expect(node["pattern"] as? String == #"^\d{4}-\d{2}-\d{2}$"#, "\(path)")
      case .integer:
        #expect(node["type"] as? String == "integer", "\(path)")
      case .boolean:
        #expect(node["type"] as? String == "boolean", "\(path)")
      case .enumeration(let values):
        #expect(node["enum"] as? [String] == values, "\(path)")
      case .pattern(let pattern):
        #expect((node["pattern"] as? String)?.contains(pattern) == true, "\(path)")
      case .referenceList:
        #expect(node["type"] as? String == "array", "\(path)")
        #expect((node["items"] as? [String: Any])?["type"] as? String == "string", "\(path)")
      case .array(_, let of):
        #expect(node["type"] as? String == "array", "\(path)")
        check(node["items"] as? [String: Any] ?? [:], of, path: path + "/*")
      case .object(let object):
        objectsChecked += 1
        #expect(node["additionalProperties"] as? Bool == false, "\(path)")
        let properties = node["properties"] as? [String: Any] ?? [:]
        #expect(Set(properties.keys) == Set(object.fields.map(\.name)), "\(path)")
        #expect((node["required"] as? [String] ?? []) == object.fields.filter(\.required).map(\.name), "\(path)")
        for field in object.fields {
          check(properties[field.name] as? [String: Any] ?? [:], field.type, path: "\(path)/\(field.name)")
        }
      }
    }
    check(schema, .object(PlanFormat.plan), path: "")
    #expect(objectsChecked > 30)
  }

  // MARK: XML Schema with xmllint

  @Test(
    "Every sample validates against the XSD as expected",
    .enabled(
      if: SchemaTools.hasXmllint,
      "xmllint not found on PATH (Debian: apt-get install libxml2-utils); XSD validation skipped"))
  func samplesAgainstXMLSchema() throws {
    var documents: [String: String] = [:]
    for name in SchemaTools.sampleNames { documents["\(name).xml"] = try SchemaTools.sample("\(name).xml") }
    #expect(documents.count >= 6)
    let results = try SchemaTools.validateXML(documents)
    for name in SchemaTools.sampleNames {
      let result = try #require(results["\(name).xml"])
      if let expected = Self.invalidSamples[name] {
        #expect(!result.valid, "\(name).xml should not validate")
        for word in expected {
          #expect(result.output.contains(word), "\(name).xml: no error about \(word): \(result.output)")
        }
      } else {
        #expect(result.valid, "\(name).xml should validate: \(result.output)")
      }
    }
  }

  @Test(
    "trasiga-referenser is schema-valid once its impossible date is corrected",
    .enabled(if: SchemaTools.hasXmllint && SchemaTools.hasJSONSchema, "needs xmllint and Python jsonschema; skipped"))
  func brokenReferencesAreNotASchemaMatter() throws {
    let xml = SchemaTools.replacingFirst(
      "2026-02-30", with: "2026-02-28", in: try SchemaTools.sample("trasiga-referenser.xml"))
    let json = SchemaTools.replacingFirst(
      "2026-02-30", with: "2026-02-28", in: try SchemaTools.sample("trasiga-referenser.json"))
    let xmlResult = try #require(try SchemaTools.validateXML(["fixed.xml": xml])["fixed.xml"])
    #expect(xmlResult.valid, "\(xmlResult.output)")
    let jsonResult = try #require(try SchemaTools.validateJSON(["fixed.json": json])["fixed.json"])
    #expect(jsonResult.valid, "\(jsonResult.errors)")
  }

  /// Deliberately wrong documents, each one change away from the valid `komplett` sample, with the same
  /// change in both forms.
  static let xmlMutations: [(name: String, target: String, replacement: String, mentions: String)] = [
    ("unknown-element", "<kod>1282</kod>", "<kod>1282</kod><okant>x</okant>", "okant"),
    ("bad-enum", "<organ>kommunstyrelsen</organ>", "<organ>regeringen</organ>", "regeringen"),
    ("short-date", "<upprattad>2026-11-20</upprattad>", "<upprattad>2026-1-5</upprattad>", "2026-1-5"),
    ("date-with-zone", "<upprattad>2026-11-20</upprattad>", "<upprattad>2026-11-20Z</upprattad>", "2026-11-20Z"),
    ("five-digit-year", "<upprattad>2026-11-20</upprattad>", "<upprattad>12026-11-20</upprattad>", "12026-11-20"),
    ("impossible-date", "<upprattad>2026-11-20</upprattad>", "<upprattad>2026-02-30</upprattad>", "2026-02-30"),
    ("missing-id", #"<lagesbild id="LB-2026">"#, "<lagesbild>", "'id'"),
    ("boolean-as-digit", "<polis>true</polis>", "<polis>1</polis>", "polis"),
    ("integer-as-word", "<intervallManader>12</intervallManader>", "<intervallManader>tolv</intervallManader>", "tolv"),
    ("bad-kod", "<kod>1282</kod>", "<kod>128</kod>", "'128'"),
    ("missing-required", "<upprattad>2026-11-20</upprattad>", "", "upprattad"),
    (
      "repeated-field", "<upprattad>2026-11-20</upprattad>",
      "<upprattad>2026-11-20</upprattad><upprattad>2026-11-21</upprattad>", "upprattad"
    ),
  ]

  static let jsonMutations: [(name: String, target: String, replacement: String, mentions: String)] = [
    ("unknown-element", #""kod": "1282""#, #""kod": "1282", "okant": "x""#, "okant"),
    ("bad-enum", #""organ": "kommunstyrelsen""#, #""organ": "regeringen""#, "regeringen"),
    ("short-date", #""upprattad": "2026-11-20""#, #""upprattad": "2026-1-5""#, "2026-1-5"),
    ("date-with-zone", #""upprattad": "2026-11-20""#, #""upprattad": "2026-11-20Z""#, "2026-11-20Z"),
    ("five-digit-year", #""upprattad": "2026-11-20""#, #""upprattad": "12026-11-20""#, "12026-11-20"),
    ("impossible-date", #""upprattad": "2026-11-20""#, #""upprattad": "2026-02-30""#, "2026-02-30"),
    ("missing-id", #""id": "LB-2026","#, "", "'id'"),
    ("boolean-as-digit", #""polis": true"#, #""polis": 1"#, "polis"),
    ("integer-as-word", #""intervallManader": 12"#, #""intervallManader": "tolv""#, "tolv"),
    ("bad-kod", #""kod": "1282""#, #""kod": "128""#, "'128'"),
    ("missing-required", #""upprattad": "2026-11-20","#, "", "upprattad"),
    ("boolean-as-text", #""polis": true"#, #""polis": "true""#, "polis"),
  ]

  @Test(
    "Wrong XML documents do not validate; harmless variations do",
    .enabled(
      if: SchemaTools.hasXmllint,
      "xmllint not found on PATH (Debian: apt-get install libxml2-utils); XSD validation skipped"))
  func wrongXMLDocumentsAreRefused() throws {
    let komplett = try SchemaTools.sample("komplett.xml")
    var documents: [String: String] = [:]
    for mutation in Self.xmlMutations {
      documents["\(mutation.name).xml"] = SchemaTools.replacingFirst(
        mutation.target, with: mutation.replacement, in: komplett)
    }
    // The XML reader accepts members in any order and trims enumerations: so does the schema.
    documents["reordered.xml"] = SchemaTools.replacingFirst(
      "<namn>Landskrona</namn>\n    <kod>1282</kod>", with: "<kod>1282</kod>\n    <namn>Landskrona</namn>", in: komplett
    )
    documents["padded-enum.xml"] = SchemaTools.replacingFirst(
      "<organ>kommunstyrelsen</organ>", with: "<organ>\n  kommunstyrelsen </organ>", in: komplett)
    documents["schema-location.xml"] = SchemaTools.replacingFirst(
      #"<plan xmlns="urn:lagkoll:plan:1">"#,
      with:
        #"<plan xmlns="urn:lagkoll:plan:1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:lagkoll:plan:1 plan.xsd">"#,
      in: komplett)
    let results = try SchemaTools.validateXML(documents)
    for mutation in Self.xmlMutations {
      let result = try #require(results["\(mutation.name).xml"])
      #expect(!result.valid, "\(mutation.name).xml should not validate")
      #expect(
        result.output.contains(mutation.mentions), "\(mutation.name).xml: refused for another reason: \(result.output)")
    }
    for name in ["reordered", "padded-enum", "schema-location"] {
      let result = try #require(results["\(name).xml"])
      #expect(result.valid, "\(name).xml should validate: \(result.output)")
    }
  }

  // MARK: JSON Schema with jsonschema

  @Test(
    "Every sample validates against the JSON Schema as expected",
    .enabled(
      if: SchemaTools.hasJSONSchema,
      "python3 with jsonschema not found (pip install jsonschema); JSON Schema validation skipped"))
  func samplesAgainstJSONSchema() throws {
    var documents: [String: String] = [:]
    for name in SchemaTools.sampleNames { documents["\(name).json"] = try SchemaTools.sample("\(name).json") }
    let results = try SchemaTools.validateJSON(documents)
    for name in SchemaTools.sampleNames {
      let result = try #require(results["\(name).json"])
      if let expected = Self.invalidSamples[name] {
        #expect(!result.valid, "\(name).json should not validate")
        let text = result.errors.joined(separator: "\n")
        for word in expected { #expect(text.contains(word), "\(name).json: no error about \(word): \(text)") }
      } else {
        #expect(result.valid, "\(name).json should validate: \(result.errors)")
      }
    }
    // The impossible date is caught only by `format: date`; the pattern alone accepts it.
    let broken = try #require(results["trasiga-referenser.json"])
    #expect(broken.laxErrors.isEmpty, "\(broken.laxErrors)")
  }

  @Test(
    "Wrong JSON documents do not validate",
    .enabled(
      if: SchemaTools.hasJSONSchema,
      "python3 with jsonschema not found (pip install jsonschema); JSON Schema validation skipped"))
  func wrongJSONDocumentsAreRefused() throws {
    let komplett = try SchemaTools.sample("komplett.json")
    var documents: [String: String] = [:]
    for mutation in Self.jsonMutations {
      documents["\(mutation.name).json"] = SchemaTools.replacingFirst(
        mutation.target, with: mutation.replacement, in: komplett)
    }
    let results = try SchemaTools.validateJSON(documents)
    for mutation in Self.jsonMutations {
      let result = try #require(results["\(mutation.name).json"])
      #expect(!result.valid, "\(mutation.name).json should not validate")
      #expect(
        result.errors.joined(separator: "\n").contains(mutation.mentions),
        "\(mutation.name).json: refused for another reason: \(result.errors)")
      if mutation.name != "impossible-date" {
        #expect(!result.laxErrors.isEmpty, "\(mutation.name).json should not validate even without format checks")
      }
    }
  }

  // MARK: The template against the schemas

  @Test(
    "The templates are valid against both schemas",
    .enabled(if: SchemaTools.hasXmllint && SchemaTools.hasJSONSchema, "needs xmllint and Python jsonschema; skipped"))
  func templatesValidate() throws {
    var xml: [String: String] = [:]
    var json: [String: String] = [:]
    for (index, (namn, kod, lan)) in TemplateTests.kommuner.enumerated() {
      xml["template-\(index).xml"] = PlanTemplate.render(format: .xml, kommunNamn: namn, kommunKod: kod, lan: lan)
      json["template-\(index).json"] = PlanTemplate.render(format: .json, kommunNamn: namn, kommunKod: kod, lan: lan)
    }
    for (name, result) in try SchemaTools.validateXML(xml) { #expect(result.valid, "\(name): \(result.output)") }
    let jsonResults = try SchemaTools.validateJSON(json)
    #expect(jsonResults.count == json.count)
    for (name, result) in jsonResults { #expect(result.valid, "\(name): \(result.errors)") }
  }
}
