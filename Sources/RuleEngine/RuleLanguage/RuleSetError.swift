import PlanDocument
import Yams

/// An error in a rule-set file: the file, where in it, and what was expected, in words a rule author
/// (a civil servant, not a programmer) can act on.
public struct RuleSetError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public var message: LocalizedText

  public init(file: String, line: Int, column: Int, message: LocalizedText) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public func text(_ language: Language) -> String {
    "\(file):\(line):\(column): \(language.say(sv: "fel", en: "error")): \(message.text(language))"
  }

  public var description: String { text(.en) }
}

extension RuleSetError {
  init(yamlError: YamlError, file: String) {
    var line = 1
    var column = 1
    var problem = "\(yamlError)"
    switch yamlError {
    case .scanner(_, let text, let mark, _), .parser(_, let text, let mark, _), .composer(_, let text, let mark, _):
      line = mark.line
      column = mark.column
      problem = text
    case .duplicatedKeysInMapping(let keys, let context):
      line = context.mark.line
      column = context.mark.column
      self.init(
        file: file, line: line, column: column,
        message: LocalizedText(
          sv: "nyckeln finns flera gånger i samma mappning: \(keys.joined(separator: ", "))",
          en: "the key occurs more than once in one mapping: \(keys.joined(separator: ", "))"))
      return
    default:
      problem = problem.split(separator: "\n").first.map(String.init) ?? problem
    }
    self.init(
      file: file, line: line, column: column,
      message: LocalizedText(sv: "ogiltig YAML: \(YAMLProblem.swedish(problem))", en: "invalid YAML: \(problem)"))
  }
}
