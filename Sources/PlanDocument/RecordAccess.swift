/// Read access to a record's structure for code outside this module that walks the record array itself
/// (the rule engine's selector automaton), so that it needs no `Node` per record.
extension DocumentStorage.Record {
  /// `Node.Kind`'s code: 0 object, 1 array, 2 string, 3 number, 4 boolean, 5 null.
  public var kindCode: UInt8 { kindBits & 0x7F }
  /// The member's spelling id (≥ 0); -2 - its index for an array item; -1 for the root.
  public var nameCode: Int32 { name }
  /// One past the node's last descendant: the id of its next sibling, if it has one.
  public var subtreeEnd: Int32 { end }
}
