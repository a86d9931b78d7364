import PlanDocument

/// Each field exists and is not null (`any`: at least one of them does).
struct Present: CheckKind {
  static let name = "present"
  static let documentation = LocalizedText(
    sv: "Varje fält finns och är inte null (med `any: true` räcker ett av dem). Fyndet hamnar där fältet borde stå.",
    en:
      "Each field exists and is not null (with `any: true`, one of them is enough). The finding lands where the field should be."
  )
  static let options = [
    CheckOption(
      "fields", .paths, required: true, "fälten, relativt den valda noden", "the fields, relative to the selected node"),
    CheckOption("any", .flag, "ett av fälten räcker", "one of the fields is enough"),
  ]
  static let placeholders = [CheckPlaceholder.field]
  static let example = "check: present\noptions: {fields: [organ, datum]}"
  static let examples: [CheckKindExample] = [
    .valid(
      #"{"atgardsplan": {"beslut": {"organ": "kommunfullmaktige", "datum": "2026-11-10"}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: [organ, datum]}"),
    .invalid(
      #"{"atgardsplan": {"beslut": {"organ": "kommunfullmaktige", "datum": null}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: [organ, datum]}", at: ["/atgardsplan/beslut/datum"]),
    .invalid(
      #"{"atgardsplan": {"beslut": {}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: [organ, datum]}",
      at: ["/atgardsplan/beslut", "/atgardsplan/beslut"]),
    .valid(
      #"{"atgardsplan": {"beslut": {"datum": "2026-11-10"}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: [organ, datum], any: true}"),
    .invalid(
      #"{"atgardsplan": {"beslut": {}}}"#,
      select: "/atgardsplan/beslut", options: "{fields: [organ, datum], any: true}", at: ["/atgardsplan/beslut"]),
  ]

  var fields: [PathPattern]
  var any: Bool

  init(fields: [PathPattern], any: Bool) {
    self.fields = fields
    self.any = any
  }

  init(options: CheckOptions) throws(RuleSetError) {
    fields = try options.paths("fields")
    any = try options.flag("any")
  }

  func evaluate(on selected: Match, in run: Run, report: Report) {
    run.requireFields(fields, any: any, on: selected, report: report) { run.passes(.present(true), $0) }
  }

  var paths: [PathPattern] { fields }
}
