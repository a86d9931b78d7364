import Foundation
import Testing

@testable import PlanDocument

@Suite("The plan template (lagkoll init)")
struct TemplateTests {
  /// A known municipality, no municipality (the placeholders `init` uses without --kommun), and a name
  /// with every character that needs escaping in XML or JSON.
  static let kommuner: [(String, String, String?)] = [
    ("Landskrona", "1282", "Skåne län"),
    (PlanTemplate.unknownKommunNamn, PlanTemplate.unknownKommunKod, nil),
    (#"Å & <Ö> "citat" \ 'x' -- ]]>"#, "0000", "Län & <län>"),
  ]

  static func parse(_ text: String, _ format: SourceFormat) throws -> Document {
    try DocumentReader.parse(Array(text.utf8), file: "plan.\(format.rawValue)", format: format)
  }

  /// One line per node: path, kind and value, without position.
  static func shape(_ root: Node) -> [String] {
    var lines: [String] = []
    root.walk { path, node, _ in
      lines.append("\(path) \(node.kind.rawValue)\(node.scalarText.map { " " + $0.debugDescription } ?? "")")
    }
    return lines
  }

  @Test(arguments: 0..<kommuner.count)
  func bothFormsReadIntoTheSameTree(index: Int) throws {
    let (namn, kod, lan) = Self.kommuner[index]
    let xmlText = PlanTemplate.render(format: .xml, kommunNamn: namn, kommunKod: kod, lan: lan)
    let jsonText = PlanTemplate.render(format: .json, kommunNamn: namn, kommunKod: kod, lan: lan)
    let xml = try Self.parse(xmlText, .xml)
    let json = try Self.parse(jsonText, .json)
    #expect(xml.diagnostics.isEmpty, "\(xml.diagnostics.map(\.message.en))")
    #expect(json.diagnostics.isEmpty, "\(json.diagnostics.map(\.message.en))")
    let xmlShape = Self.shape(xml.root)
    let jsonShape = Self.shape(json.root)
    #expect(xmlShape.count > 100)
    for (a, b) in zip(xmlShape, jsonShape) where a != b {
      Issue.record("the forms differ:\n  xml:  \(a)\n  json: \(b)")
      break
    }
    #expect(xmlShape.count == jsonShape.count)
    // The municipality is filled in exactly as given, escaping included.
    for document in [xml, json] {
      #expect(document.root["kommun"]?["namn"]?.string == namn)
      #expect(document.root["kommun"]?["kod"]?.string == kod)
      #expect(document.root["kommun"]?["lan"]?.string == lan ?? PlanTemplate.unknownLan)
      #expect(document.root["formatversion"]?.string == "1")
    }
  }

  @Test func everyFieldHasAPlaceholderAndNoPlaceholderIsStale() {
    let built = PlanTemplate.tree(kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    #expect(built.missing.isEmpty, "fields without a placeholder in PlanTemplate.slots: \(built.missing)")
    let stale = Set(PlanTemplate.slots.keys).subtracting(built.used)
    #expect(stale.isEmpty, "placeholders for paths the format does not have: \(stale.sorted())")
  }

  /// Every section and every field of the format is in the template, except the three optional fields
  /// that only apply in a case the template does not choose (they are shown in XML comments).
  @Test func theTemplateHasEveryFieldOfTheFormat() throws {
    let document = try Self.parse(
      PlanTemplate.render(format: .json, kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län"), .json)
    let leftOut: Set<String> = ["ledning/namnd", "ledning/beslut", "lagesbilder/*/delomrade"]
    var absent: [String] = []
    func visit(_ object: PlanFormat.ObjectType, _ node: Node?, _ path: String) {
      for field in object.fields {
        let fieldPath = path.isEmpty ? field.name : "\(path)/\(field.name)"
        guard let child = node?[field.name] else {
          if !leftOut.contains(fieldPath) { absent.append(fieldPath) }
          continue
        }
        #expect(!leftOut.contains(fieldPath), "\(fieldPath) should be left out")
        visit(field.type, child, fieldPath)
      }
    }
    func visit(_ type: PlanFormat.FieldType, _ node: Node, _ path: String) {
      switch type {
      case .object(let object): visit(object, node, path)
      case .array(_, let of):
        #expect(node.items?.isEmpty == false, "\(path) has no example item")
        for item in node.items ?? [] { visit(of, item, path + "/*") }
      case .referenceList:
        #expect(node.items?.isEmpty == false, "\(path) has no example reference")
      default: break
      }
    }
    visit(PlanFormat.plan, document.root, "")
    #expect(absent.isEmpty, "missing from the template: \(absent)")
  }

  /// Placeholders are clear and keep the document valid: text says `ANGE:`, every date is the
  /// placeholder date, enumerations hold one of their words, and every reference resolves.
  @Test func placeholdersAreClearAndConsistent() throws {
    let document = try Self.parse(
      PlanTemplate.render(format: .json, kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län"), .json)
    var ids: [PlanFormat.IDKind: Set<String>] = [:]
    var references: [(PlanFormat.IDKind, String, String)] = []
    var texts = 0
    func visit(_ type: PlanFormat.FieldType, _ node: Node, _ path: String, idKind: PlanFormat.IDKind? = nil) {
      switch type {
      case .object(let object):
        for field in object.fields {
          guard let child = node[field.name] else { continue }
          if field.name == "id", let kind = object.idKind {
            ids[kind, default: []].insert(child.string ?? "")
            continue
          }
          visit(field.type, child, "\(path)/\(field.name)")
        }
      case .array(_, let of):
        for (index, item) in (node.items ?? []).enumerated() { visit(of, item, "\(path)/\(index)") }
      case .referenceList(let kind):
        for item in node.items ?? [] { references.append((kind, item.string ?? "", path)) }
      case .reference(let kind):
        references.append((kind, node.string ?? "", path))
      case .date:
        #expect(node.string == PlanTemplate.placeholderDate, "\(path)")
      case .enumeration(let values):
        #expect(values.contains(node.string ?? ""), "\(path): \(node.scalarText ?? "")")
      case .text:
        guard !path.hasPrefix("/kommun") && path != "/formatversion" else { return }
        texts += 1
        #expect(
          node.string?.hasPrefix(PlanTemplate.placeholderPrefix + " ") == true, "\(path): \(node.scalarText ?? "")")
      case .integer:
        #expect(node.kind == .number, "\(path)")
      case .boolean:
        #expect(node.kind == .boolean, "\(path)")
      case .pattern:
        break
      }
    }
    visit(.object(PlanFormat.plan), document.root, "")
    #expect(texts > 30)
    #expect(references.count >= 8)
    for (kind, id, path) in references {
      #expect(ids[kind]?.contains(id) == true, "\(path) refers to \(kind.rawValue) \(id), which the template lacks")
    }
    // Every kind of id has an example.
    #expect(Set(ids.keys) == Set(PlanFormat.IDKind.allCases))
  }

  @Test func theXMLFormExplainsInSwedishComments() {
    let xml = PlanTemplate.render(format: .xml, kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
    #expect(xml.contains(#"<plan xmlns="urn:lagkoll:plan:1">"#))
    #expect(xml.contains("Ersätt varje text som börjar med \"ANGE:\""))
    #expect(xml.contains("<!-- Möjliga värden: kommunstyrelsen, namnd. -->"))
    // The optional fields left out are shown, commented out.
    #expect(xml.contains("<namnd>ANGE: nämndens namn</namnd>"))
    #expect(xml.contains("<delomrade>ANGE: delområdets namn</delomrade>"))
    // No comment contains "--" (which XML forbids) and no line ends in white space.
    let body = xml.replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "")
    #expect(!body.contains("--"))
    #expect(!xml.split(separator: "\n").contains { $0.last?.isWhitespace == true })
    let json = PlanTemplate.render(format: .json, kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län")
    #expect(json.hasPrefix("{\n  \"formatversion\": \"1\",\n  \"kommun\": {"))
  }

  // MARK: Writing the file

  @Test func writingNeverOverwritesWithoutBeingAsked() throws {
    let folder = try SchemaTools.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("plan.xml").path
    try PlanTemplate.write("first", toFile: file, overwrite: false)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "first")

    #expect(throws: TemplateWriteError.self) { try PlanTemplate.write("second", toFile: file, overwrite: false) }
    do {
      try PlanTemplate.write("second", toFile: file, overwrite: false)
    } catch {
      #expect(error.kind == .exists)
      #expect(error.message.sv.contains("--force") && error.message.en.contains("--force"))
    }
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "first")

    try PlanTemplate.write("third", toFile: file, overwrite: true)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "third")
    // No temporary files are left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plan.xml"])
  }

  @Test func aSymbolicLinkIsNotFollowedOrReplaced() throws {
    let folder = try SchemaTools.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("plan.json").path
    let target = folder.appendingPathComponent("elsewhere.json").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)  // dangling
    do {
      try PlanTemplate.write("{}", toFile: link, overwrite: false)
      Issue.record("a dangling symbolic link was written through or replaced")
    } catch {
      #expect(error.kind == .exists)
    }
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
  }

  @Test func aMissingFolderIsAnIOError() {
    do {
      try PlanTemplate.write("x", toFile: "/nonexistent-\(UUID().uuidString)/plan.xml", overwrite: false)
      Issue.record("wrote into a folder that does not exist")
    } catch {
      #expect(error.kind == .io)
    }
  }

  // MARK: The command, when a built binary is named

  static let binary = ProcessInfo.processInfo.environment["LAGKOLL_BIN"]

  @Test(
    "lagkoll init and schema, run as a program",
    .enabled(if: binary != nil, "set LAGKOLL_BIN to a built lagkoll to run the command-line checks"))
  func theCommandLine() throws {
    let binary = try #require(Self.binary)
    let rules = SchemaTools.samplesFolder.deletingLastPathComponent().appendingPathComponent("rules").path
    let folder = try SchemaTools.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("plan.xml").path

    let first = SchemaTools.run(binary, ["init", "--kommun", "1282", "--rules", rules, "--output", file])
    #expect(first.status == 0, "\(first.output)")
    let written = try String(contentsOfFile: file, encoding: .utf8)
    #expect(written == PlanTemplate.render(format: .xml, kommunNamn: "Landskrona", kommunKod: "1282", lan: "Skåne län"))

    try "my own plan".write(toFile: file, atomically: false, encoding: .utf8)
    let refused = SchemaTools.run(binary, ["init", "--kommun", "1282", "--rules", rules, "--output", file])
    #expect(refused.status == 2)
    #expect(refused.output.contains("--force"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "my own plan")

    let forced = SchemaTools.run(binary, ["init", "--rules", rules, "--output", file, "--force"])
    #expect(forced.status == 0, "\(forced.output)")
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("<kod>0000</kod>"))

    let unknown = SchemaTools.run(
      binary, ["init", "--kommun", "9999", "--rules", rules, "--output", "-", "--lang", "en"])
    #expect(unknown.status == 2)
    #expect(unknown.output.contains("unknown municipality code \"9999\""))

    let toStdout = SchemaTools.run(binary, ["init", "--format", "json", "--output", "-"])
    #expect(toStdout.status == 0)
    #expect(
      toStdout.output
        == PlanTemplate.render(format: .json, kommunNamn: PlanTemplate.unknownKommunNamn, kommunKod: "0000", lan: nil))

    let xsd = SchemaTools.run(binary, ["schema", "xsd"])
    #expect(xsd.status == 0 && xsd.output == SchemaGenerator.xmlSchema())
    let json = SchemaTools.run(binary, ["schema", "json"])
    #expect(json.status == 0 && json.output == SchemaGenerator.jsonSchema())
    let bad = SchemaTools.run(binary, ["schema", "dtd"])
    #expect(bad.status == 2)
  }
}
