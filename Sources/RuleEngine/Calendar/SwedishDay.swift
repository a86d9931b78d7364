extension CivilDate {
  /// The calendar day in Sweden (Europe/Stockholm) at an instant given as seconds since 1970-01-01 UTC.
  ///
  /// Computed from the rule rather than looked up through Foundation's Calendar and TimeZone, which
  /// start ICU (its data and time-zone tables) in every process that asks for today's date. Sweden keeps
  /// Central European Time (UTC+1) and, by EU directive 2000/84/EC as Sweden has since 1996, summer time
  /// (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. The
  /// clock is only ever asked for today, so earlier Swedish rules do not matter; should the EU end the
  /// clock change, this is the one place to change (a test compares it with the tz database through
  /// Foundation hour by hour around every change from 1996 to 2037).
  public static func swedishDay(secondsSinceEpoch seconds: Int) -> CivilDate {
    let hour = 3600
    let utcDay = floorDivide(seconds, 86_400)
    let year = CivilDate(dayNumber: utcDay).year
    let summerStarts = lastSunday(month: 3, year: year) * 86_400 + hour
    let summerEnds = lastSunday(month: 10, year: year) * 86_400 + hour
    let offset = (summerStarts..<summerEnds).contains(seconds) ? 2 * hour : hour
    return CivilDate(dayNumber: floorDivide(seconds + offset, 86_400))
  }

  /// The day number of the last Sunday of `month` in `year`.
  private static func lastSunday(month: Int, year: Int) -> Int {
    let last = CivilDate(clampingYear: year, month: month, day: 31).dayNumber
    let weekday = CivilDate(dayNumber: last).weekday  // 7 = Sunday
    return last - weekday % 7
  }

  private static func floorDivide(_ a: Int, _ b: Int) -> Int {
    let quotient = a / b
    return a % b < 0 ? quotient - 1 : quotient
  }
}
