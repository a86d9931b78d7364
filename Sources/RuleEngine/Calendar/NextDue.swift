import PlanDocument

/// When 6 § next asks something of the kommun, from one plan document: the lägesbild must be updated
/// at least every second year, and the åtgärdsplan followed up as often. The intervals are the rule
/// set's (the rules of the obligations with the roles `lagesbild-uppdatering` and `plan-uppfoljning`),
/// counted as the rules count them (DOMAIN.md, "Time"): current through the same calendar day two years
/// later, 29 February becoming 28 February; the follow-up's two years run from the later of the newest
/// follow-up and the current åtgärdsplan's decision.
public struct NextDue: Sendable, Equatable {
  /// The newest `datum` of a lägesbild that counts (LB-007: one for the whole kommun).
  public var lagesbild: CivilDate?
  /// The last day the newest lägesbild is current.
  public var lagesbildDue: CivilDate?
  /// The later of the newest follow-up and the plan's decision.
  public var followUpFrom: CivilDate?
  /// The last day by which the next follow-up must be done.
  public var followUpDue: CivilDate?

  /// `lagesbildMonths`, `followUpMonths`: the intervals; nil when the rule set has no such rule (then
  /// nothing is due).
  public init(lagesbild: CivilDate?, followUpFrom: CivilDate?, lagesbildMonths: Int?, followUpMonths: Int?) {
    self.lagesbild = lagesbild
    self.lagesbildDue = lagesbildMonths.flatMap { lagesbild?.adding(months: $0) }
    self.followUpFrom = followUpFrom
    self.followUpDue = followUpMonths.flatMap { followUpFrom?.adding(months: $0) }
  }

  /// From a plan's tree (either format: the readers give the same tree): the dates and intervals are
  /// read through the rules of the obligations with 6 §'s roles, as they read them (their fields, `where`,
  /// `newest`, `plusMonths`), so that a due date shown here is the last day before the rule reports: a
  /// partial lägesbild does not count where LB-007 counts only the whole kommun's. `parameters`: a
  /// kommun's settings (`.lagkoll.yaml`), which the rules' intervals obey as they do in a check.
  public init(plan root: Node, ruleSet: RuleSet, parameters: [String: Int] = [:]) {
    let run = Run(
      document: Document(file: "", format: .json, root: root),
      options: EvaluationOptions(asOf: CivilDate(dayNumber: 0), parameters: parameters), ruleSet: ruleSet)
    let lagesbild = run.expiringInterval(of: .lagesbildUpdate)
    let followUp = run.expiringInterval(of: .planFollowUp)
    self.init(
      lagesbild: lagesbild?.date, followUpFrom: followUp?.date, lagesbildMonths: lagesbild?.months,
      followUpMonths: followUp?.months)
  }
}

extension Run {
  /// For the first rule of an obligation with `role` whose check is an interval that runs out (a `date`
  /// check with `newest`, `plusMonths` and `notBefore: asOf`): the newest date it compares over the nodes
  /// it selects (nil when there is none) and its interval in months; nil when the rule set has no such
  /// rule. The rule's validity is not asked: the due date is the law's, whatever the as-of date.
  func expiringInterval(of role: ObligationRole) -> (date: CivilDate?, months: Int)? {
    let ids = Set(ruleSet.obligations(with: role))
    for rule in ruleSet.rules where ids.contains(rule.obligation) {
      guard let check = rule.check as? DateComparison, check.isExpiringInterval, let months = check.plusMonths else {
        continue
      }
      var newest: CivilDate?
      for selected in matches(rule.selector, from: Match(pointer: JSONPointer(), node: document.root)) {
        if let condition = rule.condition, !holds(condition, on: selected.node) { continue }
        if let (_, _, date) = check.newestDate(on: selected, in: self), newest.map({ date > $0 }) ?? true {
          newest = date
        }
      }
      return (newest, parameter(months))
    }
    return nil
  }
}
