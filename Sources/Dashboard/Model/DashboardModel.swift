import Analytics
import TerminalUI

/// Everything that happens to the dashboard, handled by one `update` in one loop.
public enum DashboardMessage: Sendable, Equatable {
  case key(Key)
  /// A new frame of data from the engine and the source.
  case data(DashboardData)
  case resize(width: Int, height: Int)
}

/// What `update` asks the loop to do beyond changing the model.
public enum DashboardCommand: Sendable, Equatable {
  case quit
  case setPaused(Bool)
  case setWindow(Micros)
  /// Multiply the replay speed by this factor.
  case scaleSpeed(Double)
  case reset
  /// Take a frame from the engine now (the model needs more than the last frame holds).
  case refresh
}

/// The dashboard's state: what it shows and how (bubbletea's Model). Only `update` changes it.
///
/// While paused the panels keep the last frame, with one exception: a key that changes what the
/// engine holds or is asked for (`w`, `r`, scrolling past the pages the frame holds) takes exactly
/// one fresh frame, so that labels and figures always come from the same frame. Ingestion stops
/// while paused, so for a replay that frame is the paused moment itself. Labels such as the
/// window are never set ahead of the data: they change when the frame that has them arrives.
public struct DashboardModel: Sendable {
  public enum Focus: Sendable, Equatable, CaseIterable {
    case pages, alerts
  }

  public var data: DashboardData
  public var width: Int
  public var height: Int
  public var themes: [Theme]
  public var themeIndex = 0
  public var monochrome: Bool
  public var showHelp = false
  public var focus = Focus.pages
  public var pagesScroll = 0
  public var alertsScroll = 0
  public var paused = false
  /// The windows `w` cycles through.
  public var windows: [Micros]
  /// The window last asked of the engine, until a frame with it arrives (so that `w` pressed
  /// twice before a frame still cycles on).
  private var requestedWindow: Micros?
  /// While paused, the next frame is taken anyway (a key asked for fresh data).
  public private(set) var takesNextFrame = false
  /// Most top pages a frame fetches for scrolling: pages past these cannot be scrolled to. The
  /// engine's top(n) costs more as n grows, and it is asked five times a second.
  public static let scrollablePages = 1_000
  /// Top pages fetched per frame when the list is near its top.
  public static let fetchedPages = 200
  /// Active users per second of event time, oldest first (the sparkline): the engine's samples at
  /// each whole second before now, then the value now. Frozen while paused, like every panel.
  public var userHistory: [(second: Int64, users: Int)] {
    guard let snapshot else { return [] }
    var history = data.engine.userHistory.suffix(Self.historyLength - 1).map {
      (second: Timestamp.floorDiv($0.time, 1_000_000), users: $0.activeUsers)
    }
    history.append((second: Timestamp.floorDiv(snapshot.time, 1_000_000), users: snapshot.activeUsers))
    return history
  }
  /// A short message for the status line (the theme, a reset); it fades after `noticeFrames`
  /// frames of data.
  public var notice: String? {
    didSet { noticeFrames = 15 }
  }
  /// The window just changed: the status bar highlights its window field (rather than repeating
  /// it in a notice); fades with the notice.
  public private(set) var windowChanged = false {
    didSet { if windowChanged { noticeFrames = 15 } }
  }
  private var noticeFrames = 0
  public static let historyLength = 600

  public init(data: DashboardData, width: Int, height: Int, themes: [Theme], monochrome: Bool, windows: [Micros]) {
    self.data = data
    self.width = width
    self.height = height
    self.themes = themes.isEmpty ? [.standard] : themes
    self.monochrome = monochrome
    self.windows = windows
  }

  public var theme: Theme { monochrome ? themes[themeIndex].monochrome : themes[themeIndex] }
  public var snapshot: Snapshot? { data.engine.snapshot }

  // MARK: - Update

  /// Applies a message and returns what the loop must do.
  public mutating func update(_ message: DashboardMessage) -> [DashboardCommand] {
    switch message {
    case .resize(let w, let h):
      width = w
      height = h
      clampScroll()
      return []
    case .data(let data):
      if notice != nil || windowChanged {
        noticeFrames -= 1
        if noticeFrames <= 0 {
          notice = nil
          windowChanged = false
        }
      }
      guard !paused || takesNextFrame else { return [] }
      takesNextFrame = false
      self.data = data
      if requestedWindow == data.window { requestedWindow = nil }
      clampScroll()
      return []
    case .key(let key):
      return handle(key)
    }
  }

  private mutating func handle(_ key: Key) -> [DashboardCommand] {
    if showHelp {
      switch key {
      case .character("q"), .character("Q"), .interrupt: return [.quit]
      case .resize: return []
      default:
        showHelp = false
        return []
      }
    }
    switch key {
    case .character("q"), .character("Q"), .interrupt:
      return [.quit]
    case .character(" "):
      paused.toggle()
      return [.setPaused(paused)]
    case .character("+"), .character("="), .character("-"), .character("_"):
      guard data.source.speed != nil else {
        notice = "+/- change a replay's speed"
        return []
      }
      takesNextFrame = paused  // so that the paused status shows the new speed
      return [.scaleSpeed(key == .character("+") || key == .character("=") ? 2 : 0.5)]
    case .character("w"), .character("W"):
      let current = windows.firstIndex(of: requestedWindow ?? data.window) ?? -1
      let next = windows[(current + 1) % windows.count]
      requestedWindow = next
      windowChanged = true
      takesNextFrame = paused
      return [.setWindow(next)]
    case .character("t"), .character("T"):
      themeIndex = (themeIndex + 1) % themes.count
      notice = "theme \(themes[themeIndex].name)"
      return []
    case .character("?"), .character("h"):
      showHelp = true
      return []
    case .character("r"), .character("R"):
      pagesScroll = 0
      alertsScroll = 0
      notice = "reset"
      takesNextFrame = paused
      return [.reset]
    case .tab, .backTab:
      let all = Focus.allCases
      let index = all.firstIndex(of: focus)!
      focus = all[(index + (key == .tab ? 1 : all.count - 1)) % all.count]
      return []
    case .up: return scroll(by: -1)
    case .down: return scroll(by: 1)
    case .pageUp: return scroll(by: -max(1, visibleRows.pages - 1))
    case .pageDown: return scroll(by: max(1, visibleRows.pages - 1))
    case .home: return scroll(by: -Int(Int32.max))
    case .end: return scroll(by: Int(Int32.max))
    default: break
    }
    return []
  }

  // MARK: - Scrolling

  /// Rows of the pages and alerts lists at the current size.
  public var visibleRows: (pages: Int, alerts: Int) {
    DashboardView.listRows(width: width, height: height)
  }

  /// Pages that scrolling can reach: every page in the window up to `scrollablePages`.
  public var reachablePages: Int {
    min(Self.scrollablePages, max(snapshot?.distinctPages ?? 0, snapshot?.topPages.count ?? 0))
  }

  /// Top pages the next frame should hold: enough for the rows scrolled to.
  public var wantedPages: Int {
    min(Self.scrollablePages, max(Self.fetchedPages, pagesScroll + visibleRows.pages))
  }

  /// Scrolls the focused list; the last item stops on the last row. Asks for a fresh frame when
  /// the pages scrolled to are past those the frame holds.
  private mutating func scroll(by delta: Int) -> [DashboardCommand] {
    switch focus {
    case .pages:
      pagesScroll = max(0, pagesScroll + delta)
    case .alerts:
      alertsScroll = max(0, alertsScroll + delta)
    }
    clampScroll()
    guard focus == .pages, pagesScroll + visibleRows.pages > (snapshot?.topPages.count ?? 0),
      (snapshot?.topPages.count ?? 0) < reachablePages
    else { return [] }
    takesNextFrame = paused
    return [.refresh]
  }

  private mutating func clampScroll() {
    let rows = visibleRows
    pagesScroll = max(0, min(pagesScroll, reachablePages - rows.pages))
    alertsScroll = max(0, min(alertsScroll, data.engine.alerts.count - rows.alerts))
  }

}
