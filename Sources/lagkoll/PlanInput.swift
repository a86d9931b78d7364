import InputCollection
import PlanDocument
import RuleEngine

/// One plan document read for a command that works on it alone (`convert`, `dump`, `check --format
/// docx`), as `check` reads its inputs: a read error is said on standard error with its place and is
/// exit 3.
enum PlanInput {
  /// Reads `input`: its bytes, and the tree in `format` (by default the one its name gives).
  static func read(
    _ input: InputFile, format: SourceFormat? = nil, limits: ReadLimits = .default, language: Language
  ) throws -> (bytes: [UInt8], document: Document) {
    do throws(ReadError) {
      if let reason = input.skipped ?? input.unreadable { throw reason }
      let bytes = try DocumentReader.readBytes(path: input.path, rawPath: input.rawPath, limits: limits)
      let format = format ?? DocumentReader.format(forPath: input.path)
      return (bytes, try DocumentReader.parse(bytes, file: input.path, format: format, limits: limits))
    } catch {
      let place = error.location.map { ":\($0.line):\($0.column)" } ?? ""
      Console.error("\(input.path)\(place): \(language.say(sv: "fel", en: "error")): \(error.message.text(language))")
      throw Status.unreadable
    }
  }

  /// The file a command line argument names, found as `check` finds a named file.
  static func named(_ path: String) -> InputFile {
    InputCollector.named(path, rawArguments: Console.rawArguments)
  }
}
