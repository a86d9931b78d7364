import PlanDocument

/// When 6 § next asks something of the kommun, from one plan document: the lägesbild must be updated
/// at least every second year, and the åtgärdsplan followed up as often. The intervals are the rule
/// set's (the rules of the obligations with the roles `lagesbild-uppdatering` and `plan-uppfoljning`),
/// counted as the rules count them (DOMAIN.md, "Time"): current through the same calendar day two years
/// later, 29 February becoming 28 February; the follow-up's two years run from the later of the newest
/// follow-up and the current åtgärdsplan's decision.
public struct NextDue: Sendable, Equatable {
  /// The newest lägesbild's `datum`.
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

  /// From a plan's tree (either format: the readers give the same tree), with `ruleSet`'s intervals.
  public init(plan root: Node, ruleSet: RuleSet) {
    typealias Name = PlanFormat.Name
    func dates(_ list: String) -> [CivilDate] {
      (root[list]?.items ?? []).compactMap { $0[Name.datum]?.string.flatMap { CivilDate($0) } }
    }
    let decision = root[Name.atgardsplan]?[Name.beslut]?[Name.datum]?.string.flatMap { CivilDate($0) }
    let followUps = dates(Name.uppfoljningar)
    self.init(
      lagesbild: dates(Name.lagesbilder).max(),
      followUpFrom: (followUps + [decision].compactMap { $0 }).max(),
      lagesbildMonths: ruleSet.interval(of: .lagesbildUpdate), followUpMonths: ruleSet.interval(of: .planFollowUp))
  }
}
