import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// Finds the theme files: `themes/*.theme` next to where eventtop runs or was built, or in
/// `$EVENTTOP_THEMES`. The built-in default is always there, first, even with no directory.
public enum ThemeCatalog {
  public struct Loaded: Sendable {
    public var themes: [Theme]
    public var warnings: [String]
    public var directory: String?
  }

  /// Directories searched, in order.
  public static func candidateDirectories() -> [String] {
    var directories: [String] = []
    if let custom = getenv("EVENTTOP_THEMES") { directories.append(String(cString: custom)) }
    directories.append("themes")
    if let executable = executablePath() {
      var parts = executable.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      parts.removeLast()
      let binary = parts.joined(separator: "/")
      // .build/<triple>/<configuration>/eventtop → the checkout's themes/; an installed
      // bin/eventtop → share/eventtop/themes.
      directories += [binary + "/../../../themes", binary + "/../share/eventtop/themes", binary + "/themes"]
    }
    return directories
  }

  /// Loads every theme of the first directory that has any, after the built-in default (a
  /// `default.theme` file replaces the built-in one).
  public static func load() -> Loaded {
    for directory in candidateDirectories() {
      let files = themeFiles(in: directory)
      guard !files.isEmpty else { continue }
      var themes: [Theme] = []
      var warnings: [String] = []
      for file in files {
        guard let text = readFile(directory + "/" + file) else { continue }
        let name = String(file.dropLast(".theme".count))
        let (theme, problems) = Theme.parse(text, name: name)
        themes.append(theme)
        warnings += problems
      }
      themes.sort { a, b in a.name == "default" || (b.name != "default" && a.name < b.name) }
      if themes.first?.name != "default" { themes.insert(.standard, at: 0) }
      return Loaded(themes: themes, warnings: warnings, directory: directory)
    }
    return Loaded(themes: [.standard], warnings: [], directory: nil)
  }

  /// A theme chosen by `--theme`: a name from the catalog or a path to a file.
  public static func select(_ request: String, in loaded: Loaded) -> (index: Int?, loaded: Loaded) {
    if let index = loaded.themes.firstIndex(where: { $0.name == request }) { return (index, loaded) }
    if request.contains("/") || request.hasSuffix(".theme"), let text = readFile(request) {
      var copy = loaded
      let name = String(request.split(separator: "/").last ?? Substring(request)).replacingSuffix(".theme")
      let (theme, problems) = Theme.parse(text, name: name)
      copy.themes.append(theme)
      copy.warnings += problems
      return (copy.themes.count - 1, copy)
    }
    return (nil, loaded)
  }

  static func themeFiles(in directory: String) -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasSuffix(".theme") && !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted()
  }

  static func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = fread(&chunk, 1, chunk.count, file)
      if n <= 0 { break }
      bytes += chunk[..<n]
      if bytes.count > 1 << 20 { return nil }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension String {
  func replacingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}
