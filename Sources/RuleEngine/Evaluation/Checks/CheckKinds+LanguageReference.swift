import PlanDocument

extension CheckKinds {
  /// The rule-language reference, generated from the registry: every check kind with its options, their
  /// types, its placeholders and an example, and the conditions. `lagkoll rules reference` prints it;
  /// docs/regler-referens.md (Swedish) and docs/rule-language.md (English) are it, checked by a test.
  public static func languageReference(_ language: Language) -> String {
    func t(_ text: LocalizedText) -> String { text.text(language) }
    var out = ""
    out += language.say(sv: "# Regelspråkets referens\n\n", en: "# Rule language reference\n\n")
    out += language.say(
      sv:
        "*Genererad från kontrolltypernas register (`lagkoll rules reference --lang sv`); ändra inte för hand. Se [regler.md](regler.md) för hur en regel skrivs.*\n\n",
      en:
        "*Generated from the registry of check kinds (`lagkoll rules reference --lang en`); do not edit by hand. See [regler.md](regler.md) for how a rule is written.*\n\n"
    )
    out += language.say(
      sv:
        "En regel väljer noder med `select` (en absolut sökväg), filtrerar dem med villkoret `when` och kontrollerar var och en med kontrolltypen `check` och dess `options`. Sökvägar i `options` är relativa den valda noden: `namn`, `a/b`, `lista/*` (varje post), `**` (alla ättlingar), `ref->fält` (följer en hänvisning till det id den pekar på).\n\n",
      en:
        "A rule selects nodes with `select` (an absolute path), filters them with the condition `when` and checks each with the check kind `check` and its `options`. Paths in `options` are relative to the selected node: `name`, `a/b`, `list/*` (each item), `**` (all descendants), `ref->field` (follows a reference to the id it points at).\n\n"
    )
    out += language.say(sv: "## Kontrolltyper\n\n", en: "## Check kinds\n\n")
    out += language.say(sv: "| typ | vad |\n|---|---|\n", en: "| kind | what |\n|---|---|\n")
    for kind in all {
      out += "| [`\(kind.name)`](#\(kind.name.lowercased())) | \(t(kind.documentation)) |\n"
    }
    out += "\n"
    for kind in all {
      out += "### \(kind.name)\n\n\(t(kind.documentation))\n\n"
      if kind.options.isEmpty {
        out += language.say(sv: "Inga inställningar.\n\n", en: "No options.\n\n")
      } else {
        out += language.say(
          sv: "| inställning | typ | krävs | vad |\n|---|---|---|---|\n",
          en: "| option | type | required | what |\n|---|---|---|---|\n")
        for option in kind.options {
          let required = option.required ? language.say(sv: "ja", en: "yes") : language.say(sv: "nej", en: "no")
          out += "| `\(option.name)` | \(t(option.type.words)) | \(required) | \(t(option.documentation)) |\n"
        }
        out += "\n"
      }
      out += language.say(sv: "Platshållare: ", en: "Placeholders: ")
      out += kind.placeholders.map { "`{\($0.name.rawValue)}` (\(t($0.documentation)))" }.joined(separator: ", ")
      out += language.say(sv: ", och de gemensamma.\n\n", en: ", and the common ones.\n\n")
      out += "```yaml\n\(kind.example)\n```\n\n"
    }
    out += language.say(sv: "## Gemensamma platshållare\n\n", en: "## Common placeholders\n\n")
    for placeholder in CheckPlaceholder.common {
      out += "- `{\(placeholder.name.rawValue)}`: \(t(placeholder.documentation))\n"
    }
    out += "\n"
    out += language.say(sv: "## Villkor (`when`, `where`)\n\n", en: "## Conditions (`when`, `where`)\n\n")
    out += language.say(
      sv:
        "Reglernas enda predikatspråk: samma villkor i `when`, i `where` (`anyMatch`, `date`) och som `is` i `value`. Ett villkor är `all: [villkor…]`, `any: [villkor…]`, `not: villkor`, eller exakt ett test, med `field` (en sökväg relativt noden) för ett annat fält än noden själv. Når sökvägen flera värden räcker ett. Värden jämförs med sin typ: `true`/`false` utan citattecken är sanningsvärden, `12` ett tal, allt annat (och allt inom citattecken) text.\n\n",
      en:
        "The rules' one predicate language: the same conditions in `when`, in `where` (`anyMatch`, `date`) and as `is` in `value`. A condition is `all: [conditions…]`, `any: [conditions…]`, `not: condition`, or exactly one test, with `field` (a path relative to the node) for a field other than the node itself. When the path reaches several values, one is enough. Values compare with their type: unquoted `true`/`false` are booleans, `12` a number, anything else (and anything quoted) text.\n\n"
    )
    for test in RuleParser.fieldTests {
      out += "- `\(test.name)`: \(t(test.documentation))\n"
    }
    out +=
      "\n```yaml\nwhen: {field: geografiskTackning, equals: hela-kommunen}\nwhen: {all: [{field: polis, equals: true}, {field: giltighet, inForce: true}]}\nis: {not: {any: [{startsWith: \"ANGE:\"}, {in: [\"1900-01-01\", 1900]}]}}\n```\n"
    return out
  }
}
