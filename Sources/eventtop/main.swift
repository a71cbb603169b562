import Analytics
import Dashboard
import EventSources

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// A closed pipe (`eventtop … | head`) is handled where writes fail, quietly.
signal(SIGPIPE, SIG_IGN)

let command: Command
do {
  command = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
  Diagnostics.print(error.message)
  exit(2)
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
  let reader: LineReader
  do {
    reader = try LineReader(path: options.path, maxLineBytes: options.analysis.maxLineBytes)
  } catch {
    Diagnostics.print(error.description)
    exit(2)
  }
  if options.headless {
    var report = InvalidLineReport(source: options.path == "-" ? "stdin" : options.path)
    do {
      try await HeadlessReplay.run(
        reader: reader, configuration: options.analysis.engine, output: OutputFile(), report: &report)
    } catch {
      Diagnostics.print(error.description)
      exit(2)
    }
    report.finish()
  } else {
    Diagnostics.print("the interactive dashboard is not available yet; use --headless")
    exit(2)
  }
case .live:
  Diagnostics.print("the interactive dashboard is not available yet; try eventtop replay FILE --headless")
  exit(2)
}
