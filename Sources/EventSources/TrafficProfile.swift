/// How the generator's traffic changes over time.
public enum TrafficProfile: String, Sendable, CaseIterable {
  /// The same rate all the time.
  case steady
  /// A day's rhythm compressed into `diurnalPeriod`: quiet nights, a morning rise, a lunch peak
  /// and the evening's busiest hours. The average rate over a day is `--rate`.
  case diurnal
  /// Every `flashSalePeriod` a sale of `flashSaleLength`: twice the visitors, and those who come
  /// during the sale put things in the cart and buy far more often, so purchase alerts pour in.
  case flashSale = "flash-sale"
  /// Every `botBurstPeriod` a wave of crawlers: for `botBurstLength` a third of new sessions are
  /// bots with more than 100 events each.
  case botBurst = "bot-burst"

  /// One compressed day (12 minutes: a minute of stream is two hours of the day).
  public static let diurnalPeriod: Double = 720
  public static let flashSalePeriod: Double = 240
  public static let flashSaleLength: Double = 60
  public static let botBurstPeriod: Double = 180
  public static let botBurstLength: Double = 40

  /// Relative traffic by hour of the day, mean 1 (from typical web-shop analytics).
  static let hourly: [Double] = {
    let shape: [Double] = [
      0.35, 0.25, 0.18, 0.15, 0.15, 0.2, 0.35, 0.6, 0.85, 1.0, 1.1, 1.2,
      1.35, 1.3, 1.15, 1.1, 1.15, 1.25, 1.4, 1.6, 1.65, 1.5, 1.1, 0.7,
    ]
    let mean = shape.reduce(0, +) / Double(shape.count)
    return shape.map { $0 / mean }
  }()

  /// The arrival rate multiplier `seconds` after the stream started.
  public func rateMultiplier(at seconds: Double) -> Double {
    switch self {
    case .steady, .botBurst:
      return 1
    case .diurnal:
      // The stream starts at 08:00 of the compressed day; interpolate between hours.
      let hour = (8 + seconds / Self.diurnalPeriod * 24).truncatingRemainder(dividingBy: 24)
      let low = Int(hour)
      let fraction = hour - Double(low)
      return Self.hourly[low] * (1 - fraction) + Self.hourly[(low + 1) % 24] * fraction
    case .flashSale:
      return isFlashSale(at: seconds) ? 2 : 1
    }
  }

  /// Whether a flash sale is on (the first starts a minute in).
  public func isFlashSale(at seconds: Double) -> Bool {
    guard self == .flashSale, seconds >= 60 else { return false }
    return (seconds - 60).truncatingRemainder(dividingBy: Self.flashSalePeriod) < Self.flashSaleLength
  }

  /// The share of new sessions that are bots.
  public func botShare(at seconds: Double, normal: Double) -> Double {
    guard self == .botBurst, seconds >= 30 else { return normal }
    return (seconds - 30).truncatingRemainder(dividingBy: Self.botBurstPeriod) < Self.botBurstLength ? 0.33 : normal
  }
}
