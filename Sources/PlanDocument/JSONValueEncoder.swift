/// Encodes an `Encodable` value as a `JSONValue`, its members in the order its `encode(to:)` writes
/// them: a `Codable` model can then be written with the ordered layout of `JSONValue.serialized`
/// (Foundation's encoder sorts or scrambles keys) and read back with any decoder.
public enum JSONValueEncoder {
  public static func encode(_ value: some Encodable) throws -> JSONValue {
    let slot = Slot()
    try slot.store(value, codingPath: [])
    return slot.value
  }

  /// One value being written: a scalar, or an object or array whose members are slots of their own,
  /// filled as the containers are written to.
  final class Slot {
    var scalar: JSONValue = .null
    var members: [(String, Slot)]?
    var items: [Slot]?

    var value: JSONValue {
      if let members { return .object(members.map { ($0.0, $0.1.value) }) }
      if let items { return .array(items.map(\.value)) }
      return scalar
    }

    func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
      switch value {
      case let text as String: scalar = .string(text)
      case let flag as Bool: scalar = .bool(flag)
      case let number as Int: scalar = .int(number)
      case let number as Double: scalar = .number("\(number)")
      default: try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
      }
    }

    func member(_ key: String) -> Slot {
      let slot = Slot()
      if members == nil { members = [] }
      members!.append((key, slot))
      return slot
    }

    func item() -> Slot {
      let slot = Slot()
      if items == nil { items = [] }
      items!.append(slot)
      return slot
    }
  }

  struct SlotEncoder: Encoder {
    let slot: Slot
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      if slot.members == nil { slot.members = [] }
      return KeyedEncodingContainer(Keyed<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
      if slot.items == nil { slot.items = [] }
      return Unkeyed(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot, codingPath: codingPath) }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).scalar = .null }
    // The scalars a report is mostly made of, written directly: through the generic method each one
    // was cast to every scalar type in turn and given a coding path of its own (half of the report's
    // cost, docs/engine.md "Start-up, fifth round").
    mutating func encode(_ value: String, forKey key: Key) throws {
      slot.member(key.stringValue).scalar = .string(value)
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws { slot.member(key.stringValue).scalar = .bool(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { slot.member(key.stringValue).scalar = .int(value) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
      try slot.member(key.stringValue).store(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<Nested: CodingKey>(
      keyedBy keyType: Nested.Type, forKey key: Key
    ) -> KeyedEncodingContainer<Nested> {
      SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
      SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]
    var count: Int { slot.items?.count ?? 0 }

    mutating func encodeNil() throws { slot.item().scalar = .null }
    mutating func encode(_ value: String) throws { slot.item().scalar = .string(value) }
    mutating func encode(_ value: some Encodable) throws { try slot.item().store(value, codingPath: codingPath) }
    mutating func nestedContainer<Nested: CodingKey>(keyedBy keyType: Nested.Type) -> KeyedEncodingContainer<Nested> {
      SlotEncoder(slot: slot.item(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      SlotEncoder(slot: slot.item(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.item(), codingPath: codingPath) }
  }

  struct Single: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.scalar = .null }
    mutating func encode(_ value: some Encodable) throws { try slot.store(value, codingPath: codingPath) }
  }
}
