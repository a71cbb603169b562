import Analytics
import CSystem
import CursesBackend
import Dashboard
import EventSources
import TerminalUI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// A closed pipe (`eventtop … | head`) is handled where writes fail, quietly.
signal(SIGPIPE, SIG_IGN)
// Read blocks are 4 MB: keep such blocks in the heap so that a freed one is reused, rather than
// mapped fresh from the kernel (and faulted in and zeroed) for every block read.
et_keep_large_blocks(8 << 20, 32 << 20)
// A parent may start us with signals blocked (the mask is inherited across exec); quit signals
// must reach their handlers, so unblock them before any thread starts.
var quitSignals = sigset_t()
sigemptyset(&quitSignals)
for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
  sigaddset(&quitSignals, number)
}
pthread_sigmask(SIG_UNBLOCK, &quitSignals, nil)

PeakMemoryReport.installIfRequested()

/// Prints one line on stderr and exits with status 2 (usage or input error).
func fail(_ message: String) -> Never {
  Diagnostics.print(message)
  exit(2)
}

/// Opens an input, or fails with one line.
func openReader(_ path: String, maxLineBytes: Int, follow: Bool = false, fromStart: Bool = true) -> LineReader {
  do {
    return try LineReader(path: path, maxLineBytes: maxLineBytes, follow: follow, fromStart: fromStart)
  } catch {
    fail(error.description)
  }
}

func openRecorder(_ presentation: PresentationOptions) -> Recorder? {
  guard let path = presentation.record else { return nil }
  do {
    return try Recorder(path: path)
  } catch {
    fail(error.description)
  }
}

/// Messages kept while the dashboard owns the screen, printed once it is gone.
final class DeferredMessages: Sendable {
  private let lines = Locked<[String]>([])
  func add(_ line: String) { lines.withLock { $0.append(line) } }
  func printAll() { for line in lines.withLock({ $0 }) { Diagnostics.print(line) } }
}

/// A source without the dashboard. Replays snapshot at boundaries of event time, live sources
/// every `--every` of wall-clock time.
func runHeadless(
  _ source: any LiveSource, name: String, analysis: AnalysisOptions, presentation: PresentationOptions,
  eventTimeSnapshots: Bool
) -> Never {
  QuitSignals.install()
  var configuration = analysis.engine
  configuration.snapshotInterval = eventTimeSnapshots ? presentation.every : nil
  let engine = EngineBridge(engine: AggregationEngine(configuration: configuration))
  let writer: any HeadlessWriter
  do {
    switch presentation.format {
    case .json: writer = try JSONLinesWriter(path: presentation.output)
    case .prometheus: writer = try PrometheusWriter(path: presentation.output!)
    }
  } catch {
    fail(error.description)
  }
  let recorder = openRecorder(presentation)
  let connection = SourceConnection(
    engine: engine, outputs: { writer.write($0) }, recorder: recorder, invalidReport: InvalidLineReport(source: name))
  let outcome = HeadlessRun.run(
    source: source, connection: connection, writer: writer, every: eventTimeSnapshots ? nil : presentation.every,
    duration: presentation.duration, top: configuration.topPages, wallClockTime: !eventTimeSnapshots)
  recorder?.close()
  connection.invalidReport.finish()
  if let problem = (writer as? PrometheusWriter)?.failure { fail(problem) }
  if let failure = outcome.failure { fail(failure) }
  exit(0)
}

/// The dashboard on `source` until the user quits; the terminal is restored on every way out
/// (quit key, signal, error; crashes are handled by the backend's handlers).
func runDashboard(
  _ source: any LiveSource, name: String, analysis: AnalysisOptions, presentation: PresentationOptions
) -> Never {
  var catalog = ThemeCatalog.load()
  var themeIndex = 0
  if let request = presentation.theme {
    let (index, loaded) = ThemeCatalog.select(request, in: catalog)
    guard let index else {
      fail("unknown theme '\(request)' (available: \(catalog.themes.map(\.name).joined(separator: ", ")))")
    }
    catalog = loaded
    themeIndex = index
  }
  for warning in catalog.warnings { Diagnostics.print("theme " + warning) }
  let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false

  var windows: [Micros] = [60, 300, 900, 3600].map { $0 * 1_000_000 }
  if !windows.contains(analysis.engine.window) { windows = (windows + [analysis.engine.window]).sorted() }
  var configuration = analysis.engine
  configuration.snapshotInterval = nil
  configuration.retention = windows.max()
  let engine = EngineBridge(engine: AggregationEngine(configuration: configuration))
  let recorder = openRecorder(presentation)
  let deferred = DeferredMessages()
  let connection = SourceConnection(
    engine: engine, recorder: recorder, invalidReport: InvalidLineReport(source: name, printer: deferred.add))

  let terminal: CursesTerminal
  do {
    terminal = try CursesTerminal(useColor: !noColor)
  } catch {
    fail("\(error)")
  }
  connection.start(source)
  let size = terminal.size
  var model = DashboardModel(
    data: DashboardData(source: source.status, window: configuration.window), width: size.width,
    height: size.height, themes: catalog.themes, monochrome: noColor, windows: windows)
  model.themeIndex = themeIndex
  if let warning = catalog.warnings.first { model.notice = "theme " + warning }
  DashboardLoop.run(
    terminal: terminal, source: source, engine: engine, model: &model, duration: presentation.duration)
  source.stop()
  terminal.close()
  _ = source.waitUntilStopped(timeout: 500_000)
  recorder?.close()
  connection.invalidReport.finish()
  deferred.printAll()
  exit(0)
}

/// Headless or dashboard, as asked.
func present(
  _ source: any LiveSource, name: String, analysis: AnalysisOptions, presentation: PresentationOptions,
  eventTimeSnapshots: Bool
) -> Never {
  if presentation.headless {
    runHeadless(
      source, name: name, analysis: analysis, presentation: presentation, eventTimeSnapshots: eventTimeSnapshots)
  }
  runDashboard(source, name: name, analysis: analysis, presentation: presentation)
}

let command: Command
do {
  command = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
  fail(error.message)
}

switch command {
case .help:
  print(Usage.text)
case .version:
  print(Usage.version)
case .generate(let options):
  GenerateCommand.run(options, output: OutputFile())
case .bench(let options):
  do {
    // Line by line, unbuffered: the bench takes a while and shows each figure as it comes.
    try Bench.run(options) { line in ChildProcess.writeAll(Array((line + "\n").utf8), to: 1) }
  } catch {
    Diagnostics.print("bench: \(error.description)")
    exit(1)
  }
case .replay(let options):
  let reader = openReader(options.path, maxLineBytes: options.analysis.maxLineBytes)
  let speed = options.speed ?? (options.presentation.headless ? .infinity : 1)
  present(
    ReplaySource(reader: reader, speed: speed, loop: options.loop), name: options.path == "-" ? "stdin" : options.path,
    analysis: options.analysis, presentation: options.presentation, eventTimeSnapshots: true)
case .follow(let options):
  let reader = openReader(
    options.path, maxLineBytes: options.analysis.maxLineBytes, follow: true, fromStart: options.fromStart)
  present(
    FollowSource(reader: reader), name: options.path == "-" ? "stdin" : options.path, analysis: options.analysis,
    presentation: options.presentation, eventTimeSnapshots: false)
case .live(let options):
  present(
    GeneratorSource(configuration: options.generator), name: "generator", analysis: options.analysis,
    presentation: options.presentation, eventTimeSnapshots: false)
}
