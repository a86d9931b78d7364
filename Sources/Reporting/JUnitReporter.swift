import PlanDocument
import RuleEngine

/// JUnit XML as GitLab, Jenkins and most CI systems read it: one test suite per file, one test case per
/// finding. An error is always a failure (a plan with an error is never shown as passing, whatever
/// `--fail-on` says), and so is a finding at or above a stricter `--fail-on`; others pass with their text;
/// a suppressed one is skipped with its reason. A clean file gets one passing test case, a file that
/// could not be read an error, a skipped file a skipped test case.
public struct JUnitReporter: Reporter {
  public var language: Language
  public var ruleSet: RuleSet

  public init(language: Language, ruleSet: RuleSet) {
    self.language = language
    self.ruleSet = ruleSet
  }

  private enum Outcome {
    case passed(output: String?)
    case failure(message: String, type: String, text: String)
    case error(message: String, type: String, text: String)
    case skipped(message: String)
  }

  private struct Case {
    var name: String
    var classname: String
    var file: String
    var outcome: Outcome
  }

  public func render(_ report: CheckReport) -> String {
    var suites = ""
    var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
    for file in report.files {
      let cases = testCases(file, failOn: report.failOn)
      var counts = (tests: cases.count, failures: 0, errors: 0, skipped: 0)
      for testCase in cases {
        switch testCase.outcome {
        case .passed: break
        case .failure: counts.failures += 1
        case .error: counts.errors += 1
        case .skipped: counts.skipped += 1
        }
      }
      totals.tests += counts.tests
      totals.failures += counts.failures
      totals.errors += counts.errors
      totals.skipped += counts.skipped

      var suiteName = file.path
      if let kommun = Words.kommun(file.kommun) { suiteName += " (\(kommun))" }
      suites +=
        "  <testsuite name=\"\(Escape.xml(suiteName))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\""
      suites += " errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\">\n"
      suites += "    <properties>\n"
      suites += property("status", file.status.rawValue)
      suites += property("verdict", Words.verdict(file, language))
      if let notice = report.configuration {
        suites += property("configuration", Words.configuration(notice, language))
      }
      suites += "    </properties>\n"
      for testCase in cases { suites += element(testCase) }
      suites += "  </testsuite>\n"
    }

    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"\(Escape.xml("\(ToolInfo.name) \(Words.asOf(report.asOf, language))"))\""
    out +=
      " tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n"
    out += suites
    out += "</testsuites>\n"
    return out
  }

  private func property(_ name: String, _ value: String) -> String {
    "      <property name=\"\(Escape.xml(name))\" value=\"\(Escape.xml(value))\"/>\n"
  }

  private func testCases(_ file: FileResult, failOn: Severity?) -> [Case] {
    if let error = file.readError {
      let place = error.location.map { "\(file.path):\($0.line):\($0.column)" } ?? file.path
      let message = error.message.text(language)
      let outcome: Outcome =
        file.status == .skipped
        ? .skipped(message: message)
        : .error(message: Escape.oneLine(message), type: error.kind.rawValue, text: "\(place)\n\(message)")
      let name = language.say(sv: "Läsa dokumentet", en: "Read the document")
      return [Case(name: name, classname: file.path, file: file.path, outcome: outcome)]
    }
    if file.findings.isEmpty {
      return [
        Case(name: Words.verdict(file, language), classname: file.path, file: file.path, outcome: .passed(output: nil))
      ]
    }
    return file.findings.sorted(by: Finding.documentOrder).map { finding in
      let message = finding.message.text(language)
      let name = "\(finding.ruleId) \(Words.path(finding.location.path)): \(Escape.oneLine(message))"
      let outcome: Outcome
      if let suppression = finding.suppression {
        outcome = .skipped(message: Words.suppression(suppression, language))
      } else if finding.severity == .error || finding.fails(at: failOn) {
        outcome = .failure(message: Escape.oneLine(message), type: finding.severity.rawValue, text: details(finding))
      } else {
        outcome = .passed(output: details(finding))
      }
      return Case(name: name, classname: file.path, file: finding.location.file, outcome: outcome)
    }
  }

  /// The full text of a finding: what, where, which rule and source asks for it.
  private func details(_ finding: Finding) -> String {
    var lines = [
      "\(Words.severity(finding.severity, language)): \(finding.message.text(language))",
      finding.location.word == nil
        ? "\(finding.location.file):\(finding.location.line):\(finding.location.column) \(Words.path(finding.location.path))"
        : "\(finding.location.file): \(Words.place(finding.location, language)) \(Words.path(finding.location.path))",
      language.say(sv: "Regel: ", en: "Rule: ")
        + "\(finding.ruleId) (\(finding.obligation): \(Words.obligation(finding.obligation, ruleSet, language)))",
      language.say(sv: "Grund: ", en: "Basis: ") + Words.basis(finding.basis, language),
      language.say(sv: "Hänvisning: ", en: "Reference: ")
        + "\(finding.reference.citation(language)): \(finding.reference.summary.text(language))",
    ]
    if let url = finding.reference.url { lines.append(url) }
    if let date = finding.outdatedSince { lines.append(Words.outdatedSince(date, language)) }
    return lines.joined(separator: "\n")
  }

  private func element(_ testCase: Case) -> String {
    var out = "    <testcase name=\"\(Escape.xml(testCase.name))\" classname=\"\(Escape.xml(testCase.classname))\""
    out += " file=\"\(Escape.xml(testCase.file))\""
    switch testCase.outcome {
    case .passed(nil):
      out += "/>\n"
    case .passed(let output?):
      out += ">\n      <system-out>\(Escape.xml(output))</system-out>\n    </testcase>\n"
    case .failure(let message, let type, let text):
      out += ">\n      <failure message=\"\(Escape.xml(message))\" type=\"\(Escape.xml(type))\">"
      out += "\(Escape.xml(text))</failure>\n    </testcase>\n"
    case .error(let message, let type, let text):
      out += ">\n      <error message=\"\(Escape.xml(message))\" type=\"\(Escape.xml(type))\">"
      out += "\(Escape.xml(text))</error>\n    </testcase>\n"
    case .skipped(let message):
      out += ">\n      <skipped message=\"\(Escape.xml(message))\"/>\n    </testcase>\n"
    }
    return out
  }
}
