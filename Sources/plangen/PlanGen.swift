import ArgumentParser
import Foundation
import RuleEngine

/// `plangen`: writes realistic, fictional plan documents for tests and benchmarks, the same bytes for
/// the same seed on every machine.
@main
struct PlanGen: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plangen",
    abstract:
      "Skapar påhittade plandokument, ett per kommun, deterministiskt från ett frö. (Generates fictional plan documents, one per municipality, deterministic from a seed.)",
    discussion: """
      Exempel: plangen --count 290 --seed 42 --format xml --out /tmp/planer
               plangen --count 1 --actions 25000 --out /tmp/stor   (en plan på cirka 22 MB)
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case xml, json, both
  }

  @Option(help: "Antal dokument; kommunerna tas i SCB:s ordning, fler än 290 ger dubbletter. (Number of documents.)")
  var count: Int = 290

  @Option(help: "Frö till slumpgeneratorn. (Seed.)")
  var seed: UInt64 = 42

  @Option(help: "Format: xml, json eller both. (Output format.)")
  var format: Format = .xml

  @Option(help: "Mapp att skriva till; skapas vid behov. (Output folder.)")
  var out: String

  @Option(help: "Antal åtgärder i varje plan, för stora dokument (standard 3–5). (Actions per plan.)")
  var actions: Int?

  @Option(help: "Kommunlistan (standard: rules/kommuner.tsv uppåt från arbetsmappen). (SCB municipality list.)")
  var kommuner: String?

  @Option(
    name: .customLong("as-of"),
    help: "Dagen dokumenten beskriver läget per (standard 2026-11-24). (The day the documents are current on.)")
  var asOf: String = "2026-11-24"

  @Option(
    help:
      "Samma profil för alla dokument: \(Profile.allCases.map(\.rawValue).joined(separator: ", ")). (One profile for every document.)"
  )
  var profile: String?

  func validate() throws {
    guard count > 0 else { throw ValidationError("--count måste vara minst 1") }
    if let actions, actions < 1 { throw ValidationError("--actions måste vara minst 1") }
    guard CivilDate(asOf) != nil else { throw ValidationError("--as-of ska vara ett datum ÅÅÅÅ-MM-DD") }
    if let profile, Profile(rawValue: profile) == nil { throw ValidationError("okänd profil \"\(profile)\"") }
  }

  func run() throws {
    guard let list = kommuner ?? Generation.findKommuner(from: FileManager.default.currentDirectoryPath) else {
      throw ValidationError("hittar inte rules/kommuner.tsv; ange --kommuner FIL")
    }
    guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
      throw ValidationError("kan inte läsa \(list)")
    }
    let municipalities = Kommun.parse(tsv: text)
    guard !municipalities.isEmpty else { throw ValidationError("\(list) innehåller inga kommuner") }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let generator = PlanGenerator(asOf: CivilDate(asOf)!, actions: actions)
    let documents = Generation.documents(
      municipalities: municipalities, count: count, seed: seed, generator: generator,
      profile: profile.flatMap(Profile.init))
    var tally: [Profile: Int] = [:]
    var bytes = 0
    for document in documents {
      tally[document.profile, default: 0] += 1
      let formats: [Format] = format == .both ? [.xml, .json] : [format]
      for each in formats {
        let text = each == .xml ? Generation.xml(document, seed: seed) : Generation.json(document)
        let data = Data(text.utf8)
        bytes += data.count
        let path = (out as NSString).appendingPathComponent("\(document.name).\(each.rawValue)")
        guard FileManager.default.createFile(atPath: path, contents: data) else {
          throw ValidationError("kan inte skriva \(path)")
        }
      }
    }
    let profiles = Profile.allCases.compactMap { profile in tally[profile].map { "\(profile.rawValue) \($0)" } }.joined(
      separator: ", ")
    print("\(documents.count) dokument, \(bytes) byte, i \(out) (\(profiles))")
  }
}

/// One generated document: its file name (without extension), profile and tree.
struct GeneratedDocument {
  var name: String
  var kommun: Kommun
  var profile: Profile
  var tree: PlanTree
}

/// The generator's work, apart from the command line, so that tests can call it.
enum Generation {
  /// `count` documents, municipalities in SCB order (round two and on get `-2`, `-3` … in the name: the
  /// same municipality again, a duplicate). Each municipality's document depends only on the seed, the
  /// municipality and the round, not on how many come before it.
  static func documents(
    municipalities: [Kommun], count: Int, seed: UInt64, generator: PlanGenerator, profile: Profile? = nil
  ) -> [GeneratedDocument] {
    let base = SplitMix64(seed: seed)
    var result: [GeneratedDocument] = []
    result.reserveCapacity(count)
    for index in 0..<count {
      let kommun = municipalities[index % municipalities.count]
      let round = index / municipalities.count
      var random = base.derived(UInt64(kommun.kod).map { $0 &+ UInt64(round) &* 10_000 } ?? UInt64(index))
      let (chosen, tree) = generator.document(for: kommun, random: &random, profile: profile)
      let name = "\(kommun.kod)-\(kommun.slug)" + (round == 0 ? "" : "-\(round + 1)")
      result.append(GeneratedDocument(name: name, kommun: kommun, profile: chosen, tree: tree))
    }
    return result
  }

  static func xml(_ document: GeneratedDocument, seed: UInt64) -> String {
    XMLWriter.document(
      document.tree,
      comment:
        "Syntetiskt dokument från plangen (frö \(seed), profil \(document.profile.rawValue)): innehållet är påhittat och beskriver inte kommunens verkliga arbete."
    )
  }

  static func json(_ document: GeneratedDocument) -> String {
    JSONWriter.document(document.tree)
  }

  /// `rules/kommuner.tsv` in `folder` or a folder above it.
  static func findKommuner(from folder: String) -> String? {
    var url = URL(fileURLWithPath: folder).standardizedFileURL
    while true {
      let candidate = url.appendingPathComponent("rules/kommuner.tsv").path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { return nil }
      url = parent
    }
  }
}
