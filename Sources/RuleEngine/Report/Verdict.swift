/// What a report says about one file, the same in every format.
public enum Verdict: String, Sendable, CaseIterable {
  /// No error or warning that counts.
  case ready
  /// No error, but warnings (mostly guidance, or a duty to strive).
  case readyWithWarnings = "ready-with-warnings"
  /// No error, but something is outdated (a plan from an earlier mandate period, an expired agreement).
  case outdated
  /// At least one error that counts.
  case notReady = "not-ready"
  case unreadable
  case skipped

  /// Whether the file may be called ready in any form.
  public var isReady: Bool { self == .ready || self == .readyWithWarnings }
}
