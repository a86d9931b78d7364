import PlanDocument
import RuleEngine

/// The argument parser's usage errors, in Swedish unless `--lang en` is given, saying why a value is
/// invalid. The parser words its errors in English; this is the one place that rewords them.
enum UsageErrors {
  /// `--lang en` or `--lang=en` anywhere on the command line; Swedish otherwise (also when the value
  /// of --lang is itself the error).
  static func language(_ arguments: [String]) -> Language {
    for (index, argument) in arguments.enumerated() {
      if argument == "--lang=en" { return .en }
      if argument == "--lang", index + 1 < arguments.count, arguments[index + 1] == "en" { return .en }
    }
    return .sv
  }

  /// The parser's message in `language`: its first line reworded, the usage lines kept.
  static func message(_ parserMessage: String, _ language: Language) -> String {
    var lines = parserMessage.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let first = lines.first else { return parserMessage }
    // The choices the parser lists on the lines after "Please provide one of the following:".
    var choices: [String] = []
    while lines.count > 1, lines[1].hasPrefix("  - ") {
      choices.append(String(lines[1].dropFirst(4)))
      lines.remove(at: 1)
    }
    lines[0] = reword(first, choices: choices, language)
    lines = lines.map { line in
      if line.hasPrefix("  See '"), language == .sv, let end = line.firstRange(of: "' for more information.") {
        return "  Se '" + line[line.index(line.startIndex, offsetBy: 7)..<end.lowerBound] + "' för mer information."
      }
      if line.hasPrefix("Usage: ") && language == .sv { return "Användning: " + line.dropFirst(7) }
      if line.hasPrefix("Help: ") && language == .sv { return "Hjälp: " + line.dropFirst(6) }
      return line
    }
    return lines.joined(separator: "\n")
  }

  static func reword(_ line: String, choices: [String], _ language: Language) -> String {
    let text = line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
    let prefix = language.say(sv: "fel: ", en: "error: ")
    let quoted = quotedParts(text)
    if text.hasPrefix("The value '"), quoted.count >= 2 {
      let value = quoted[0]
      let option = quoted[1].split(separator: " ").first.map(String.init) ?? quoted[1]
      var listed = choices
      if listed.isEmpty, let range = text.firstRange(of: "Please provide one of ") {
        listed = quotedParts(String(text[range.upperBound...]))
      }
      return prefix + invalidValue(value, option: option, choices: listed, language)
    }
    if text.hasPrefix("Missing expected argument"), let name = quoted.first {
      return prefix + language.say(sv: "argument saknas: \(name)", en: "missing argument: \(name)")
    }
    if text.hasPrefix("Missing value for"), let name = quoted.first {
      return prefix + language.say(sv: "värde saknas för \(name)", en: "missing value for \(name)")
    }
    if text.hasPrefix("Unknown option"), let name = quoted.first {
      return prefix + language.say(sv: "okänd flagga \(name) (se --help)", en: "unknown option \(name) (see --help)")
    }
    if text.hasPrefix("Unexpected argument"), let name = quoted.first {
      return prefix
        + language.say(
          sv: "oväntat argument \(name) (se --help)",
          en: "unexpected argument \(name) (see --help)")
    }
    return prefix + text
  }

  /// Why `value` is not valid for `option`.
  static func invalidValue(_ value: String, option: String, choices: [String], _ language: Language) -> String {
    if option == "--as-of" {
      return "\(option) \(value): " + dateProblem(value, language)
    }
    if !choices.isEmpty {
      let list = choices.joined(separator: ", ")
      return language.say(
        sv: "\"\(value)\" är inget giltigt värde för \(option); välj ett av: \(list)",
        en: "\"\(value)\" is not a valid value for \(option); choose one of: \(list)")
    }
    return language.say(
      sv: "\"\(value)\" är inget giltigt värde för \(option)",
      en: "\"\(value)\" is not a valid value for \(option)")
  }

  /// Why a text is not a date: its form, or the day that does not exist.
  static func dateProblem(_ value: String, _ language: Language) -> String {
    let form = language.say(
      sv: "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-24",
      en: "write the date as YYYY-MM-DD, e.g. 2026-11-24")
    let parts = value.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else {
      return form
    }
    guard (1...12).contains(month) else {
      return language.say(sv: "månaden \(parts[1]) finns inte (01–12)", en: "there is no month \(parts[1]) (01–12)")
    }
    let days = (28...31).last { CivilDate(year: year, month: month, day: $0) != nil } ?? 31
    let names = [
      "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november",
      "december",
    ]
    let englishNames = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December",
    ]
    if day < 1 || day > days {
      return language.say(
        sv: "dagen finns inte: \(names[month - 1]) \(year) har \(days) dagar",
        en: "no such day: \(englishNames[month - 1]) \(year) has \(days) days")
    }
    return form
  }

  /// The parts of `text` between single quotes.
  static func quotedParts(_ text: String) -> [String] {
    text.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
      String($0.element)
    }
  }
}
