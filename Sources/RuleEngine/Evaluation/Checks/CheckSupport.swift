import PlanDocument

extension Run {
  /// The field a finding is about, as a word with å, ä and ö in Swedish ("mål") and as the format names
  /// it in English (`mal`); for a path that ends in a wildcard (`/**`, `*`), the matched node's own key.
  func fieldWord(_ field: PathPattern, _ match: Match?) -> LocalizedText {
    var name = field.fieldName
    if name.contains("*"), let match {
      // The node's own key, or for an item of a list the list's.
      for component in match.pointer.components.reversed() {
        if case .key(let key) = component {
          name = key
          break
        }
      }
    }
    return LocalizedText(sv: PlanFormat.word(for: name), en: name)
  }

  /// A relative path as words in Swedish (`kontakt/funktionsadress`, `period/från`), as written in English.
  func pathWords(_ field: PathPattern) -> LocalizedText {
    LocalizedText(
      sv: field.text.split(separator: "/").map { PlanFormat.word(for: String($0)) }.joined(separator: "/"),
      en: field.text)
  }

  /// Reports each of `fields` that has no node passing `filled` (`any`: only when none of them has one).
  func requireFields(_ fields: [PathPattern], any: Bool, on selected: Match, report: Report, filled: (Node) -> Bool) {
    let missing = fields.filter { field in !anyNode(field, from: selected.node, filled) }
    if any {
      if missing.count == fields.count, let first = fields.first {
        let names = fields.map(pathWords)
        report(
          CheckFinding(
            at: deepest(first, from: selected),
            values: [
              .field: LocalizedText(
                sv: names.map(\.sv).joined(separator: " eller "), en: names.map(\.en).joined(separator: " or "))
            ]))
      }
    } else {
      for field in missing {
        report(CheckFinding(at: deepest(field, from: selected), values: [.field: pathWords(field)]))
      }
    }
  }
}

extension PathPattern {
  /// The path up to its first `*`: the list whose items it goes through (`kallor` for `kallor/*/typ`).
  var upToFirstWildcard: PathPattern {
    var copy = self
    if let first = copy.steps.firstIndex(of: .wildcard) { copy.steps.removeSubrange(first...) }
    return copy
  }

  /// The path without the `*` steps at its end: the list itself rather than its items.
  var droppingTrailingWildcards: PathPattern {
    var copy = self
    while copy.steps.last == .wildcard { copy.steps.removeLast() }
    return copy
  }
}
