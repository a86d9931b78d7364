import Foundation
import Testing

@testable import PlanDocument

// MARK: - Helpers

private func readXML(_ text: String, limits: ReadLimits = .default) throws -> ParseResult {
  try readXML(Array(text.utf8), limits: limits)
}

private func readXML(_ bytes: [UInt8], limits: ReadLimits = .default) throws -> ParseResult {
  try bytes.withUnsafeBufferPointer { try XMLReader.parse($0, limits: limits) }
}

/// The ReadError thrown while reading `bytes`, or nil when reading succeeded.
private func readError(_ bytes: [UInt8], limits: ReadLimits = .default) -> ReadError? {
  do {
    _ = try readXML(bytes, limits: limits)
    return nil
  } catch let error as ReadError {
    return error
  } catch {
    Issue.record("not a ReadError: \(error)")
    return nil
  }
}

private func readError(_ text: String, limits: ReadLimits = .default) -> ReadError? {
  readError(Array(text.utf8), limits: limits)
}

/// One line per node: path, kind and scalar value, like `lagkoll dump` without positions.
private func dump(_ root: Node) -> [String] {
  var lines: [String] = []
  root.walk { path, node, _ in
    let value = node.scalarText.map { " " + $0.debugDescription } ?? ""
    lines.append("\(path) \(node.kind.rawValue)\(value)")
  }
  return lines
}

/// Measures `body`, which must finish in under a second.
private func quickly<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
  let clock = ContinuousClock()
  let start = clock.now
  let result = try body()
  return (result, clock.now - start)
}

private let ns = "urn:lagkoll:plan:1"

/// A plan with one item in most lists, none in some, and `<behov>` in both of its positions.
private let samplePlan = """
  <?xml version="1.0" encoding="UTF-8"?>
  <plan xmlns="urn:lagkoll:plan:1">
    <formatversion>1</formatversion>
    <kommun><namn>Exempelby</namn><kod> 0000 </kod><lan>Skåne län</lan></kommun>
    <upprattad>2026-11-01</upprattad>
    <ledning>
      <organ>kommunstyrelsen</organ>
      <rapporter><rapport><datum>2026-04-20</datum><till>kommunfullmaktige</till></rapport></rapporter>
    </ledning>
    <lagesbilder>
      <lagesbild id="LB-2026">
        <datum>2026-03-01</datum>
        <period><fran>2025-01-01</fran><till>2025-12-31</till></period>
        <geografiskTackning>hela-kommunen</geografiskTackning>
        <kartlaggning>
          <problem>
            <problem id="P1">
              <rubrik>Skadegörelse i centrum</rubrik>
              <beskrivning>…</beskrivning><omfattning>…</omfattning><konsekvenser>…</konsekvenser>
              <kallor><ref>K1</ref></kallor>
            </problem>
          </problem>
        </kartlaggning>
        <annanInformation>…</annanInformation>
        <analys><text>…</text><orsaker><orsak id="O1"><beskrivning>…</beskrivning><problem><ref>P1</ref></problem></orsak></orsaker></analys>
        <kallor><kalla id="K1"><namn>Anmälda brott</namn><typ>polisstatistik</typ><ar>2025</ar></kalla></kallor>
        <samrad/>
      </lagesbild>
    </lagesbilder>
    <behovsanalys>
      <datum>2026-03-15</datum>
      <lagesbild>LB-2026</lagesbild>
      <behov>
        <behov id="B1"><beskrivning>…</beskrivning><prioritet>1</prioritet><problem><ref>P1</ref></problem></behov>
      </behov>
    </behovsanalys>
    <atgardsplan id="AP">
      <atgarder>
        <atgard id="A1">
          <rubrik>Belysning</rubrik>
          <behov><ref>B1</ref><ref> B2 </ref></behov>
          <partners></partners>
        </atgard>
      </atgarder>
    </atgardsplan>
    <samverkan>
      <overenskommelser>
        <overenskommelse id="S1"><polis>true</polis></overenskommelse>
      </overenskommelser>
      <forum><forum><civilsamhalle> false </civilsamhalle><motenPerAr>4</motenPerAr></forum></forum>
    </samverkan>
  </plan>
  """

private let sampleDump = [
  " object",
  "/formatversion string \"1\"",
  "/kommun object",
  "/kommun/namn string \"Exempelby\"",
  "/kommun/kod string \"0000\"",
  "/kommun/lan string \"Skåne län\"",
  "/upprattad string \"2026-11-01\"",
  "/ledning object",
  "/ledning/organ string \"kommunstyrelsen\"",
  "/ledning/rapporter array",
  "/ledning/rapporter/0 object",
  "/ledning/rapporter/0/datum string \"2026-04-20\"",
  "/ledning/rapporter/0/till string \"kommunfullmaktige\"",
  "/lagesbilder array",
  "/lagesbilder/0 object",
  "/lagesbilder/0/id string \"LB-2026\"",
  "/lagesbilder/0/datum string \"2026-03-01\"",
  "/lagesbilder/0/period object",
  "/lagesbilder/0/period/fran string \"2025-01-01\"",
  "/lagesbilder/0/period/till string \"2025-12-31\"",
  "/lagesbilder/0/geografiskTackning string \"hela-kommunen\"",
  "/lagesbilder/0/kartlaggning object",
  "/lagesbilder/0/kartlaggning/problem array",
  "/lagesbilder/0/kartlaggning/problem/0 object",
  "/lagesbilder/0/kartlaggning/problem/0/id string \"P1\"",
  "/lagesbilder/0/kartlaggning/problem/0/rubrik string \"Skadegörelse i centrum\"",
  "/lagesbilder/0/kartlaggning/problem/0/beskrivning string \"…\"",
  "/lagesbilder/0/kartlaggning/problem/0/omfattning string \"…\"",
  "/lagesbilder/0/kartlaggning/problem/0/konsekvenser string \"…\"",
  "/lagesbilder/0/kartlaggning/problem/0/kallor array",
  "/lagesbilder/0/kartlaggning/problem/0/kallor/0 string \"K1\"",
  "/lagesbilder/0/annanInformation string \"…\"",
  "/lagesbilder/0/analys object",
  "/lagesbilder/0/analys/text string \"…\"",
  "/lagesbilder/0/analys/orsaker array",
  "/lagesbilder/0/analys/orsaker/0 object",
  "/lagesbilder/0/analys/orsaker/0/id string \"O1\"",
  "/lagesbilder/0/analys/orsaker/0/beskrivning string \"…\"",
  "/lagesbilder/0/analys/orsaker/0/problem array",
  "/lagesbilder/0/analys/orsaker/0/problem/0 string \"P1\"",
  "/lagesbilder/0/kallor array",
  "/lagesbilder/0/kallor/0 object",
  "/lagesbilder/0/kallor/0/id string \"K1\"",
  "/lagesbilder/0/kallor/0/namn string \"Anmälda brott\"",
  "/lagesbilder/0/kallor/0/typ string \"polisstatistik\"",
  "/lagesbilder/0/kallor/0/ar number \"2025\"",
  "/lagesbilder/0/samrad array",
  "/behovsanalys object",
  "/behovsanalys/datum string \"2026-03-15\"",
  "/behovsanalys/lagesbild string \"LB-2026\"",
  "/behovsanalys/behov array",
  "/behovsanalys/behov/0 object",
  "/behovsanalys/behov/0/id string \"B1\"",
  "/behovsanalys/behov/0/beskrivning string \"…\"",
  "/behovsanalys/behov/0/prioritet number \"1\"",
  "/behovsanalys/behov/0/problem array",
  "/behovsanalys/behov/0/problem/0 string \"P1\"",
  "/atgardsplan object",
  "/atgardsplan/id string \"AP\"",
  "/atgardsplan/atgarder array",
  "/atgardsplan/atgarder/0 object",
  "/atgardsplan/atgarder/0/id string \"A1\"",
  "/atgardsplan/atgarder/0/rubrik string \"Belysning\"",
  "/atgardsplan/atgarder/0/behov array",
  "/atgardsplan/atgarder/0/behov/0 string \"B1\"",
  "/atgardsplan/atgarder/0/behov/1 string \"B2\"",
  "/atgardsplan/atgarder/0/partners array",
  "/samverkan object",
  "/samverkan/overenskommelser array",
  "/samverkan/overenskommelser/0 object",
  "/samverkan/overenskommelser/0/id string \"S1\"",
  "/samverkan/overenskommelser/0/polis boolean \"true\"",
  "/samverkan/forum array",
  "/samverkan/forum/0 object",
  "/samverkan/forum/0/civilsamhalle boolean \"false\"",
  "/samverkan/forum/0/motenPerAr number \"4\"",
]

// MARK: - Mapping

@Suite struct XMLReaderMappingTests {
  @Test func sampleMapsOntoTheCommonTree() throws {
    let result = try readXML(samplePlan)
    #expect(dump(result.root) == sampleDump)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
  }

  @Test func behovIsAListOfObjectsInBehovsanalysAndAReferenceListInAnAtgard() throws {
    let root = try readXML(samplePlan).root
    let needs = try #require(root.node(at: JSONPointer(parsing: "/behovsanalys/behov")!))
    #expect(needs.kind == .array)
    #expect(needs.items?.first?.kind == .object)
    let refs = try #require(root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder/0/behov")!))
    #expect(refs.items?.map(\.string) == ["B1", "B2"])
  }

  @Test func wrappersAreArraysWhenEmptyOrWithOneItem() throws {
    let root = try readXML(
      """
      <plan xmlns="\(ns)"><lagesbilder/><uppfoljningar>
      </uppfoljningar><samverkan><forum><forum/></forum></samverkan></plan>
      """
    ).root
    #expect(root["lagesbilder"]?.items?.count == 0)
    #expect(root["uppfoljningar"]?.items?.count == 0)
    let forum = try #require(root["samverkan"]?["forum"]?.items)
    #expect(forum.count == 1)
    #expect(forum[0].kind == .object)
    #expect(forum[0].members?.isEmpty == true)
  }

  @Test func emptyElementsAreEmptyStringsObjectsAndArrays() throws {
    let root = try readXML(#"<plan xmlns="\#(ns)"><formatversion/><kommun/><lagesbilder></lagesbilder></plan>"#).root
    #expect(root["formatversion"]?.string == "")
    #expect(root["kommun"]?.kind == .object)
    #expect(root["kommun"]?.members?.count == 0)
    #expect(root["lagesbilder"]?.kind == .array)
  }

  @Test func anyPrefixAndTheDefaultNamespaceAreAccepted() throws {
    let prefixed = try readXML(
      #"<p:plan xmlns:p="\#(ns)"><p:formatversion>1</p:formatversion><p:kommun><p:kod>1280</p:kod></p:kommun></p:plan>"#
    )
    #expect(
      dump(prefixed.root) == [
        " object", "/formatversion string \"1\"", "/kommun object", "/kommun/kod string \"1280\"",
      ])
    #expect(prefixed.diagnostics.isEmpty)
    let mixed = try readXML(
      #"<plan xmlns="\#(ns)" xmlns:q="\#(ns)"><q:formatversion>1</q:formatversion></plan>"#)
    #expect(mixed.root["formatversion"]?.string == "1")
    #expect(mixed.diagnostics.isEmpty)
  }

  @Test func integersAndBooleansAreTypedOnlyWhenValid() throws {
    let root = try readXML(
      """
      <plan xmlns="\(ns)"><samverkan><forum>
      <forum><civilsamhalle>
        true
      </civilsamhalle><motenPerAr> -12 </motenPerAr></forum>
      <forum><civilsamhalle>ja</civilsamhalle><motenPerAr>007</motenPerAr></forum>
      <forum><civilsamhalle>True</civilsamhalle><motenPerAr>1.5</motenPerAr></forum>
      <forum><civilsamhalle/><motenPerAr/></forum>
      </forum></samverkan></plan>
      """
    ).root
    let forum = try #require(root["samverkan"]?["forum"]?.items)
    #expect(forum[0]["civilsamhalle"]?.kind == .boolean)
    #expect(forum[0]["civilsamhalle"]?.scalarText == "true")
    #expect(forum[0]["motenPerAr"]?.kind == .number)
    #expect(forum[0]["motenPerAr"]?.scalarText == "-12")
    #expect(forum[1]["civilsamhalle"]?.string == "ja")
    #expect(forum[1]["motenPerAr"]?.string == "007")
    #expect(forum[2]["civilsamhalle"]?.string == "True")
    #expect(forum[2]["motenPerAr"]?.string == "1.5")
    #expect(forum[3]["civilsamhalle"]?.string == "")
    #expect(forum[3]["motenPerAr"]?.string == "")
  }

  @Test func textFieldsAreKeptExactlyOtherScalarsAreTrimmed() throws {
    let root = try readXML(
      "<plan xmlns=\"\(ns)\"><kommun><namn>  Ö &amp; Å\r\n rad  </namn><kod>\n\t1280\n</kod></kommun>"
        + "<upprattad> 2026-01-01 </upprattad><samordningsfunktion><uppgifter><uppgift> kontaktpunkt </uppgift>"
        + "</uppgifter></samordningsfunktion><atgardsplan><atgarder><atgard><partners><partner> Polisen </partner>"
        + "</partners></atgard></atgarder></atgardsplan></plan>"
    ).root
    // libxml2 normalises CR LF to LF inside text, as XML requires.
    #expect(root["kommun"]?["namn"]?.string == "  Ö & Å\n rad  ")
    #expect(root["kommun"]?["kod"]?.string == "1280")
    #expect(root["upprattad"]?.string == "2026-01-01")
    #expect(root["samordningsfunktion"]?["uppgifter"]?.items?.first?.string == "kontaktpunkt")
    let partner = root.node(at: JSONPointer(parsing: "/atgardsplan/atgarder/0/partners/0")!)
    #expect(partner?.string == " Polisen ")
  }

  @Test func cdataCommentsProcessingInstructionsAndReferencesAreText() throws {
    let result = try readXML(
      """
      <?xml version="1.0"?>
      <!-- före -->
      <?pi före?>
      <plan xmlns="\(ns)"><!-- c --><?pi x?><kommun><namn>A<!-- mitt i -->B<![CDATA[<C> & ]]>&#x44;&#69;&lt;&gt;&quot;&apos;&amp;<?pi y?>F</namn></kommun></plan>
      <!-- efter -->
      """)
    #expect(result.root["kommun"]?["namn"]?.string == "AB<C> & DE<>\"'&F")
    #expect(result.diagnostics.isEmpty)
  }

  @Test func idAttributeValuesAreDecoded() throws {
    let root = try readXML(
      #"<plan xmlns="\#(ns)"><atgardsplan id="A&amp;B &#38; &#x43;&lt;"/><lagesbilder><lagesbild id='  x  '/></lagesbilder></plan>"#
    ).root
    #expect(root["atgardsplan"]?["id"]?.string == "A&B & C<")
    #expect(root["atgardsplan"]?.members?.first?.key == "id")
    #expect(root["lagesbilder"]?.items?.first?["id"]?.string == "  x  ")
  }

  @Test func idComesFirstAndIsAMemberEvenWhereTheFormatHasNoId() throws {
    let result = try readXML(#"<plan xmlns="\#(ns)"><kommun id="K"><namn>N</namn></kommun></plan>"#)
    #expect(result.root["kommun"]?.members?.map(\.key) == ["id", "namn"])
    #expect(result.diagnostics.isEmpty)
  }

  @Test func unknownElementsAreMappedGenerically() throws {
    let result = try readXML(
      """
      <plan xmlns="\(ns)"><kommun><namn>N</namn><extra>text</extra><grupp><a>1</a><b/><c><d>x</d></c></grupp><tom/></kommun>
      <okand id="X"><y>1</y></okand></plan>
      """)
    #expect(
      dump(result.root) == [
        " object", "/kommun object", "/kommun/namn string \"N\"", "/kommun/extra string \"text\"",
        "/kommun/grupp object", "/kommun/grupp/a string \"1\"", "/kommun/grupp/b string \"\"",
        "/kommun/grupp/c object", "/kommun/grupp/c/d string \"x\"", "/kommun/tom string \"\"",
        "/okand object", "/okand/id string \"X\"", "/okand/y string \"1\"",
      ])
    #expect(result.diagnostics.isEmpty, "unknown fields are for the format check to report")
  }

  @Test func aScalarFieldWithElementChildrenBecomesAnObject() throws {
    let result = try readXML(#"<plan xmlns="\#(ns)"><formatversion>1<x>2</x></formatversion></plan>"#)
    #expect(result.root["formatversion"]?.kind == .object)
    #expect(result.root["formatversion"]?["x"]?.string == "2")
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.kind == .unexpectedContent)
    #expect(result.diagnostics.first?.path.description == "/formatversion")
  }

  @Test func unrepresentableContentIsDiagnosed() throws {
    let result = try readXML(
      """
      <plan xmlns="\(ns)" xmlns:x="urn:annat" lang="sv"><kommun typ="a">löstext<namn x:a="1">N</namn></kommun>
      <atgardsplan><atgarder>mer text<foo id="F"><rubrik>R</rubrik></foo><atgard/></atgarder></atgardsplan>
      <x:annat><namn>skippad</namn></x:annat><rubrik xmlns="">utan namnrymd</rubrik><uppfoljningar id="U"/>
      <formatversion id="V">1</formatversion>
      </plan>
      """)
    let summary = result.diagnostics.map { "\($0.kind.rawValue) \($0.path) \($0.location.line):\($0.location.column)" }
    #expect(
      summary == [
        "unexpectedContent  1:54",  // lang on plan
        "unexpectedContent /kommun 1:72",  // typ on kommun
        "unexpectedContent /kommun 1:64",  // the loose text, at the element
        "unexpectedContent /kommun/namn 1:93",  // x:a on namn
        "unexpectedContent /atgardsplan/atgarder 2:14",  // loose text in the list
        "unexpectedContent /atgardsplan/atgarder/0 2:32",  // foo instead of atgard
        "unexpectedContent  3:1",  // x:annat skipped
        "unexpectedContent  3:40",  // rubrik in no namespace skipped
        "unexpectedContent /uppfoljningar 3:94",  // id on a list
        "unexpectedContent /formatversion 4:16",  // id on a text field
      ])
    // The wrong item is kept as an item of the list, read as the item type.
    let items = try #require(result.root["atgardsplan"]?["atgarder"]?.items)
    #expect(items.count == 2)
    #expect(items[0]["id"]?.string == "F")
    #expect(items[0]["rubrik"]?.string == "R")
    #expect(result.root["annat"] == nil)
    #expect(result.root["rubrik"] == nil)
    #expect(result.root["formatversion"]?.string == "1")
    #expect(result.root["uppfoljningar"]?.items?.isEmpty == true)
    #expect(result.diagnostics.allSatisfy { !$0.message.sv.isEmpty && !$0.message.en.isEmpty })
  }

  @Test func schemaLocationIsNotContent() throws {
    let result = try readXML(
      #"<plan xmlns="\#(ns)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="\#(ns) plan.xsd"/>"#
    )
    #expect(result.diagnostics.isEmpty)
    #expect(result.root.members?.isEmpty == true)
  }

  @Test func repeatedElementsAreDuplicateMembers() throws {
    let result = try readXML(
      """
      <plan xmlns="\(ns)"><formatversion>1</formatversion>
      <formatversion>2</formatversion><kommun><namn>A</namn><namn>B</namn></kommun></plan>
      """)
    #expect(result.root.members?.map(\.key) == ["formatversion", "formatversion", "kommun"])
    #expect(result.root.members?.map { $0.value.scalarText } == ["1", "2", nil])
    #expect(result.root["kommun"]?.members?.map { $0.value.string } == ["A", "B"])
    let duplicates = result.diagnostics.filter { $0.kind == .duplicateKey }
    #expect(duplicates.map(\.path.description) == ["/formatversion", "/kommun/namn"])
    #expect(duplicates.map(\.location.description) == ["2:1", "2:55"])
    #expect(duplicates.first?.message.en.contains("line 1, column 34") == true)
  }

  @Test func manyRepeatedUnknownElementsStayLinear() throws {
    var xml = "<plan xmlns=\"\(ns)\"><okand>"
    for index in 0..<20_000 { xml += "<f\(index % 5_000)>x</f\(index % 5_000)>" }
    xml += "</okand></plan>"
    // The reader's cap on members per object (1 000) is lifted: this is about the duplicate check.
    let (result, elapsed) = try quickly { try readXML(xml, limits: ReadLimits(maxMembers: 100_000)) }
    #expect(result.root["okand"]?.members?.count == 20_000)
    #expect(result.diagnostics.count == 15_000)
    #expect(elapsed < .seconds(20))  // only catches quadratic duplicate checks
  }

  /// An internal subset's `<!ATTLIST>` defaults made libxml2 add every default attribute to every
  /// element (minutes for 20 000 defaults on 1 000 elements): any declaration in an internal subset is
  /// refused where it stands (issue 14).
  @Test func declarationsInAnInternalSubsetAreRefused() throws {
    for declaration in [
      #"<!ATTLIST atgard id CDATA "FRÅN-DTD" extra CDATA "x">"#, "<!ELEMENT plan ANY>", #"<!NOTATION n SYSTEM "x">"#,
    ] {
      let error = try #require(
        readError("<!DOCTYPE plan [\(declaration)]>\n<plan xmlns=\"\(ns)\"><formatversion>1</formatversion></plan>"))
      #expect(error.message.en.contains("internal DTD"), "\(error)")
      #expect(error.location?.description == "1:17")
    }
  }

  @Test func aPlainDoctypeIsAccepted() throws {
    for doctype in [
      "<!DOCTYPE plan>", "<!DOCTYPE plan []>", "<!DOCTYPE plan [ <!-- en kommentar --> ]>",
      #"<!DOCTYPE plan SYSTEM "plan.dtd">"#,
    ] {
      let result = try readXML("\(doctype)\n<plan xmlns=\"\(ns)\"><formatversion>1</formatversion></plan>")
      #expect(result.root["formatversion"]?.string == "1")
    }
  }

  @Test func xmlAndJSONFormsGiveTheSameTree() throws {
    let json = """
      {"formatversion": "1",
       "kommun": {"namn": "Exempelby", "kod": "0000", "lan": "Skåne län"},
       "upprattad": "2026-11-01",
       "ledning": {"organ": "kommunstyrelsen", "rapporter": [{"datum": "2026-04-20", "till": "kommunfullmaktige"}]},
       "lagesbilder": [{"id": "LB-2026", "datum": "2026-03-01", "period": {"fran": "2025-01-01", "till": "2025-12-31"},
         "geografiskTackning": "hela-kommunen",
         "kartlaggning": {"problem": [{"id": "P1", "rubrik": "Skadegörelse i centrum", "beskrivning": "…",
           "omfattning": "…", "konsekvenser": "…", "kallor": ["K1"]}]},
         "annanInformation": "…",
         "analys": {"text": "…", "orsaker": [{"id": "O1", "beskrivning": "…", "problem": ["P1"]}]},
         "kallor": [{"id": "K1", "namn": "Anmälda brott", "typ": "polisstatistik", "ar": 2025}],
         "samrad": []}],
       "behovsanalys": {"datum": "2026-03-15", "lagesbild": "LB-2026",
         "behov": [{"id": "B1", "beskrivning": "…", "prioritet": 1, "problem": ["P1"]}]},
       "atgardsplan": {"id": "AP", "atgarder": [{"id": "A1", "rubrik": "Belysning", "behov": ["B1", "B2"], "partners": []}]},
       "samverkan": {"overenskommelser": [{"id": "S1", "polis": true}],
         "forum": [{"civilsamhalle": false, "motenPerAr": 4}]}}
      """
    let fromJSON = try Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }
    let fromXML = try readXML(samplePlan)
    #expect(dump(fromXML.root) == dump(fromJSON.root))
    #expect(dump(fromXML.root) == sampleDump)
  }

  @Test func documentReaderRoutesXML() throws {
    let bytes = Array("\u{FEFF}  \n<plan xmlns=\"\(ns)\"><formatversion>1</formatversion></plan>".utf8)
    let sniffed = try DocumentReader.parse(bytes, file: "plan")
    #expect(sniffed.format == .xml)
    #expect(sniffed.root["formatversion"]?.string == "1")
    #expect(throws: ReadError.self) {
      try DocumentReader.parse(Array("<html/>".utf8), file: "x.xml")
    }
  }

  @Test func xmlAndJSONShapedTreesAgreeForEveryFieldOfTheFormat() throws {
    // Every field of the definition, filled in, reads back with the kind the definition gives it.
    var xml = "<plan xmlns=\"\(ns)\">"
    var expected: [String] = [" object"]
    func fill(_ object: PlanFormat.ObjectType, path: String) {
      for field in object.fields where field.name != "id" || object.idKind == nil {
        let fieldPath = "\(path)/\(field.name)"
        xml += "<\(field.name)>"
        add(field.type, path: fieldPath)
        xml += "</\(field.name)>"
      }
    }
    func add(_ type: PlanFormat.FieldType, path: String) {
      switch type {
      case .integer:
        xml += "42"
        expected.append("\(path) number \"42\"")
      case .boolean:
        xml += "false"
        expected.append("\(path) boolean \"false\"")
      case .text, .date, .enumeration, .pattern, .reference:
        xml += "v"
        expected.append("\(path) string \"v\"")
      case .referenceList:
        xml += "<ref>R</ref>"
        expected.append("\(path) array")
        expected.append("\(path)/0 string \"R\"")
      case .object(let object):
        expected.append("\(path) object")
        if object.idKind != nil {
          xml.removeLast()
          xml += " id=\"I\">"
          expected.append("\(path)/id string \"I\"")
        }
        fill(object, path: path)
      case .array(let item, let of):
        expected.append("\(path) array")
        xml += "<\(item)>"
        add(of, path: "\(path)/0")
        xml += "</\(item)>"
      }
    }
    fill(PlanFormat.plan, path: "")
    xml += "</plan>"
    let result = try readXML(xml)
    #expect(dump(result.root) == expected)
    #expect(result.diagnostics.isEmpty)
  }
}

// MARK: - Positions

@Suite struct XMLReaderPositionTests {
  /// Every node's location is the `<` of its element (the id's key and value excepted) and agrees with
  /// `LineIndex`.
  private func checkLocations(_ bytes: [UInt8], _ root: Node) {
    bytes.withUnsafeBufferPointer { buffer in
      let index = LineIndex(buffer)
      root.walk { path, node, member in
        if member?.key == "id" {
          #expect(
            buffer[node.location.offset] == UInt8(ascii: "\"") || buffer[node.location.offset] == UInt8(ascii: "'"))
          #expect(buffer[member!.keyLocation.offset] == UInt8(ascii: "i"))
        } else {
          #expect(buffer[node.location.offset] == UInt8(ascii: "<"), "\(path)")
        }
        #expect(index.location(ofOffset: node.location.offset, in: buffer) == node.location, "\(path)")
        if let member {
          #expect(index.location(ofOffset: member.keyLocation.offset, in: buffer) == member.keyLocation)
        }
      }
    }
  }

  @Test func everyNodeIsAtItsStartTag() throws {
    let bytes = Array(samplePlan.utf8)
    let result = try readXML(bytes)
    checkLocations(bytes, result.root)
    #expect(result.root.location == SourceLocation(offset: 39, line: 2, column: 1))
    let kod = try #require(result.root["kommun"]?["kod"])
    #expect(kod.location.description == "4:33")
    let member = try #require(result.root["lagesbilder"]?.items?.first?.members?.first)
    #expect(member.key == "id")
    #expect(member.keyLocation.description == "11:16")
    #expect(member.value.location.description == "11:19")
  }

  @Test func columnsCountCodePointsAfterMultiByteCharacters() throws {
    let xml = "<plan xmlns=\"\(ns)\"><kommun><namn>Åäö 😀 ẞ</namn><kod>1</kod>  <lan>x</lan></kommun></plan>"
    let bytes = Array(xml.utf8)
    let root = try readXML(bytes).root
    checkLocations(bytes, root)
    let prefix = "<plan xmlns=\"\(ns)\"><kommun><namn>Åäö 😀 ẞ</namn>"
    #expect(root["kommun"]?["kod"]?.location.column == prefix.unicodeScalars.count + 1)
    #expect(root["kommun"]?["kod"]?.location.offset == prefix.utf8.count)
    #expect(root["kommun"]?["lan"]?.location.column == prefix.unicodeScalars.count + 15)
  }

  @Test func attributesAreLocatedExactly() throws {
    let xml =
      "<plan xmlns=\"\(ns)\">\n<lagesbilder><lagesbild\n  a='1'  xmlns:z=\"urn:z\"\n  id = \"LB\" z:b=\"2\"/></lagesbilder></plan>"
    let bytes = Array(xml.utf8)
    let result = try readXML(bytes)
    checkLocations(bytes, result.root)
    let member = try #require(result.root["lagesbilder"]?.items?.first?.members?.first)
    #expect(member.keyLocation.description == "4:3")
    #expect(member.value.location.description == "4:8")
    #expect(result.diagnostics.map(\.location.description) == ["3:3", "4:13"])
  }

  @Test func crlfLineEndsAndAByteOrderMark() throws {
    let xml =
      "\u{FEFF}<?xml version=\"1.0\"?>\r\n<plan xmlns=\"\(ns)\">\r\n  <kommun>\r\n\r\n    <namn>Å\r\nÄ</namn><kod>1</kod>\r\n  </kommun>\r\n</plan>\r\n"
    let bytes = Array(xml.utf8)
    let result = try readXML(bytes)
    checkLocations(bytes, result.root)
    #expect(result.root.location == SourceLocation(offset: 26, line: 2, column: 1))
    #expect(result.root["kommun"]?.location.description == "3:3")
    #expect(result.root["kommun"]?["namn"]?.location.description == "5:5")
    #expect(result.root["kommun"]?["kod"]?.location.description == "6:9")
    #expect(result.root["kommun"]?["namn"]?.string == "Å\nÄ")
  }

  @Test func aByteOrderMarkTakesNoColumn() throws {
    let bytes = Array("\u{FEFF}<plan xmlns=\"\(ns)\"><kommun/></plan>".utf8)
    let root = try readXML(bytes).root
    #expect(root.location == SourceLocation(offset: 3, line: 1, column: 1))
    #expect(root["kommun"]?.location == SourceLocation(offset: 36, line: 1, column: 34))
    let bad = Array("\u{FEFF}<plan>".utf8) + [0xFF]
    #expect(readError(bad)?.location == SourceLocation(offset: 9, line: 1, column: 7))
  }

  @Test func greaterThanInsideAttributeValues() throws {
    let xml = "<plan xmlns=\"\(ns)\"><atgardsplan note=\"a > b\" id=\"x>y\"><beslut/></atgardsplan></plan>"
    let bytes = Array(xml.utf8)
    let result = try readXML(bytes)
    checkLocations(bytes, result.root)
    let member = try #require(result.root["atgardsplan"]?.members?.first)
    #expect(member.value.string == "x>y")
    #expect(member.keyLocation.column == 60)
    #expect(result.diagnostics.first?.location.column == 47)
  }

  @Test func aLoneCarriageReturnEndsALine() throws {
    let xml = "<plan xmlns=\"\(ns)\">\r<kommun/>\r\r<upprattad/></plan>"
    let bytes = Array(xml.utf8)
    let root = try readXML(bytes).root
    checkLocations(bytes, root)
    #expect(root["kommun"]?.location.description == "2:1")
    #expect(root["upprattad"]?.location.description == "4:1")
  }

  @Test func linesPastSeventyThousand() throws {
    var xml = "<plan xmlns=\"\(ns)\">\n"
    xml += String(repeating: "<!-- å -->\n", count: 40_000)
    xml += "<kommun>\n" + String(repeating: "\n", count: 40_000)
    xml += "  ééé <namn>x</namn></kommun>\n</plan>"
    let bytes = Array(xml.utf8)
    let result = try readXML(bytes)
    checkLocations(bytes, result.root)
    let namn = try #require(result.root["kommun"]?["namn"])
    #expect(namn.location.line == 80_003)
    #expect(namn.location.column == 7)
    #expect(result.root["kommun"]?.location.line == 40_002)
    #expect(result.diagnostics.count == 1)  // the loose "ééé"
    #expect(result.diagnostics.first?.location.line == 40_002)
  }

  @Test func aMinifiedDocumentOnOneLongLine() throws {
    // One line of half a megabyte: positions must stay exact, and their cost linear. The time bound only
    // catches quadratic work (a line scan per element would take minutes); speed is for the benchmark.
    var xml = "<plan xmlns=\"\(ns)\"><okand>"
    for _ in 0..<50_000 { xml += "<å>ö</å>" }
    xml += "<sist/></okand></plan>"
    let bytes = Array(xml.utf8)
    let (result, elapsed) = try quickly { try readXML(bytes, limits: ReadLimits(maxMembers: 100_000)) }
    let last = try #require(result.root["okand"]?.members?.last)
    #expect(last.key == "sist")
    #expect(last.value.location.line == 1)
    #expect(last.value.location.column == xml.unicodeScalars.count - "<sist/></okand></plan>".unicodeScalars.count + 1)
    #expect(elapsed < .seconds(20))
  }
}

// MARK: - Errors

@Suite struct XMLReaderErrorTests {
  @Test func malformedXMLHasAPosition() throws {
    let error = try #require(readError("<plan xmlns=\"\(ns)\">\n  <kommun>\n  </komun>\n</plan>"))
    #expect(error.kind == .malformed)
    #expect(error.message.en.hasPrefix("XML error: "))
    #expect(error.message.sv.hasPrefix("XML-fel: "))
    #expect(error.message.en.contains("mismatch"))
    #expect(error.location?.line == 3)
    #expect(error.location?.column == 3)  // at the end tag's `<`
  }

  @Test func errorsPastLineSeventyThousandHaveTheRightLine() throws {
    let xml = "<plan xmlns=\"\(ns)\">" + String(repeating: "\n", count: 70_010) + "ååå <a b='1' b='2'/></plan>"
    let error = try #require(readError(xml))
    #expect(error.kind == .malformed)
    #expect(error.location?.line == 70_011)
    #expect(error.message.en.contains("redefined"))
  }

  @Test func truncatedDocument() throws {
    let full = Array(samplePlan.utf8)
    for cut in [10, 100, full.count / 2, full.count - 3] {
      let error = try #require(readError(Array(full[..<cut])), "cut at \(cut)")
      #expect(error.kind == .malformed)
      #expect(error.location != nil)
      #expect((error.location?.offset ?? 0) <= cut)
    }
  }

  @Test func emptyAndBlankInput() throws {
    for input in ["", "   \n\t ", "\u{FEFF}"] {
      let error = try #require(readError(input))
      #expect(error.kind == .malformed)
      #expect(error.message.en.contains("empty"))
      #expect(error.location == .start)
    }
  }

  @Test func aCommentAloneIsNotADocument() throws {
    let error = try #require(readError("<!-- bara en kommentar -->\n"))
    #expect(error.kind == .malformed)
  }

  @Test func invalidUTF8IsRefusedWithItsPosition() throws {
    let prefix = Array("<plan xmlns=\"\(ns)\">\n<kommun><namn>Åä".utf8)
    for bad: [UInt8] in [
      [0xC3, 0x28], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ] {
      let bytes = prefix + bad + Array("</namn></kommun></plan>".utf8)
      let error = try #require(readError(bytes))
      #expect(error.kind == .malformed)
      #expect(error.message.en.contains("UTF-8"))
      #expect(error.location == SourceLocation(offset: prefix.count, line: 2, column: 17))
    }
    // Latin-1 declared and used: refused as not UTF-8.
    let latin1 = Array("<?xml version='1.0' encoding='ISO-8859-1'?><plan xmlns='\(ns)'/>".utf8)
    let declared = try #require(readError(latin1))
    #expect(declared.message.en.contains("ISO-8859-1"))
    #expect(declared.message.en.contains("UTF-8"))
  }

  @Test func aNULByteIsRefused() throws {
    let bytes = Array("<plan xmlns=\"\(ns)\"><kommun>".utf8) + [0] + Array("</kommun></plan>".utf8)
    let error = try #require(readError(bytes))
    #expect(error.kind == .malformed)
    #expect(error.location?.offset == bytes.firstIndex(of: 0))
    #expect(error.message.en.contains("NUL"))
  }

  @Test func controlCharactersAreRefused() throws {
    let bytes = Array("<plan xmlns=\"\(ns)\"><kommun>\u{01}</kommun></plan>".utf8)
    let error = try #require(readError(bytes))
    #expect(error.kind == .malformed)
    #expect(error.location?.line == 1)
  }

  @Test func utf16IsRefusedAsNotUTF8() throws {
    let text = "<plan xmlns=\"\(ns)\"/>"
    var littleEndian: [UInt8] = [0xFF, 0xFE]
    var bigEndian: [UInt8] = [0xFE, 0xFF]
    var noMark: [UInt8] = []
    for unit in text.utf16 {
      littleEndian += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
      bigEndian += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
      noMark += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
    for bytes in [littleEndian, bigEndian, noMark] {
      let error = try #require(readError(bytes))
      #expect(error.kind == .malformed)
      #expect(error.message.en.contains("UTF-8"))
      #expect(error.message.sv.contains("UTF-8"))
    }
    // A UTF-16 declaration on UTF-8 bytes is refused too.
    let declared = try #require(readError("<?xml version=\"1.0\" encoding=\"UTF-16\"?><plan xmlns=\"\(ns)\"/>"))
    #expect(declared.message.en.contains("UTF-16"))
  }

  @Test func utf8DeclarationsAreAccepted() throws {
    for declaration in ["encoding=\"UTF-8\"", "encoding='utf-8'", "encoding = \"utf8\"", "standalone=\"yes\""] {
      let result = try readXML(
        "<?xml version=\"1.0\" \(declaration)?><plan xmlns=\"\(ns)\"><upprattad>x</upprattad></plan>")
      #expect(result.root["upprattad"]?.string == "x")
    }
  }

  @Test func foreignRootOrNamespace() throws {
    let cases = [
      "<html xmlns=\"\(ns)\"/>", "<plan/>", "<plan xmlns=\"urn:lagkoll:plan:2\"/>",
      "<?xml version=\"1.0\"?>\n\n  <x:plan xmlns:x=\"urn:annat\"><formatversion>1</formatversion></x:plan>",
      "<rss version=\"2.0\"><channel/></rss>",
    ]
    for xml in cases {
      let error = try #require(readError(xml), "\(xml)")
      #expect(error.kind == .foreign, "\(xml)")
      #expect(error.message.en.contains("not a plan document"))
    }
    let located = try #require(readError(cases[3]))
    #expect(located.location == SourceLocation(offset: 25, line: 3, column: 3))
  }

  @Test func undefinedPrefixIsMalformed() throws {
    let error = try #require(readError("<plan xmlns=\"\(ns)\">\n  <p:kommun/></plan>"))
    #expect(error.kind == .malformed)
    #expect(error.location?.description == "2:3")
    #expect(error.message.en.contains("prefix"))
  }

  @Test func extraContentAfterTheRoot() throws {
    let error = try #require(readError("<plan xmlns=\"\(ns)\"/>\n<plan xmlns=\"\(ns)\"/>"))
    #expect(error.kind == .malformed)
    #expect(error.location?.line == 2)
  }

  @Test func depthIsCappedByTheConfiguredLimit() throws {
    let xml =
      "<plan xmlns=\"\(ns)\">" + String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10) + "</plan>"
    #expect(throws: Never.self) { try readXML(xml, limits: ReadLimits(maxDepth: 11)) }
    let error = try #require(readError(xml, limits: ReadLimits(maxDepth: 5)))
    #expect(error.kind == .limit)
    #expect(error.message.en.contains("5"))
    // The sixth level is the fifth <a>, at 3 bytes each after the root's start tag.
    #expect(error.location?.offset == "<plan xmlns=\"\(ns)\">".utf8.count + 4 * 3)
  }

  @Test func depthBeyondLibxml2sOwnLimitIsALimitError() throws {
    let xml =
      "<plan xmlns=\"\(ns)\">" + String(repeating: "<a>", count: 400) + String(repeating: "</a>", count: 400)
      + "</plan>"
    let error = try #require(readError(xml, limits: ReadLimits(maxDepth: 1_000)))
    #expect(error.kind == .limit)
    #expect(error.location != nil)
  }
}

// MARK: - Hostile input

@Suite struct XMLReaderHostileInputTests {
  private func passwdLine() -> String? {
    guard let text = try? String(contentsOfFile: "/etc/passwd", encoding: .utf8) else { return nil }
    return text.split(separator: "\n").first.map(String.init)
  }

  /// Everything a caller could show of a failed or successful read.
  private func everything(_ xml: String) -> (ReadError?, String) {
    do {
      let result = try readXML(xml)
      return (nil, "\(dump(result.root)) \(result.diagnostics)")
    } catch let error as ReadError {
      return (error, "\(error)")
    } catch {
      return (nil, "\(error)")
    }
  }

  @Test func externalEntityToALocalFile() throws {
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE plan [
        <!ENTITY xxe SYSTEM "file:///etc/passwd">
      ]>
      <plan xmlns="\(ns)"><kommun><namn>&xxe;</namn></kommun></plan>
      """
    let ((error, shown), elapsed) = quickly { everything(xml) }
    let refused = try #require(error)
    #expect(refused.kind == .malformed)
    #expect(refused.message.en.contains("entity declarations"))
    #expect(refused.location == SourceLocation(offset: 41, line: 3, column: 3))
    if let line = passwdLine() { #expect(!shown.contains(line)) }
    #expect(!shown.contains("root:"))
    #expect(elapsed < .seconds(1))
  }

  @Test func externalSubsetIsNeverLoadedAndUndeclaredEntitiesAreRefused() throws {
    let xml = """
      <!DOCTYPE plan SYSTEM "file:///etc/passwd">
      <plan xmlns="\(ns)"><kommun><namn>&passwd;</namn></kommun></plan>
      """
    let ((error, shown), elapsed) = quickly { everything(xml) }
    let refused = try #require(error)
    #expect(refused.kind == .malformed)
    #expect(refused.message.en.contains("passwd"))
    #expect(refused.location?.line == 2)
    if let line = passwdLine() { #expect(!shown.contains(line)) }
    #expect(elapsed < .seconds(1))
    // Without an entity reference the same document reads, and nothing from the file appears.
    let clean = try readXML("<!DOCTYPE plan SYSTEM \"file:///etc/passwd\">\n<plan xmlns=\"\(ns)\"><kommun/></plan>")
    #expect(dump(clean.root) == [" object", "/kommun object"])
  }

  @Test func externalParameterEntity() throws {
    let xml = """
      <!DOCTYPE plan [
        <!ENTITY % ext SYSTEM "file:///etc/passwd">
        %ext;
      ]>
      <plan xmlns="\(ns)"/>
      """
    let ((error, shown), elapsed) = quickly { everything(xml) }
    let refused = try #require(error)
    #expect(refused.kind == .malformed)
    #expect(refused.location?.line == 2)
    if let line = passwdLine() { #expect(!shown.contains(line)) }
    #expect(elapsed < .seconds(1))
  }

  @Test func unparsedEntityDeclarationIsRefused() throws {
    let xml =
      "<!DOCTYPE plan [<!ENTITY bild SYSTEM \"file:///etc/passwd\" NDATA png><!NOTATION png SYSTEM \"image/png\">]><plan xmlns=\"\(ns)\"/>"
    let error = try #require(readError(xml))
    #expect(error.kind == .malformed)
    #expect(error.message.en.contains("entity declarations"))
    #expect(error.location?.column == 17)
    // The notation first: refused as the first declaration of the internal subset, where it stands.
    let notationFirst =
      "<!DOCTYPE plan [<!NOTATION png SYSTEM \"image/png\"><!ENTITY bild SYSTEM \"file:///etc/passwd\" NDATA png>]><plan xmlns=\"\(ns)\"/>"
    #expect(readError(notationFirst)?.location?.column == 17)
  }

  @Test func undeclaredParameterEntityReference() throws {
    let error = try #require(readError("<!DOCTYPE plan [ %ext; ]><plan xmlns=\"\(ns)\"/>"))
    #expect(error.kind == .malformed)
  }

  @Test func networkEntityIsNeverFetched() throws {
    // 192.0.2.1 is TEST-NET-1: a fetch would hang until a timeout, not fail at once.
    let xml = """
      <!DOCTYPE plan [<!ENTITY net SYSTEM "http://192.0.2.1/secret.xml">]>
      <plan xmlns="\(ns)"><kommun><namn>&net;</namn></kommun></plan>
      """
    let ((error, _), elapsed) = quickly { everything(xml) }
    #expect(error?.kind == .malformed)
    #expect(elapsed < .seconds(1))
    let subset =
      "<!DOCTYPE plan PUBLIC \"-//x//y\" \"http://192.0.2.1/plan.dtd\"><plan xmlns=\"\(ns)\"><upprattad>1</upprattad></plan>"
    let (result, elapsedSubset) = try quickly { try readXML(subset) }
    #expect(result.root["upprattad"]?.string == "1")
    #expect(elapsedSubset < .seconds(1))
  }

  @Test func billionLaughs() throws {
    var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE plan [\n<!ENTITY lol \"lol\">\n"
    for level in 1...9 {
      let previous = level == 1 ? "lol" : "lol\(level - 1)"
      xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
    }
    xml += "]>\n<plan xmlns=\"\(ns)\"><kommun><namn>&lol9;</namn></kommun></plan>"
    let ((error, shown), elapsed) = quickly { everything(xml) }
    #expect(error?.kind == .malformed)
    #expect(error?.location?.line == 3)
    #expect(!shown.contains("lollol"))
    #expect(elapsed < .seconds(1))
  }

  @Test func quadraticBlowUp() throws {
    let big = String(repeating: "a", count: 100_000)
    let xml =
      "<!DOCTYPE plan [<!ENTITY a \"\(big)\">]><plan xmlns=\"\(ns)\"><kommun><namn>"
      + String(repeating: "&a;", count: 10_000) + "</namn></kommun></plan>"
    let ((error, _), elapsed) = quickly { everything(xml) }
    #expect(error?.kind == .malformed)
    #expect(error?.message.en.contains("entity") == true)
    #expect(elapsed < .seconds(1))
  }

  @Test func hundredThousandNestedElements() throws {
    let xml =
      "<plan xmlns=\"\(ns)\">" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
      + "</plan>"
    let (error, elapsed) = quickly { readError(xml) }
    #expect(error?.kind == .limit)
    #expect(error?.message.en.contains("256") == true)
    #expect(error?.location?.line == 1)
    #expect(elapsed < .seconds(1))
    let (unclosed, elapsedUnclosed) = quickly { readError(String(repeating: "<plan xmlns=\"\(ns)\">", count: 100_000)) }
    #expect(unclosed?.kind == .limit)
    #expect(elapsedUnclosed < .seconds(1))
  }

  @Test func xincludeIsNotProcessed() throws {
    let xml = """
      <plan xmlns="\(ns)" xmlns:xi="http://www.w3.org/2001/XInclude"><kommun><xi:include href="file:///etc/passwd" parse="text"/></kommun></plan>
      """
    let (error, shown) = everything(xml)
    #expect(error == nil)
    if let line = passwdLine() { #expect(!shown.contains(line)) }
    let result = try readXML(xml)
    #expect(result.root["kommun"]?.members?.isEmpty == true)
    #expect(result.diagnostics.count == 1)
  }

  @Test func hugeAttributeAndNameDoNotHang() throws {
    let xml = "<plan xmlns=\"\(ns)\"><kommun a=\"" + String(repeating: "x", count: 1_000_000) + "\"/></plan>"
    let (result, elapsed) = try quickly { try readXML(xml) }
    #expect(result.diagnostics.count == 1)
    #expect(elapsed < .seconds(1))
  }

  @Test func readingIsSafeFromSeveralThreads() async throws {
    let bytes = Array(samplePlan.utf8)
    let dumps = await withTaskGroup(of: [String].self) { group in
      for _ in 0..<8 {
        group.addTask { (try? readXML(bytes)).map { dump($0.root) } ?? [] }
      }
      var all: [[String]] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(dumps.count == 8)
    #expect(dumps.allSatisfy { $0 == sampleDump })
  }
}
