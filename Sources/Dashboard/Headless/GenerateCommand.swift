import EventSources

/// `eventtop generate`: synthetic traffic as JSON lines on standard output.
public enum GenerateCommand {
  /// Writes the events; stops early and quietly when the reader goes away.
  public static func run(_ options: GenerateOptions, output: OutputFile) {
    var generator = TrafficGenerator(configuration: options.generator)
    var remaining = options.events ?? .max
    while remaining > 0 {
      let step = min(remaining, 4096)
      let open = output.append { out in
        for _ in 0..<step { generator.appendLine(to: &out) }
      }
      guard open else { return }
      remaining -= step
    }
    output.flush()
  }
}
