import ArgumentParser
import PlanDocument
import Reporting

struct Dump: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump",
    abstract:
      "Skriv ut dokumentträdet som reglerna ser: varje nods sökväg, värde, rad och kolumn. (Print the tree the rules see.)"
  )

  @Option(help: "Språk för felmeddelanden. (Language of error messages.)")
  var lang: Language = .sv

  @Argument(help: "Ett plandokument. (A plan document.)")
  var file: String

  func run() throws {
    let document = try PlanInput.read(PlanInput.named(file), language: lang).document
    try Console.emit(DumpFormat.render(document.root, language: lang) + "\n", to: nil, language: lang)
  }
}

/// The dump: a JSON array of nodes in document order, each with path, kind, value (scalars) and position.
enum DumpFormat {
  static func render(_ root: Node, language: Language = .sv) -> String {
    var lines: [String] = []
    root.walk { pointer, node, _ in
      var members: [(String, JSONValue)] = [
        ("path", .string(pointer.description)), ("kind", .string(node.kind.rawValue)),
      ]
      switch node.kind {
      case .string: members.append(("value", .string(node.scalarText ?? "")))
      case .number: members.append(("value", .number(node.scalarText ?? "")))
      case .boolean: members.append(("value", .bool(node.scalarText == "true")))
      case .null: members.append(("value", .null))
      case .object, .array: break
      }
      members += [("line", .int(node.location.line)), ("column", .int(node.location.column))]
      // A Word document's node: where it is in the document (line and column are word/document.xml's).
      if let word = node.storage.wordPlaces?.location(atOffset: node.offset) {
        members.append(("word", .string(word.textWithParagraph(language))))
      }
      lines.append("  " + JSONValue.object(members).serialized(indent: nil))
    }
    return "[\n" + lines.joined(separator: ",\n") + "\n]"
  }
}
