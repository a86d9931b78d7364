import PlanDocument

/// What an obligation rests on: the law itself, national guidance, or the document's own integrity.
public enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
  case lag
  case vagledning = "vägledning"
  case dokument

  /// The severity a rule gets unless it says otherwise: duties of the law and a broken document are
  /// errors, guidance is a warning.
  public var defaultSeverity: Severity {
    switch self {
    case .lag, .dokument: .error
    case .vagledning: .warning
    }
  }
}

public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case error, warning, info

  private var rank: Int {
    switch self {
    case .error: 3
    case .warning: 2
    case .info: 1
    }
  }

  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A source a rule can cite: a paragraph (and point) of SFS 2023:196 or another statute, or a piece of
/// national guidance. Kept as data so that correcting a paragraph number is a one-line change.
public struct Reference: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case statute, guidance
  }

  public var id: String
  public var kind: Kind
  /// SFS number, for statutes (e.g. "2023:196").
  public var sfs: String?
  public var paragraf: String?
  public var punkt: String?
  /// Whether the paragraph number and wording were checked against the official text.
  public var verified: Bool
  public var url: String?
  /// For guidance: who issued it (Brå, SKR, Polisen, the inquiry SOU 2021:49).
  public var source: String?
  public var title: LocalizedText
  /// What the source says, in our own words.
  public var summary: LocalizedText
  public var validFrom: CivilDate?
  public var validTo: CivilDate?

  /// "4 § 1 p. SFS 2023:196" or the guidance title: how the reference reads in a message.
  public func citation(_ language: Language) -> String {
    switch kind {
    case .statute:
      var text = ""
      if let paragraf {
        // "4 §", but the transitional provisions are named, not numbered.
        text += paragraf.allSatisfy(\.isNumber) ? "\(paragraf) §" : paragraf
      }
      if let punkt { text += language == .sv ? " \(punkt) p." : " point \(punkt)" }
      if let sfs { text += (text.isEmpty ? "" : " ") + "SFS \(sfs)" }
      if !verified { text += language == .sv ? " (paragrafnummer ej verifierat)" : " (paragraph number not verified)" }
      return text
    case .guidance:
      return [source, title.text(language)].compactMap { $0 }.joined(separator: ": ")
    }
  }
}

/// One duty from DOMAIN.md, with the stable id that every rule names.
public struct Obligation: Sendable, Hashable {
  public var id: String
  public var basis: Basis
  public var title: LocalizedText
  public var description: LocalizedText
  /// Ids into the reference catalogue; the first is the one findings cite by default.
  public var references: [String]
}
