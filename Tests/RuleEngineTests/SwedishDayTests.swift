import Foundation
import RuleEngine
import Testing

/// Today's date comes from Sweden's clock rule, not from ICU: it must name the same day as the tz
/// database (through Foundation's Calendar) at every instant that matters.
@Suite struct SwedishDayTests {
  static let stockholm: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Stockholm")!
    return calendar
  }()

  static func oracle(_ seconds: Int) -> CivilDate {
    let parts = stockholm.dateComponents(
      [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }

  /// Every hour of the two days around each change of clock, and both sides of each midnight, from
  /// 1996 (the EU rule) to 2037.
  @Test func agreesWithTheTimeZoneDatabaseAroundEveryClockChange() {
    var checked = 0
    for year in 1996...2037 {
      for month in [3, 10] {
        let last = CivilDate(year: year, month: month, day: 31)!
        let sunday = last.dayNumber - last.weekday % 7
        for hour in -48...48 {
          for second in [-1, 0, 1] {
            let instant = sunday * 86_400 + hour * 3600 + second
            #expect(CivilDate.swedishDay(secondsSinceEpoch: instant) == Self.oracle(instant), "at \(instant)")
            checked += 1
          }
        }
      }
    }
    #expect(checked == 42 * 2 * 97 * 3)
  }

  /// Midnight in winter and in summer, and new year's eve, on both sides.
  @Test func midnightAndNewYear() {
    // 2026-01-01 00:00 in Stockholm is 2025-12-31 23:00 UTC.
    let newYear = CivilDate(year: 2026, month: 1, day: 1)!.dayNumber * 86_400 - 3600
    #expect(CivilDate.swedishDay(secondsSinceEpoch: newYear - 1) == CivilDate(year: 2025, month: 12, day: 31))
    #expect(CivilDate.swedishDay(secondsSinceEpoch: newYear) == CivilDate(year: 2026, month: 1, day: 1))
    // 2026-07-01 00:00 in Stockholm is 2026-06-30 22:00 UTC.
    let july = CivilDate(year: 2026, month: 7, day: 1)!.dayNumber * 86_400 - 7200
    #expect(CivilDate.swedishDay(secondsSinceEpoch: july - 1) == CivilDate(year: 2026, month: 6, day: 30))
    #expect(CivilDate.swedishDay(secondsSinceEpoch: july) == CivilDate(year: 2026, month: 7, day: 1))
    for instant in stride(from: 820_454_400, to: 2_100_000_000, by: 7_777_777) {
      #expect(CivilDate.swedishDay(secondsSinceEpoch: instant) == Self.oracle(instant), "at \(instant)")
    }
  }
}
