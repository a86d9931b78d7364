import PlanDocument

/// What one walk of a document alongside the format definition learns: the ids and references, the
/// dates and ranges, and where the tree departs from the format. Built once per document, so that
/// uniqueness and reference checks are hash lookups, never a search per reference.
struct DocumentIndex {
  struct TypeIssue {
    var match: Match
    var detail: LocalizedText
  }

  struct UnknownField {
    var pointer: JSONPointer
    var location: SourceLocation
    var name: String
  }

  struct Reference {
    var match: Match
    var kind: PlanFormat.IDKind
  }

  /// The first thing with each id, per kind.
  var ids: [PlanFormat.IDKind: [String: Match]] = [:]
  /// The first thing with each id, whatever its kind: what `->` in a path follows.
  var anyID: [String: Match] = [:]
  /// Later things that repeat an id of their kind, with the pointer of the first.
  var duplicateIDs: [(match: Match, kind: PlanFormat.IDKind, first: JSONPointer)] = []
  var references: [Reference] = []
  var dates: [Match] = []
  /// Every `{fran, till}` object.
  var ranges: [Match] = []
  var typeIssues: [TypeIssue] = []
  var unknownFields: [UnknownField] = []

  init(root: Node) {
    visitObject(Match(pointer: JSONPointer(), node: root), PlanFormat.plan)
  }

  private mutating func visitObject(_ match: Match, _ type: PlanFormat.ObjectType) {
    guard let members = match.node.members else {
      typeIssue(match, sv: "ska vara ett objekt", en: "must be an object")
      return
    }
    if type.typeName == PlanFormat.intervall.typeName { ranges.append(match) }
    for member in members {
      let child = Match(pointer: match.pointer.appending(member.key), node: member.value)
      guard let field = type.field(named: member.key) else {
        unknownFields.append(UnknownField(pointer: child.pointer, location: member.keyLocation, name: member.key))
        continue
      }
      if member.key == "id", let kind = type.idKind {
        registerID(child, kind: kind, owner: match)
        continue
      }
      visit(child, field.type)
    }
  }

  private mutating func registerID(_ idMatch: Match, kind: PlanFormat.IDKind, owner: Match) {
    guard let id = idMatch.node.string else {
      if idMatch.node.kind != .null { typeIssue(idMatch, sv: "ett id ska vara text", en: "an id must be text") }
      return
    }
    if let first = ids[kind]?[id] {
      duplicateIDs.append((idMatch, kind, first.pointer))
    } else {
      ids[kind, default: [:]][id] = owner
      if anyID[id] == nil { anyID[id] = owner }
    }
  }

  private mutating func visit(_ match: Match, _ type: PlanFormat.FieldType) {
    let node = match.node
    if node.kind == .null { return }  // null reads as absent; the rules decide whether that is allowed
    switch type {
    case .text:
      if node.kind != .string { typeIssue(match, sv: "ska vara text", en: "must be text") }
    case .date:
      if node.kind == .string {
        dates.append(match)
      } else {
        typeIssue(match, sv: "ska vara ett datum som text (ÅÅÅÅ-MM-DD)", en: "must be a date as text (YYYY-MM-DD)")
      }
    case .integer:
      if case .number(let text) = node.value, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) {
        break
      }
      typeIssue(match, sv: "ska vara ett heltal", en: "must be a whole number")
    case .boolean:
      if node.kind != .boolean { typeIssue(match, sv: "ska vara true eller false", en: "must be true or false") }
    case .enumeration(let values):
      if let text = node.string, values.contains(text) { break }
      let list = values.joined(separator: ", ")
      let found = node.scalarText.map { "\"\($0)\"" } ?? node.kind.rawValue
      typeIssue(match, sv: "ska vara ett av: \(list) (är \(found))", en: "must be one of: \(list) (is \(found))")
    case .pattern(let source):
      if let text = node.string, PatternCache.shared.matches(source, text) { break }
      let found = node.scalarText.map { "\"\($0)\"" } ?? node.kind.rawValue
      typeIssue(match, sv: "har fel form (är \(found))", en: "has the wrong form (is \(found))")
    case .reference(let kind):
      if node.kind == .string {
        references.append(Reference(match: match, kind: kind))
      } else {
        typeIssue(match, sv: "ska vara ett id som text", en: "must be an id as text")
      }
    case .referenceList(let kind):
      guard let items = node.items else {
        typeIssue(match, sv: "ska vara en lista med id", en: "must be a list of ids")
        return
      }
      for (index, item) in items.enumerated() {
        visit(Match(pointer: match.pointer.appending(index), node: item), .reference(kind))
      }
    case .object(let objectType):
      visitObject(match, objectType)
    case .array(_, let itemType):
      guard let items = node.items else {
        typeIssue(match, sv: "ska vara en lista", en: "must be a list")
        return
      }
      for (index, item) in items.enumerated() {
        visit(Match(pointer: match.pointer.appending(index), node: item), itemType)
      }
    }
  }

  private mutating func typeIssue(_ match: Match, sv: String, en: String) {
    typeIssues.append(TypeIssue(match: match, detail: LocalizedText(sv: sv, en: en)))
  }
}

/// The format's few patterns, compiled once.
final class PatternCache: @unchecked Sendable {
  static let shared = PatternCache()
  private var patterns: [String: Pattern] = [:]
  private let lock = NSLockish()

  func matches(_ source: String, _ text: String) -> Bool {
    let pattern = lock.withLock {
      if let cached = patterns[source] { return cached }
      let compiled = Pattern(source)!
      patterns[source] = compiled
      return compiled
    }
    return pattern.matches(text)
  }
}
