// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "eventtop",
  products: [
    .executable(name: "eventtop", targets: ["eventtop"]),
    // libFuzzer targets (README, Fuzzing); built normally they replay a corpus.
    .executable(name: "fuzz-decoder", targets: ["FuzzDecoder"]),
    .executable(name: "fuzz-arguments", targets: ["FuzzArguments"]),
  ],
  targets: [
    // The only door to ncurses: a module map and a shim header (see Sources/CNcursesw/shim.h).
    .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
    // glibc and Linux calls Swift's Glibc lacks: mallopt (see main.swift), CPU affinity (bench).
    .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
    // Pure analytics: decoding, windows, sketches, sessions, alerts, the engine. No I/O, no terminal.
    .target(name: "Analytics"),
    // Where events come from: the traffic generator, file replay, follow, recording.
    .target(name: "EventSources", dependencies: ["Analytics"]),
    // Cells, buffers, layout, widgets and themes, drawn in memory; no ncurses here.
    .target(name: "TerminalUI"),
    // Copies a TerminalUI buffer to the terminal; the only importer of CNcursesw.
    .target(name: "CursesBackend", dependencies: ["CNcursesw", "TerminalUI"]),
    // The modes: headless writers and the dashboard's model, update and view.
    .target(
      name: "Dashboard", dependencies: ["Analytics", "EventSources", "TerminalUI", "CSystem"]),
    .executableTarget(
      name: "eventtop", dependencies: ["Dashboard", "CursesBackend", "EventSources", "Analytics", "CSystem"]),
    // Brute-force reference computations and fixtures, shared by the test targets only.
    .target(name: "TestSupport", dependencies: ["Analytics"], path: "Tests/TestSupport"),
    .target(name: "FuzzSupport", path: "Tests/Fuzz/Support"),
    .executableTarget(name: "FuzzDecoder", dependencies: ["Analytics", "FuzzSupport"], path: "Tests/Fuzz/Decoder"),
    .executableTarget(
      name: "FuzzArguments", dependencies: ["Analytics", "Dashboard", "FuzzSupport"], path: "Tests/Fuzz/Arguments"),
    .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "TestSupport"]),
    .testTarget(
      name: "EventSourcesTests", dependencies: ["EventSources", "Analytics", "TestSupport"]),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
    .testTarget(
      name: "DashboardTests", dependencies: ["Dashboard", "TerminalUI", "Analytics", "EventSources", "TestSupport"]),
    .testTarget(
      name: "EndToEndTests", dependencies: ["eventtop", "Analytics", "EventSources", "TestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
