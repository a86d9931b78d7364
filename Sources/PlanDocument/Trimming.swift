extension String {
  /// The text without the white space at either end, as Foundation's `trimmingCharacters(in:)` gives
  /// it: with `newlines` (the default) every scalar with Unicode's White_Space property, the set
  /// `.whitespacesAndNewlines`; without, only `.whitespaces` (General Category Zs and the tab). Both of
  /// Foundation's sets also hold U+200B ZERO WIDTH SPACE, which Unicode no longer counts as a space.
  /// Foundation trims through NSString, whose first use in a process scans the protocol conformances:
  /// a cost on every start (docs/engine.md, "Start-up").
  public func trimmingWhiteSpace(newlines: Bool = true) -> String {
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      if scalar == "\u{200B}" { return true }
      return newlines
        ? scalar.properties.isWhitespace
        : scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = scalars.lastIndex { !isSpace($0) } ?? first
    return String(scalars[first...last])
  }
}
