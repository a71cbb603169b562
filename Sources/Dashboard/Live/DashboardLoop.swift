import Analytics
import EventSources
import TerminalUI

/// The one loop that owns the terminal (bubbletea's program): keys, resizes, signals and frame
/// ticks become messages for `DashboardModel.update`; its commands are carried out here; every
/// frame the engine is asked for a snapshot and the view is drawn.
public enum DashboardLoop {
  /// Time between frames: five a second.
  public static let frameInterval: Micros = 200_000

  /// Runs until a quit key or signal. Returns the signal that ended it, if one did.
  @discardableResult
  public static func run(
    terminal: any TerminalDevice, source: any LiveSource, engine: EngineBridge, model: inout DashboardModel,
    duration: Micros? = nil
  ) -> Int32? {
    var nextFrame = SystemClock.monotonic()
    let deadline = duration.map { SystemClock.monotonic() + $0 }
    var needsDraw = true
    while true {
      if let signal = terminal.takeQuitSignal() { return signal }
      let now = SystemClock.monotonic()
      if let deadline, now >= deadline { return nil }
      if now >= nextFrame {
        _ = model.update(.data(fetch(source: source, engine: engine, model: model)))
        nextFrame = max(nextFrame + frameInterval, now + frameInterval / 2)
        needsDraw = true
      }
      if needsDraw {
        let size = terminal.size
        if size.width != model.width || size.height != model.height {
          _ = model.update(.resize(width: size.width, height: size.height))
        }
        terminal.draw(DashboardView.render(model))
        needsDraw = false
      }
      let wait = Int(min(50_000, max(0, nextFrame - SystemClock.monotonic())) / 1000)
      guard let key = terminal.readKey(timeoutMilliseconds: wait) else { continue }
      if key == .resize {
        let size = terminal.size
        _ = model.update(.resize(width: size.width, height: size.height))
        needsDraw = true
        continue
      }
      for command in model.update(.key(key)) {
        switch command {
        case .quit:
          return nil
        case .setPaused(let paused):
          source.setPaused(paused)
        case .scaleSpeed(let factor):
          source.scaleSpeed(factor)
        case .setWindow(let window):
          engine.wait { await $0.setWindow(window) }
          nextFrame = SystemClock.monotonic()
        case .reset:
          engine.wait { await $0.reset() }
          nextFrame = SystemClock.monotonic()
        case .refresh:
          nextFrame = SystemClock.monotonic()
        }
      }
      needsDraw = true
    }
  }

  static func fetch(source: any LiveSource, engine: EngineBridge, model: DashboardModel) -> DashboardData {
    let status = source.status
    let seconds = max(60, min(900, model.width))
    // Enough top pages for the rows scrolled to, so that every page the title counts is reachable.
    let pages = model.wantedPages
    let engineFrame = engine.wait { [clock = status.clock, pages] in
      await $0.frame(at: clock, top: pages, seconds: seconds)
    }
    return DashboardData(engine: engineFrame, source: status, window: engineFrame.window)
  }
}
