import Testing

@testable import RuleEngine

@Suite("Civil dates")
struct CivilDateTests {
  @Test func parsesOnlyRealCalendarDates() {
    #expect(CivilDate("2024-02-29") != nil)
    #expect(CivilDate("2023-02-29") == nil)
    #expect(CivilDate("2026-02-30") == nil)
    #expect(CivilDate("2026-13-01") == nil)
    #expect(CivilDate("2026-1-01") == nil)
    #expect(CivilDate("2026-01-01T00:00") == nil)
    #expect(CivilDate("１２３４-01-01") == nil)
    #expect(CivilDate("2026-10-15")?.description == "2026-10-15")
  }

  @Test func dayNumbersRoundTrip() {
    let start = CivilDate("1999-12-25")!
    for offset in stride(from: 0, to: 20_000, by: 37) {
      let date = start.adding(days: offset)
      #expect(CivilDate(dayNumber: date.dayNumber) == date)
      #expect(CivilDate(date.description) == date)
    }
    #expect(CivilDate("1970-01-01")!.dayNumber == 0)
    #expect(CivilDate("2026-10-15")!.adding(days: -1) == CivilDate("2026-10-14"))
  }

  @Test func addingMonthsClampsToTheLastDay() {
    #expect(CivilDate("2024-01-31")!.adding(months: 1) == CivilDate("2024-02-29"))
    #expect(CivilDate("2023-01-31")!.adding(months: 1) == CivilDate("2023-02-28"))
    #expect(CivilDate("2024-11-24")!.adding(months: 24) == CivilDate("2026-11-24"))
    #expect(CivilDate("2026-03-15")!.adding(months: -3) == CivilDate("2025-12-15"))
  }

  /// Dates come from plans, rules, configuration and --as-of: arithmetic on them saturates at the
  /// calendar's ends (0001-01-01 and 9999-12-31) and never traps (issue 14, item 1).
  @Test func arithmeticSaturatesAtTheEndsOfTheCalendar() {
    let last = CivilDate("9999-12-31")!
    let first = CivilDate("0001-01-01")!
    #expect(last.adding(months: 24) == last)
    #expect(last.adding(months: 1) == last)
    #expect(CivilDate("9999-11-30")!.adding(months: 1) == CivilDate("9999-12-30"))
    #expect(CivilDate("9998-12-31")!.adding(months: 12) == last)
    #expect(last.adding(days: 1) == last)
    #expect(last.adding(days: Int.max) == last)
    #expect(first.adding(days: -1) == first)
    #expect(first.adding(days: Int.min) == first)
    #expect(first.adding(months: -1) == first)
    #expect(CivilDate("2026-01-01")!.adding(months: Int.max) == last)
    #expect(CivilDate("2026-01-01")!.adding(months: Int.min) == first)
    #expect(CivilDate(dayNumber: Int.max) == last)
    #expect(CivilDate(dayNumber: Int.min + 1) == first)
    #expect(last.adding(days: 1).description == "9999-12-31")
  }

  @Test func mandatePeriodsAtTheEndsOfTheCalendar() {
    for text in ["9999-12-31", "9999-01-01", "9998-10-15", "0001-01-01", "0003-10-15", "0004-02-29"] {
      let date = CivilDate(text)!
      let term = MandatePeriod(containing: date)
      #expect(term.councilTerm.from <= date, "\(text)")
      #expect(term.councilTerm.to >= date, "\(text)")
      _ = term.boardTerm
      _ = term.electionDay
      _ = term.previous.councilTerm
    }
  }

  @Test func weekdays() {
    #expect(CivilDate("2026-11-24")!.weekday == 2)  // a Tuesday
    #expect(CivilDate("2026-09-13")!.weekday == 7)  // election day, a Sunday
  }
}

@Suite("Mandate periods")
struct MandatePeriodTests {
  @Test(arguments: [
    ("2018-09-09", 2018), ("2022-09-11", 2022), ("2026-09-13", 2026), ("2030-09-08", 2030),
  ])
  func electionDayIsTheSecondSundayOfSeptember(expected: String, year: Int) {
    #expect(MandatePeriod(electionYear: year).electionDay == CivilDate(expected))
  }

  @Test func theNewTermBeginsOnFifteenthOctober() {
    let lastDayOfOld = MandatePeriod(containing: CivilDate("2026-10-14")!)
    let firstDayOfNew = MandatePeriod(containing: CivilDate("2026-10-15")!)
    #expect(lastDayOfOld.electionYear == 2022)
    #expect(firstDayOfNew.electionYear == 2026)
    #expect(lastDayOfOld.councilTerm == DateRange(from: CivilDate("2022-10-15")!, to: CivilDate("2026-10-14")!))
    #expect(firstDayOfNew.councilTerm == DateRange(from: CivilDate("2026-10-15")!, to: CivilDate("2030-10-14")!))
    #expect(firstDayOfNew.previous == lastDayOfOld)
  }

  @Test func electionDayItselfStillBelongsToTheOldTerm() {
    #expect(MandatePeriod(containing: CivilDate("2026-09-13")!).electionYear == 2022)
    #expect(MandatePeriod(containing: CivilDate("2026-11-24")!).electionYear == 2026)
    #expect(MandatePeriod(containing: CivilDate("2023-01-01")!).electionYear == 2022)
    #expect(MandatePeriod(containing: CivilDate("2022-10-14")!).electionYear == 2018)
  }

  @Test func theBoardsTermStartsFirstJanuaryAfterTheElection() {
    let term = MandatePeriod(electionYear: 2026).boardTerm
    #expect(term.from == CivilDate("2027-01-01"))
    #expect(term.to == CivilDate("2030-12-31"))
  }
}
