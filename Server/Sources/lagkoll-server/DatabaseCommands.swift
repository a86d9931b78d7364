import ArgumentParser
import BundledRules
import Foundation
import LagkollServer
import RuleEngine
import Store

/// `--database FILE`, on every subcommand.
struct DatabaseOption: ParsableArguments {
  @Option(help: "Databasfilen (standard lagkoll.sqlite i arbetsmappen). (The database file.)")
  var database: String = "lagkoll.sqlite"

  /// Opens the database; a failure is a clear message and exit code 2, never a stack trace.
  func open() async throws -> Database {
    do {
      return try await Database.open(path: database)
    } catch let error as StoreError {
      printError(error.description)
      throw ExitCode(2)
    }
  }
}

func printError(_ text: String) {
  FileHandle.standardError.write(Data(("lagkoll-server: " + text + "\n").utf8))
}

/// Who ran a command, for the audit log: the operating-system account at the console.
var operatorName: String {
  "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "okänd")
}

extension DatabaseOption {
  /// Opens the database, runs `body` and closes it, whatever happens; store errors become one line on
  /// standard error and exit code 2 (1 for a refused request such as an existing user).
  func use<T>(_ body: (Database) async throws -> T) async throws -> T {
    let database = try await open()
    do {
      let result = try await storeCommand { try await body(database) }
      await database.close()
      return result
    } catch {
      await database.close()
      throw error
    }
  }
}

private func storeCommand<T>(_ body: () async throws -> T) async throws -> T {
  do {
    return try await body()
  } catch let error as StoreError {
    printError(error.description)
    throw ExitCode(2)
  } catch let error as AccountError {
    printError(error.description)
    throw ExitCode(1)
  }
}

struct Users: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Hantera användare. (Manage users.)", subcommands: [Add.self, List.self, Disable.self, Token.self])

  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Lägg till en användare; lösenordet läses från standard in. (Add a user; password from stdin.)")

    @OptionGroup var options: DatabaseOption
    @Argument(help: "E-postadress. (E-mail address.)") var email: String
    @Option(help: "samordnare, granskare eller admin.") var role: String
    @Option(help: "Kommunkod (SCB), för samordnare. (Municipality code.)") var kommun: String?
    @Option(help: "Länskod (SCB), för granskare. (County code.)") var lan: String?
    @Flag(help: "Granskare för hela landet (Brå). (Reviewer of the whole country.)") var riket = false

    func role(in ruleSet: RuleSet) throws -> Role {
      do {
        return try RoleChoice.role(name: role, kommun: kommun, lan: lan, riket: riket, ruleSet: ruleSet)
      } catch let invalid as RoleChoice.Invalid {
        throw ValidationError(invalid.description)
      }
    }

    func run() async throws {
      let ruleSet = try BundledRuleSet.load()
      let role = try role(in: ruleSet)
      let input = FileHandle.standardInput.readDataToEndOfFile()
      // One line: the password, without its line ending.
      let password =
        String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
      let user = try await options.use { database in
        try await database.addUser(
          email: email, role: role, password: password, policy: AccountPolicy(), actor: operatorName, at: Date())
      }
      print("\(user.email)\t\(user.role.description)")
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lista användarna. (List users.)")
    @OptionGroup var options: DatabaseOption

    func run() async throws {
      let users = try await options.use { database in try await database.users() }
      for user in users {
        print([user.email, user.role.description, user.disabled ? "avstängd" : "aktiv"].joined(separator: "\t"))
      }
    }
  }

  struct Disable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stäng av en användare; dess sessioner och nycklar upphör. (Disable a user.)")
    @OptionGroup var options: DatabaseOption
    @Argument var email: String

    func run() async throws {
      try await options.use { database in try await database.disableUser(email: email, actor: operatorName, at: Date())
      }
    }
  }

  struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Skriv ut en ny API-nyckel (Authorization: Bearer). (Print a new bearer token.)",
      discussion: "Bara nyckelns hash sparas; den visas en gång. (Only its hash is stored; it is shown once.)")
    @OptionGroup var options: DatabaseOption
    @Argument var email: String

    func run() async throws {
      let token = try await options.use { database in
        try await database.issueToken(email: email, actor: operatorName, at: Date())
      }
      print(token)
    }
  }
}

struct Backup: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Gör en konsekvent kopia av databasen medan tjänsten kör. (A consistent copy while serving.)")
  @OptionGroup var options: DatabaseOption
  @Argument(help: "Målfil; får inte finnas. (Target file; must not exist.)") var file: String

  func run() async throws {
    try await options.use { database in try await database.backup(to: file) }
  }
}

struct Audit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Visa granskningsloggen: tid, vem, vad, vilket, utfall, detaljer (tabbseparerat). (The audit log.)")
  @OptionGroup var options: DatabaseOption

  func run() async throws {
    let entries = try await options.use { database in try await database.auditLog() }
    for entry in entries { print(entry.line) }
  }
}
