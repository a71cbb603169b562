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
}

/// The dashboard's state: what it shows and how (bubbletea's Model). Only `update` changes it.
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
  /// A short message for the status line (the new window, theme, a warning); it fades after
  /// `noticeFrames` frames of data.
  public var notice: String? {
    didSet { noticeFrames = 15 }
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
      return []
    case .data(let data):
      if notice != nil {
        noticeFrames -= 1
        if noticeFrames <= 0 { notice = nil }
      }
      guard !paused else { return [] }
      self.data = data
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
    case .character("+"), .character("="):
      return [.scaleSpeed(2)]
    case .character("-"), .character("_"):
      return [.scaleSpeed(0.5)]
    case .character("w"), .character("W"):
      let current = windows.firstIndex(of: data.window) ?? -1
      let next = windows[(current + 1) % windows.count]
      data.window = next
      notice = "window \(TimeSpan.format(next))"
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
      return [.reset]
    case .tab, .backTab:
      let all = Focus.allCases
      let index = all.firstIndex(of: focus)!
      focus = all[(index + (key == .tab ? 1 : all.count - 1)) % all.count]
      return []
    case .up: scroll(by: -1)
    case .down: scroll(by: 1)
    case .pageUp: scroll(by: -10)
    case .pageDown: scroll(by: 10)
    case .home: scroll(by: -1_000_000)
    case .end: scroll(by: 1_000_000)
    default: break
    }
    return []
  }

  private mutating func scroll(by delta: Int) {
    switch focus {
    case .pages: pagesScroll += delta
    case .alerts: alertsScroll += delta
    }
    clampScroll()
  }

  private mutating func clampScroll() {
    let pageCount = snapshot?.topPages.count ?? 0
    pagesScroll = max(0, min(pagesScroll, pageCount - 1))
    alertsScroll = max(0, min(alertsScroll, data.engine.alerts.count - 1))
  }

}
