import RuleEngine

/// A municipality from SCB's list (`rules/kommuner.tsv`).
struct Kommun: Sendable, Hashable {
  var kod: String
  var namn: String
  var lan: String

  /// Reads the tab-separated list: a header line, then `kod`, `namn`, `lanskod`, `lan`.
  static func parse(tsv text: String) -> [Kommun] {
    var result: [Kommun] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where index > 0 {
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard cells.count >= 4 else { continue }
      result.append(
        Kommun(kod: cells[0], namn: cells[1], lan: cells[3].trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    return result
  }

  /// A file-name form of the name: lower case, å/ä → a, ö → o, other letters kept, the rest as `-`.
  var slug: String {
    var out = ""
    for character in namn.lowercased() {
      switch character {
      case "å", "ä": out += "a"
      case "ö": out += "o"
      case "é": out += "e"
      case "a"..."z", "0"..."9": out.append(character)
      default: if !out.hasSuffix("-") { out += "-" }
      }
    }
    return out
  }
}

/// What kind of document to make: how complete and how current.
enum Profile: String, CaseIterable, Sendable {
  /// Complete and current: passes every check (the first-plan date is only information).
  case komplett
  /// Complete but from the previous mandate period: old plan, old lägesbild, late follow-up.
  case forraMandatperioden = "forra-mandatperioden"
  /// Whole sections missing, a partial lägesbild, thin problems.
  case saknadeDelar = "saknade-delar"
  /// Broken references, duplicate ids, impossible and reversed dates.
  case trasigaReferenser = "trasiga-referenser"
  /// Current except cooperation: the police agreement and the medborgarlöften have expired.
  case samverkanUtgangen = "samverkan-utgangen"
  /// As documents looked before the law: reports to the board only, two of three tasks.
  case foreLagen = "fore-lagen"

  /// How often each profile is drawn, in percent.
  static let weights: [(Profile, Int)] = [
    (.komplett, 40), (.forraMandatperioden, 18), (.saknadeDelar, 12), (.trasigaReferenser, 10),
    (.samverkanUtgangen, 15), (.foreLagen, 5),
  ]

  static func draw(_ random: inout SplitMix64) -> Profile {
    var roll = random.int(0...99)
    for (profile, weight) in weights {
      if roll < weight { return profile }
      roll -= weight
    }
    return .komplett
  }
}

/// Makes one realistic, fictional plan document per municipality, deterministic from the seed.
struct PlanGenerator {
  /// The day the documents describe the world as of: dates are placed relative to it.
  var asOf: CivilDate
  /// Actions in each plan; nil lets each plan have 3–7.
  var actions: Int?

  /// One document for `kommun`, with its profile.
  func document(for kommun: Kommun, random: inout SplitMix64, profile: Profile? = nil) -> (Profile, PlanTree) {
    let chosen = profile ?? Profile.draw(&random)
    var builder = Builder(kommun: kommun, profile: chosen, asOf: asOf, actions: actions, random: random)
    let tree = builder.plan()
    random = builder.random
    return (chosen, tree)
  }
}

/// Builds one document. Dates are days relative to the as-of date, so the profile's intent (current,
/// outdated, expired) holds whatever day is chosen.
private struct Builder {
  let kommun: Kommun
  let profile: Profile
  let asOf: CivilDate
  let actions: Int?
  var random: SplitMix64

  init(kommun: Kommun, profile: Profile, asOf: CivilDate, actions: Int?, random: SplitMix64) {
    self.kommun = kommun
    self.profile = profile
    self.asOf = asOf
    self.actions = actions
    self.random = random
  }

  var term: DateRange { MandatePeriod(containing: asOf).councilTerm }

  func date(_ day: CivilDate) -> PlanTree { .text(day.description) }

  func daysBefore(_ days: Int) -> CivilDate { asOf.adding(days: -days) }

  mutating func between(_ from: CivilDate, _ to: CivilDate) -> CivilDate {
    guard from < to else { return from }
    return from.adding(days: random.int(0...(to.dayNumber - from.dayNumber)))
  }

  mutating func diarienummer(_ year: Int, _ prefix: String = "KS") -> String {
    "\(prefix) \(year)/\(fourDigits(random.int(12...980)))"
  }

  func range(_ from: CivilDate, _ to: CivilDate) -> PlanTree {
    .object(["fran": date(from), "till": date(to)])
  }

  mutating func beslut(_ organ: String, _ day: CivilDate) -> PlanTree {
    .object([
      "organ": .text(organ), "datum": date(day), "diarienummer": .text(diarienummer(day.year)),
      "paragraf": .text("§ \(random.int(4...260))"),
    ])
  }

  // MARK: The document

  mutating func plan() -> PlanTree {
    // The key dates of the document, by profile.
    let current = profile == .komplett || profile == .samverkanUtgangen || profile == .trasigaReferenser
    let planDecided: CivilDate
    let lagesbildDate: CivilDate
    switch profile {
    case .komplett, .samverkanUtgangen, .trasigaReferenser, .saknadeDelar:
      // Decided in the current council term, before the as-of date.
      planDecided = between(max(term.from.adding(days: 1), daysBefore(400)), daysBefore(2))
      lagesbildDate = between(max(daysBefore(600), planDecided.adding(days: -500)), planDecided.adding(days: -60))
    case .forraMandatperioden:
      let previous = MandatePeriod(containing: asOf).previous.councilTerm
      planDecided = between(previous.from.adding(days: 120), previous.from.adding(days: 700))
      lagesbildDate = planDecided.adding(days: -random.int(90...300))
    case .foreLagen:
      planDecided = between(daysBefore(2200), daysBefore(1700))
      lagesbildDate = planDecided.adding(days: -random.int(90...300))
    }
    let newestLagesbild =
      profile == .forraMandatperioden || profile == .foreLagen
      ? between(lagesbildDate, max(lagesbildDate, daysBefore(800))) : lagesbildDate

    var members: [(String, PlanTree)] = [
      ("formatversion", .text("1")),
      ("kommun", .object(["namn": .text(kommun.namn), "kod": .text(kommun.kod), "lan": .text(kommun.lan)])),
      ("upprattad", date(daysBefore(random.int(1...25)))),
      ("ledning", ledning(current: current)),
    ]
    let (lagesbilder, content) = self.lagesbilder(newest: newestLagesbild, planBasis: lagesbildDate)
    members.append(("lagesbilder", lagesbilder))
    let behov = behovsanalys(content, after: lagesbildDate)
    let omit = omitted()
    if !omit.contains("behovsanalys") { members.append(("behovsanalys", behov.tree)) }
    let plan = atgardsplan(decided: planDecided, basis: content, behov: behov.ids)
    if !omit.contains("atgardsplan") { members.append(("atgardsplan", plan.tree)) }
    if !omit.contains("samordningsfunktion") { members.append(("samordningsfunktion", samordningsfunktion())) }
    if !omit.contains("samverkan") { members.append(("samverkan", samverkan())) }
    // 7 §: written into documents made after the field was added, so not into those from before the law.
    if profile != .foreLagen, !omit.contains("integrering") { members.append(("integrering", integrering())) }
    // Follow-ups of a plan that is not there would only be broken references.
    if !omit.contains("uppfoljningar") && !omit.contains("atgardsplan") {
      members.append(("uppfoljningar", uppfoljningar(actions: plan.actionIDs, planDecided: planDecided)))
    }
    return .object(members)
  }

  /// The sections a `saknade-delar` document lacks: one to three of them.
  mutating func omitted() -> Set<String> {
    guard profile == .saknadeDelar else { return [] }
    let sections = ["atgardsplan", "samordningsfunktion", "samverkan", "uppfoljningar", "behovsanalys", "integrering"]
    return Set(random.sample(sections, random.int(1...3)))
  }

  // MARK: Leadership

  mutating func ledning(current: Bool) -> PlanTree {
    var members: [(String, PlanTree)] = []
    let namnd = random.chance(12)
    members.append(("organ", .text(namnd ? "namnd" : "kommunstyrelsen")))
    if namnd {
      members.append(
        (
          "namnd",
          .text(
            random.pick(["Trygghets- och säkerhetsnämnden", "Samhällsskyddsnämnden", "Social- och trygghetsnämnden"]))
        ))
      let day = between(term.from.adding(days: -1400), term.from.adding(days: -900))
      members.append(("beslut", beslut("kommunfullmaktige", day)))
    }
    var reports: [PlanTree] = []
    let count = random.int(1...2)
    let to = profile == .foreLagen ? "kommunstyrelsen" : "kommunfullmaktige"
    for index in 0..<count {
      // The newest report is recent for a current document, older for one from the previous term.
      let age = (profile == .forraMandatperioden ? 200 : 20) + index * 365 + random.int(0...150)
      let day = daysBefore(age)
      reports.append(
        .object([
          "datum": date(day), "till": .text(to), "diarienummer": .text(diarienummer(day.year)),
          "beskrivning": .text(
            "Redovisning av det brottsförebyggande arbetet \(day.year - 1) för \(kommun.namn)s kommunfullmäktige."),
        ]))
    }
    members.append(("rapporter", .list(item: "rapport", reports.reversed())))
    return .object(members)
  }

  // MARK: Lägesbild

  struct Content {
    var lagesbildID: String
    var problems: [String]
    var causes: [String]
  }

  mutating func lagesbilder(newest: CivilDate, planBasis: CivilDate) -> (PlanTree, Content) {
    var items: [PlanTree] = []
    var basis = Content(lagesbildID: "", problems: [], causes: [])
    // An older lägesbild the plan builds on, when the newest came later.
    if planBasis < newest {
      let (tree, content) = lagesbild(id: "LB-\(planBasis.year)", day: planBasis, whole: true, prefix: "G")
      items.append(tree)
      basis = content
    }
    let partial = profile == .saknadeDelar
    let id = items.isEmpty ? "LB-\(newest.year)" : "LB-\(newest.year)-N"
    let (tree, content) = lagesbild(id: id, day: newest, whole: !partial, prefix: "")
    items.append(tree)
    if basis.lagesbildID.isEmpty { basis = content }
    return (.list(item: "lagesbild", items), basis)
  }

  mutating func lagesbild(id: String, day: CivilDate, whole: Bool, prefix: String) -> (PlanTree, Content) {
    var members: [(String, PlanTree)] = [("id", .text(id))]
    if random.chance(70) {
      members.append(("beslut", beslut("kommunstyrelsen", day.adding(days: random.int(10...40)))))
    }
    members.append(("datum", date(day)))
    let periodEnd = CivilDate(year: day.year - 1, month: 12, day: 31)!
    let periodStart = CivilDate(year: day.year - random.int(1...3), month: 1, day: 1)!
    if profile == .trasigaReferenser && prefix.isEmpty && random.chance(50) {
      members.append(("period", range(periodEnd, periodStart)))  // reversed
    } else {
      members.append(("period", range(periodStart, periodEnd)))
    }
    members.append(("geografiskTackning", .text(whole ? "hela-kommunen" : "delomrade")))
    if !whole { members.append(("delomrade", .text("\(kommun.namn) tätort"))) }

    let (sourceIDs, sourceTrees) = lagesbildSources(day: day, prefix: prefix)
    let (problems, problemIDs, problemTrees) = lagesbildProblems(sourceIDs: sourceIDs, day: day, prefix: prefix)
    let (causeIDs, causeTrees) = lagesbildCauses(problemIDs: problemIDs, prefix: prefix)

    members.append(("kartlaggning", .object(["problem": .list(item: "problem", problemTrees)])))
    members.append(
      (
        "annanInformation",
        .text(random.pick(Bank.otherInformation).replacingOccurrences(of: "{kommun}", with: kommun.namn))
      ))
    members.append(
      (
        "analys",
        .object([
          "text": .text(
            "Problemen i \(kommun.namn) hänger ihop i tid och rum: \(problems[0].title.lowercased()) och \(problems[1].title.lowercased()) är koncentrerade till samma platser och tider. \(random.pick(Bank.analysis))"
          ),
          "orsaker": .list(item: "orsak", causeTrees),
        ])
      ))
    members.append(("kallor", .list(item: "kalla", sourceTrees)))
    let samrad = lagesbildSamrad(day: day, prefix: prefix)
    members.append(("samrad", .list(item: "samrad", samrad)))
    return (.object(members), Content(lagesbildID: id, problems: problemIDs, causes: causeIDs))
  }

  /// The lägesbild's sources: their ids and trees.
  mutating func lagesbildSources(day: CivilDate, prefix: String) -> ([String], [PlanTree]) {
    let sourceCount = profile == .saknadeDelar ? 2 : random.int(2...4)
    let sources = random.sample(Bank.sources, sourceCount)
    var sourceIDs: [String] = []
    var sourceTrees: [PlanTree] = []
    for (index, source) in sources.enumerated() {
      let sourceID = "\(prefix)K\(index + 1)"
      sourceIDs.append(sourceID)
      // A saknade-delar document has two sources of the same kind.
      let kind = profile == .saknadeDelar ? "polisstatistik" : source.kind
      var fields: [(String, PlanTree)] = [
        ("id", .text(sourceID)), ("namn", .text(source.name.replacingOccurrences(of: "{kommun}", with: kommun.namn))),
        ("typ", .text(kind)), ("ar", .number(day.year - 1)),
      ]
      if let url = source.url { fields.append(("url", .text(url))) }
      sourceTrees.append(.object(fields))
    }
    return (sourceIDs, sourceTrees)
  }

  /// The problems the lägesbild maps, each citing one or two of its sources.
  mutating func lagesbildProblems(sourceIDs: [String], day: CivilDate, prefix: String)
    -> ([Bank.Problem], [String], [PlanTree])
  {
    let problems = random.sample(Bank.problems, random.int(2...3))
    var problemIDs: [String] = []
    var problemTrees: [PlanTree] = []
    for (index, problem) in problems.enumerated() {
      let problemID = "\(prefix)P\(index + 1)"
      problemIDs.append(problemID)
      let reported = random.int(40...900)
      let change = random.int(-25...40)
      let omfattning =
        "\(reported) anmälda brott under \(day.year - 1), \(change >= 0 ? "en ökning" : "en minskning") med \(abs(change)) procent jämfört med året innan. \(problem.extent)"
      var fields: [(String, PlanTree)] = [
        ("id", .text(problemID)), ("rubrik", .text(problem.title)), ("beskrivning", .text(problem.description)),
      ]
      // In a saknade-delar document the second problem lacks its extent and consequences.
      if !(profile == .saknadeDelar && index == 1) {
        fields.append(("omfattning", .text(omfattning)))
        fields.append(("konsekvenser", .text(problem.consequences)))
      }
      fields.append(("kallor", .refs(random.sample(sourceIDs, random.int(1...min(2, sourceIDs.count))))))
      problemTrees.append(.object(fields))
    }
    return (problems, problemIDs, problemTrees)
  }

  /// The causes the analysis names, each behind one or two problems.
  mutating func lagesbildCauses(problemIDs: [String], prefix: String) -> ([String], [PlanTree]) {
    let causes = random.sample(Bank.causes, random.int(2...3))
    var causeIDs: [String] = []
    var causeTrees: [PlanTree] = []
    for (index, cause) in causes.enumerated() {
      let causeID = "\(prefix)O\(index + 1)"
      causeIDs.append(causeID)
      causeTrees.append(
        .object([
          "id": .text(causeID), "beskrivning": .text(cause),
          "problem": .refs(random.sample(problemIDs, random.int(1...min(2, problemIDs.count)))),
        ]))
    }
    return (causeIDs, causeTrees)
  }

  /// Whom the lägesbild was consulted with (the police, in a pre-law document only sometimes).
  mutating func lagesbildSamrad(day: CivilDate, prefix: String) -> [PlanTree] {
    var samrad: [PlanTree] = []
    if profile != .foreLagen || random.chance(50) {
      var consulted = day.adding(days: -random.int(10...60))
      let text: String
      if profile == .trasigaReferenser && prefix.isEmpty && random.chance(60) {
        text = "\(consulted.year)-02-30"  // a date that does not exist
      } else {
        text = consulted.description
      }
      samrad.append(
        .object([
          "aktor": .text("Polismyndigheten, lokalpolisområde \(kommun.namn)"), "datum": .text(text),
          "form": .text("Gemensam analysworkshop där kommunens och polisens lägesbilder stämdes av"),
        ]))
      consulted = day.adding(days: -random.int(1...9))
      if random.chance(50) {
        samrad.append(
          .object([
            "aktor": .text("Brottsförebyggande rådet i \(kommun.namn)"), "datum": date(consulted),
            "form": .text("Dialogmöte"),
          ]))
      }
    }
    return samrad
  }

  // MARK: Needs

  mutating func behovsanalys(_ basis: Content, after day: CivilDate) -> (tree: PlanTree, ids: [String]) {
    let count = random.int(2...3)
    let needs = random.sample(Bank.needs, count)
    var ids: [String] = []
    var items: [PlanTree] = []
    for (index, need) in needs.enumerated() {
      let id = "B\(index + 1)"
      ids.append(id)
      var problems = random.sample(basis.problems, random.int(1...min(2, basis.problems.count)))
      if profile == .saknadeDelar && index == 1 { problems = [] }
      if profile == .trasigaReferenser && index == count - 1 && random.chance(70) { problems.append("P9") }
      var fields: [(String, PlanTree)] = [
        ("id", .text(id)), ("beskrivning", .text(need)), ("prioritet", .number(index + 1)),
        ("problem", .refs(problems)),
      ]
      if !(profile == .saknadeDelar && index == 1) {
        fields.append(("orsaker", .refs(random.sample(basis.causes, 1))))
      }
      items.append(.object(fields))
    }
    let tree: PlanTree = .object([
      "datum": date(day.adding(days: random.int(7...45))), "lagesbild": .text(basis.lagesbildID),
      "behov": .list(item: "behov", items),
    ])
    return (tree, ids)
  }

  // MARK: The action plan

  mutating func atgardsplan(decided: CivilDate, basis: Content, behov: [String]) -> (
    tree: PlanTree, actionIDs: [String]
  ) {
    let organ = profile == .foreLagen ? "kommunstyrelsen" : "kommunfullmaktige"
    // A current plan is in force on the as-of date: it takes effect within days of the decision.
    let validFrom = between(decided.adding(days: 1), min(decided.adding(days: 40), asOf))
    let validTo: CivilDate
    switch profile {
    case .forraMandatperioden:
      // Still in force, but decided in the previous term.
      validTo = CivilDate(year: asOf.year + random.int(0...1), month: 12, day: 31)!
    case .foreLagen:
      validTo = CivilDate(year: decided.year + 2, month: 12, day: 31)!
    default:
      validTo = CivilDate(year: term.to.year, month: 12, day: 31)!
    }
    let count = actions ?? random.int(3...5)
    var ids: [String] = []
    ids.reserveCapacity(count)
    var items: [PlanTree] = []
    items.reserveCapacity(count)
    let broken = profile == .trasigaReferenser
    for index in 0..<count {
      let action = Bank.actions[(index + random.int(0...Bank.actions.count - 1)) % Bank.actions.count]
      var id = "A\(index + 1)"
      if broken && index == 2 { id = "A2" }  // a duplicate id
      ids.append(id)
      let start = broken && index == 3 ? validFrom.adding(days: 200) : validFrom.adding(days: random.int(0...120))
      let end =
        broken && index == 3 ? validFrom.adding(days: 20) : min(validTo, start.adding(days: random.int(365...1400)))
      var needs = random.sample(behov, random.int(1...min(2, behov.count)))
      if broken && index == 1 { needs = ["B7"] }
      let rubrik = count > Bank.actions.count ? "\(action.title) (\(index + 1))" : action.title
      var fields: [(String, PlanTree)] = [
        ("id", .text(id)), ("rubrik", .text(rubrik)), ("beskrivning", .text(action.description)),
        ("behov", .refs(needs)), ("typ", .text(action.kind)), ("ansvarig", .text(action.responsible)),
      ]
      if random.chance(60) {
        fields.append(
          (
            "partners",
            .list(
              item: "partner",
              random.sample(Bank.partners, random.int(1...3)).map {
                .text($0.replacingOccurrences(of: "{kommun}", with: kommun.namn))
              })
          ))
      }
      fields.append(("start", date(start)))
      fields.append(("slut", date(end)))
      if random.chance(40) {
        fields.append(("resurser", .text("\(random.int(1...4)) årsarbetare inom befintlig budget.")))
      }
      let baseline = random.int(10...400)
      fields.append(
        (
          "mal",
          .list(
            item: "mal",
            [
              .object([
                "beskrivning": .text(action.goal), "indikator": .text(action.indicator),
                "baslinje": .text("\(baseline) (\(start.year - 1))"),
                "malvarde": .text(
                  "\(action.goalUp ? "minst" : "högst") \(action.goalUp ? baseline + baseline / 4 + 1 : max(1, baseline - baseline / 4))"
                ),
                "datum": date(end),
              ])
            ])
        ))
      items.append(.object(fields))
    }
    let tree: PlanTree = .object([
      "id": .text("AP-\(decided.year)"),
      "beslut": beslut(organ, decided),
      "giltighet": range(validFrom, validTo),
      "lagesbild": .text(basis.lagesbildID),
      "atgarder": .list(item: "atgard", items),
      "uppfoljningsplan": .object([
        "intervallManader": .number(random.pick([6, 12, 12, 24])),
        "ansvarig": .text("Kommunstyrelsen genom den brottsförebyggande samordnaren"),
        "metod": .text(
          "Varje åtgärd följs upp mot målens indikatorer. Resultaten redovisas för kommunfullmäktige tillsammans med en uppdaterad lägesbild."
        ),
      ]),
    ])
    return (tree, ids)
  }

  // MARK: Coordination and cooperation

  mutating func samordningsfunktion() -> PlanTree {
    var tasks = ["samordna-och-stodja", "kontaktpunkt", "information-till-invanare"]
    if profile == .foreLagen { tasks.removeLast() }
    let decided =
      profile == .trasigaReferenser && random.chance(50)
      ? asOf.adding(days: random.int(30...90)) : between(daysBefore(1400), daysBefore(300))
    let domain = kommun.slug.isEmpty ? "kommun" : kommun.slug
    return .object([
      "beslut": beslut("kommunstyrelsen", decided),
      "placering": .text(
        random.pick([
          "Kommunledningsförvaltningen, avdelningen för trygghet och säkerhet",
          "Kommunstyrelseförvaltningen, säkerhetsenheten",
          "Samhällsbyggnadsförvaltningen, enheten för trygghet & säkerhet",
        ])),
      "kontakt": .object([
        "funktionsadress": .text("trygghet@\(domain).se"),
        "telefon": .text(
          "0\(random.int(10...990))-\(random.int(10...99)) \(random.int(10...99)) \(random.int(10...99))"),
      ]),
      "uppgifter": .list(item: "uppgift", tasks.map { .text($0) }),
      "resurser": .text(
        "\(random.pick(["En heltidsanställd", "En halvtidsanställd", "Två"])) brottsförebyggande \(random.chance(50) ? "samordnare" : "strateger")."
      ),
    ])
  }

  mutating func samverkan() -> PlanTree {
    let expired = profile == .samverkanUtgangen || profile == .forraMandatperioden
    let signed = daysBefore(expired ? random.int(1100...1500) : random.int(60...600))
    let from = signed.adding(days: random.int(5...30))
    let to = expired ? daysBefore(random.int(20...330)) : asOf.adding(days: random.int(200...1000))
    var police: [(String, PlanTree)] = [
      ("id", .text("S1")),
      (
        "titel",
        .text("Samverkansöverenskommelse mellan \(kommun.namn) kommun och Polismyndigheten \(from.year)–\(to.year)")
      ),
      (
        "parter",
        .list(
          item: "part", [.text("\(kommun.namn) kommun"), .text("Polismyndigheten, lokalpolisområde \(kommun.namn)")])
      ),
      ("polis", .bool(true)),
      ("undertecknad", date(signed)),
      ("giltighet", range(from, to)),
      (
        "undertecknare",
        .list(
          item: "undertecknare",
          [.object(["roll": .text("Kommunstyrelsens ordförande")]), .object(["roll": .text("Lokalpolisområdeschef")])])
      ),
      ("fokusomraden", .list(item: "fokusomrade", random.sample(Bank.focus, random.int(2...3)).map { .text($0) })),
      (
        "mal",
        .text(
          "Ökad trygghet och minskad brottslighet i de utpekade områdena, mätt med polisens statistik och kommunens trygghetsmätning."
        )
      ),
      ("uppfoljning", .text("Styrgruppen följer upp överenskommelsen två gånger per år.")),
    ]
    let promiseEnd = expired ? daysBefore(random.int(1...400)) : to
    police.append(
      (
        "medborgarloften",
        .list(
          item: "medborgarlofte",
          [
            .object([
              "id": .text("ML1"),
              "text": .text(random.pick(Bank.promises).replacingOccurrences(of: "{kommun}", with: kommun.namn)),
              "giltighet": range(from, promiseEnd),
            ])
          ])
      ))
    var agreements: [PlanTree] = [.object(police)]
    if random.chance(40) {
      let day = daysBefore(random.int(60...500))
      agreements.append(
        .object([
          "id": .text("S2"), "titel": .text("Överenskommelse om trygghetsskapande samverkan i bostadsområden"),
          "parter": .list(item: "part", [.text("\(kommun.namn) kommun"), .text("Det kommunala bostadsbolaget")]),
          "polis": .bool(false), "undertecknad": date(day),
          "giltighet": range(day.adding(days: 10), asOf.adding(days: random.int(100...900))),
          "undertecknare": .list(
            item: "undertecknare",
            [.object(["roll": .text("Kommundirektör")]), .object(["roll": .text("Vd för bostadsbolaget")])]),
          "fokusomraden": .list(item: "fokusomrade", [.text("Skadegörelse och klotter"), .text("Trygga utemiljöer")]),
          "mal": .text("Klotter saneras inom 24 timmar och skadegörelsen i bostadsområdena minskar."),
          "uppfoljning": .text("Följs upp årligen i rådet för trygghet och brottsförebyggande arbete."),
        ]))
    }
    let civil = !(profile == .samverkanUtgangen || profile == .foreLagen)
    var council: [(String, PlanTree)] = [
      ("namn", .text("Rådet för trygghet och brottsförebyggande arbete")), ("typ", .text("strategiskt")),
    ]
    // 10 §: who leads the council and at what level the others take part. Documents from before the law
    // lack both fields; documents with gaps sometimes leave them out or get them wrong.
    if profile != .foreLagen {
      let sloppy = profile == .saknadeDelar || profile == .trasigaReferenser
      if !(sloppy && random.chance(30)) {
        council.append(("ledsAv", .text(sloppy && random.chance(25) ? "annan" : "kommunen")))
      }
      if !(sloppy && random.chance(30)) {
        council.append(("ledandeBefattningar", .bool(!(sloppy && random.chance(30)))))
      }
    }
    council += [
      ("civilsamhalle", .bool(civil)),
      (
        "deltagare",
        .list(
          item: "deltagare",
          ([
            "Kommunstyrelsens ordförande", "Kommundirektör", "Lokalpolisområdeschef", "Räddningstjänsten",
          ] + (civil ? ["Företrädare för föreningslivet och trossamfunden"] : [])).map { .text($0) })
      ),
      ("motenPerAr", .number(random.int(2...6))),
    ]
    let forum: [PlanTree] = [
      .object(council),
      .object([
        "namn": .text("Operativ samverkansgrupp"), "typ": .text("operativt"), "civilsamhalle": .bool(false),
        "deltagare": .list(
          item: "deltagare",
          [.text("Brottsförebyggande samordnare"), .text("Lokalpolisområdet"), .text("Socialtjänstens fältgrupp")]),
        "motenPerAr": .number(random.int(10...50)),
      ]),
    ]
    return .object([
      "overenskommelser": .list(item: "overenskommelse", agreements), "forum": .list(item: "forum", forum),
    ])
  }

  // MARK: Integration with other planning (7 §)

  mutating func integrering() -> PlanTree {
    let work = [
      (
        "Risk- och sårbarhetsanalys",
        "Lägesbildens kartläggning av våld och skadegörelse i offentlig miljö ingår i kommunens risk- och sårbarhetsanalys."
      ),
      ("Översiktsplanen", "Platser som lägesbilden pekar ut som otrygga vägs in när översiktsplanen revideras."),
      (
        "Socialnämndens plan mot våld i nära relationer",
        "Åtgärder mot våld i nära relationer samordnas med socialnämndens plan och följs upp i samma rapport."
      ),
      ("Folkhälsoplanen", "Lägesbildens analys av ungas riskfaktorer används i folkhälsoplanens prioriteringar."),
    ]
    let items = random.sample(Array(work.indices), random.int(1...2)).map { index -> PlanTree in
      .object(["planering": .text(work[index].0), "beskrivning": .text(work[index].1)])
    }
    return .list(item: "integrering", items)
  }

  // MARK: Follow-ups

  mutating func uppfoljningar(actions: [String], planDecided: CivilDate) -> PlanTree {
    let late = profile == .forraMandatperioden || profile == .foreLagen
    let count = random.int(1...2)
    var items: [PlanTree] = []
    for index in 0..<count {
      let age = (late ? random.int(800...1000) : random.int(20...300)) + (count - 1 - index) * 365
      let day = daysBefore(age)
      var fields: [(String, PlanTree)] = [
        ("id", .text("U-\(day.year)\(index == 0 ? "" : "-\(index + 1)")")),
        ("datum", date(day)),
        ("typ", .text(random.pick(["produktion", "process", "effekt"]))),
        ("atgarder", .refs(random.sample(actions, min(actions.count, random.int(1...3))))),
        ("resultat", .text(random.pick(Bank.results))),
      ]
      fields.append(("rapporteradTill", .text(profile == .foreLagen ? "kommunstyrelsen" : "kommunfullmaktige")))
      fields.append(("diarienummer", .text(diarienummer(day.year))))
      items.append(.object(fields))
    }
    return .list(item: "uppfoljning", items)
  }
}

/// A number with at least four digits: 0042.
func fourDigits(_ number: Int) -> String {
  let text = String(number)
  return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
