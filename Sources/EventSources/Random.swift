#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// xoshiro256** seeded through SplitMix64: fast, and the same sequence on every platform, which
/// `SystemRandomNumberGenerator` does not promise.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// Uniform in [0, 1).
  @inline(__always)
  public mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in 0..<n.
  @inline(__always)
  public mutating func below(_ n: Int) -> Int {
    Int(truncatingIfNeeded: (next() >> 1) % UInt64(n))
  }

  /// Exponentially distributed with the given mean.
  public mutating func exponential(mean: Double) -> Double {
    -mean * log1p(-unit())
  }

  /// Log-normal with the given median and shape σ.
  public mutating func logNormal(median: Double, sigma: Double) -> Double {
    median * exp(sigma * gaussian())
  }

  /// Standard normal (Box–Muller).
  public mutating func gaussian() -> Double {
    let u = max(unit(), 1e-300)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
  }

  /// A rank in 1...n with P(r) ∝ 1/r (log-uniform), the heavy tail of web popularity.
  public mutating func zipfRank(_ n: Int) -> Int {
    min(n, Int(exp(unit() * log(Double(n) + 1))))
  }
}
