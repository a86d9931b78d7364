import PlanDocument

/// When 6 § next asks something of the kommun, from one plan document: the lägesbild must be updated
/// at least every second year, and the åtgärdsplan followed up as often. "Vartannat år" is counted as
/// in the rules (DOMAIN.md, "Time"): current through the same calendar day two years later, 29 February
/// becoming 28 February; the follow-up's two years run from the later of the newest follow-up and the
/// current åtgärdsplan's decision.
public struct NextDue: Sendable, Equatable {
  /// The newest lägesbild's `datum`.
  public var lagesbild: CivilDate?
  /// The last day the newest lägesbild is current.
  public var lagesbildDue: CivilDate?
  /// The later of the newest follow-up and the plan's decision.
  public var followUpFrom: CivilDate?
  /// The last day by which the next follow-up must be done.
  public var followUpDue: CivilDate?

  public static let interval = 24

  public init(lagesbild: CivilDate?, followUpFrom: CivilDate?) {
    self.lagesbild = lagesbild
    self.lagesbildDue = lagesbild?.adding(months: NextDue.interval)
    self.followUpFrom = followUpFrom
    self.followUpDue = followUpFrom?.adding(months: NextDue.interval)
  }

  /// From a plan's tree (either format: the readers give the same tree).
  public init(plan root: Node) {
    func dates(_ list: String, _ field: String) -> [CivilDate] {
      (root[list]?.items ?? []).compactMap { $0[field]?.string.flatMap { CivilDate($0) } }
    }
    let decision = root["atgardsplan"]?["beslut"]?["datum"]?.string.flatMap { CivilDate($0) }
    let followUps = dates("uppfoljningar", "datum")
    self.init(
      lagesbild: dates("lagesbilder", "datum").max(),
      followUpFrom: (followUps + [decision].compactMap { $0 }).max())
  }
}
