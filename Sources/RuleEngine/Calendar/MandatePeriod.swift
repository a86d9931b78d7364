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
    if date < CivilDate(clampingYear: year, month: 10, day: 15) { year -= 4 }
    electionYear = year
  }

  /// The term that began with the election of `electionYear`; a year that is not an election year means
  /// the term running at the end of that year.
  public init(electionYear: Int) {
    self.electionYear = electionYear - MandatePeriod.offset(electionYear)
  }

  /// Years since the last election year, counting 2022 as one (elections every fourth year since 1994).
  private static func offset(_ year: Int) -> Int {
    let remainder = (year - 2022) % 4
    return remainder < 0 ? remainder + 4 : remainder
  }

  /// Election day: the second Sunday of September.
  public var electionDay: CivilDate {
    let first = CivilDate(clampingYear: electionYear, month: 9, day: 1)
    let daysToSunday = (7 - first.weekday) % 7
    return first.adding(days: daysToSunday + 7)
  }

  /// The council's term: 15 October of the election year to 14 October four years later. At the ends of
  /// the calendar (years 1 and 9999) the days are held to it.
  public var councilTerm: DateRange {
    DateRange(
      from: CivilDate(clampingYear: electionYear, month: 10, day: 15),
      to: CivilDate(clampingYear: electionYear + 4, month: 10, day: 14))
  }

  /// The executive board's term: 1 January after the election to 31 December four years later.
  public var boardTerm: DateRange {
    DateRange(
      from: CivilDate(clampingYear: electionYear + 1, month: 1, day: 1),
      to: CivilDate(clampingYear: electionYear + 4, month: 12, day: 31))
  }

  public var previous: MandatePeriod { MandatePeriod(electionYear: electionYear - 4) }

  public var description: String { "\(electionYear)–\(electionYear + 4)" }
}
