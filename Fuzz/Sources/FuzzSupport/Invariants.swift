import PlanDocument

/// Checks that hold for whatever a reader returns, so that the fuzzer finds wrong answers as well as
/// crashes: every location lies inside the input, lines and columns start at 1, and an error's location
/// (when it has one) does too. A broken invariant traps, which libFuzzer reports as a crash.
public enum Invariants {
  public static func check(_ location: SourceLocation, count: Int, _ what: @autoclosure () -> String) {
    if location.offset < 0 || location.offset > count || location.line < 1 || location.column < 1
      || location.column > location.offset + 1 || location.line > location.offset + 1
    {
      fatalError("location \(location) (offset \(location.offset)) out of range for \(count) bytes: \(what())")
    }
  }

  public static func check(_ result: ParseResult, count: Int) {
    var nodes = 0
    result.root.walk { pointer, node, member in
      nodes += 1
      check(node.location, count: count, "node \(pointer)")
      if let member { check(member.keyLocation, count: count, "key \(pointer)") }
    }
    if nodes > count + 1 {
      fatalError("\(nodes) nodes from \(count) bytes")
    }
    for diagnostic in result.diagnostics {
      check(diagnostic.location, count: count, "diagnostic \(diagnostic.message.en)")
    }
  }

  public static func check(_ error: ReadError, count: Int) {
    if let location = error.location { check(location, count: count, "error \(error.message.en)") }
    if error.message.sv.isEmpty || error.message.en.isEmpty { fatalError("an error without a message") }
  }
}
