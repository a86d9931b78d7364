import ArgumentParser
import PlanDocument

/// Which schema `lagkoll schema` prints.
enum SchemaKind: String, CaseArgument {
  case xsd, json
}

struct Schema: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract:
      "Skriv ut formatets XML Schema (xsd) eller JSON Schema (json). (Print the format's XML Schema or JSON Schema.)",
    discussion: """
      Schemana skapas ur samma formatdefinition som läsarna använder. De beskriver dokumentets form; \
      lagkoll check granskar innehållet mot lagen. (Both schemas are generated from the definition the \
      readers use. They describe the form; lagkoll check reviews the content against the law.)
      """)

  @Option(help: "Språk för felmeddelanden. (Language of error messages.)")
  var lang: Language = .sv

  @Option(help: "Skriv schemat till en fil i stället för standard ut. (Write the schema to a file.)")
  var output: String?

  @Argument(help: "xsd eller json. (xsd or json.)")
  var kind: SchemaKind

  func run() throws {
    let text =
      switch kind {
      case .xsd: SchemaGenerator.xmlSchema()
      case .json: SchemaGenerator.jsonSchema()
      }
    try Console.emit(text, to: output == "-" ? nil : output, language: lang)
  }
}
