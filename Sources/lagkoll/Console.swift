import ArgumentParser
import PlanDocument
import RuleEngine
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process environment, one variable at a time. `ProcessInfo.processInfo.environment` copies every
/// variable into a new dictionary on each use.
enum ProcessEnvironment {
  static func variable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}

/// The only place that writes to the terminal or to output files.
enum Console {
  /// Standard error; a failure to write there has nowhere to be reported and is ignored.
  static func error(_ text: String) {
    try? write(text + "\n", to: STDERR_FILENO)
  }

  /// Why a write to an open file failed: the errno value.
  struct WriteFailure: Error {
    var code: Int32
  }

  /// Writes `text` as UTF-8 from the String's own storage. `Data(text.utf8)` would copy it and, on
  /// the first use in a process, ask the runtime whether `String.UTF8View` is `ContiguousBytes`: a scan
  /// of every protocol conformance record in the binary.
  static func write(_ text: String, to descriptor: Int32) throws(WriteFailure) {
    var text = text
    if let code = text.withUTF8({ AtomicFile.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }) {
      throw WriteFailure(code: code)
    }
  }

  /// Writes `text` to standard output, or to `file`. A regular file is replaced atomically through
  /// `AtomicFile` (a random temporary file beside it, opened without following links, then rename(2)),
  /// so a reader never sees half a report. A device or a pipe (`/dev/null`, `/dev/stdout`, a named pipe)
  /// is written into: a rename would put a regular file in its place, as root even over `/dev/null`.
  /// A folder, a block device or a socket is refused (`AtomicFile.OutputKind`). A write that fails (a
  /// full disk, a closed standard output) is exit 2 with the reason.
  static func emit(_ text: String, to file: String?, language: Language) throws {
    try emit(bytes: Array(text.utf8), to: file, language: language)
  }

  /// As `emit(_:to:language:)`, for bytes, text or not (a .docx).
  static func emit(bytes: [UInt8], to file: String?, language: Language) throws {
    func fail(_ name: String, _ reason: LocalizedText) -> ExitCode {
      Console.error(language.say(sv: "kan inte skriva \(name): \(reason.sv)", en: "cannot write \(name): \(reason.en)"))
      return Status.usage
    }
    guard let file, file != "-" else {
      if let code = AtomicFile.writeAll(bytes, to: STDOUT_FILENO) {
        throw fail(language.say(sv: "till standard ut", en: "to standard output"), SystemErrorText.reason(code))
      }
      return
    }
    switch AtomicFile.outputKind(file) {
    case .stream:
      if let code = bytes.withUnsafeBytes({ AtomicFile.writeInto($0, path: file) }) {
        throw fail(file, SystemErrorText.reason(code))
      }
    case .refused(let code):
      throw fail(file, SystemErrorText.reason(code))
    case .file:
      do { try AtomicFile.write(bytes, to: file, replacing: true) } catch { throw fail(file, error.reason) }
    }
  }

  /// The command line's arguments as bytes: Swift's `CommandLine.arguments` repairs a file name that is
  /// not UTF-8 into U+FFFD, after which the file cannot be opened.
  static var rawArguments: [[UInt8]] {
    (0..<Int(CommandLine.argc)).compactMap { index in
      CommandLine.unsafeArgv[index].map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
    }
  }

  /// Refuses a report file that is one of the inputs (the same file, also through a link or another
  /// name): writing it would replace a plan with its own report. Exit 2 before anything is checked.
  static func refuseOutput(_ output: String?, onto inputs: [InputFile], language: Language) throws {
    guard let output, output != "-" else { return }
    var target = stat()
    guard stat(output, &target) == 0, target.st_mode & S_IFMT == S_IFREG else { return }
    for input in inputs {
      var info = stat()
      if stat(input.path, &info) == 0, info.st_dev == target.st_dev, info.st_ino == target.st_ino {
        Console.error(
          language.say(
            sv:
              "--output \(output) är en av filerna som kontrolleras (\(input.path)); rapporten skulle ersätta den: välj en annan fil",
            en:
              "--output \(output) is one of the files being checked (\(input.path)); the report would replace it: choose another file"
          ))
        throw Status.usage
      }
    }
  }

  /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
  static var useColor: Bool {
    if let value = ProcessEnvironment.variable("NO_COLOR"), !value.isEmpty { return false }
    return isatty(STDOUT_FILENO) == 1
  }
}
