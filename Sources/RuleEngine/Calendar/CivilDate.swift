/// A calendar date with no time and no time zone: what plan documents, rules and the as-of date hold.
///
/// Municipal decisions are dated by the Swedish calendar day; comparing such days needs no clock and no
/// time-zone arithmetic, so none is done here. The command line turns "today in Europe/Stockholm" into
/// a CivilDate once, and everything below it works on days.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  public let year: Int
  public let month: Int
  public let day: Int

  /// A real date of the proleptic Gregorian calendar, or nil (2026-02-30 is not a date).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CivilDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses exactly `YYYY-MM-DD`, the only date form the format allows.
  public init?(_ text: some StringProtocol) {
    var text = String(text)
    guard let date = text.withUTF8({ CivilDate(utf8: $0) }) else { return nil }
    self = date
  }

  /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes: a plan's dates are read from the document's bytes
  /// as they stand, without a String per date (the date checks read every date of a plan).
  public init?(utf8: UnsafeBufferPointer<UInt8>) {
    guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = utf8[index] &- 48
        guard digit <= 9 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
    self.init(year: year, month: month, day: day)
  }

  public static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 (negative before), for day arithmetic.
  public var dayNumber: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = (month + 9) % 12
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }

  /// The first and last days a CivilDate can hold: date arithmetic saturates at them rather than leave
  /// the calendar (a plan dated 9999-12-31 plus two years is still 9999-12-31, never a crash).
  public static let earliest = CivilDate(uncheckedYear: 1, month: 1, day: 1)
  public static let latest = CivilDate(uncheckedYear: 9999, month: 12, day: 31)

  private init(uncheckedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The day `month`/`day` of `year`, with the year held to 1…9999 (a date before or after that range
  /// becomes the first or last day): for calendar facts such as the terms of office, computed from
  /// any as-of date a user may give.
  public init(clampingYear year: Int, month: Int, day: Int) {
    if year < 1 {
      self = .earliest
    } else if year > 9999 {
      self = .latest
    } else {
      self.init(uncheckedYear: year, month: month, day: min(day, CivilDate.daysIn(month: month, year: year)))
    }
  }

  /// The day with this day number, held to `earliest`…`latest`.
  public init(dayNumber: Int) {
    let dayNumber = min(max(dayNumber, CivilDate.earliest.dayNumber), CivilDate.latest.dayNumber)
    let z = dayNumber + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let dayOfEra = z - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    self.month = month
    self.day = day
  }

  /// `days` later (earlier when negative), saturating at `earliest` and `latest`.
  public func adding(days: Int) -> CivilDate {
    let (sum, overflow) = dayNumber.addingReportingOverflow(days)
    if overflow { return days < 0 ? .earliest : .latest }
    return CivilDate(dayNumber: sum)
  }

  /// The same day `months` later; a day that does not exist in the target month becomes its last day
  /// (2024-01-31 plus one month is 2024-02-29), as people count "a month later".
  /// Saturates at `earliest` and `latest`: the months come from plans, rules and configuration, and no
  /// count of them may stop a run.
  public func adding(months: Int) -> CivilDate {
    // Any count beyond the calendar's 120 000 months lands outside it; clamping first keeps the sum exact.
    let months = min(max(months, -120_000), 120_000)
    let total = year * 12 + (month - 1) + months
    guard total >= 12 else { return .earliest }
    guard total < 10_000 * 12 else { return .latest }
    let newYear = total / 12
    let newMonth = total % 12 + 1
    let newDay = min(day, CivilDate.daysIn(month: newMonth, year: newYear))
    return CivilDate(uncheckedYear: newYear, month: newMonth, day: newDay)
  }

  /// 1 = Monday … 7 = Sunday (ISO 8601).
  public var weekday: Int {
    // 1970-01-01 was a Thursday (4).
    let remainder = (dayNumber + 3) % 7
    return (remainder < 0 ? remainder + 7 : remainder) + 1
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = CivilDate(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a date YYYY-MM-DD: \(text)"))
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A range of days including both ends, as `{ fran, till }` in a plan.
public struct DateRange: Sendable, Hashable, CustomStringConvertible {
  public var from: CivilDate
  public var to: CivilDate

  public init(from: CivilDate, to: CivilDate) {
    self.from = from
    self.to = to
  }

  public func contains(_ date: CivilDate) -> Bool { from <= date && date <= to }

  public var description: String { "\(from) – \(to)" }
}
