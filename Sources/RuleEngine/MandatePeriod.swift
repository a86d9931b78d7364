/// The terms of office of Swedish municipal councils.
///
/// Ordinary elections fall on the second Sunday of September every fourth year (2018, 2022, 2026, …);
/// the council's term runs from 15 October of the election year to 14 October four years later, and the
/// executive board's term starts on 1 January after the election (Kommunallagen 5 kap. and 6 kap.; the
/// election day from Vallagen). A plan adopted in an earlier term is what coordinators need flagged.
public struct MandatePeriod: Sendable, Hashable, CustomStringConvertible {
  /// The year of the election that began this term.
  public let electionYear: Int

  /// The term of the council that sits on `date`.
  public init(containing date: CivilDate) {
    var year = date.year - MandatePeriod.offset(date.year)
    // Before 15 October of an election year the previous term still runs.
    if date < CivilDate(year: year, month: 10, day: 15)! { year -= 4 }
    electionYear = year
  }

  public init(electionYear: Int) {
    precondition(MandatePeriod.offset(electionYear) == 0, "\(electionYear) is not an election year")
    self.electionYear = electionYear
  }

  /// Years since the last election year, counting 2022 as one (elections every fourth year since 1994).
  private static func offset(_ year: Int) -> Int {
    let remainder = (year - 2022) % 4
    return remainder < 0 ? remainder + 4 : remainder
  }

  /// Election day: the second Sunday of September.
  public var electionDay: CivilDate {
    let first = CivilDate(year: electionYear, month: 9, day: 1)!
    let daysToSunday = (7 - first.weekday) % 7
    return first.adding(days: daysToSunday + 7)
  }

  /// The council's term: 15 October of the election year to 14 October four years later.
  public var councilTerm: DateRange {
    DateRange(
      from: CivilDate(year: electionYear, month: 10, day: 15)!,
      to: CivilDate(year: electionYear + 4, month: 10, day: 14)!)
  }

  /// The executive board's term: 1 January after the election to 31 December four years later.
  public var boardTerm: DateRange {
    DateRange(
      from: CivilDate(year: electionYear + 1, month: 1, day: 1)!,
      to: CivilDate(year: electionYear + 4, month: 12, day: 31)!)
  }

  public var previous: MandatePeriod { MandatePeriod(electionYear: electionYear - 4) }

  public var description: String { "\(electionYear)–\(electionYear + 4)" }
}
