/// A node's scalar as the bytes the tree keeps, for predicates that compare, test or parse values on
/// every node of a large plan (the `value` check's `is:` on every value of a `/**` selection, dates):
/// decoding a String per test was most of their cost.
extension Node {
  /// Calls `body` with the node's kind and, for a string or a number, its text as UTF-8 in place (in
  /// the input or the tree's text buffer; valid only inside `body`); empty for other kinds. One read
  /// of the node's record, no String.
  ///
  /// Not generic: a generic function of this module is not specialized in its callers' modules (its
  /// body is not inlinable), and the unspecialized call cost more than the String it replaced. A
  /// caller that wants another result captures a variable.
  public func withKindAndUTF8(_ body: (Kind, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
    let kind = storage.kind(id)
    guard kind == .string || kind == .number else { return body(kind, UnsafeBufferPointer(start: nil, count: 0)) }
    return storage.withText(id) { body(kind, $0) }
  }

  /// The value of a boolean; nil for other kinds.
  public var boolean: Bool? {
    kind == .boolean ? record.textStart != 0 : nil
  }
}
