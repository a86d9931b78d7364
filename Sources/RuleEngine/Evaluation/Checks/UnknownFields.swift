import PlanDocument

/// Fields the format does not have.
struct UnknownFields: CheckKind {
  static let name = "unknownFields"
  static let documentation = LocalizedText(
    sv:
      "Fält som formatet inte har. Ett namn ett tecken från ett fält som mappningen saknar läses som det fältet och rapporteras en gång här.",
    en:
      "Fields the format does not have. A name one slip from a field the object lacks is read as that field and reported once here."
  )
  static let options: [CheckOption] = []
  static let placeholders = [CheckPlaceholder.detail]
  static let example = "check: unknownFields"
  static let readsIndex = true
  static let examples: [CheckKindExample] = [
    .valid(#"{"kommun": {"namn": "Lund", "kod": "1281", "lan": "Skåne län"}}"#),
    .invalid(#"{"kommun": {"namn": "Lund", "kod": "1281", "län": "Skåne län"}}"#, at: ["/kommun/län"]),
  ]

  init(options: CheckOptions) throws(RuleSetError) {}

  func evaluate(on selected: Match, in run: Run, report: Report) {
    let index = run.index
    for id in index.unknownFields {
      // The node kept by the index: finding it again by its pointer scans its object's members.
      let field = index.node(id)
      let name = field.key!
      let detail = LocalizedText(
        sv: "okänt fält \"\(name)\". Kontrollera stavningen (utan å, ä, ö); fältet används inte i granskningen",
        en: "unknown field \"\(name)\". Check the spelling (without å, ä, ö); the field is not used in the check")
      report(
        CheckFinding(
          at: Match(pointer: field.pointer, node: field), location: field.keyLocation, values: [.detail: detail]))
    }
    // A name one slip from a field the object lacks: one finding here, and the rules check it as meant.
    for respelling in run.respellings {
      let detail = LocalizedText(
        sv:
          "okänt fält \"\(respelling.written)\" – menade du \"\(respelling.meant)\"? Granskningen läser det som \(respelling.meant); rätta stavningen i dokumentet",
        en:
          "unknown field \"\(respelling.written)\" – did you mean \"\(respelling.meant)\"? The check reads it as \(respelling.meant); correct the spelling in the document"
      )
      report(
        CheckFinding(
          at: Match(pointer: respelling.pointer, node: run.document.root), location: respelling.keyLocation,
          values: [.detail: detail]))
    }
  }
}
