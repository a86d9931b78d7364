/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator whose whole state is one 64-bit
/// number, so the same seed gives the same documents on every machine and every Swift version. Foundation's
/// and the standard library's system generators are neither seedable nor stable, and are not used.
struct SplitMix64: RandomNumberGenerator {
  private(set) var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `range`, without the bias of a plain modulo (Lemire's method would do too; rejection is
  /// simpler and the ranges here are tiny).
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) + 1
    let limit = UInt64.max - UInt64.max % span
    var value = next()
    while value >= limit { value = next() }
    return range.lowerBound + Int(value % span)
  }

  /// True with probability `percent` / 100.
  mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  /// `count` different items in their original order.
  mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
    var indices = Array(items.indices)
    var chosen: [Int] = []
    for _ in 0..<min(count, items.count) {
      chosen.append(indices.remove(at: int(0...(indices.count - 1))))
    }
    return chosen.sorted().map { items[$0] }
  }

  /// An independent generator for one part of the output (one municipality), so that what is generated
  /// for one does not depend on how many others came before it.
  func derived(_ salt: UInt64) -> SplitMix64 {
    var mixer = SplitMix64(seed: state ^ (salt &* 0xD1B5_4A32_D192_ED03))
    return SplitMix64(seed: mixer.next())
  }
}
