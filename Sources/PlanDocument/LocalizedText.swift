/// The languages of user-facing text: Swedish first, English on request.
public enum Language: String, Sendable, CaseIterable, Codable {
  case sv, en
}

/// A text in both user languages.
public struct LocalizedText: Sendable, Hashable, Codable {
  public var sv: String
  public var en: String

  public init(sv: String, en: String) {
    self.sv = sv
    self.en = en
  }

  public func text(_ language: Language) -> String {
    switch language {
    case .sv: sv
    case .en: en
    }
  }
}

extension Language {
  /// The one way code says something in both languages where it is said:
  /// `language.say(sv: "Källor", en: "Sources")`. Both wordings are required, and labelled, so that a
  /// test (`WordingTests`) finds a missing or untranslated English text; a text kept for later is a
  /// `LocalizedText`. Only the chosen wording is built.
  @inlinable
  public func say<Text>(sv: @autoclosure () -> Text, en: @autoclosure () -> Text) -> Text {
    switch self {
    case .sv: sv()
    case .en: en()
    }
  }
}
