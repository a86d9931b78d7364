import PlanDocument

/// What a finding rests on: the law itself, national guidance, the document's own integrity (the three
/// an obligation may have), or the kommun's configuration (lagkoll's notices about `.lagkoll.yaml`).
public enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
  case lag
  case vagledning = "vägledning"
  case dokument
  /// The kommun's own configuration (`.lagkoll.yaml`): a notice about it, not about the plan. No rule
  /// has it; only `ConfigurationFinding`s do.
  case konfiguration

  /// The severity a rule gets unless it says otherwise: duties of the law and a broken document are
  /// errors, guidance is a warning.
  public var defaultSeverity: Severity {
    switch self {
    case .lag, .dokument: .error
    case .vagledning, .konfiguration: .warning
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
public struct Citation: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable {
    case statute, guidance
    /// The kommun's own configuration file: what a configuration finding cites (`source` is the place).
    case configuration
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
  /// For statutes: the law's own words, verbatim (a paragraph with its points, or one point alone).
  public var text: String?
  /// For statutes: where the wording was checked (e.g. the Riksdag's consolidated text).
  public var verifiedAgainst: String?
  /// For statutes: the act that gave the paragraph its present wording (e.g. "2025:223"), if any.
  public var amendedBy: String?

  /// "4 § 1 p. SFS 2023:196" or the guidance title: how the reference reads in a message.
  public func citation(_ language: Language) -> String {
    switch kind {
    case .statute:
      var text = ""
      if let paragraf {
        // "4 §", but the transitional provisions are named, not numbered.
        if paragraf.allSatisfy(\.isNumber) {
          text += "\(paragraf) §"
        } else {
          text += language.say(sv: paragraf, en: "transitional provisions")
        }
      }
      if let punkt { text += language.say(sv: " \(punkt) p.", en: " point \(punkt)") }
      if let sfs { text += (text.isEmpty ? "" : " ") + "SFS \(sfs)" }
      if !verified {
        text += language.say(
          sv: " (paragrafnummer ej verifierat)",
          en: " (paragraph number not verified)")
      }
      return text
    case .guidance:
      return [source, title.text(language)].compactMap { $0 }.joined(separator: ": ")
    case .configuration:
      return source ?? title.text(language)
    }
  }
}

/// One duty from DOMAIN.md, with the stable id that every rule names.
public struct Obligation: Sendable, Hashable, Codable {
  public var id: String
  public var basis: Basis
  /// The severity of its rules unless a rule says otherwise.
  public var defaultSeverity: Severity
  public var title: LocalizedText
  public var description: LocalizedText
  /// Ids into the reference catalogue; the first is the one findings cite by default.
  public var references: [String]
  /// What the engine does with the obligation's findings beyond the matrix (`roller:`).
  public var roles: [ObligationRole] = []
}

/// What the engine itself does with an obligation, named in the rule data (`roller:` in
/// skyldigheter.yaml) so that no obligation id is written in Swift.
public enum ObligationRole: String, Sendable, Hashable, Codable, CaseIterable {
  /// A finding that counts (a warning or worse) means the document is outdated: the plan or the
  /// lägesbild is not current.
  case marksOutdated = "inaktuell"
  /// 6 §: the lägesbild is updated at least every other year; the interval of the obligation's rule
  /// says when the next update is due.
  case lagesbildUpdate = "lagesbild-uppdatering"
  /// 6 §: the action plan is followed up at least every other year; a failing state is an overdue
  /// follow-up, and the interval of the obligation's rule says when the next is due.
  case planFollowUp = "plan-uppfoljning"
}

extension RuleSet {
  /// The ids of the obligations with `role`, in rule-set order.
  public func obligations(with role: ObligationRole) -> [String] {
    obligations.filter { $0.roles.contains(role) }.map(\.id)
  }
}

extension RuleSet {
  /// The paragraph a reference belongs to: the reference itself, or for a point (4 § 1 p.) the whole
  /// paragraph when the catalogue has it, so the point is read in its context.
  public func paragraph(of reference: Citation) -> Citation {
    guard reference.kind == .statute, reference.punkt != nil else { return reference }
    return references.values.first {
      $0.kind == .statute && $0.sfs == reference.sfs && $0.paragraf == reference.paragraf && $0.punkt == nil
    } ?? reference
  }

  /// The law's own words for a statutory reference (a point is shown in its whole paragraph); nil for
  /// guidance and for paragraphs whose text the catalogue does not hold.
  public func lawText(of reference: Citation) -> String? {
    guard reference.kind == .statute else { return nil }
    return paragraph(of: reference).text ?? reference.text
  }

  /// The statute entries a citation such as `6§`, `6 §`, `12 § 3 p.`, `12 § 3 punkten` or
  /// `övergångsbestämmelser 2` names, in catalogue order: a paragraph with its points, or one point.
  /// Nil when the text is not a citation at all; empty when it is one the catalogue lacks.
  public func statutes(cited text: String) -> [Citation]? {
    guard let citation = WrittenCitation(text) else { return nil }
    let all = references.values.filter { $0.kind == .statute && $0.sfs == "2023:196" }
    let matching = all.filter { reference in
      guard reference.paragraf == citation.paragraf else { return false }
      if let point = citation.punkt { return reference.punkt == point }
      return true
    }
    return matching.sorted { (Int($0.punkt ?? "0") ?? 0, $0.id) < (Int($1.punkt ?? "0") ?? 0, $1.id) }
  }
}

/// A paragraph (and point) of SFS 2023:196 as a person writes it: `6§`, `6 §`, `4 § 1 p.`,
/// `12 § 3 punkten`, `övergångsbestämmelser 2` (or `ob 2`).
public struct WrittenCitation: Sendable, Hashable {
  public var paragraf: String
  public var punkt: String?

  public init?(_ text: String) {
    let words = text.lowercased()
      .replacing("§", with: " § ")
      .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
      .map(String.init)
    guard let first = words.first else { return nil }
    var rest = words.dropFirst()
    if first.allSatisfy(\.isNumber) {
      guard rest.first == "§" else { return nil }
      paragraf = first
      rest = rest.dropFirst()
    } else if ["övergångsbestämmelser", "övergångsbestämmelserna", "ob"].contains(first) {
      paragraf = "övergångsbestämmelser"
    } else {
      return nil
    }
    // What may follow: a point number with "p.", "p", "punkt", "punkten" on either side, or nothing.
    let filler: Set<String> = ["p.", "p", "punkt", "punkten", "sfs", "2023:196"]
    let numbers = rest.filter { !filler.contains($0) }
    guard numbers.count <= 1, numbers.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
    punkt = numbers.first
  }
}
