import PlanDocument

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
