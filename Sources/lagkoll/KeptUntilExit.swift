/// What a command holds until the process ends and need not free one object at a time: the process
/// exits as soon as the command returns, and the kernel takes its memory back whole. Freeing the
/// checker of a `check` (its rule set, thousands of small objects) was 0.75 M instructions of a
/// typical Word plan's 21 M on the thread the user waits for (docs/engine.md, "Start-up, fourth round").
/// Only the command line's own thread keeps values here, and only at the end of a command.
enum KeptUntilExit {
  nonisolated(unsafe) private static var values: [Any] = []

  static func keep(_ value: Any) { values.append(value) }
}
