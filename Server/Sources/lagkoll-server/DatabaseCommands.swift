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
    abstract: "Hantera användare. (Manage users.)",
    subcommands: [Add.self, List.self, Disable.self, Password.self, Token.self, Tokens.self, RevokeToken.self])

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
      let password = readPassword()
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

  struct Password: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Sätt ett nytt lösenord, läst från standard in; användarens sessioner upphör, nycklarna består. "
        + "(Reset a password from stdin; sessions end, tokens stay.)")
    @OptionGroup var options: DatabaseOption
    @Argument var email: String

    func run() async throws {
      let password = readPassword()
      try await options.use { database in
        try await database.resetPassword(
          email: email, new: password, policy: AccountPolicy(), actor: operatorName, at: Date())
      }
    }
  }

  struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Skriv ut en ny API-nyckel (Authorization: Bearer). (Print a new bearer token.)",
      discussion: """
        Bara nyckelns hash sparas; den visas en gång. Den gäller ett år om inte --expires säger annat. \
        (Only its hash is stored; it is shown once. It is valid for a year unless --expires says otherwise.)
        """)
    @OptionGroup var options: DatabaseOption
    @Argument var email: String
    @Option(
      help: "Sista giltighetsdag ÅÅÅÅ-MM-DD; nyckeln upphör vid dagens slut (UTC). (Last valid day, YYYY-MM-DD.)")
    var expires: String?

    func run() async throws {
      var expiry: Date?
      if let expires {
        guard let day = CivilDate(expires) else {
          throw ValidationError("--expires \"\(expires)\": ange ett datum ÅÅÅÅ-MM-DD (a date YYYY-MM-DD)")
        }
        expiry = day.startOfNextDayUTC
      }
      let token = try await options.use { database in
        try await database.issueToken(email: email, expiresAt: expiry, actor: operatorName, at: Date())
      }
      print(token)
    }
  }

  struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Lista en användares API-nycklar: id, utfärdad, upphör, status. (List a user's tokens.)")
    @OptionGroup var options: DatabaseOption
    @Argument var email: String

    func run() async throws {
      let now = Date()
      let tokens = try await options.use { database in try await database.tokens(email: email) }
      for token in tokens {
        print(
          [
            String(token.id), token.createdAt.formatted(.iso8601), token.expiresAt.formatted(.iso8601),
            token.expiresAt > now ? "giltig" : "utgången",
          ].joined(separator: "\t"))
      }
    }
  }

  struct RevokeToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "revoke-token",
      abstract: "Återkalla en API-nyckel med id från users tokens. (Revoke one token by its listed id.)")
    @OptionGroup var options: DatabaseOption
    @Argument(help: "Nyckelns id. (The token's id.)") var id: Int

    func run() async throws {
      try await options.use { database in try await database.revokeToken(id: id, actor: operatorName, at: Date()) }
    }
  }
}

/// One line from standard input: the password, without its line ending.
func readPassword() -> String {
  let input = FileHandle.standardInput.readDataToEndOfFile()
  return String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    .first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
}

extension CivilDate {
  /// The instant the day ends in UTC: a token "valid through" this day stops then.
  var startOfNextDayUTC: Date? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let start = calendar.date(from: DateComponents(year: year, month: month, day: day))
    return start.flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
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

struct Restore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Återställ en säkerhetskopia som en ny databas, efter kontroll. (Restore a backup as a new database.)",
    discussion: """
      Kopian kontrolleras (SQLites integrity_check och foreign_key_check, och varje inlämnad plan mot sin \
      SHA-256) innan den får namnet från --database, som inte får finnas: en återställning skriver aldrig \
      över en databas. Starta sedan tjänsten med den nya filen. (The copy is checked before it gets the \
      name given by --database, which must not exist: a restore never overwrites a database.)
      """)
  @OptionGroup var options: DatabaseOption
  @Argument(help: "Säkerhetskopian (läses bara). (The backup; only read.)") var backup: String

  func run() async throws {
    do {
      let report = try await Database.restore(backup: backup, to: options.database)
      print(
        "återställd (restored): \(options.database): \(report.submissions) inlämningar (submissions) med rätt SHA-256, "
          + "\(report.users) användare (users), schemaversion \(report.schemaVersion); integrity_check ok")
    } catch let error as StoreError {
      printError(error.description)
      throw ExitCode(2)
    }
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
