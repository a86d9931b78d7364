import PlanDocument

/// Reports one finding: where it lands (a node, and optionally a more exact location such as a key's),
/// the values for the message's placeholders, and for something outdated the day it became so.
typealias Report = (Match, SourceLocation?, [String: LocalizedText], CivilDate?) -> Void

extension Run {
  /// Runs one check kind on one selected node.
  ///
  /// Each kind first asks the cheap question on the nodes alone (`anyNode`, `nodes`, no pointers made),
  /// and only when there is something to report finds the matches with their pointers: most selected
  /// nodes of most rules pass, and a large document has hundreds of thousands of them.
  func check(_ check: Check, on selected: Match, report: Report) {
    let node = selected.node
    switch check {
    case .formatTypes, .unknownFields, .formatDates, .formatRanges, .uniqueIds, .referencesResolve:
      checkIndexed(check, report: report)
    case .present(let fields, let any):
      requireFields(fields, any: any, on: selected, report: report) { $0.kind != .null }
    case .nonEmpty(let fields, let any):
      requireFields(fields, any: any, on: selected, report: report) { !$0.isBlank }

    case .minItems(let field, let min):
      let count = nodes(field, from: node).reduce(0) { $0 + ($1.items?.count ?? ($1.kind == .null ? 0 : 1)) }
      if count < min {
        report(matches(field, from: selected).first ?? deepest(field, from: selected), nil, ["field": pathWords(field), "min": .same("\(min)"), "count": .same("\(count)")], nil)
      }

    case .enumeration(let field, let values, let required):
      let outside = anyNode(field, from: node) { $0.kind != .null && !($0.scalarText.map(values.contains) ?? false) }
      if !outside && !(required && !anyNode(field, from: node) { $0.kind != .null }) { return }
      let found = matches(field, from: selected).filter { $0.node.kind != .null }
      for match in found where !(match.node.scalarText.map(values.contains) ?? false) {
        report(match, nil, ["field": fieldWord(field, match), "value": .same(match.node.scalarText ?? ""), "values": .same(values.joined(separator: ", "))], nil)
      }
      if required, found.isEmpty {
        report(deepest(field, from: selected), nil, ["field": fieldWord(field, nil), "value": .same(""), "values": .same(values.joined(separator: ", "))], nil)
      }

    case .pattern(let field, let pattern):
      guard anyNode(field, from: node, { $0.scalarText.map { !pattern.matches($0) } ?? false }) else { return }
      for match in matches(field, from: selected) {
        guard let text = match.node.scalarText else { continue }
        if !pattern.matches(text) {
          report(match, nil, ["field": fieldWord(field, match), "value": .same(text), "pattern": .same(pattern.source)], nil)
        }
      }

    case .validDate(let fields):
      for field in fields where anyNode(field, from: node, { $0.kind != .null && date($0) == nil }) {
        for match in matches(field, from: selected) where match.node.kind != .null && date(match.node) == nil {
          report(match, nil, ["field": fieldWord(field, match), "value": .same(match.node.scalarText ?? "")], nil)
        }
      }

    case .dateOrder(let first, let second, let strict):
      guard let a = firstNode(first, from: node), let b = firstNode(second, from: node),
        let firstDate = date(a), let secondDate = date(b)
      else { return }
      if strict ? firstDate >= secondDate : firstDate > secondDate, let b = matches(second, from: selected).first {
        report(b, nil, ["first": .same(first.text), "second": .same(second.text), "firstDate": .same("\(firstDate)"), "secondDate": .same("\(secondDate)")], nil)
      }

    case .notAfterAsOf(let fields):
      for field in fields where anyNode(field, from: node, { date($0).map { $0 > options.asOf } ?? false }) {
        for match in matches(field, from: selected) {
          if let value = date(match.node), value > options.asOf {
            report(match, nil, ["field": fieldWord(field, match), "value": .same("\(value)")], nil)
          }
        }
      }

    case .notAfter(let field, let limit):
      guard anyNode(field, from: node, { date($0).map { $0 > limit } ?? false }) else { return }
      for match in matches(field, from: selected) {
        if let value = date(match.node), value > limit {
          report(match, nil, ["field": fieldWord(field, match), "value": .same("\(value)"), "date": .same("\(limit)")], nil)
        }
      }

    case .maxAge(let field, let datePath, let filter, let months, let alsoFrom):
      maxAge(field: field, datePath: datePath, filter: filter, months: months, alsoFrom: alsoFrom, on: selected, report: report)

    case .inForce(let field):
      guard anyNode(field, from: node, { range(of: $0).map { !$0.contains(options.asOf) } ?? false }) else { return }
      for match in matches(field, from: selected) {
        guard let validity = range(of: match.node), !validity.contains(options.asOf) else { continue }
        let outdated: CivilDate? = options.asOf > validity.to ? validity.to.adding(days: 1) : nil
        report(match, nil, ["field": fieldWord(field, match), "fran": .same("\(validity.from)"), "till": .same("\(validity.to)"), "outdatedSince": .same(outdated.map { "\($0)" } ?? "")], outdated)
      }

    case .currentMandate(let field):
      let term = MandatePeriod(containing: options.asOf)
      guard anyNode(field, from: node, { date($0).map { $0 < term.councilTerm.from } ?? false }) else { return }
      for match in matches(field, from: selected) {
        guard let decided = date(match.node), decided < term.councilTerm.from else { continue }
        let termStart = term.councilTerm.from
        report(match, nil, ["field": fieldWord(field, match), "date": .same("\(decided)"), "term": .same("\(term.councilTerm)"), "termStart": .same("\(termStart)"), "outdatedSince": .same("\(termStart)")], termStart)
      }

    case .anyMatch(let items, let filter, let reportIfEmpty):
      let found = nodes(items, from: node)
      if found.isEmpty, !reportIfEmpty { return }
      if !found.contains(where: { holds(filter, on: $0) }) {
        report(deepest(items.droppingTrailingWildcards, from: selected), nil, ["items": .same(items.text)], lapsed(found, filter))
      }

    case .containsAll(let field, let values):
      let present = Set(texts(field, from: selected))
      let missing = values.filter { !present.contains($0) }
      if !missing.isEmpty {
        report(matches(field, from: selected).first ?? deepest(field, from: selected), nil, ["field": fieldWord(field, nil), "missing": .same(missing.joined(separator: ", "))], nil)
      }

    case .distinctCount(let field, let min):
      let distinct = Set(texts(field, from: selected))
      if distinct.count < min {
        report(deepest(field.upToFirstWildcard, from: selected), nil, ["field": fieldWord(field, nil), "count": .same("\(distinct.count)"), "min": .same("\(min)"), "values": .same(distinct.sorted().joined(separator: ", "))], nil)
      }

    case .municipality:
      checkMunicipality(on: selected, report: report)

    case .readerDiagnostics:
      for (number, diagnostic) in document.diagnostics.enumerated() {
        // Finding the node scans its parents' members: only for the findings that are kept (the rest are
        // counted into one summary, located by the diagnostic's own place).
        let node = number <= Run.findingsPerRule ? document.root.node(at: diagnostic.path) ?? document.root : document.root
        report(Match(pointer: diagnostic.path, node: node), diagnostic.location, ["detail": diagnostic.message], nil)
      }
    }
  }

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
    LocalizedText(sv: field.text.split(separator: "/").map { PlanFormat.word(for: String($0)) }.joined(separator: "/"), en: field.text)
  }

  /// The check kinds that report what the document index collected.
  private func checkIndexed(_ check: Check, report: Report) {
    let index = self.index
    switch check {
    case .formatTypes:
      for issue in index.typeIssues {
        report(issue.match, nil, ["detail": prefixed(issue.match, issue.detail)], nil)
      }
    case .unknownFields:
      for field in index.unknownFields {
        // The node kept by the index: finding it again by its pointer scans its object's members.
        let node = field.node
        let detail = LocalizedText(
          sv: "okänt fält \"\(field.name)\". Kontrollera stavningen (utan å, ä, ö); fältet används inte i granskningen",
          en: "unknown field \"\(field.name)\". Check the spelling (without å, ä, ö); the field is not used in the check")
        report(Match(pointer: field.pointer, node: node), field.location, ["detail": detail], nil)
      }
      // A name one slip from a field the object lacks: one finding here, and the rules check it as meant.
      for respelling in respellings {
        let detail = LocalizedText(
          sv: "okänt fält \"\(respelling.written)\" – menade du \"\(respelling.meant)\"? Granskningen läser det som \(respelling.meant); rätta stavningen i dokumentet",
          en: "unknown field \"\(respelling.written)\" – did you mean \"\(respelling.meant)\"? The check reads it as \(respelling.meant); correct the spelling in the document")
        report(Match(pointer: respelling.pointer, node: document.root), respelling.keyLocation, ["detail": detail], nil)
      }
    case .formatDates:
      for match in index.dates where date(match.node) == nil {
        let text = match.node.string ?? ""
        report(match, nil, ["detail": LocalizedText(sv: "\"\(text)\" är inte ett giltigt datum (ÅÅÅÅ-MM-DD)", en: "\"\(text)\" is not a valid date (YYYY-MM-DD)")], nil)
      }
    case .formatRanges:
      for match in index.ranges {
        guard let from = match.node["fran"].flatMap(date), let to = match.node["till"].flatMap(date), from > to else { continue }
        let at = Match(parent: match, key: "till", node: match.node["till"]!)
        report(at, nil, ["detail": LocalizedText(sv: "intervallet slutar (\(to)) före det börjar (\(from))", en: "the range ends (\(to)) before it begins (\(from))")], nil)
      }
    case .uniqueIds:
      for duplicate in index.duplicateIDs {
        let id = duplicate.match.node.string ?? ""
        report(duplicate.match, nil, ["detail": LocalizedText(sv: "id \"\(id)\" används redan av \(duplicate.first)", en: "the id \"\(id)\" is already used by \(duplicate.first)")], nil)
      }
    case .referencesResolve:
      for reference in index.references {
        let id = reference.match.node.string ?? ""
        if index.ids[reference.kind]?[id] == nil {
          report(reference.match, nil, ["detail": LocalizedText(sv: "hänvisningen \"\(id)\" pekar inte på något (\(reference.kind.rawValue)) i dokumentet", en: "the reference \"\(id)\" points at no \(reference.kind.rawValue) in the document")], nil)
        }
      }
    default:
      break
    }
  }

  /// Whether `check` may report anything on `node`: the same tests as `check(_:on:report:)` on the nodes
  /// alone, true when in doubt. A rule first asks this of every node it selects, without making a match
  /// or a pointer, and runs the check proper only on those that may report.
  func mightReport(_ check: Check, on node: Node) -> Bool {
    switch check {
    case .present(let fields, _):
      return fields.contains { !anyNode($0, from: node) { $0.kind != .null } }
    case .nonEmpty(let fields, _):
      return fields.contains { !anyNode($0, from: node) { !$0.isBlank } }
    case .minItems(let field, let min):
      return nodes(field, from: node).reduce(0) { $0 + ($1.items?.count ?? ($1.kind == .null ? 0 : 1)) } < min
    case .enumeration(let field, let values, let required):
      return anyNode(field, from: node) { $0.kind != .null && !($0.scalarText.map(values.contains) ?? false) }
        || (required && !anyNode(field, from: node) { $0.kind != .null })
    case .pattern(let field, let pattern):
      return anyNode(field, from: node) { $0.scalarText.map { !pattern.matches($0) } ?? false }
    case .validDate(let fields):
      return fields.contains { anyNode($0, from: node) { $0.kind != .null && date($0) == nil } }
    case .dateOrder(let first, let second, let strict):
      guard let a = firstNode(first, from: node).flatMap(date), let b = firstNode(second, from: node).flatMap(date)
      else { return false }
      return strict ? a >= b : a > b
    case .notAfterAsOf(let fields):
      return fields.contains { anyNode($0, from: node) { date($0).map { $0 > options.asOf } ?? false } }
    case .notAfter(let field, let limit):
      return anyNode(field, from: node) { date($0).map { $0 > limit } ?? false }
    case .inForce(let field):
      return anyNode(field, from: node) { range(of: $0).map { !$0.contains(options.asOf) } ?? false }
    case .currentMandate(let field):
      let start = MandatePeriod(containing: options.asOf).councilTerm.from
      return anyNode(field, from: node) { date($0).map { $0 < start } ?? false }
    case .anyMatch(let items, let filter, let reportIfEmpty):
      let found = nodes(items, from: node)
      return found.isEmpty ? reportIfEmpty : !found.contains { holds(filter, on: $0) }
    case .maxAge, .containsAll, .distinctCount, .municipality, .formatTypes, .unknownFields, .formatDates,
      .formatRanges, .uniqueIds, .referencesResolve, .readerDiagnostics:
      return true
    }
  }

  /// When no item meets a condition only because every candidate's validity has run out (an expired
  /// police agreement), the day after the last of them ended: the day the duty was last met.
  private func lapsed(_ items: [Node], _ filter: Condition) -> CivilDate? {
    let paths = filter.inForcePaths
    guard !paths.isEmpty else { return nil }
    var latestEnd: CivilDate?
    for item in items where holds(filter, on: item, assumeInForce: true) {
      for path in paths {
        for node in nodes(path, from: item) {
          guard let validity = range(of: node), validity.to < options.asOf else { continue }
          if latestEnd == nil || validity.to > latestEnd! { latestEnd = validity.to }
        }
      }
    }
    return latestEnd?.adding(days: 1)
  }

  private func prefixed(_ match: Match, _ detail: LocalizedText) -> LocalizedText {
    let name: String
    switch match.pointer.components.last {
    case .key(let key): name = key
    case .index(let index): name = "\(match.pointer.parent?.description ?? "")[\(index)]"
    case nil: name = "/"
    }
    return LocalizedText(sv: "\"\(name)\" \(detail.sv)", en: "\"\(name)\" \(detail.en)")
  }

  private func requireFields(_ fields: [PathPattern], any: Bool, on selected: Match, report: Report, filled: (Node) -> Bool) {
    let missing = fields.filter { field in !anyNode(field, from: selected.node, filled) }
    if any {
      if missing.count == fields.count, let first = fields.first {
        let names = fields.map(pathWords)
        report(deepest(first, from: selected), nil, ["field": LocalizedText(sv: names.map(\.sv).joined(separator: " eller "), en: names.map(\.en).joined(separator: " or "))], nil)
      }
    } else {
      for field in missing {
        report(deepest(field, from: selected), nil, ["field": pathWords(field)], nil)
      }
    }
  }

  private func maxAge(field: PathPattern, datePath: PathPattern?, filter: Condition?, months interval: NumberParameter, alsoFrom: [PathPattern], on selected: Match, report: Report) {
    var candidates: [Match] = []
    for item in matches(field, from: selected) {
      if let filter, !holds(filter, on: item.node) { continue }
      if let datePath { candidates += matches(datePath, from: item) } else { candidates.append(item) }
    }
    for path in alsoFrom { candidates += matches(path, from: selected) }
    var newest: (Match, CivilDate)?
    for candidate in candidates {
      guard let value = date(candidate.node) else { continue }
      if newest == nil || value > newest!.1 { newest = (candidate, value) }
    }
    guard let (match, value) = newest else { return }
    let months = parameter(interval)
    let lastCurrentDay = value.adding(months: months)
    if options.asOf > lastCurrentDay {
      let outdated = lastCurrentDay.adding(days: 1)
      report(match, nil, ["field": fieldWord(field, match), "date": .same("\(value)"), "months": .same("\(months)"), "outdatedSince": .same("\(outdated)"), "setting": setting(interval)], outdated)
    }
  }

  /// What `{setting}` says: nothing when the rule's own interval applies; when a `.lagkoll.yaml` set it,
  /// that the interval is the kommun's own setting, so that nobody takes it for the law's or Brå's.
  private func setting(_ interval: NumberParameter) -> LocalizedText {
    guard let name = interval.parameter, let configured = options.parameters[name] else { return .same("") }
    return LocalizedText(
      sv: "Intervallet \(configured) månader är kommunens egen inställning (\(name) i .lagkoll.yaml), inte lagens eller vägledningens.",
      en: "The interval of \(configured) months is the municipality's own setting (\(name) in .lagkoll.yaml), not the law's or the guidance's.")
  }

  private func checkMunicipality(on selected: Match, report: Report) {
    guard let kommun = selected.node["kommun"] else { return }
    let kommunMatch = Match(parent: selected, key: "kommun", node: kommun)
    guard let codeNode = kommun["kod"], let code = codeNode.string else { return }
    let codeMatch = Match(parent: kommunMatch, key: "kod", node: codeNode)
    guard let municipality = ruleSet.municipalities[code] else {
      report(codeMatch, nil, ["detail": LocalizedText(sv: "koden \"\(code)\" är inte en av Sveriges 290 kommunkoder", en: "the code \"\(code)\" is not one of Sweden's 290 municipality codes")], nil)
      return
    }
    if let nameNode = kommun["namn"], let name = nameNode.string, !Run.sameName(name, municipality.name) {
      report(Match(parent: kommunMatch, key: "namn", node: nameNode), nil, ["detail": LocalizedText(sv: "kod \(code) är \(municipality.name), inte \"\(name)\"", en: "code \(code) is \(municipality.name), not \"\(name)\"")], nil)
    }
    if let countyNode = kommun["lan"], let county = countyNode.string, !Run.sameName(county, municipality.county) {
      report(Match(parent: kommunMatch, key: "lan", node: countyNode), nil, ["detail": LocalizedText(sv: "\(municipality.name) ligger i \(municipality.county), inte \"\(county)\"", en: "\(municipality.name) is in \(municipality.county), not \"\(county)\"")], nil)
    }
  }

  /// Names agree regardless of case and a trailing " kommun" ("Malmö kommun" is Malmö).
  static func sameName(_ written: String, _ official: String) -> Bool {
    var text = written.trimmingCharacters(in: .whitespaces).lowercased()
    for suffix in [" kommun", " stad"] where text.hasSuffix(suffix) {
      text = String(text.dropLast(suffix.count))
    }
    return text == official.lowercased()
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
