import PlanDocument
import Reporting
import Store

/// The strip at the top of every signed-in page: who is signed in, the way to the role's own page,
/// and logging out (a form with the session's CSRF token; a bearer token has no session to end).
enum AccountBar {
  static func render(_ identity: Identity, language: Language) -> String {
    let h = Escape.xml
    var out =
      "<nav class=\"account\" aria-label=\"\(h(language.say(sv: "Konto", en: "Account")))\"><span>\(h(language.say(sv: "Inloggad som", en: "Signed in as"))) <strong>\(h(identity.user.email))</strong></span>"
    let home = LoginRoutes.home(identity.user.role)
    out +=
      "<a href=\"\(h(home))\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Min startsida", en: "My start page")))</a>"
    if let csrf = identity.csrf {
      out +=
        "<a href=\"/konto\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Mitt konto och kalendrar", en: "My account and calendars")))</a>"
      out +=
        "<a href=\"/konto/losenord\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Byt lösenord", en: "Change password")))</a>"
      out +=
        "<form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(h(csrf))\" /><button type=\"submit\" class=\"quiet\">\(h(language.say(sv: "Logga ut", en: "Log out")))</button></form>"
    }
    return out + "</nav>\n"
  }
}
