/// The synthetic shop the generator browses: pages, products, referrers and search terms.
enum Catalog {
  static let products = 240
  static let sections = ["shoes", "jackets", "bags", "watches", "hats", "socks", "gloves", "shirts"]

  /// Page paths; index 0 is the home page. Popularity follows the order (Zipf-like).
  static let pages: [String] = {
    var paths = [
      "/", "/products", "/sale", "/cart", "/pricing", "/checkout", "/search", "/about",
      "/blog", "/account", "/help", "/shipping", "/returns", "/contact", "/login", "/signup",
    ]
    for section in sections { paths.append("/products/\(section)") }
    for product in 0..<products {
      paths.append("/products/\(sections[product % sections.count])/item-\(product)")
    }
    for post in [
      "black-friday-deals", "how-to-choose-running-shoes", "winter-layering-guide",
      "care-for-leather", "gift-ideas-under-50", "our-sustainability-report",
    ] {
      paths.append("/blog/\(post)")
    }
    return paths
  }()

  static var pageCount: Int { pages.count }

  /// The names as bytes, for writing events without going through String.
  static let pageBytes = pages.map { Array($0.utf8) }
  static let referrerBytes = referrers.map { Array($0.utf8) }
  static let queryBytes = queries.map { Array($0.utf8) }
  static let actionBytes = TrafficGenerator.Action.allCases.map { Array($0.rawValue.utf8) }

  static let referrers = [
    "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/",
    "https://t.co/", "https://www.facebook.com/", "https://www.instagram.com/",
    "https://news.ycombinator.com/", "https://www.reddit.com/r/frugal/", "https://newsletter.example.com/",
    "https://www.pinterest.com/",
  ]

  static let queries = [
    "running shoes", "winter jacket", "leather bag", "smart watch", "wool socks", "rain jacket",
    "gift card", "sale", "black friday", "hiking boots", "sun hat", "gloves touchscreen",
  ]

  /// The price of a product in cents (stable per product).
  static func price(of product: Int) -> Int {
    let base = [1999, 2499, 3999, 4999, 7999, 12999, 899, 1499]
    return base[product % base.count] + (product * 37 % 10) * 100
  }

  /// Where a visitor lands: the home page, a section, or a product from search.
  static func landingPage(_ random: inout SeededRandom) -> Int {
    let roll = random.unit()
    if roll < 0.35 { return 0 }
    if roll < 0.5 { return 16 + random.below(sections.count) }
    return random.zipfRank(pages.count) - 1
  }

  /// The page a visitor goes to next.
  static func nextPage(from page: Int, _ random: inout SeededRandom) -> Int {
    let roll = random.unit()
    if roll < 0.15 { return 0 }
    if roll < 0.3 && page >= 16 && page < 16 + sections.count {
      // From a section into one of its products.
      let section = page - 16
      let item = random.below(products / sections.count) * sections.count + section
      return 16 + sections.count + item
    }
    return random.zipfRank(pages.count) - 1
  }
}
