import PlanDocument
import RuleEngine
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds plan documents: named files as they are, folders searched recursively for *.xml, *.json and
/// *.docx (not Word's lock files, `~$plan.docx`, which Word keeps beside a document while it is open).
///
/// Nothing found is dropped in silence: a folder search works on the names' bytes (`readdir`), so a
/// name that is not UTF-8 is checked like any other; a dangling symbolic link, a link in a loop and a
/// link that leads out of the folder the user named are listed as skipped with the reason; a folder
/// that cannot be opened is unreadable. Hidden files (`.plan.xml`) are checked; hidden folders (`.git`,
/// `.build`) are not searched. Each folder is searched once, however many links lead to it.
public enum InputCollector {
  /// `rawArguments`: the command line's arguments as bytes, so that a named file whose name is not
  /// UTF-8 (which Swift's `CommandLine.arguments` repairs into U+FFFD) is still found.
  public static func collect(_ paths: [String], rawArguments: [[UInt8]] = []) -> [InputFile] {
    var result: [InputFile] = []
    var seen: Set<[UInt8]> = []
    for path in paths {
      let raw = bytes(of: path, rawArguments: rawArguments)
      var info = stat()
      if stat(cPath(raw), &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
        let root = realPath(raw) ?? raw
        var visited: Set<FileID> = []
        search(folder: raw, shown: path, root: root, into: &result, seen: &seen, visited: &visited)
      } else if seen.insert(raw).inserted {
        result.append(named(path, raw: raw))
      }
    }
    return result
  }

  /// `path` as one named file, not searched even when it is a folder: the input of a command that
  /// reads one document (`convert`, `dump`), found as `collect` finds a named file.
  public static func named(_ path: String, rawArguments: [[UInt8]] = []) -> InputFile {
    named(path, raw: bytes(of: path, rawArguments: rawArguments))
  }

  private static func named(_ path: String, raw: [UInt8]) -> InputFile {
    var info = stat()
    // A missing folder, not "the file does not exist", which would mislead.
    let missing = stat(cPath(raw), &info) != 0 && isMissingFolder(path) ? missingFolder : nil
    return InputFile(path: path, named: true, rawPath: raw == Array(path.utf8) ? nil : raw, unreadable: missing)
  }

  /// The bytes of a named path: its own, or, when no file has them, the raw argument it was repaired from.
  private static func bytes(of path: String, rawArguments: [[UInt8]]) -> [UInt8] {
    let raw = Array(path.utf8)
    var info = stat()
    if stat(cPath(raw), &info) != 0,
      let original = rawArguments.first(where: { String(decoding: $0, as: UTF8.self) == path && $0 != raw })
    {
      return original
    }
    return raw
  }

  /// What a named folder that does not exist reads as, in the report and on standard error.
  public static let missingFolder = ReadError(.io, sv: "mappen finns inte", en: "the folder does not exist", at: nil)

  /// Whether `path` does not exist and was meant as a folder: it ends in `/`, or it has no plan file
  /// extension (`inkomna`), so "the file does not exist" would mislead.
  public static func isMissingFolder(_ path: String) -> Bool {
    guard !FileManager.default.fileExists(atPath: path) else { return false }
    return path.hasSuffix("/") || DocumentReader.format(forPath: path) == nil
  }

  struct FileID: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  private static func search(
    folder: [UInt8], shown: String, root: [UInt8], into result: inout [InputFile], seen: inout Set<[UInt8]>,
    visited: inout Set<FileID>
  ) {
    var info = stat()
    guard stat(cPath(folder), &info) == 0 else { return }
    guard visited.insert(FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
    guard let directory = opendir(cPath(folder)) else {
      let reason = String(cString: strerror(errno))
      result.append(
        InputFile(
          path: shown, named: false, rawPath: nil,
          unreadable: ReadError(
            .io, sv: "mappen kan inte genomsökas: \(reason)", en: "the folder cannot be searched: \(reason)", at: nil)))
      return
    }
    var names: [[UInt8]] = []
    while let entry = readdir(directory) {
      // The name is read where it stands, up to its NUL: glibc packs entries by their length, so the
      // last entry of readdir's buffer may end before a whole `dirent` would (copying the 256-byte
      // d_name field read past the buffer: AddressSanitizer, a folder of 10 000 files).
      let field = UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
        .assumingMemoryBound(to: CChar.self)
      let name = Array(UnsafeRawBufferPointer(start: field, count: strlen(field)))
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    closedir(directory)
    names.sort { $0.lexicographicallyPrecedes($1) }
    let separator: [UInt8] = folder.last == 0x2F ? [] : [0x2F]
    for name in names {
      let path = folder + separator + name
      let shownPath = shown + (shown.hasSuffix("/") ? "" : "/") + display(name)
      let isLockFile = name.starts(with: Array("~$".utf8))
      let isPlanName = DocumentReader.format(forPath: display(name)) != nil && !isLockFile
      let hidden = name.first == 0x2E
      var link = stat()
      guard lstat(cPath(path), &link) == 0 else { continue }  // gone since readdir
      let rawPath: [UInt8]? = String(validating: path, as: UTF8.self) == nil ? path : nil
      func skip(_ sv: String, _ en: String) {
        guard seen.insert(path).inserted else { return }
        result.append(
          InputFile(path: shownPath, named: false, rawPath: rawPath, skipped: ReadError(.io, sv: sv, en: en, at: nil)))
      }
      var target = link
      if link.st_mode & S_IFMT == S_IFLNK {
        guard stat(cPath(path), &target) == 0 else {
          if isPlanName {
            errno == ELOOP
              ? skip("symboliska länkar i en slinga", "symbolic links in a loop")
              : skip("en symbolisk länk till något som inte finns", "a symbolic link to something that does not exist")
          }
          continue
        }
        let isFolder = target.st_mode & S_IFMT == S_IFDIR
        guard isFolder || isPlanName else { continue }
        if hidden && isFolder { continue }
        // A link may lead anywhere: only what lies inside the folder the user named is read.
        guard let resolved = realPath(path), resolved == root || resolved.starts(with: root + [0x2F]) || root == [0x2F]
        else {
          skip(
            isFolder
              ? "en symbolisk länk till en mapp utanför den mapp som kontrolleras; den genomsöks inte"
              : "en symbolisk länk till en fil utanför den mapp som kontrolleras; den läses inte",
            isFolder
              ? "a symbolic link to a folder outside the folder being checked; it is not searched"
              : "a symbolic link to a file outside the folder being checked; it is not read")
          continue
        }
      }
      if target.st_mode & S_IFMT == S_IFDIR {
        if hidden { continue }
        search(folder: path, shown: shownPath, root: root, into: &result, seen: &seen, visited: &visited)
      } else if isPlanName, seen.insert(path).inserted {
        result.append(InputFile(path: shownPath, named: false, rawPath: rawPath))
      }
    }
  }

  /// `bytes` as a C string.
  static func cPath(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

  /// The canonical absolute path of `bytes`, links resolved, or nil.
  static func realPath(_ bytes: [UInt8]) -> [UInt8]? {
    guard let resolved = realpath(cPath(bytes), nil) else { return nil }
    defer { free(resolved) }
    return Array(
      UnsafeBufferPointer(
        start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
  }

  /// A name's bytes as text: UTF-8 as it is, any other byte as `\xNN`.
  public static func display(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var text = ""
    var index = 0
    while index < bytes.count {
      var end = index + 1
      // The longest valid UTF-8 sequence starting here (at most four bytes).
      var decoded: String?
      for length in stride(from: min(4, bytes.count - index), through: 1, by: -1) {
        if let part = String(validating: bytes[index..<(index + length)], as: UTF8.self), part.unicodeScalars.count == 1
        {
          decoded = part
          end = index + length
          break
        }
      }
      if let decoded {
        text += decoded
      } else {
        text += "\\x" + String(bytes[index], radix: 16, uppercase: true).leftPadded(to: 2)
      }
      index = end
    }
    return text
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: Swift.max(0, width - count)) + self
  }
}

extension PlanChecker {
  /// Checks the plan documents named or found under `paths`, as `lagkoll check` does.
  public func check(paths: [String]) -> CheckReport {
    check(InputCollector.collect(paths))
  }
}
