#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// File paths worked out as text, the way `URL(fileURLWithPath:).standardizedFileURL` does, without
/// symbolic links followed. Not `URL`: its first path operation in a process looks up generic types by
/// name (0.5 M instructions, a sixth of start-up on the check path) and asks the file system whether a
/// path is a folder, neither of which a path's text needs.
public enum FilePaths {
  /// `path` made absolute against the working directory, with empty, `.` and `..` components removed
  /// (`..` at the root stays at the root) and no trailing slash: "/a/./b/../c/" is "/a/c".
  public static func standardized(_ path: String) -> String {
    standardized(path, workingDirectory: path.utf8.first == UInt8(ascii: "/") ? "/" : workingDirectory())
  }

  /// The same against a given working directory (tests, and a path relative to a known folder).
  public static func standardized(_ path: String, workingDirectory: String) -> String {
    var components: [Substring] = []
    let whole = path.utf8.first == UInt8(ascii: "/") ? path : workingDirectory + "/" + path
    for component in whole.split(separator: "/", omittingEmptySubsequences: true) {
      switch component {
      case ".": continue
      case "..": _ = components.popLast()
      default: components.append(component)
      }
    }
    var result = ""
    for component in components {
      result += "/"
      result.append(contentsOf: component)
    }
    return result.isEmpty ? "/" : result
  }

  /// The folder a path is in, by its text: "/a" for "/a/b" and "/a/b/", "/" for "/a" and for "/"
  /// itself, "." for "b".
  public static func parent(_ path: String) -> String {
    var text = path.utf8[...]
    while text.count > 1, text.last == UInt8(ascii: "/") { text = text.dropLast() }
    guard let slash = text.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    return slash == text.startIndex ? "/" : String(path[..<slash])
  }

  /// The last component of a path ("b" for "/a/b" and for "a/b/"), as `URL.lastPathComponent`.
  public static func lastComponent(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? (path.isEmpty ? "" : "/")
  }

  /// `name` in `folder`.
  public static func appending(_ name: String, to folder: String) -> String {
    folder.utf8.last == UInt8(ascii: "/") ? folder + name : folder + "/" + name
  }

  /// `path` with every symbolic link followed (realpath(3)); as it is when that fails (it does not
  /// exist, or cannot be searched).
  public static func resolvingLinks(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The working directory, or "/" if it cannot be read (removed under the process).
  public static func workingDirectory() -> String {
    guard let buffer = getcwd(nil, 0) else { return "/" }
    defer { free(buffer) }
    return String(cString: buffer)
  }
}
