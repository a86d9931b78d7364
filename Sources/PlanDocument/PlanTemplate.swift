#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The plan template that `lagkoll init` writes: every section of the format, one example item in each
/// list, and Swedish placeholders for the municipality's coordinator to replace. The XML form explains
/// each part in Swedish comments; the JSON form (which has no comments) carries the same tree.
///
/// The template is produced by walking `PlanFormat.plan`, so it always has exactly the format's fields;
/// only the placeholder values and the explanations below are written by hand, keyed by path. A field
/// the format gains without a placeholder here still appears (with a generic placeholder), and the tests
/// name it.
///
/// Placeholders keep the document readable and valid against both schemas, so an editor's schema
/// validation and `lagkoll check` work from the first minute:
/// - Text is `ANGE: …` (``placeholderPrefix``), saying what to write. Search for `ANGE:` to find what is
///   left to fill in.
/// - Every date is ``placeholderDate`` (1900-01-01): a real date in the right form, so the document reads
///   and validates, but one no plan under SFS 2023:196 can carry. It lies before the law and before every
///   mandate period, so until real dates are entered the rules report the lägesbild as too old, the
///   action plan as decided in an earlier term and out of force, the police agreement as expired and the
///   follow-ups as overdue. A text placeholder such as `ÅÅÅÅ-MM-DD` was rejected: it would make the
///   template invalid against the schemas it is meant to be filled in with, and the rules that judge
///   whether things are current skip dates they cannot read.
/// - Numbers, booleans and enumerations hold a typical value (priority 1, follow-up every 12 months, the
///   police as a party); the XML comments list the alternatives. `civilsamhalle` is `false`, so the rules
///   ask about civil society until someone has answered.
/// - Ids (`LB-1`, `P1`, `K1`, …) and the references between them are consistent, so the template has no
///   broken references; they may be kept or renamed.
/// - Optional fields that only apply in some cases (`ledning/namnd`, `ledning/beslut`,
///   `lagesbilder/*/delomrade`) are left out of the tree; the XML form shows them in comments.
public enum PlanTemplate {
  /// What every text placeholder begins with.
  public static let placeholderPrefix = "ANGE:"
  /// The date every date field holds until it is filled in.
  public static let placeholderDate = "1900-01-01"
  /// The municipality code used when none is given: not a real SCB code, so the rules report it.
  public static let unknownKommunKod = "0000"
  /// The municipality name used when none is given.
  public static let unknownKommunNamn = "ANGE: kommunens namn"
  /// The county placeholder used when the county is not known.
  public static let unknownLan = "ANGE: länets namn som SCB skriver det, t.ex. Skåne län"

  /// The template in `format` for the named municipality. `lan` nil leaves a placeholder for the county.
  public static func render(format: SourceFormat, kommunNamn: String, kommunKod: String, lan: String?) -> String {
    let built = tree(kommunNamn: kommunNamn, kommunKod: kommunKod, lan: lan)
    switch format {
    case .xml: return renderXML(built.root)
    case .json: return json(built.root).serialized() + "\n"
    case .docx: preconditionFailure("the Word template is bytes, written by the Word writer, not text")
    }
  }

  /// The template as a Word document (`DocxLayout`): the same tree as the JSON template, so the three
  /// forms of the template give the same findings; optional fields the tree leaves out are empty cells.
  public static func renderDocx(
    kommunNamn: String, kommunKod: String, lan: String?, language: Language = .sv
  ) throws -> [UInt8] {
    let json = render(format: .json, kommunNamn: kommunNamn, kommunKod: kommunKod, lan: lan)
    let document = try DocumentReader.parse(Array(json.utf8), file: "plan.json", format: .json)
    return try DocxWriter.render(document.root, purpose: .template, language: language)
  }

  // MARK: - Placeholders

  /// What a field holds in the template.
  enum Value {
    case text(String)
    case number(Int)
    case boolean(Bool)
    case list([String])
  }

  /// The template's entry for one path: its value (nil: the default for its type), an explanation shown
  /// before it in XML, and whether the field is left out (shown commented out in XML).
  struct Slot {
    var value: Value?
    var note: String?
    var omitted = false

    init(_ value: Value? = nil, note: String? = nil, omitted: Bool = false) {
      self.value = value
      self.note = note
      self.omitted = omitted
    }
  }

  private static func text(_ text: String, _ note: String? = nil) -> Slot { Slot(.text(text), note: note) }
  private static func ange(_ what: String, _ note: String? = nil) -> Slot {
    Slot(.text("\(placeholderPrefix) \(what)"), note: note)
  }
  private static func note(_ note: String) -> Slot { Slot(note: note) }
  private static func list(_ items: [String], _ note: String? = nil) -> Slot { Slot(.list(items), note: note) }

  /// Paths use field names, with `*` for the item of a list: `lagesbilder/*/kartlaggning/problem/*/rubrik`.
  /// The fields the template marks "(valfritt)" (paths with `*` for every item): leaving one out must
  /// give no finding, which a test holds the rules to.
  public static var optionalFields: [String] {
    slots.compactMap { path, slot -> String? in
      switch slot.value {
      case .text(let text)?: return text.hasSuffix("(valfritt)") ? path : nil
      case .list(let items)?: return items.contains { $0.hasSuffix("(valfritt)") } ? path : nil
      default: return nil
      }
    }.sorted()
  }

  static let slots: [String: Slot] = [
    "formatversion": text("1", "Formatversionen. Ändra inte."),
    "kommun": note("Kommunens namn, SCB:s fyrsiffriga kommunkod och länets namn."),
    "upprattad": note("När dokumentet senast uppdaterades."),

    "ledning": note("Vem som leder det brottsförebyggande arbetet: kommunstyrelsen eller en nämnd."),
    "ledning/organ": text("kommunstyrelsen"),
    "ledning/namnd": Slot(
      .text("\(placeholderPrefix) nämndens namn"), note: "Bara när organ är namnd: nämndens namn.", omitted: true),
    "ledning/beslut": Slot(
      note: "Bara när organ är namnd: fullmäktiges beslut om att nämnden leder arbetet.", omitted: true),
    "ledning/beslut/organ": text("kommunfullmaktige"),
    "ledning/beslut/diarienummer": ange("diarienummer"),
    "ledning/beslut/paragraf": ange("paragraf i protokollet, t.ex. § 123"),
    "ledning/rapporter": note(
      "Rapporter om arbetet till fullmäktige eller kommunstyrelsen: en <rapport> per tillfälle."),
    "ledning/rapporter/*/till": text("kommunfullmaktige"),
    "ledning/rapporter/*/diarienummer": ange("diarienummer (valfritt)"),
    "ledning/rapporter/*/beskrivning": ange("vad som rapporterades (valfritt)"),

    "lagesbilder": note(
      "Lägesbilder: kartläggning och analys av brott och otrygghet i kommunen. En <lagesbild> per lägesbild; id:t (LB-1) används i behovsanalysen och åtgärdsplanen."
    ),
    "lagesbilder/*/id": text("LB-1"),
    "lagesbilder/*/beslut": note("Valfritt: beslutet om lägesbilden."),
    "lagesbilder/*/beslut/organ": text("kommunstyrelsen"),
    "lagesbilder/*/beslut/diarienummer": ange("diarienummer"),
    "lagesbilder/*/beslut/paragraf": ange("paragraf i protokollet, t.ex. § 123"),
    "lagesbilder/*/datum": note("När lägesbilden blev klar."),
    "lagesbilder/*/period": note("Den tid som lägesbildens uppgifter avser, första och sista dagen."),
    "lagesbilder/*/geografiskTackning": text(
      "hela-kommunen", "Om lägesbilden gäller hela kommunen eller ett delområde."),
    "lagesbilder/*/delomrade": Slot(
      .text("\(placeholderPrefix) delområdets namn"),
      note: "Bara när geografiskTackning är delomrade: vilket delområde.", omitted: true),
    "lagesbilder/*/kartlaggning": note("Kartläggningen: ett <problem> per problem med brott eller otrygghet."),
    "lagesbilder/*/kartlaggning/problem/*/id": text("P1"),
    "lagesbilder/*/kartlaggning/problem/*/rubrik": ange("kort rubrik på problemet"),
    "lagesbilder/*/kartlaggning/problem/*/beskrivning": ange("beskriv problemet: vad som händer, var och när"),
    "lagesbilder/*/kartlaggning/problem/*/omfattning": ange("hur stort problemet är, med siffror och källa"),
    "lagesbilder/*/kartlaggning/problem/*/konsekvenser": ange(
      "vilka följder problemet får för invånare och verksamheter"),
    "lagesbilder/*/kartlaggning/problem/*/kallor": list(
      ["K1"], "Id för de källor (under kallor) som problemet bygger på."),
    "lagesbilder/*/annanInformation": ange(
      "annan information av betydelse, t.ex. planerad bebyggelse, evenemang eller förändringar i befolkningen",
      "Annan information av betydelse för lägesbilden."),
    "lagesbilder/*/analys": note("Analysen: orsakerna bakom problemen, en <orsak> per orsak."),
    "lagesbilder/*/analys/text": ange("analysera problemen och vad som orsakar dem"),
    "lagesbilder/*/analys/orsaker/*/id": text("O1"),
    "lagesbilder/*/analys/orsaker/*/beskrivning": ange("beskriv en orsak eller riskfaktor"),
    "lagesbilder/*/analys/orsaker/*/problem": list(["P1"], "Id för de problem som orsaken ligger bakom."),
    "lagesbilder/*/kallor": note(
      "Källorna till lägesbilden, en <kalla> per källa. Brå rekommenderar flera slag av källor, t.ex. polisstatistik, trygghetsmätning och skolundersökning."
    ),
    "lagesbilder/*/kallor/*/id": text("K1"),
    "lagesbilder/*/kallor/*/namn": ange("källans namn, t.ex. Anmälda brott"),
    "lagesbilder/*/kallor/*/typ": text("polisstatistik"),
    "lagesbilder/*/kallor/*/ar": Slot(.number(1900), note: "Valfritt: året som uppgifterna avser."),
    "lagesbilder/*/kallor/*/url": ange("webbadress till källan (valfritt)"),
    "lagesbilder/*/samrad": note(
      "Samråd vid arbetet med lägesbilden, t.ex. med Polismyndigheten: ett <samrad> per tillfälle."),
    "lagesbilder/*/samrad/*/aktor": ange("vem samrådet var med, t.ex. Polismyndigheten, lokalpolisområdet"),
    "lagesbilder/*/samrad/*/form": ange("hur samrådet gick till, t.ex. möte (valfritt)"),

    "behovsanalys": note("Ställningstagandet till behovet av åtgärder, utifrån lägesbilden: ett <behov> per behov."),
    "behovsanalys/lagesbild": text("LB-1", "Id för lägesbilden som behoven bygger på."),
    "behovsanalys/behov/*/id": text("B1"),
    "behovsanalys/behov/*/beskrivning": ange("beskriv behovet av åtgärder"),
    "behovsanalys/behov/*/prioritet": Slot(.number(1), note: "Prioritet: 1 är högst."),
    "behovsanalys/behov/*/problem": list(["P1"], "Id för de problem som behovet gäller."),
    "behovsanalys/behov/*/orsaker": list(["O1"], "Valfritt: id för de orsaker som behovet gäller."),

    "atgardsplan": note("Åtgärdsplanen: de åtgärder kommunen ska vidta, normalt beslutad av kommunfullmäktige."),
    "atgardsplan/id": text("AP-1"),
    "atgardsplan/beslut/organ": text("kommunfullmaktige"),
    "atgardsplan/beslut/diarienummer": ange("diarienummer"),
    "atgardsplan/beslut/paragraf": ange("paragraf i protokollet, t.ex. § 123"),
    "atgardsplan/giltighet": note("Den tid som planen gäller, första och sista dagen."),
    "atgardsplan/lagesbild": text("LB-1", "Id för lägesbilden som planen bygger på."),
    "atgardsplan/atgarder": note("Åtgärderna, en <atgard> per åtgärd."),
    "atgardsplan/atgarder/*/id": text("A1"),
    "atgardsplan/atgarder/*/rubrik": ange("kort rubrik på åtgärden"),
    "atgardsplan/atgarder/*/beskrivning": ange("beskriv åtgärden (valfritt)"),
    "atgardsplan/atgarder/*/behov": list(["B1"], "Id för de behov som åtgärden möter."),
    "atgardsplan/atgarder/*/typ": text("social"),
    "atgardsplan/atgarder/*/ansvarig": ange(
      "ansvarig nämnd, förvaltning eller funktion (inte en enskild persons namn)"),
    "atgardsplan/atgarder/*/partners": list(
      ["\(placeholderPrefix) samverkanspart, t.ex. Polismyndigheten (valfritt)"],
      "Valfritt: de som genomför åtgärden tillsammans med kommunen."),
    "atgardsplan/atgarder/*/start": note("När åtgärden börjar och slutar."),
    "atgardsplan/atgarder/*/resurser": ange("resurser för åtgärden, t.ex. budget eller tjänster (valfritt)"),
    "atgardsplan/atgarder/*/mal": note("Åtgärdens mål, ett <mal> per mål."),
    "atgardsplan/atgarder/*/mal/*/beskrivning": ange("vad åtgärden ska uppnå"),
    "atgardsplan/atgarder/*/mal/*/indikator": ange("hur måluppfyllelsen mäts"),
    "atgardsplan/atgarder/*/mal/*/baslinje": ange("utgångsläget (valfritt)"),
    "atgardsplan/atgarder/*/mal/*/malvarde": ange("målvärdet"),
    "atgardsplan/atgarder/*/mal/*/datum": note("När målet ska vara nått."),
    "atgardsplan/uppfoljningsplan": note("Hur planen följs upp."),
    "atgardsplan/uppfoljningsplan/intervallManader": Slot(.number(12), note: "Hur ofta planen följs upp, i månader."),
    "atgardsplan/uppfoljningsplan/ansvarig": ange("vem som ansvarar för uppföljningen"),
    "atgardsplan/uppfoljningsplan/metod": ange("hur uppföljningen görs"),

    "samordningsfunktion": note("Funktionen som samordnar det brottsförebyggande arbetet."),
    "samordningsfunktion/beslut": note("När och av vem funktionen inrättades."),
    "samordningsfunktion/beslut/organ": text("kommunstyrelsen"),
    "samordningsfunktion/beslut/diarienummer": ange("diarienummer"),
    "samordningsfunktion/beslut/paragraf": ange("paragraf i protokollet, t.ex. § 123"),
    "samordningsfunktion/placering": ange("var i organisationen funktionen finns, t.ex. kommunledningsförvaltningen"),
    "samordningsfunktion/kontakt/funktionsadress": ange("funktionens gemensamma e-postadress (inte en persons adress)"),
    "samordningsfunktion/kontakt/telefon": ange("telefonnummer (valfritt)"),
    "samordningsfunktion/uppgifter": list(
      ["samordna-och-stodja", "kontaktpunkt", "information-till-invanare"],
      "Funktionens uppgifter, en <uppgift> per uppgift. Lagen kräver alla tre."),
    "samordningsfunktion/resurser": ange("funktionens resurser, t.ex. antal tjänster (valfritt)"),

    "samverkan": note("Samverkan med Polismyndigheten och andra."),
    "samverkan/overenskommelser": note("Samverkansöverenskommelser, en <overenskommelse> per överenskommelse."),
    "samverkan/overenskommelser/*/id": text("S1"),
    "samverkan/overenskommelser/*/titel": ange(
      "överenskommelsens titel, t.ex. Samverkansöverenskommelse med Polismyndigheten"),
    "samverkan/overenskommelser/*/parter": list(
      [
        "\(placeholderPrefix) part, t.ex. kommunen",
        "\(placeholderPrefix) part, t.ex. Polismyndigheten, lokalpolisområde …",
      ],
      "Parterna, en <part> per part."),
    "samverkan/overenskommelser/*/polis": Slot(
      .boolean(true), note: "true när Polismyndigheten är part, annars false."),
    "samverkan/overenskommelser/*/undertecknad": note("När överenskommelsen undertecknades."),
    "samverkan/overenskommelser/*/undertecknare/*/roll": ange(
      "undertecknarens roll, t.ex. kommunstyrelsens ordförande"),
    "samverkan/overenskommelser/*/fokusomraden": list(
      ["\(placeholderPrefix) fokusområde"], "Överenskommelsens fokusområden, ett <fokusomrade> per område."),
    "samverkan/overenskommelser/*/mal": ange("överenskommelsens syften och mål (krävs enligt 9 §)"),
    "samverkan/overenskommelser/*/uppfoljning": ange("hur överenskommelsen följs upp (rekommenderas)"),
    "samverkan/overenskommelser/*/medborgarloften": note("Valfritt: medborgarlöften, ett <medborgarlofte> per löfte."),
    "samverkan/overenskommelser/*/medborgarloften/*/id": text("ML1"),
    "samverkan/overenskommelser/*/medborgarloften/*/text": ange("medborgarlöftets text"),
    "samverkan/forum": note("Forum för samverkan, ett <forum> per forum."),
    "samverkan/forum/*/namn": ange("forumets namn, t.ex. Trygghetsrådet"),
    "samverkan/forum/*/typ": text("strategiskt"),
    "samverkan/forum/*/ledsAv": text(
      "kommunen", "Vem som leder rådet: kommunen eller annan. Enligt 10 § ska det strategiska rådet ledas av kommunen."),
    "samverkan/forum/*/ledandeBefattningar": Slot(
      .boolean(false),
      note: "true när övriga aktörer i rådet deltar med representanter som har ledande befattningar (10 §)."),
    "samverkan/forum/*/civilsamhalle": Slot(.boolean(false), note: "true när civilsamhället deltar i forumet."),
    "samverkan/forum/*/deltagare": list(
      ["\(placeholderPrefix) deltagare"], "Deltagarna, en <deltagare> per deltagare."),
    "samverkan/forum/*/motenPerAr": Slot(.number(4), note: "Valfritt: antal möten per år."),

    "integrering": note(
      "Annat analys- och planeringsarbete enligt andra författningar som lägesbilden och åtgärdsplanen integreras med (7 §), en <integrering> per arbete."
    ),
    "integrering/*/planering": ange("arbetet, t.ex. Risk- och sårbarhetsanalys"),
    "integrering/*/beskrivning": ange("hur lägesbilden och åtgärdsplanen integreras med det"),

    "uppfoljningar": note("Uppföljningar av åtgärdsplanen, en <uppfoljning> per uppföljning."),
    "uppfoljningar/*/id": text("U1"),
    "uppfoljningar/*/typ": text("process"),
    "uppfoljningar/*/atgarder": list(["A1"], "Id för de åtgärder som följdes upp."),
    "uppfoljningar/*/resultat": ange("vad uppföljningen visade"),
    "uppfoljningar/*/rapporteradTill": text("kommunfullmaktige", "Valfritt: vart uppföljningen rapporterades."),
    "uppfoljningar/*/diarienummer": ange("diarienummer (valfritt)"),
  ]

  // MARK: - The tree

  /// One node of the template before it is written in either form.
  indirect enum TemplateNode {
    case object(id: String?, fields: [TemplateField])
    case array(item: String, items: [TemplateNode])
    case text(String)
    case number(String)
    case boolean(Bool)
  }

  struct TemplateField {
    var name: String
    var type: PlanFormat.FieldType
    var node: TemplateNode
    var note: String?
    var omitted: Bool
  }

  /// The template tree, and the paths that needed a placeholder and had none (`missing`) and the slots
  /// that were used (so the tests can find stale slots).
  static func tree(kommunNamn: String, kommunKod: String, lan: String?) -> (
    root: TemplateNode, missing: [String], used: Set<String>
  ) {
    var slots = slots
    slots["kommun/namn"] = Slot(.text(kommunNamn))
    slots["kommun/kod"] = Slot(.text(kommunKod))
    slots["kommun/lan"] = Slot(.text(lan ?? unknownLan))
    var builder = TreeBuilder(slots: slots)
    let root = builder.object(PlanFormat.plan, path: "")
    return (root, builder.missing, builder.used)
  }

  struct TreeBuilder {
    let slots: [String: Slot]
    var missing: [String] = []
    var used: Set<String> = []

    mutating func slot(_ path: String) -> Slot? {
      guard let found = slots[path] else { return nil }
      used.insert(path)
      return found
    }

    mutating func object(_ object: PlanFormat.ObjectType, path: String) -> TemplateNode {
      var id: String? = nil
      var fields: [TemplateField] = []
      for field in object.fields {
        let fieldPath = path.isEmpty ? field.name : "\(path)/\(field.name)"
        if object.idKind != nil && field.name == "id" {
          id = scalarText(fieldPath, kind: "id")
          continue
        }
        let found = slot(fieldPath)
        let node = value(field.type, path: fieldPath, slot: found)
        fields.append(
          TemplateField(
            name: field.name, type: field.type, node: node, note: found?.note ?? field.doc?.sv,
            omitted: found?.omitted ?? false))
      }
      return .object(id: id, fields: fields)
    }

    mutating func scalarText(_ path: String, kind: String) -> String {
      if case .text(let text)? = slot(path)?.value { return text }
      missing.append(path)
      return "\(PlanTemplate.placeholderPrefix) \(path.split(separator: "/").last ?? "")"
    }

    mutating func value(_ type: PlanFormat.FieldType, path: String, slot: Slot?) -> TemplateNode {
      switch type {
      case .date:
        if case .text(let text)? = slot?.value { return .text(text) }
        return .text(PlanTemplate.placeholderDate)
      case .text, .pattern, .reference, .enumeration:
        if case .text(let text)? = slot?.value { return .text(text) }
        missing.append(path)
        if case .enumeration(let values) = type, let first = values.first { return .text(first) }
        return .text("\(PlanTemplate.placeholderPrefix) \(path.split(separator: "/").last ?? "")")
      case .integer:
        if case .number(let number)? = slot?.value { return .number(String(number)) }
        missing.append(path)
        return .number("1")
      case .boolean:
        if case .boolean(let flag)? = slot?.value { return .boolean(flag) }
        missing.append(path)
        return .boolean(false)
      case .referenceList:
        if case .list(let items)? = slot?.value { return .array(item: "ref", items: items.map { .text($0) }) }
        missing.append(path)
        return .array(item: "ref", items: [])
      case .array(let item, let of):
        if of.isScalar {
          if case .list(let items)? = slot?.value { return .array(item: item, items: items.map { .text($0) }) }
          missing.append(path)
          return .array(item: item, items: [value(of, path: "\(path)/*", slot: nil)])
        }
        return .array(item: item, items: [value(of, path: "\(path)/*", slot: nil)])
      case .object(let object):
        return self.object(object, path: path)
      }
    }
  }

  // MARK: - JSON

  static func json(_ node: TemplateNode) -> JSONValue {
    switch node {
    case .object(let id, let fields):
      var members: [(String, JSONValue)] = []
      if let id { members.append(("id", .string(id))) }
      for field in fields where !field.omitted { members.append((field.name, json(field.node))) }
      return .object(members)
    case .array(_, let items): return .array(items.map(json))
    case .text(let text): return .string(text)
    case .number(let text): return .number(text)
    case .boolean(let flag): return .bool(flag)
    }
  }

  // MARK: - XML

  static let xmlHeader = """
    Mall för en plan för det brottsförebyggande arbetet enligt lagen (2023:196) om kommuners ansvar för
    brottsförebyggande arbete, skapad med lagkoll init (formatversion 1).

    Så fyller du i mallen:
    - Ersätt varje text som börjar med "ANGE:" med kommunens egen uppgift. Sök efter ANGE: för att hitta
      det som återstår.
    - Alla datum står som 1900-01-01. Ersätt dem med verkliga datum i formen ÅÅÅÅ-MM-DD. Så länge de står
      kvar rapporterar lagkoll check lägesbilden, planen, överenskommelsen och uppföljningen som inaktuella.
    - Varje lista har ett exempel. Kopiera det för fler poster, ge varje post ett eget id och hänvisa till
      id:n med <ref>. Ta bort valfria fält som inte behövs.
    - Kontrollera dokumentet med: lagkoll check plan.xml
    """

  static func renderXML(_ root: TemplateNode) -> String {
    var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    out += "<!--\n"
    for line in xmlHeader.split(separator: "\n", omittingEmptySubsequences: false) {
      out += line.isEmpty ? "\n" : "  \(line)\n"
    }
    out += "-->\n"
    var writer = XMLTemplateWriter()
    writer.element(PlanFormat.rootName, root, depth: 0, namespace: true)
    return out + writer.text
  }

  struct XMLTemplateWriter {
    var text = ""
    /// False inside a commented-out example, where comments cannot nest.
    var notes = true

    mutating func line(_ depth: Int, _ content: String) {
      text += String(repeating: "  ", count: depth) + content + "\n"
    }

    mutating func comment(_ depth: Int, _ content: String) {
      let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.count == 1 {
        line(depth, "<!-- \(SchemaGenerator.commentSafe(content)) -->")
      } else {
        line(depth, "<!--")
        for part in lines { line(depth + 1, SchemaGenerator.commentSafe(String(part))) }
        line(depth, "-->")
      }
    }

    mutating func element(_ name: String, _ node: TemplateNode, depth: Int, namespace: Bool = false) {
      let xmlns = namespace ? #" xmlns="\#(PlanFormat.namespace)""# : ""
      switch node {
      case .object(let id, let fields):
        let idAttribute = id.map { #" id="\#(XMLText.escaped($0, attribute: true))""# } ?? ""
        line(depth, "<\(name)\(xmlns)\(idAttribute)>")
        for field in fields {
          let note = notes ? explanation(of: field) : nil
          if field.omitted {
            guard notes else { continue }
            var inner = XMLTemplateWriter()
            inner.notes = false
            inner.element(field.name, field.node, depth: 0)
            let shown = inner.text.split(separator: "\n").map(String.init).joined(separator: "\n")
            comment(depth + 1, (note.map { $0 + "\n" } ?? "") + shown)
            continue
          }
          if let note { comment(depth + 1, note) }
          element(field.name, field.node, depth: depth + 1)
        }
        line(depth, "</\(name)>")
      case .array(let item, let items):
        if items.isEmpty {
          line(depth, "<\(name)\(xmlns)/>")
          return
        }
        line(depth, "<\(name)\(xmlns)>")
        for entry in items { element(item, entry, depth: depth + 1) }
        line(depth, "</\(name)>")
      case .text(let value):
        line(depth, "<\(name)\(xmlns)>\(XMLText.escaped(value))</\(name)>")
      case .number(let value):
        line(depth, "<\(name)\(xmlns)>\(value)</\(name)>")
      case .boolean(let flag):
        line(depth, "<\(name)\(xmlns)>\(flag ? "true" : "false")</\(name)>")
      }
    }

    /// The explanation shown before a field: its note and, for enumerations, the words it may hold.
    func explanation(of field: TemplateField) -> String? {
      var words: [String]? = nil
      switch field.type {
      case .enumeration(let values): words = values
      case .array(_, .enumeration(let values)): words = values
      default: break
      }
      guard let words else { return field.note }
      return [field.note, "Möjliga värden: \(words.joined(separator: ", "))."].compactMap { $0 }.joined(separator: " ")
    }
  }
}

// MARK: - Writing the template to a file

/// Why a template file was not written.
public struct TemplateWriteError: Error, Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    /// The file exists and overwriting was not asked for; it is left untouched.
    case exists
    /// The file could not be written.
    case io
  }

  public var kind: Kind
  public var message: LocalizedText

  public init(_ kind: Kind, sv: String, en: String) {
    self.kind = kind
    self.message = LocalizedText(sv: sv, en: en)
  }
}

extension PlanTemplate {
  /// Writes `text` to the file at `path`. The text goes to a temporary file beside it first, so no reader
  /// ever sees half a template. Without `overwrite`, an existing file (or symbolic link) at `path` is never
  /// replaced: the temporary file is hard-linked into place, which fails atomically when the name is taken,
  /// so even a file created meanwhile by someone else survives. With `overwrite`, it is renamed into place;
  /// a device or a pipe is written into, and a block device or a socket refused (`AtomicFile.OutputKind`).
  public static func write(_ text: String, toFile path: String, overwrite: Bool) throws(TemplateWriteError) {
    try write(bytes: Array(text.utf8), toFile: path, overwrite: overwrite)
  }

  /// As `write(_:toFile:overwrite:)`, for bytes (a .docx template or a converted plan).
  public static func write(bytes: [UInt8], toFile path: String, overwrite: Bool) throws(TemplateWriteError) {
    let fileManager = FileManager.default
    let url = URL(fileURLWithPath: path)
    func exists() -> TemplateWriteError {
      TemplateWriteError(
        .exists, sv: "\(path) finns redan och skrivs inte över; ange --force för att ersätta filen",
        en: "\(path) already exists and is not overwritten; give --force to replace it")
    }
    func failure(_ reason: LocalizedText) -> TemplateWriteError {
      TemplateWriteError(.io, sv: "kan inte skriva \(path): \(reason.sv)", en: "cannot write \(path): \(reason.en)")
    }

    if !overwrite {
      if fileManager.fileExists(atPath: path) { throw exists() }
      if (try? fileManager.destinationOfSymbolicLink(atPath: path)) != nil { throw exists() }
    }
    if overwrite {
      // (Without it, anything at `path`, a folder too, is refused above as existing.)
      switch AtomicFile.outputKind(path) {
      case .file: break
      case .stream:
        // Written into, as `check --output` writes into one: a file renamed over a device would take
        // its place, /dev/null's or /dev/full's when run as root.
        if let code = bytes.withUnsafeBytes({ AtomicFile.writeInto($0, path: path) }) {
          throw failure(SystemErrorText.reason(code))
        }
        return
      case .refused(let code): throw failure(SystemErrorText.reason(code))
      }
    }
    // Through AtomicFile: a random temporary name opened without following links (a predictable name
    // let a planted symlink redirect the write or a planted file block it).
    do {
      try AtomicFile.write(bytes, to: path, replacing: overwrite)
      return
    } catch {
      let code = error.code
      if !overwrite, code == EEXIST || fileManager.fileExists(atPath: path) { throw exists() }
      if overwrite || (code != EPERM && code != ENOTSUP && code != EXDEV) {
        throw failure(SystemErrorText.reason(code))
      }
    }
    // A file system without hard links: create the file exclusively instead (O_EXCL).
    do {
      try Data(bytes).write(to: url, options: .withoutOverwriting)
    } catch {
      if fileManager.fileExists(atPath: path) { throw exists() }
      throw failure(SystemErrorText.reason(error))
    }
  }
}
