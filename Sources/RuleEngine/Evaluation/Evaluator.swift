import Dispatch
import PlanDocument

/// What an evaluation needs besides the document: the as-of date and the configured parameters.
public struct EvaluationOptions: Sendable {
  public var asOf: CivilDate
  /// Overrides of named rule parameters, e.g. `lagesbild.maxAlderManader: 18`.
  public var parameters: [String: Int]

  public init(asOf: CivilDate, parameters: [String: Int] = [:]) {
    self.asOf = asOf
    self.parameters = parameters
  }
}

/// Applies a rule set to documents. It returns findings and never prints, exits or reads the clock.
public struct Evaluator: Sendable {
  public let ruleSet: RuleSet
  /// The selector automata of the rule lists this evaluator has run, built once each and shared by every
  /// document after (the rules in force on one date are one list).
  private let automata = Automata()

  public init(ruleSet: RuleSet) {
    self.ruleSet = ruleSet
  }

  /// The automaton of each selector list, under a lock: documents are evaluated on several threads.
  ///
  /// Building it costs more than the per-rule walks of one typical plan (the pre-commit hook checks
  /// one): it is built for a large document, or for any document after the first (a review, a folder),
  /// and kept for the rest. The first document, if small, walks its rules one by one without looking
  /// its list up, which costs a hash of every selector. Both ways give the same nodes in the same order
  /// (`SelectorAutomatonTests`); the figures are in docs/engine.md.
  private final class Automata: @unchecked Sendable {
    private var built: [[PathPattern]: SelectorAutomaton?] = [:]
    private var first = true
    /// How many selector lists were looked up: for the tests.
    private var lookups = 0
    private let lock = MutexLock()

    var lookupCount: Int { lock.withLock { lookups } }

    /// Whether a document (large or not) selects its rules' nodes with the automaton.
    func selects(large: Bool) -> Bool {
      lock.withLock {
        defer { first = false }
        return large || !first
      }
    }

    func automaton(of patterns: [PathPattern]) -> SelectorAutomaton? {
      lock.withLock {
        lookups += 1
        if let found = built[patterns] { return found }
        let automaton = SelectorAutomaton(patterns)
        built[patterns] = automaton
        return automaton
      }
    }
  }

  /// How many selector lists this evaluator has looked up (`Automata`): for the tests.
  var automatonLookups: Int { automata.lookupCount }

  /// The findings of every rule in force on the as-of date, in rule order, then document order.
  public func evaluate(_ document: Document, options: EvaluationOptions) -> [Finding] {
    evaluate(document, rules: ruleSet.rules(on: options.asOf), options: options)
  }

  /// The findings of the given rules, whether or not they are in force (rule examples use this).
  public func evaluate(_ document: Document, rules: [Rule], options: EvaluationOptions) -> [Finding] {
    evaluate(Run(document: document, options: options, ruleSet: ruleSet), rules: rules)
  }

  /// The findings and the deadlines (`Calendar/Deadlines.swift`) of the rules in force, from one run
  /// over the document: what a check reports.
  public func evaluateWithDeadlines(_ document: Document, options: EvaluationOptions) -> ([Finding], [Deadline]) {
    let run = Run(document: document, options: options, ruleSet: ruleSet)
    let rules = ruleSet.rules(on: options.asOf)
    return (evaluate(run, rules: rules), deadlines(run, rules: rules))
  }

  func evaluate(_ run: Run, rules: [Rule]) -> [Finding] {
    let document = run.document
    // One pass over the document selects the nodes of every rule (`SelectorAutomaton`); each rule then
    // checks its own list, so its findings stay in the order its own walk gave them.
    let large = Evaluator.isLarge(document.root)
    let selections =
      automata.selects(large: large)
      ? run.select(rules) { automata.automaton(of: $0) } : Array(repeating: nil, count: rules.count)
    guard rules.count > 1, large else {
      var findings: [Finding] = []
      for (rule, selected) in zip(rules, selections) {
        run.apply(rule, to: selected, into: &findings)
      }
      return findings
    }
    // A large document: the rules are independent and only read the run, so they are spread over the
    // cores, each rule's findings kept apart and joined in rule order (the same result as one by one).
    // The document index is built as one more task beside the rules that do not need it; the rules that
    // do (references, the format checks) run after it.
    let perRule = UnsafeMutableBufferPointer<[Finding]>.allocate(capacity: rules.count)
    perRule.initialize(repeating: [])
    defer {
      perRule.deinitialize()
      perRule.deallocate()
    }
    nonisolated(unsafe) let output = perRule
    let shared = run
    let independent = rules.indices.filter { !rules[$0].needsIndex }
    let dependent = rules.indices.filter { rules[$0].needsIndex }
    DispatchQueue.concurrentPerform(iterations: independent.count + 1) { task in
      guard task > 0 else {
        shared.buildIndex()
        return
      }
      let index = independent[task - 1]
      var findings: [Finding] = []
      shared.apply(rules[index], to: selections[index], into: &findings)
      output[index] = findings  // each index is written by exactly one iteration
    }
    DispatchQueue.concurrentPerform(iterations: dependent.count) { task in
      let index = dependent[task]
      var findings: [Finding] = []
      shared.apply(rules[index], to: selections[index], into: &findings)
      output[index] = findings
    }
    return Array(perRule.joined())
  }

  /// Documents with at least this many nodes have their rules evaluated on all cores; below it, starting
  /// the threads costs more than it saves (a typical plan has a few thousand nodes).
  static let parallelNodeCount = 20_000

  /// Whether `root`'s document has at least `parallelNodeCount` nodes (one array: its length).
  static func isLarge(_ root: Node) -> Bool {
    root.storage.records.count >= parallelNodeCount
  }
}

extension Rule {
  /// Whether evaluating the rule reads the document index: a path that follows a reference (`->`), or
  /// a check kind that reports what the index collected.
  var needsIndex: Bool {
    func follows(_ path: PathPattern) -> Bool { path.steps.contains(.dereference) }
    func follows(_ condition: Condition?) -> Bool {
      switch condition {
      case nil: false
      case .all(let parts)?, .any(let parts)?: parts.contains { follows($0) }
      case .not(let part)?: follows(part)
      case .field(let path, _)?: follows(path)
      }
    }
    if follows(selector) || follows(self.condition) { return true }
    return Swift.type(of: check).readsIndex || check.paths.contains(where: follows)
      || check.conditions.contains(where: follows)
  }
}

/// One evaluation of one document: the state every check of it shares.
///
/// A class, not a struct: its methods hand closures that capture it (`resolve`, the report of a check) to
/// every path match, and a struct of this size would be copied, with a retain of each of its many arrays
/// and dictionaries, each time.
public final class Run: @unchecked Sendable {
  let document: Document
  let options: EvaluationOptions
  let ruleSet: RuleSet
  /// Built on first use (or by `buildIndex`), once, under the lock: rules on several threads may ask.
  private var built: DocumentIndex?
  private let lock = MutexLock()

  /// Keys one slip from the field they were meant as (`lagesbildr`), read as that field: reported once
  /// by the format check, and checked as meant instead of failing every reference into them.
  let respellings: [PlanFormat.Respelling]

  /// For each respelled key: its pointer in the corrected tree (ancestors and key as meant) and the key
  /// as the document writes it.
  private let writtenKeys: [JSONPointer: String]

  init(document: Document, options: EvaluationOptions, ruleSet: RuleSet) {
    let (root, respellings) = PlanFormat.respell(document.root)
    var corrected = document
    if !respellings.isEmpty { corrected.root = root }
    self.document = corrected
    self.respellings = respellings
    self.options = options
    self.ruleSet = ruleSet
    var written: [JSONPointer: String] = [:]
    for respelling in respellings {
      if let parent = respelling.pointer.parent { written[parent.appending(respelling.meant)] = respelling.written }
    }
    writtenKeys = written
  }

  /// `pointer` (into the corrected tree) as it reads in the document: a respelled key as written, so
  /// that every finding's path resolves in the file the user has (the fuzzer found `kartlagsgning`'s
  /// findings under `/…/kartlaggning/…`, a path not in the document).
  func documentPointer(_ pointer: JSONPointer) -> JSONPointer {
    guard !writtenKeys.isEmpty else { return pointer }
    var components = pointer.components
    var prefix: [JSONPointer.Component] = []
    for index in components.indices {
      prefix.append(components[index])
      if let written = writtenKeys[JSONPointer(prefix)] { components[index] = .key(written) }
    }
    return JSONPointer(components)
  }

  func buildIndex() {
    lock.withLock {
      if built == nil { built = DocumentIndex(root: document.root) }
    }
  }

  /// The document index (a copy of its arrays' references: bind it once where it is used in a loop).
  var index: DocumentIndex {
    lock.withLock {
      if let built { return built }
      let index = DocumentIndex(root: document.root)
      built = index
      return index
    }
  }

  var root: Match { Match(pointer: JSONPointer(), node: document.root) }

  func resolve(_ id: String) -> Match? {
    lock.withLock {
      if built == nil { built = DocumentIndex(root: document.root) }
      return built!.owner(ofAnyID: id).map(built!.match)
    }
  }

  func matches(_ path: PathPattern, from start: Match) -> [Match] {
    path.matches(from: start, resolve: resolve)
  }

  /// Each match of `path` from `start`, in document order, as it is found (none is held).
  func forEachMatch(_ path: PathPattern, from start: Match, _ body: (Match) -> Void) {
    path.forEachMatch(from: start, resolve: resolve, body)
  }

  /// The nodes `path` reaches from `start`, in document order, without their pointers.
  func nodes(_ path: PathPattern, from start: Node) -> [Node] {
    var result: [Node] = []
    path.forEachNode(from: start, resolve: resolve) {
      result.append($0)
      return true
    }
    return result
  }

  /// Whether a node `path` reaches from `start` passes `test`; stops at the first that does.
  func anyNode(_ path: PathPattern, from start: Node, _ test: (Node) -> Bool) -> Bool {
    var found = false
    path.forEachNode(from: start, resolve: resolve) {
      found = test($0)
      return !found
    }
    return found
  }

  /// The first node `path` reaches from `start`.
  func firstNode(_ path: PathPattern, from start: Node) -> Node? {
    var first: Node?
    path.forEachNode(from: start, resolve: resolve) {
      first = $0
      return false
    }
    return first
  }

  func deepest(_ path: PathPattern, from start: Match) -> Match {
    path.deepestExisting(from: start, resolve: resolve)
  }

  /// For each rule, the ids of the nodes its selector reaches, in the order of its own walk, all found in
  /// one pass over the records by the automaton of the rules' selectors (`automaton` gives it, built
  /// once per list); nil for a rule whose selector follows a reference (`->`), walked on its own by
  /// `apply`, and for every rule when the selectors make too large an automaton.
  func select(_ rules: [Rule], automaton: ([PathPattern]) -> SelectorAutomaton?) -> [[Int32]?] {
    let root = document.root
    // The automaton runs over the whole record array: the root must be its first record.
    guard root.id == 0 else { return Array(repeating: nil, count: rules.count) }
    var patterns: [PathPattern] = []
    var numbers: [PathPattern: Int] = [:]
    let selectorOf = rules.map { rule -> Int? in
      guard SelectorAutomaton.accepts(rule.selector) else { return nil }
      if let number = numbers[rule.selector] { return number }
      numbers[rule.selector] = patterns.count
      patterns.append(rule.selector)
      return patterns.count - 1
    }
    guard !patterns.isEmpty, let automaton = automaton(patterns) else {
      return Array(repeating: nil, count: rules.count)
    }
    let lists = automaton.select(in: root.storage)
    return selectorOf.map { $0.map { lists[$0] } }
  }

  /// The findings of `rule` on the nodes `selected` (ids, in order), or on the nodes its selector
  /// reaches when nil.
  func apply(_ rule: Rule, to selected: [Int32]?, into findings: inout [Finding]) {
    // The report closure below runs once per finding but is made once per selected node: it captures this
    // box, not the rule and its reference, whose copies would retain each of their strings every time.
    let shared = SharedRule(rule, reference: ruleSet.references[rule.reference]!)
    // One walk: each selected node that meets the condition is checked once, with a match that carries
    // no pointer (a finding derives it from the node's record). Past `findingsPerRule` findings are only
    // counted, and summarised in one finding at the end: a plan with 100 000 broken references gave
    // 600 000 findings, gigabytes of memory and reports of hundreds of megabytes.
    var kept = 0
    var omitted = 0
    var firstOmitted: FindingLocation?
    defer {
      if let firstOmitted {
        let rule = shared.rule
        var summary = Finding(
          ruleId: rule.id, obligation: rule.obligation, basis: rule.basis, severity: rule.severity,
          message: LocalizedText(
            sv:
              "… och \(omitted) fynd till av regel \(rule.id) i den här filen, som inte visas var för sig (högst \(Run.findingsPerRule) per regel och fil); det första av dem står här.",
            en:
              "… and \(omitted) more findings of rule \(rule.id) in this file, not shown one by one (at most \(Run.findingsPerRule) per rule and file); the first of them is here."
          ),
          reference: shared.reference, location: firstOmitted)
        summary.omitted = omitted
        findings.append(summary)
      }
    }
    func visit(_ node: Node) {
      if let condition = rule.condition, !holds(condition, on: node) { return }
      // No pointer held: a finding derives it from the node's record (the root's is the empty one).
      let selected = Match(node: node)
      // The selected node's id and label, looked up once for all its findings: each lookup scans the
      // node's members, and one node (the root of a plan with 40 000 unknown keys) may give that many
      // findings, which made the scans quadratic.
      var subject: MessageSubject?
      rule.check.evaluate(on: selected, in: self) { found in
        let at = found.at
        guard kept < Run.findingsPerRule else {
          omitted += 1
          if firstOmitted == nil {
            // The position is computed only for findings that are shown (or stand for the omitted).
            let place = found.location ?? at.node.location
            firstOmitted = FindingLocation(
              file: self.document.file, line: place.line, column: place.column, path: self.documentPointer(at.pointer),
              word: self.document.wordLocation(of: place))
          }
          return
        }
        kept += 1
        let place = found.location ?? at.node.location
        let rule = shared.rule
        let reference = shared.reference
        if subject == nil {
          subject = MessageSubject(
            id: selected.node[PlanFormat.Name.id]?.scalarText ?? "", label: self.label(of: selected))
        }
        // The path as the document writes it, in the location and in the message's {path} alike.
        let path = self.documentPointer(at.pointer)
        // The message stays as its parts: only a reporter that prints it renders it.
        let message = MessageParts(
          template: rule.message, values: found.values, subject: subject!, path: path, asOf: self.options.asOf)
        findings.append(
          Finding(
            ruleId: rule.id, obligation: rule.obligation, basis: rule.basis, severity: rule.severity,
            message: FindingMessage(message), reference: reference,
            location: FindingLocation(
              file: self.document.file, line: place.line, column: place.column, path: path,
              word: self.document.wordLocation(of: place)),
            outdatedSince: found.outdatedSince))
      }
    }
    if let selected {
      let storage = document.root.storage
      for id in selected { visit(Node(storage: storage, id: id)) }
    } else {
      rule.selector.forEachNode(from: document.root, resolve: resolve) {
        visit($0)
        return true
      }
    }
  }

  /// The most findings one rule gives in one document; the rest are summarised in one finding.
  static let findingsPerRule = 100

  /// How a message names a thing: its heading, name or title, else its id, else its path (as the
  /// document writes it).
  func label(of match: Match) -> String {
    for key in PlanFormat.Name.labels {
      if let text = match.node[key]?.scalarText, !text.isEmpty { return text }
    }
    let pointer = documentPointer(match.pointer).description
    return pointer.isEmpty ? "/" : pointer
  }
}

/// A rule and the reference it cites behind one pointer, for closures that run per finding.
final class SharedRule {
  let rule: Rule
  let reference: Citation
  init(_ rule: Rule, reference: Citation) {
    self.rule = rule
    self.reference = reference
  }
}
