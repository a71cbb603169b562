import Analytics
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

/// Prints one line on stderr and exits with status 2 (usage or input error).
func fail(_ message: String) -> Never {
  Diagnostics.print(message)
  exit(2)
}

/// Opens the input of a replay, or fails with one line.
func openReader(_ path: String, maxLineBytes: Int) -> LineReader {
  do {
    return try LineReader(path: path, maxLineBytes: maxLineBytes)
  } catch {
    fail(error.description)
  }
}

/// Runs the interactive dashboard on `source` until the user quits; the terminal is restored
/// on every way out (quit key, signal, error; crashes are handled by the backend's handlers).
func runDashboard(source: any LiveSource, analysis: AnalysisOptions, themeRequest: String?) -> Never {
  var catalog = ThemeCatalog.load()
  var themeIndex = 0
  if let request = themeRequest {
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

  let terminal: CursesTerminal
  do {
    terminal = try CursesTerminal(useColor: !noColor)
  } catch {
    fail("\(error)")
  }
  source.start(engine: engine)
  let size = terminal.size
  var model = DashboardModel(
    data: DashboardData(source: source.status, window: configuration.window), width: size.width,
    height: size.height, themes: catalog.themes, monochrome: noColor, windows: windows)
  model.themeIndex = themeIndex
  if let warning = catalog.warnings.first { model.notice = "theme " + warning }
  DashboardLoop.run(terminal: terminal, source: source, engine: engine, model: &model)
  source.stop()
  terminal.close()
  if let replay = source as? ReplaySource {
    let (samples, total) = replay.invalidLines
    var report = InvalidLineReport(source: replay.status.kind.displayName)
    for sample in samples { report.note(sample) }
    if total > samples.count {
      var rest = EventBatch()
      rest.invalidCount = total - samples.count
      report.note(rest)
    }
    report.finish()
  }
  exit(0)
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
  Bench.run(options) { print($0) }
case .replay(let options):
  let reader = openReader(options.path, maxLineBytes: options.analysis.maxLineBytes)
  if options.headless {
    var report = InvalidLineReport(source: options.path == "-" ? "stdin" : options.path)
    do {
      try await HeadlessReplay.run(
        reader: reader, configuration: options.analysis.engine, output: OutputFile(), report: &report)
    } catch {
      fail(error.description)
    }
    report.finish()
  } else {
    runDashboard(
      source: ReplaySource(reader: reader, speed: options.speed), analysis: options.analysis,
      themeRequest: options.theme)
  }
case .live(let options):
  runDashboard(
    source: GeneratorSource(configuration: options.generator), analysis: options.analysis,
    themeRequest: options.theme)
}
