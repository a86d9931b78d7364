/// The phrases the generator draws from. Fictional, but in the words Swedish plans use, with a few `&`,
/// `<` and `>` so that escaping is exercised in every generated document set.
enum Bank {
  struct Source {
    var kind: String
    var name: String
    var url: String?
  }

  static let sources: [Source] = [
    Source(kind: "polisstatistik", name: "Polisens statistik över anmälda brott i {kommun}", url: nil),
    Source(
      kind: "ntu", name: "Nationella trygghetsundersökningen (NTU), regionala resultat",
      url: "https://bra.se/statistik/statistiska-undersokningar/nationella-trygghetsundersokningen.html"),
    Source(kind: "trygghetsmatning", name: "{kommun}s trygghetsmätning", url: nil),
    Source(kind: "skolundersokning", name: "Skolundersökning om brott, utsatthet & drogvanor, årskurs 9", url: nil),
    Source(kind: "socialtjanst", name: "Socialtjänstens statistik över orosanmälningar", url: nil),
    Source(kind: "raddningstjanst", name: "Räddningstjänstens insatsstatistik över anlagda bränder", url: nil),
    Source(kind: "fastighetsagare", name: "Fastighetsägarnas incidentrapporter", url: nil),
    Source(kind: "dialog", name: "Trygghetsvandringar och medborgardialoger", url: nil),
  ]

  struct Problem {
    var title: String
    var description: String
    var extent: String
    var consequences: String
  }

  static let problems: [Problem] = [
    Problem(
      title: "Skadegörelse och klotter i centrum",
      description:
        "Återkommande klotter och skadegörelse på fasader, busskurer och papperskorgar i gågatan och på torgen.",
      extent: "Kommunen sanerade klotter vid flera hundra tillfällen på kommunal mark.",
      consequences: "Kostnader för kommunen och fastighetsägarna samt en miljö som upplevs som vanvårdad och otrygg."),
    Problem(
      title: "Otrygghet i kollektivtrafiken kvällstid",
      description:
        "Resenärer och personal beskriver hot, trakasserier och berusning vid stationen och på bussarna kvällar och helger.",
      extent:
        "I trygghetsmätningen uppgav nästan var tredje svarande att de undviker att åka kollektivt efter klockan 21.",
      consequences:
        "Resenärer, särskilt kvinnor och äldre, avstår från att resa kvällstid, och personalen rapporterar fler sjukskrivningar."
    ),
    Problem(
      title: "Narkotikaförsäljning i anslutning till skolor",
      description:
        "Försäljning av framför allt cannabis sker via sociala medier och på platser nära skolor och fritidsgårdar.",
      extent:
        "I skolundersökningen uppgav elva procent av eleverna i årskurs 9 att de erbjudits narkotika det senaste året.",
      consequences:
        "Risk att unga dras in i kriminella nätverk och ett växande behov av insatser från socialtjänsten och skolan."),
    Problem(
      title: "Inbrott i bostäder och fritidshus",
      description:
        "Inbrotten är koncentrerade till villaområden i kommunens utkanter och till fritidshus under vinterhalvåret.",
      extent: "Uppklaringsgraden är låg och en stor del av inbrotten sker i serier.",
      consequences: "Ekonomisk skada och en känsla av otrygghet i hemmet som sprider sig i hela bostadsområdet."),
    Problem(
      title: "Våld i offentlig miljö under helgnätter",
      description:
        "Misshandel och hot i krogmiljön och på vägen hem mellan klockan 01 och 04 natt mot lördag och söndag.",
      extent: "Nästan hälften av misshandelsfallen utomhus sker under helgnätter i centrum.",
      consequences: "Allvarliga skador, belastning på akutsjukvården och otrygghet i centrum nattetid."),
    Problem(
      title: "Unga som rekryteras till kriminella nätverk",
      description:
        "Socialtjänsten och polisen ser att unga mellan 13 och 17 år används för att förvara och sälja narkotika.",
      extent: "Antalet orosanmälningar som gäller unga och kriminalitet har ökat de senaste tre åren.",
      consequences: "Unga riskerar att utsättas för och begå grova brott, och familjer och skolor påverkas."),
    Problem(
      title: "Bedrägerier mot äldre",
      description:
        "Telefon- och kortbedrägerier där gärningspersoner utger sig för att vara bank, polis eller hemtjänst.",
      extent: "De anmälda bedrägerierna mot personer över 70 år har fördubblats på fem år.",
      consequences: "Stora ekonomiska förluster för enskilda och ett minskat förtroende för myndigheter och vården."),
    Problem(
      title: "Våld i nära relationer",
      description: "Våld och hot mot närstående, ofta under lång tid och med barn som bevittnar våldet.",
      extent: "Mörkertalet bedöms vara stort; socialtjänstens ärenden har ökat stadigt sedan 2022.",
      consequences: "Fysiska och psykiska skador för de utsatta, och barn som far illa."),
    Problem(
      title: "Ordningsstörningar vid evenemang & festivaler",
      description: "Berusning, bråk och nedskräpning i samband med större evenemang under sommarhalvåret.",
      extent: "Ordningsvakterna rapporterade fler ingripanden än året innan, de flesta efter klockan 22.",
      consequences: "Otrygghet för besökare och boende samt ökade kostnader för städning och bevakning."),
    Problem(
      title: "Fordonsbränder i bostadsområden",
      description: "Anlagda bränder i bilar och containrar, ofta i samma områden och under samma veckor.",
      extent: "Räddningstjänsten ryckte ut till ett trettiotal anlagda fordonsbränder.",
      consequences: "Materiella skador, risk för spridning till byggnader och en känsla av att området är utsatt."),
  ]

  static let causes: [String] = [
    "Få vuxna i rörelse, bristande belysning och tomma lokaler gör att platserna saknar naturlig övervakning kvällstid.",
    "Unga med problematisk skolfrånvaro och få vuxenkontakter är överrepresenterade bland dem som misstänks för brott.",
    "Lättillgängliga mål och låg upptäcktsrisk gör att brotten kan upprepas på samma platser.",
    "Alkoholservering till sent på natten och många berusade personer på en liten yta.",
    "Bristande kunskap hos personalen om att upptäcka och fråga om våld.",
    "Otillräcklig vuxennärvaro < 22.00 på helger och lov, när fritidsgårdarna har stängt.",
  ]

  static let otherInformation: [String] = [
    "{kommun} har en yngre befolkning än riket och en högre andel hushåll med låg ekonomisk standard. Den problematiska skolfrånvaron på högstadiet har ökat sedan 2023.",
    "Stora delar av {kommun} är glesbygd med långa avstånd till polisstationen. Turismen gör att befolkningen fördubblas under sommarmånaderna.",
    "I {kommun} pågår en omfattande om- och nybyggnad av centrum och stationsområdet, som väntas vara klar om tre år.",
    "Arbetslösheten bland unga 18–24 år är högre än i länet, och flera föreningar har svårt att rekrytera ledare.",
  ]

  static let analysis: [String] = [
    "Analysen pekar på att åtgärder bör riktas mot den fysiska miljön och mot vuxennärvaro på dessa platser.",
    "Kommunens och lokalpolisområdets bilder stämmer i stort överens; polisen bedömer att delar av brottsligheten har kopplingar till nätverk i regionen.",
    "Utvecklingen de senaste åren visar att tidiga insatser för unga och samverkan med fastighetsägare ger störst effekt.",
  ]

  static let needs: [String] = [
    "Minska ungas väg in i kriminalitet genom tidiga och samordnade insatser för unga med svag skolanknytning.",
    "Öka tryggheten i centrum och vid stationen kvällar och helger.",
    "Förebygga våld i nära relationer genom kunskap och tidig upptäckt.",
    "Minska skadegörelsen och förbättra den fysiska miljön på utpekade platser.",
    "Skydda äldre mot bedrägerier genom information och samverkan med banker.",
    "Minska våldet i krogmiljön under helgnätter.",
  ]

  struct Action {
    var title: String
    var description: String
    var kind: String
    var responsible: String
    var goal: String
    var indicator: String
    /// Whether the goal is to raise (true) or lower the indicator.
    var goalUp: Bool
  }

  static let actions: [Action] = [
    Action(
      title: "Utökad belysning i gång- och cykeltunnlar",
      description: "Belysningen byts och förstärks i de tunnlar som pekats ut vid trygghetsvandringarna.",
      kind: "situationell", responsible: "Samhällsbyggnadsförvaltningen", goal: "Färre upplever tunnlarna som otrygga.",
      indicator: "Andel otrygga i trygghetsmätningen", goalUp: false),
    Action(
      title: "Föräldrastöd i grupp",
      description: "Föräldrastödsprogram för föräldrar till barn 3–12 år i alla kommundelar.", kind: "social",
      responsible: "Socialförvaltningen", goal: "Fler föräldrar deltar i föräldrastöd.",
      indicator: "Antal föräldrar som fullföljt programmet", goalUp: true),
    Action(
      title: "Fältgrupp kvällar och helger",
      description: "Fältassistenter finns där unga samlas fredags- och lördagskvällar.", kind: "social",
      responsible: "Kultur- och fritidsförvaltningen", goal: "Fler unga nås av vuxna kvällstid.",
      indicator: "Antal fältkvällar per år", goalUp: true),
    Action(
      title: "Kameraövervakning vid resecentrum",
      description: "Kameror sätts upp vid resecentrum efter beslut om tillstånd enligt kamerabevakningslagen.",
      kind: "situationell", responsible: "Kommunledningsförvaltningen", goal: "Färre brott vid resecentrum.",
      indicator: "Anmälda brott vid resecentrum", goalUp: false),
    Action(
      title: "Klottersanering inom 24 timmar",
      description: "Klotter på kommunal mark tas bort inom ett dygn; fastighetsägare erbjuds samma avtal.",
      kind: "situationell", responsible: "Tekniska förvaltningen", goal: "Klotter saneras snabbt.",
      indicator: "Andel saneringar inom 24 timmar", goalUp: true),
    Action(
      title: "Skolsamverkan mot tidig skolfrånvaro",
      description: "Rutiner för att fånga upp frånvaro tidigt och sätta in stöd tillsammans med elevhälsan.",
      kind: "social", responsible: "Barn- och utbildningsförvaltningen",
      goal: "Färre elever med problematisk frånvaro.", indicator: "Andel elever med frånvaro över 15 procent",
      goalUp: false),
    Action(
      title: "Grannsamverkan i villaområden",
      description: "Kommunen och polisen startar grannsamverkan i de områden där inbrotten är flest.",
      kind: "situationell", responsible: "Säkerhetssamordnaren", goal: "Färre bostadsinbrott.",
      indicator: "Anmälda bostadsinbrott", goalUp: false),
    Action(
      title: "Informationskampanj om bedrägerier mot äldre",
      description: "Information via hemtjänsten, träffpunkter och pensionärsföreningar, i samarbete med bankerna.",
      kind: "ovrig", responsible: "Vård- och omsorgsförvaltningen", goal: "Färre äldre blir lurade.",
      indicator: "Anmälda bedrägerier mot personer över 70 år", goalUp: false),
    Action(
      title: "Stöd till unga som vill lämna kriminalitet",
      description: "Individuellt stöd, boende och sysselsättning för unga som vill lämna ett kriminellt sammanhang.",
      kind: "social", responsible: "Socialförvaltningen", goal: "Fler unga får stöd att lämna kriminalitet.",
      indicator: "Antal unga i programmet", goalUp: true),
    Action(
      title: "Trygghetsvandringar med boende",
      description: "Årliga trygghetsvandringar i varje kommundel med boende, fastighetsägare och polis.", kind: "ovrig",
      responsible: "Brottsförebyggande samordnaren", goal: "Brister i den fysiska miljön åtgärdas.",
      indicator: "Andel åtgärdade brister inom ett år", goalUp: true),
    Action(
      title: "Ansvarsfull alkoholservering",
      description: "Utbildning och gemensam tillsyn med polisen av restauranger med serveringstillstånd.",
      kind: "situationell", responsible: "Tillståndsenheten", goal: "Färre våldsbrott i krogmiljön.",
      indicator: "Anmäld misshandel utomhus natt mot lördag och söndag", goalUp: false),
    Action(
      title: "Sommarjobb för unga 15–17 år",
      description: "Feriearbeten i kommunen och hos lokala företag för unga i de mest utsatta områdena.",
      kind: "social", responsible: "Arbetsmarknadsenheten", goal: "Fler unga får ett första arbete.",
      indicator: "Antal feriearbeten", goalUp: true),
  ]

  static let partners: [String] = [
    "Polismyndigheten, lokalpolisområde {kommun}", "Räddningstjänsten", "Det kommunala bostadsbolaget",
    "Fastighetsägare i centrum", "Föreningslivet", "Region, närsjukvården", "Nattvandrare i {kommun}",
  ]

  static let focus: [String] = [
    "Narkotika och ungdomsbrottslighet", "Trygghet i centrum", "Våld i nära relationer",
    "Skadegörelse & klotter", "Bedrägerier mot äldre", "Trafiksäkerhet kring skolor",
  ]

  static let promises: [String] = [
    "Vi ska öka närvaron av poliser, fältarbetare och nattvandrare i centrum fredags- och lördagskvällar.",
    "Vi ska tillsammans med fastighetsägarna förbättra belysningen och snabbt ta bort klotter på platser som invånarna i {kommun} pekat ut som otrygga.",
    "Vi ska genomföra minst fyra trafikkontroller per termin vid skolorna i {kommun}.",
  ]

  static let results: [String] = [
    "De flesta åtgärder är igång enligt plan. Två åtgärder har försenats på grund av vakanser och startar nästa år.",
    "Anmäld skadegörelse minskade jämfört med föregående år, men otryggheten i centrum ökade enligt trygghetsmätningen.",
    "Målen för deltagande uppnåddes; effekterna på brottsligheten går ännu inte att bedöma.",
  ]
}
