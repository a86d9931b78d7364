import ArgumentParser
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

/// `--to` of `convert`.
enum ConvertFormat: String, CaseArgument {
  case xml, json, docx
}

/// `lagkoll convert FILE --to xml|json|docx`: the same plan tree in another form. Every form reads back to
/// the tree it was written from, so a plan can move between an editor, a repository and Word.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract:
      "Skriv samma plan i en annan form: xml, json eller docx (Word). (Write the same plan in another form.)",
    discussion: """
      Exempel: lagkoll convert plan.json --to docx --output plan.docx
      Ett Word-dokument från convert är uppställt för nämnden (rubriker, tabeller, A4) och kan läsas in igen \
      med samma innehåll. Indata skrivs aldrig över. (A Word document from convert is laid out for the board \
      and reads back to the same plan. The input is never written to.)
      """)

  @Option(help: "Språk för meddelanden och Word-dokumentets rubriker. (Language of messages and headings.)")
  var lang: Language = .sv

  @Option(help: "Formen att skriva. (The form to write.)")
  var to: ConvertFormat

  @Option(
    help:
      "Fil att skriva (standard: standard ut för xml och json, FILENS-NAMN.docx för docx; - för standard ut). (File to write.)"
  )
  var output: String?

  @Flag(help: "Skriv över en befintlig fil. (Overwrite an existing file.)")
  var force = false

  @Argument(help: "Ett plandokument (.xml, .json eller .docx). (A plan document.)")
  var file: String

  func run() throws {
    let input = PlanInput.named(file)
    let document = try PlanInput.read(input, language: lang).document
    let bytes: [UInt8]
    switch to {
    case .xml: bytes = Array(PlanSerializer.xml(document.root).utf8)
    case .json: bytes = Array(PlanSerializer.json(document.root).utf8)
    case .docx:
      do { bytes = try DocxWriter.render(document.root, language: lang) } catch {
        Console.error(
          lang.say(sv: "kan inte skapa Word-dokumentet: \(error)", en: "cannot make the Word document: \(error)"))
        throw Status.usage
      }
    }
    let target = output ?? (to == .docx ? Self.sibling(of: file, extension: "docx") : "-")
    if target == "-" {
      if to == .docx && isatty(STDOUT_FILENO) == 1 {
        Console.error(
          lang.say(
            sv: "ett .docx-dokument skrivs inte till terminalen: ange --output FIL",
            en: "a .docx document is not written to the terminal: give --output FILE"))
        throw Status.usage
      }
      try Console.emit(bytes: bytes, to: nil, language: lang)
      return
    }
    try Console.refuseOutput(target, onto: [input], language: lang)
    do {
      try PlanTemplate.write(bytes: bytes, toFile: target, overwrite: force)
    } catch {
      Console.error(error.message.text(lang))
      throw Status.usage
    }
  }

  /// `dir/plan.json` → `dir/plan.docx`.
  static func sibling(of path: String, extension newExtension: String) -> String {
    let url = URL(fileURLWithPath: path)
    let base = url.deletingPathExtension().lastPathComponent
    // The folder as NSString's `deletingLastPathComponent` gives it: runs of slashes read as one, a
    // trailing slash dropped, "" for a name alone and "/" for a name in the root.
    var fixed = path
    if path != "/" {
      fixed = ""
      for character in path where !(character == "/" && fixed.last == "/") { fixed.append(character) }
      if fixed.hasSuffix("/") { fixed.removeLast() }
    }
    var folder = ""
    if fixed == "/" {
      folder = fixed
    } else if let slash = fixed.lastIndex(of: "/") {
      folder = slash == fixed.startIndex ? "/" : String(fixed[..<slash])
    }
    return folder.isEmpty ? "\(base).\(newExtension)" : "\(folder)/\(base).\(newExtension)"
  }
}
