/// A fast 64-bit hash of byte strings (multiply-fold mixing in the style of wyhash).
///
/// eventtop identifies users, sessions and pages by this hash of their UTF-8 bytes and never
/// compares the bytes again, so two distinct ids share an identity with probability about
/// n² / 2⁶⁵ (one in ten million for two million ids). The value 0 is never returned, so tables
/// can use 0 for an empty slot.
public enum ByteHash {
  private static let k0: UInt64 = 0xa076_1d64_78bd_642f
  private static let k1: UInt64 = 0xe703_7ed1_a0b4_28db
  private static let k2: UInt64 = 0x8ebc_6af0_9c88_c6e3

  @inline(__always)
  static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (high, low) = a.multipliedFullWidth(by: b)
    return high ^ low
  }

  /// Hashes `count` bytes at `start`; `seed` separates name spaces (user ids, session ids, pages).
  @inline(__always)
  public static func hash(_ start: UnsafePointer<UInt8>, count: Int, seed: UInt64 = 0) -> UInt64 {
    var h = seed ^ k0 ^ (UInt64(truncatingIfNeeded: count) &* k2)
    var p = UnsafeRawPointer(start)
    var remaining = count
    while remaining >= 8 {
      let word = p.loadUnaligned(as: UInt64.self)
      h = fold(h ^ word, k1)
      p += 8
      remaining -= 8
    }
    if remaining > 0 {
      var tail: UInt64 = 0
      for i in 0..<remaining {
        tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << (UInt64(i) * 8)
      }
      h = fold(h ^ tail, k2 ^ UInt64(truncatingIfNeeded: remaining))
    }
    h = fold(h ^ (h >> 29), k0)
    return h == 0 ? 1 : h
  }

  /// Hashes the bytes of an array (a convenience for tests and cold paths).
  public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else {
        var zero: UInt8 = 0
        return withUnsafePointer(to: &zero) { hash($0, count: 0, seed: seed) }
      }
      return hash(base, count: buffer.count, seed: seed)
    }
  }

  /// Hashes the UTF-8 bytes of a string.
  public static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
    hash(Array(text.utf8), seed: seed)
  }

  /// Mixes an existing hash into another name space (for sessions keyed by user id).
  @inline(__always)
  public static func rehash(_ value: UInt64, seed: UInt64) -> UInt64 {
    let h = fold(value ^ seed ^ k1, k2)
    return h == 0 ? 1 : h
  }

}

/// Name spaces for `ByteHash` seeds.
public enum HashSeed {
  public static let user: UInt64 = 0x5553_4552
  public static let session: UInt64 = 0x5345_5353
  public static let sessionFromUser: UInt64 = 0x5345_5355
  public static let page: UInt64 = 0x5041_4745
  public static let action: UInt64 = 0x4143_5449
}
