import InputCollection
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

/// What `check` and `review` refuse before writing a report: an input set with no plan document at
/// all (an empty or misspelled folder, a folder of foreign files). A CI job pointed at the wrong folder
/// must not go green on an empty report. A named file that does not exist is not refused here: it is
/// reported as unreadable (exit 3), with its name in the summary.
enum InputSet {
  /// Throws exit code 3, with the reason on standard error, when `report` holds no plan document and
  /// a folder was searched (or named and missing). Named files that `--skip-foreign` skipped are the
  /// pre-commit hook's case (a commit that touches only package.json) and pass.
  static func requirePlanDocuments(_ report: CheckReport, paths: [String], language: Language) throws {
    let found = report.files.contains { file in
      file.status != .skipped && file.readError?.kind != .foreign && !InputCollector.isMissingFolder(file.path)
    }
    var info = stat()
    let folderNamed = paths.contains {
      InputCollector.isMissingFolder($0) || (stat($0, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
    }
    guard !found, folderNamed else { return }
    for path in paths where !FileManager.default.fileExists(atPath: path) {
      let reason =
        InputCollector.isMissingFolder(path)
        ? InputCollector.missingFolder.message.text(language)
        : language.say(
          sv: "filen finns inte",
          en: "the file does not exist")
      Console.error("\(path): " + reason)
    }
    let searched = paths.filter { FileManager.default.fileExists(atPath: $0) }
    if !searched.isEmpty {
      let skipped = report.files.filter { $0.status == .skipped || $0.readError?.kind == .foreign }.map(\.path)
      var message =
        language.say(
          sv: "inga plandokument (*.xml, *.json eller *.docx med en plan) i \(searched.joined(separator: ", "))",
          en: "no plan documents (*.xml, *.json or *.docx holding a plan) in \(searched.joined(separator: ", "))")
      if !skipped.isEmpty {
        let shown = skipped.prefix(5).joined(separator: ", ") + (skipped.count > 5 ? ", …" : "")
        message +=
          language.say(
            sv:
              ": \(skipped.count) \(skipped.count == 1 ? "fil är inte ett plandokument" : "filer är inte plandokument") (\(shown))",
            en: ": \(skipped.count) \(skipped.count == 1 ? "file is" : "files are") not plan documents (\(shown))")
      }
      Console.error(message)
    }
    Console.error(
      language.say(
        sv: "ingen rapport skrevs: det finns inget att kontrollera",
        en: "no report was written: there is nothing to check"))
    throw Status.unreadable
  }
}
