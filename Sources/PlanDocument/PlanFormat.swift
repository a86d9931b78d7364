/// The plan document format (version 1) as data: the one definition that the XML reader uses to map
/// elements onto the common tree, that the format check validates against, and that the XML Schema,
/// JSON Schema and `init` template are produced from.
public enum PlanFormat {
  /// The XML namespace of plan documents; any prefix may be used.
  public static let namespace = "urn:lagkoll:plan:1"
  /// The name of the root element (XML) of a plan document.
  public static let rootName = "plan"
  /// The major format versions this lagkoll reads.
  public static let supportedMajorVersions: Set<String> = ["1"]

  /// The kinds of things that have ids and can be referred to.
  public enum IDKind: String, Sendable, CaseIterable {
    case lagesbild, problem, orsak, kalla, behov, atgardsplan, atgard, overenskommelse, medborgarlofte,
      uppfoljning
  }

  /// What a field holds.
  public indirect enum FieldType: Sendable {
    /// Free text.
    case text
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// A whole number (a JSON number; XML text holding digits).
    case integer
    /// `true` or `false`.
    case boolean
    /// One of the listed lower-case words.
    case enumeration([String])
    /// Text that must match a regular expression (ICU syntax, anchored).
    case pattern(String)
    /// The id of a thing of the given kind.
    case reference(IDKind)
    /// A list of ids; in XML a wrapper of `<ref>` elements.
    case referenceList(IDKind)
    case object(ObjectType)
    /// A list; `item` is the element name of each item in XML.
    case array(item: String, of: FieldType)

    /// A scalar type reads as text in XML; the others have structure.
    public var isScalar: Bool {
      switch self {
      case .text, .date, .integer, .boolean, .enumeration, .pattern, .reference: true
      case .referenceList, .object, .array: false
      }
    }
  }

  public struct Field: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    /// What the field means, in Swedish and English: shown in schemas and in the template.
    public var doc: LocalizedText?

    public init(_ name: String, _ type: FieldType, required: Bool = true, doc: LocalizedText? = nil) {
      self.name = name
      self.type = type
      self.required = required
      self.doc = doc
    }
  }

  public struct ObjectType: Sendable {
    /// The kind of id this object carries in its `id` field (an XML attribute), if any.
    public var idKind: IDKind?
    /// A name for the type when schemas declare it once and refer to it (`beslut`, `intervall`).
    public var typeName: String?
    public var fields: [Field]

    public init(id idKind: IDKind? = nil, typeName: String? = nil, _ fields: [Field]) {
      self.idKind = idKind
      self.typeName = typeName
      self.fields = idKind == nil ? fields : [Field("id", .text)] + fields
    }

    public func field(named name: String) -> Field? {
      // By index: `first(where:)` copies each field (and retains its strings) to test it.
      for index in fields.indices where fields[index].name == name { return fields[index] }
      return nil
    }
  }

  // MARK: - The definition

  static let datePattern = #"\d{4}-\d{2}-\d{2}"#

  /// `beslut`: a decision, by which body, when, with its registration number.
  public static let beslut = ObjectType(
    typeName: "beslut",
    [
      Field("organ", .enumeration(["kommunfullmaktige", "kommunstyrelsen", "namnd", "styrgrupp"])),
      Field("datum", .date),
      Field("diarienummer", .text, required: false),
      Field("paragraf", .text, required: false),
    ])

  /// `{ fran, till }`: a range of dates that includes both its first and its last day.
  public static let intervall = ObjectType(
    typeName: "intervall", [Field("fran", .date), Field("till", .date)])

  static let kallTyper = [
    "polisstatistik", "ntu", "trygghetsmatning", "skolundersokning", "socialtjanst", "raddningstjanst",
    "fastighetsagare", "dialog", "annan",
  ]

  static let lagesbild = ObjectType(
    id: .lagesbild,
    [
      Field("beslut", .object(beslut), required: false),
      Field("datum", .date),
      Field("period", .object(intervall)),
      Field("geografiskTackning", .enumeration(["hela-kommunen", "delomrade"])),
      Field("delomrade", .text, required: false),
      Field(
        "kartlaggning",
        .object(
          ObjectType([
            Field(
              "problem",
              .array(
                item: "problem",
                of: .object(
                  ObjectType(
                    id: .problem,
                    [
                      Field("rubrik", .text), Field("beskrivning", .text), Field("omfattning", .text),
                      Field("konsekvenser", .text), Field("kallor", .referenceList(.kalla)),
                    ]))))
          ]))),
      Field("annanInformation", .text),
      Field(
        "analys",
        .object(
          ObjectType([
            Field("text", .text),
            Field(
              "orsaker",
              .array(
                item: "orsak",
                of: .object(
                  ObjectType(
                    id: .orsak, [Field("beskrivning", .text), Field("problem", .referenceList(.problem))])))),
          ]))),
      Field(
        "kallor",
        .array(
          item: "kalla",
          of: .object(
            ObjectType(
              id: .kalla,
              [
                Field("namn", .text), Field("typ", .enumeration(kallTyper)),
                Field("ar", .integer, required: false), Field("url", .text, required: false),
              ])))),
      Field(
        "samrad",
        .array(
          item: "samrad",
          of: .object(
            ObjectType([Field("aktor", .text), Field("datum", .date), Field("form", .text, required: false)]))
        )),
    ])

  static let behovsanalys = ObjectType([
    Field("datum", .date),
    Field("lagesbild", .reference(.lagesbild)),
    Field(
      "behov",
      .array(
        item: "behov",
        of: .object(
          ObjectType(
            id: .behov,
            [
              Field("beskrivning", .text), Field("prioritet", .integer),
              Field("problem", .referenceList(.problem)),
              Field("orsaker", .referenceList(.orsak), required: false),
            ])))),
  ])

  static let atgardsplan = ObjectType(
    id: .atgardsplan,
    [
      Field("beslut", .object(beslut)),
      Field("giltighet", .object(intervall)),
      Field("lagesbild", .reference(.lagesbild)),
      Field(
        "atgarder",
        .array(
          item: "atgard",
          of: .object(
            ObjectType(
              id: .atgard,
              [
                Field("rubrik", .text),
                Field("beskrivning", .text, required: false),
                Field("behov", .referenceList(.behov)),
                Field("typ", .enumeration(["situationell", "social", "ovrig"])),
                Field("ansvarig", .text),
                Field("partners", .array(item: "partner", of: .text), required: false),
                Field("start", .date),
                Field("slut", .date),
                Field("resurser", .text, required: false),
                Field(
                  "mal",
                  .array(
                    item: "mal",
                    of: .object(
                      ObjectType([
                        Field("beskrivning", .text), Field("indikator", .text),
                        Field("baslinje", .text, required: false), Field("malvarde", .text),
                        Field("datum", .date),
                      ])))),
              ])))),
      Field(
        "uppfoljningsplan",
        .object(
          ObjectType([Field("intervallManader", .integer), Field("ansvarig", .text), Field("metod", .text)]))),
    ])

  static let samordningsfunktion = ObjectType([
    Field("beslut", .object(beslut)),
    Field("placering", .text),
    Field(
      "kontakt",
      .object(ObjectType([Field("funktionsadress", .text), Field("telefon", .text, required: false)]))),
    Field(
      "uppgifter",
      .array(
        item: "uppgift",
        of: .enumeration(["samordna-och-stodja", "kontaktpunkt", "information-till-invanare"]))),
    Field("resurser", .text, required: false),
  ])

  static let samverkan = ObjectType([
    Field(
      "overenskommelser",
      .array(
        item: "overenskommelse",
        of: .object(
          ObjectType(
            id: .overenskommelse,
            [
              Field("titel", .text),
              Field("parter", .array(item: "part", of: .text)),
              Field("polis", .boolean),
              Field("undertecknad", .date),
              Field("giltighet", .object(intervall)),
              Field(
                "undertecknare", .array(item: "undertecknare", of: .object(ObjectType([Field("roll", .text)])))),
              Field("fokusomraden", .array(item: "fokusomrade", of: .text)),
              Field("mal", .text, required: false),
              Field("uppfoljning", .text, required: false),
              Field(
                "medborgarloften",
                .array(
                  item: "medborgarlofte",
                  of: .object(
                    ObjectType(
                      id: .medborgarlofte, [Field("text", .text), Field("giltighet", .object(intervall))]))),
                required: false),
            ])))),
    Field(
      "forum",
      .array(
        item: "forum",
        of: .object(
          ObjectType([
            Field("namn", .text),
            Field("typ", .enumeration(["strategiskt", "operativt"])),
            // Added within version 1 (optional, so older documents stay valid): 10 § asks that the
            // kommun leads the strategic council and works for senior representation in it.
            Field(
              "ledsAv", .enumeration(["kommunen", "annan"]), required: false,
              doc: LocalizedText(
                sv: "Vem som leder rådet: kommunen eller annan",
                en: "Who leads the council: the municipality or another")),
            Field(
              "ledandeBefattningar", .boolean, required: false,
              doc: LocalizedText(
                sv: "true när övriga aktörer deltar med representanter som har ledande befattningar",
                en: "true when the other actors take part through people in leading positions")),
            Field("civilsamhalle", .boolean),
            Field("deltagare", .array(item: "deltagare", of: .text)),
            Field("motenPerAr", .integer, required: false),
          ])))),
  ])

  static let uppfoljning = ObjectType(
    id: .uppfoljning,
    [
      Field("datum", .date),
      Field("typ", .enumeration(["produktion", "process", "effekt"])),
      Field("atgarder", .referenceList(.atgard)),
      Field("resultat", .text),
      Field(
        "rapporteradTill", .enumeration(["kommunfullmaktige", "kommunstyrelsen", "namnd"]), required: false),
      Field("diarienummer", .text, required: false),
    ])

  /// The whole document: the type of the root `plan`.
  public static let plan = ObjectType([
    Field("formatversion", .text),
    Field(
      "kommun",
      .object(
        ObjectType([
          Field("namn", .text), Field("kod", .pattern(#"\d{4}"#)), Field("lan", .text, required: false),
        ]))),
    Field("upprattad", .date),
    Field(
      "ledning",
      .object(
        ObjectType([
          Field("organ", .enumeration(["kommunstyrelsen", "namnd"])),
          Field("namnd", .text, required: false),
          Field("beslut", .object(beslut), required: false),
          Field(
            "rapporter",
            .array(
              item: "rapport",
              of: .object(
                ObjectType([
                  Field("datum", .date),
                  Field("till", .enumeration(["kommunfullmaktige", "kommunstyrelsen"])),
                  Field("diarienummer", .text, required: false),
                  Field("beskrivning", .text, required: false),
                ]))),
            required: false),
        ]))),
    Field("lagesbilder", .array(item: "lagesbild", of: .object(lagesbild))),
    Field("behovsanalys", .object(behovsanalys)),
    Field("atgardsplan", .object(atgardsplan)),
    Field("samordningsfunktion", .object(samordningsfunktion)),
    Field("samverkan", .object(samverkan)),
    // Added within version 1 (optional): the other analysis and planning work that the lägesbild and
    // the åtgärdsplan are integrated with (7 §).
    Field(
      "integrering",
      .array(
        item: "integrering",
        of: .object(
          ObjectType([
            Field(
              "planering", .text,
              doc: LocalizedText(
                sv: "Annat analys- och planeringsarbete, t.ex. risk- och sårbarhetsanalys",
                en: "Other analysis and planning work, e.g. the risk and vulnerability analysis")),
            Field(
              "beskrivning", .text,
              doc: LocalizedText(sv: "Hur arbetet integreras med det", en: "How the work is integrated with it")),
          ]))),
      required: false),
    Field("uppfoljningar", .array(item: "uppfoljning", of: .object(uppfoljning)), required: false),
  ])
}
