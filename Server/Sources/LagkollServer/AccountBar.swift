import PlanDocument
import Reporting
import Store

/// The strip at the top of every signed-in page: who is signed in, the way to the role's own page,
/// and logging out (a form with the session's CSRF token; a bearer token has no session to end).
enum AccountBar {
  static func render(_ identity: Identity, language: Language) -> String {
    let sv = language == .sv
    let h = Escape.xml
    var out =
      "<nav class=\"account\" aria-label=\"\(h(sv ? "Konto" : "Account"))\"><span>\(h(sv ? "Inloggad som" : "Signed in as")) <strong>\(h(identity.user.email))</strong></span>"
    let home = LoginRoutes.home(identity.user.role)
    out += "<a href=\"\(h(home))\(sv ? "" : "?lang=en")\">\(h(sv ? "Min startsida" : "My start page"))</a>"
    if let csrf = identity.csrf {
      out += "<a href=\"/konto/losenord\(sv ? "" : "?lang=en")\">\(h(sv ? "Byt lösenord" : "Change password"))</a>"
      out +=
        "<form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(h(csrf))\" /><button type=\"submit\" class=\"quiet\">\(h(sv ? "Logga ut" : "Log out"))</button></form>"
    }
    return out + "</nav>\n"
  }
}
