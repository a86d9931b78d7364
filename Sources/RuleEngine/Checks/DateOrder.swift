import PlanDocument

/// The first date is not after the second (`strict`: before it). Either may follow a reference.
struct DateOrder: CheckKind {
  static let name = "dateOrder"
  static let documentation = LocalizedText(
    sv: "Det första datumet ligger inte efter det andra (med `strict: true`: före det). Fyndet hamnar på det andra.",
    en: "The first date is not after the second (with `strict: true`: before it). The finding lands on the second.")
  static let options = [
    CheckOption("first", .path, required: true, "det första datumet (får följa en hänvisning, `lagesbild->datum`)", "the first date (may follow a reference, `lagesbild->datum`)"),
    CheckOption("second", .path, required: true, "det andra datumet", "the second date"),
    CheckOption("strict", .flag, "samma dag räcker inte", "the same day is not enough"),
  ]
  static let placeholders = [
    CheckPlaceholder("first", "det första datumets sökväg", "the first date's path"),
    CheckPlaceholder("second", "det andra datumets sökväg", "the second date's path"),
    CheckPlaceholder("firstDate", "det första datumet", "the first date"),
    CheckPlaceholder("secondDate", "det andra datumet", "the second date"),
  ]
  static let example = "check: dateOrder\noptions: {first: lagesbild->datum, second: beslut/datum}"

  var first: PathPattern
  var second: PathPattern
  var strict: Bool

  init(options: CheckOptions) throws(RuleSetError) {
    first = try options.path("first")
    second = try options.path("second")
    strict = try options.flag("strict")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let node = selected.node
    guard let a = run.firstNode(first, from: node), let b = run.firstNode(second, from: node),
      let firstDate = run.date(a), let secondDate = run.date(b)
    else { return }
    if strict ? firstDate >= secondDate : firstDate > secondDate, let b = run.matches(second, from: selected).first {
      report(b, nil, ["first": .same(first.text), "second": .same(second.text), "firstDate": .same("\(firstDate)"), "secondDate": .same("\(secondDate)")], nil)
    }
  }

  var paths: [PathPattern] { [first, second] }
}
