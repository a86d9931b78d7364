import PlanDocument

/// Each field exists and is not blank: no empty text, list or object (`any`: at least one).
struct NonEmpty: CheckKind {
  static let name = "nonEmpty"
  static let documentation = LocalizedText(
    sv: "Varje fält finns och är inte tomt: ingen tom text, lista eller mappning (med `any: true` räcker ett av dem).",
    en: "Each field exists and is not blank: no empty text, list or object (with `any: true`, one of them is enough).")
  static let options = [
    CheckOption(
      "fields", .paths, required: true, "fälten, relativt den valda noden", "the fields, relative to the selected node"),
    CheckOption("any", .flag, "ett av fälten räcker", "one of the fields is enough"),
  ]
  static let placeholders = [CheckPlaceholder.field]
  static let example = "check: nonEmpty\noptions: {fields: [problem, orsaker], any: true}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"atgardsplan": {"beslut": {"diarienummer": "KS 2026/412"}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: diarienummer}"),
    .invalid(
      #"{"atgardsplan": {"beslut": {"diarienummer": ""}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: diarienummer}", at: ["/atgardsplan/beslut/diarienummer"]),
    .valid(
      #"{"behovsanalys": {"behov": [{"problem": "", "orsaker": ["Få vuxna ute kvällstid"]}]}}"#,
      select: "/behovsanalys/behov/*", options: "{fields: [problem, orsaker], any: true}"),
    .invalid(
      #"{"behovsanalys": {"behov": [{"problem": "", "orsaker": []}]}}"#,
      select: "/behovsanalys/behov/*", options: "{fields: [problem, orsaker], any: true}",
      at: ["/behovsanalys/behov/0/problem"]),
  ]

  var fields: [PathPattern]
  var any: Bool

  init(options: CheckOptions) throws(RuleSetError) {
    fields = try options.paths("fields")
    any = try options.flag("any")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    run.requireFields(fields, any: any, on: selected, report: report) { run.passes(.nonEmpty(true), $0) }
  }

  var paths: [PathPattern] { fields }
}
