import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Testing

/// The calendar against RFC 5545's rules, read back by a strict reader of our own (content lines, folding,
/// TEXT escapes, components) and by the `icalendar` package; and hostile plan text that must stay inside
/// its property.
@Suite("iCalendar (RFC 5545)")
struct ICalendarTests {
  static let ruleSet: RuleSet = try! RuleSetLoader.load(from: Tooling.packageRoot.appendingPathComponent("rules").path)
  static let asOf = CivilDate(year: 2026, month: 12, day: 7)!

  static func report(_ plan: String, asOf: CivilDate = asOf, name: String = "plan.json") -> CheckReport {
    PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf))
      .check(bytes: Array(plan.utf8), name: name, format: .json)
  }

  static func sample(_ name: String) throws -> CheckReport {
    let path = Tooling.packageRoot.appendingPathComponent("samples").appendingPathComponent(name).path
    return PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf)).check(paths: [path])
  }

  /// A property as a strict reader sees it: name, parameters, and the value with TEXT escapes undone.
  struct Property {
    var name: String
    var parameters: String
    var value: String
    var raw: String
  }

  /// Reads `ics` as RFC 5545 says and records every breach: a line not ending in CRLF, longer than 75
  /// octets, a fold inside a UTF-8 sequence, a line without a name and colon, an escape TEXT does not
  /// have, an unescaped `;` or `,` in a TEXT value, components that do not nest.
  static func read(_ ics: String) -> (properties: [Property], problems: [String]) {
    var problems: [String] = []
    let bytes = Array(ics.utf8)
    var physical: [[UInt8]] = []
    var current: [UInt8] = []
    var index = 0
    while index < bytes.count {
      if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
        physical.append(current)
        current = []
        index += 2
        continue
      }
      if bytes[index] == 13 || bytes[index] == 10 { problems.append("a bare CR or LF") }
      current.append(bytes[index])
      index += 1
    }
    if !current.isEmpty { problems.append("the last line does not end in CRLF") }
    var logical: [[UInt8]] = []
    for line in physical {
      if line.count > 75 { problems.append("a line of \(line.count) octets") }
      if String(validating: line, as: UTF8.self) == nil { problems.append("a fold splits a UTF-8 sequence") }
      if line.first == 32 || line.first == 9 {
        if logical.isEmpty {
          problems.append("a continuation first")
        } else {
          logical[logical.count - 1] += line.dropFirst()
        }
      } else {
        logical.append(line)
      }
    }
    let textProperties: Set<String> = ["SUMMARY", "DESCRIPTION", "UID", "X-WR-CALNAME", "CATEGORIES", "LOCATION"]
    var properties: [Property] = []
    var stack: [String] = []
    for line in logical {
      let text = String(decoding: line, as: UTF8.self)
      guard let colon = text.firstIndex(of: ":") else {
        problems.append("no colon: \(text)")
        continue
      }
      let head = text[..<colon]
      let name = String(head.split(separator: ";", maxSplits: 1).first ?? "")
      let parameters = head.contains(";") ? String(head.split(separator: ";", maxSplits: 1)[1]) : ""
      guard !name.isEmpty,
        name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
      else {
        problems.append("not a property name: \(name)")
        continue
      }
      let raw = String(text[text.index(after: colon)...])
      var value = raw
      if textProperties.contains(name) {
        value = ""
        var scalars = raw.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
          switch scalar {
          case "\\":
            switch scalars.next() {
            case "\\": value += "\\"
            case ";": value += ";"
            case ",": value += ","
            case "n", "N": value += "\n"
            default: problems.append("an escape TEXT does not have in \(name)")
            }
          case ";": problems.append("an unescaped ; in \(name)")
          case "," where name != "CATEGORIES": problems.append("an unescaped , in \(name)")
          default:
            if scalar.value < 0x20 && scalar != "\t" { problems.append("a control character in \(name)") }
            value.unicodeScalars.append(scalar)
          }
        }
      }
      if name == "BEGIN" { stack.append(raw) }
      if name == "END" {
        if stack.last == raw {
          stack.removeLast()
        } else {
          problems.append("END:\(raw) does not close \(stack.last ?? "nothing")")
        }
      }
      properties.append(Property(name: name, parameters: parameters, value: value, raw: raw))
    }
    if !stack.isEmpty { problems.append("unclosed \(stack)") }
    return (properties, problems)
  }

  /// The events' properties, one dictionary of lists each (alarms' properties apart).
  static func events(_ properties: [Property]) -> [[String: [Property]]] {
    var events: [[String: [Property]]] = []
    var inAlarm = false
    for property in properties {
      if property.name == "BEGIN", property.raw == "VEVENT" {
        events.append([:])
        continue
      }
      if property.name == "BEGIN", property.raw == "VALARM" { inAlarm = true }
      if property.name == "END", property.raw == "VALARM" {
        inAlarm = false
        events[events.count - 1]["ALARM", default: []].append(property)
        continue
      }
      guard !events.isEmpty, !inAlarm || property.name == "TRIGGER" else { continue }
      events[events.count - 1][property.name, default: []].append(property)
    }
    return events
  }

  @Test func theSampleFollowsTheRFC() throws {
    let report = try Self.sample("komplett.xml")
    let ics = CalendarReporter(language: .sv).render(report, format: .ics)
    let (properties, problems) = Self.read(ics)
    #expect(problems.isEmpty, "\(problems)")
    let events = Self.events(properties.filter { $0.name != "BEGIN" || $0.raw != "VCALENDAR" })
    #expect(events.count == report.files[0].deadlines.count && events.count >= 6)
    for event in events {
      for name in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "SUMMARY"] {
        #expect(event[name]?.count == 1, "\(name) once in each event")
      }
      // All day: a DATE with no time and no zone.
      #expect(event["DTSTART"]?.first?.parameters == "VALUE=DATE")
      #expect(event["DTSTART"]?.first?.raw.count == 8)
      // Reminders 90 and 14 days before, by default.
      #expect(event["TRIGGER"]?.map(\.raw) == ["-P90D", "-P14D"])
    }
    #expect(Set(events.compactMap { $0["UID"]?.first?.value }).count == events.count)
    // Deterministic: the same plan on the same day gives the same bytes.
    #expect(CalendarReporter(language: .sv).render(try Self.sample("komplett.xml"), format: .ics) == ics)
  }

  @Test func hostileTextStaysInsideItsProperty() throws {
    let evil = "Ond\\;kommun,\r\nBEGIN:VEVENT\r\nUID:evil\nSUMMARY:injected\r\u{7}END:VCALENDAR"
    let escaped = String(data: try JSONEncoder().encode(evil), encoding: .utf8)!
    let plan = """
      {"formatversion": 1, "kommun": {"namn": \(escaped), "kod": "1282\\r\\nX-EVIL:1"},
       "lagesbilder": [{"id": "LB", "rubrik": \(escaped), "datum": "2026-03-01", "geografiskTackning": "hela-kommunen"}],
       "samverkan": {"overenskommelser": [{"id": "A", "titel": \(escaped), "polis": true,
         "giltighet": {"fran": "2025-01-01", "till": "2027-12-31"}}]}}
      """
    let report = Self.report(plan)
    #expect(report.files[0].status != .unreadable)
    let ics = CalendarReporter(language: .sv).render(report, format: .ics)
    let (properties, problems) = Self.read(ics)
    #expect(problems.isEmpty, "\(problems)")
    // Exactly the events the plan gives, and no property the plan wrote.
    #expect(properties.filter { $0.name == "BEGIN" && $0.raw == "VEVENT" }.count == report.files[0].deadlines.count)
    #expect(!properties.contains { $0.name == "X-EVIL" || $0.raw == "evil" || $0.raw == "injected" })
    #expect(properties.filter { $0.name == "END" && $0.raw == "VCALENDAR" }.count == 1)
    // The text is still there, as text, once the escapes are undone (the bell as U+FFFD).
    let shown = evil.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      .replacingOccurrences(of: "\u{7}", with: "\u{FFFD}")
    let summaries = properties.filter { $0.name == "SUMMARY" }.map(\.value)
    #expect(summaries.contains { $0.hasSuffix("(\(shown))") }, "\(summaries)")
    #expect(properties.contains { $0.name == "DESCRIPTION" && $0.value.contains("Räknat från: 2026-03-01 (\(shown))") })
    // The UID holds no plan text: the kommun code that is not a code is hashed.
    for uid in properties.filter({ $0.name == "UID" }).map(\.value) {
      #expect(uid.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 } && !uid.contains("EVIL"), "\(uid)")
    }
  }

  @Test func escapingAndFoldingRules() {
    #expect(ICalendarWriter.escape("a\\b;c,d\r\ne\nf\rg\th") == "a\\\\b\\;c\\,d\\ne\\nf\\ng\th")
    var writer = ICalendarWriter()
    // 200 two- and three-octet characters: every fold falls between characters, no line passes 75 octets.
    writer.text("SUMMARY", String(repeating: "åäö€", count: 50))
    let lines = writer.result.components(separatedBy: "\r\n").dropLast()
    #expect(lines.count > 1)
    for (index, line) in lines.enumerated() {
      #expect(line.utf8.count <= 75)
      #expect(index == 0 || line.hasPrefix(" "))
    }
    #expect(
      lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == "SUMMARY:"
        + String(repeating: "åäö€", count: 50))
    // Exactly 75 octets is one line; 76 folds.
    var exact = ICalendarWriter()
    exact.raw("X", String(repeating: "a", count: 73))
    #expect(exact.result == "X:" + String(repeating: "a", count: 73) + "\r\n")
    var over = ICalendarWriter()
    over.raw("X", String(repeating: "a", count: 74))
    #expect(over.result == "X:" + String(repeating: "a", count: 73) + "\r\n a\r\n")
  }

  @Test func uidsStayWhenANewerLagesbildMovesTheDate() {
    func plan(_ dates: [String]) -> String {
      let items = dates.enumerated().map {
        #"{"id": "LB\#($0.offset)", "datum": "\#($0.element)", "geografiskTackning": "hela-kommunen"}"#
      }
      return
        #"{"formatversion": 1, "kommun": {"namn": "Landskrona", "kod": "1282"}, "lagesbilder": [\#(items.joined(separator: ","))]}"#
    }
    let reporter = CalendarReporter(language: .sv)
    let before = reporter.events(Self.report(plan(["2024-02-29"]))).first { $0.deadline.ruleId == "LB-007" }
    let after = reporter.events(Self.report(plan(["2024-02-29", "2026-06-01"]))).first {
      $0.deadline.ruleId == "LB-007"
    }
    #expect(before?.deadline.due == CivilDate("2026-02-28") && before?.isOverdue == true)
    #expect(after?.deadline.due == CivilDate("2028-06-01") && after?.isOverdue == false)
    // The same event, updated: the same UID, a later LAST-MODIFIED and a higher SEQUENCE.
    #expect(before?.uid == after?.uid)
    #expect(before!.lastModified < after!.lastModified)
  }

  @Test(
    .enabled(if: Tooling.hasPythonModule("icalendar"), "skipped: needs python3 with icalendar (pip install icalendar)"))
  func theIcalendarPackageReadsIt() throws {
    let script = Tooling.packageRoot.appendingPathComponent("Tests/Integration/icalendar_check.py").path
    for sample in ["komplett.xml", "forra-mandatperioden.json", "samverkan-utgangen.xml"] {
      let report = try Self.sample(sample)
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-\(UUID().uuidString).ics")
      defer { try? FileManager.default.removeItem(at: file) }
      try Data(CalendarReporter(language: .en).render(report, format: .ics).utf8).write(to: file)
      let result = try Tooling.run(["python3", script, file.path, String(report.files[0].deadlines.count)])
      #expect(result.status == 0, "\(sample): \(result.stdout)\(result.stderr)")
    }
  }
}
