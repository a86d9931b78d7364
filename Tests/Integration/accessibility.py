"""Accessibility of lagkoll-server in Debian's Chromium (issue 20; lag 2018:1937, WCAG 2.1 AA).

Usage: python3 accessibility.py BASE_URL REPO_ROOT SCREENSHOT_DIR PASSWORD AXE_JS

The accounts admin@lagkoll.se, s1282@landskrona.se (samordnare 1282), s2260@ange.se (samordnare
2260), g12@lst.se (granskare 12) and analys@bra.se (riket) exist with PASSWORD. Three parts:

1. every page (and every kind of error page) scanned with axe-core (AXE_JS, injected through Selenium)
   at the wcag2a, wcag2aa, wcag21a and wcag21aa tags: no violation; each page also reflows at 320 CSS
   pixels and at 200 % zoom of a 1280-pixel window without scrolling sideways, and is photographed at
   1280 and at 320 pixels;
2. a journey with the keyboard alone (Tab, Shift+Tab, Enter, Space; no click) from login to submitting
   a plan, reading its findings and withdrawing it, with a visible focus indicator at every stop;
3. form errors that are announced (role=alert or aria-live) and tied to their fields (aria-invalid and
   aria-describedby naming the message).
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from browser_support import chromium  # noqa: E402
import browser_support  # noqa: E402
from checks import check, finish  # noqa: E402

base, root, shots, password, axe_path = sys.argv[1:6]
os.makedirs(shots, exist_ok=True)
with open(axe_path, encoding="utf-8") as handle:
    AXE = handle.read()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AS_OF = "2026-11-24"
counts = {}

AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n').slice(1).join(' '))}))))
  .catch(e => done([{id: 'axe-error', impact: 'error', help: String(e), nodes: []}]));
"""

OVERFLOW = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def set_viewport(driver, width, height, scale=1):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})
    time.sleep(0.2)


def scan(driver, name):
    """axe at AA, reflow at 320 px and 200 %, screenshots at 1280 and 320: for the page now shown."""
    driver.execute_script(AXE)
    violations = driver.execute_async_script(AXE_RUN, TAGS)
    counts[name] = len(violations)
    for violation in violations:
        print(f"    {violation['impact']}: {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            print(f"      {node}")
    check(not violations, f"axe: {name}: {len(violations)} violations at {', '.join(TAGS)}")
    # Reflow (WCAG 1.4.10): 320 CSS pixels wide, and a 1280-pixel window at 200 % (640 CSS pixels).
    for width, scale, label in ((320, 1, "320 px"), (640, 2, "200 % zoom")):
        set_viewport(driver, width, 800, scale)
        scroll, client = driver.execute_script(OVERFLOW)
        check(scroll <= client, f"reflow: {name} at {label}: no sideways scrolling ({scroll} ≤ {client})")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    slug = name.replace(" ", "-").replace("/", "_")
    browser_support.screenshot(driver, shots, f"a11y-{slug}-1280.png", 1280, 900, full=True)
    browser_support.screenshot(driver, shots, f"a11y-{slug}-320.png", 320, 700, full=True)


def login(driver, email, secret=None):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(secret or password)
    driver.find_element(By.CSS_SELECTOR, "form.login button").submit()
    WebDriverWait(driver, 20).until(
        lambda d: not d.current_url.split("?")[0].endswith("/login") or d.find_elements(By.CSS_SELECTOR, "[role=alert]"))


def wait_url(driver, fragment):
    WebDriverWait(driver, 20).until(lambda d: fragment in d.current_url)


def tied_to_alert(driver, field_id):
    """The field is marked invalid and described by an element that is announced."""
    field = driver.find_element(By.ID, field_id)
    described = (field.get_attribute("aria-describedby") or "").split()
    announced = [i for i in described if driver.execute_script(
        "const e = document.getElementById(arguments[0]);"
        "return !!e && !!e.closest('[role=alert],[aria-live]') && e.textContent.trim().length > 0", i)]
    return field.get_attribute("aria-invalid") == "true" and bool(announced)


def focus_visible(driver):
    """The focused element draws an outline or a box shadow (not the browser's 'none')."""
    return driver.execute_script("""
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').slice(0, 40),
                visible: outline || s.boxShadow !== 'none'};""")


def keys(driver, text):
    """Keys typed into the page, as a keyboard does: to whatever has the focus."""
    ActionChains(driver).send_keys(text).perform()


def press(driver, key, journey):
    """One key; records where the focus went and whether it shows."""
    if key == Keys.SHIFT + Keys.TAB:
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    else:
        keys(driver, key)
    time.sleep(0.05)
    stop = focus_visible(driver)
    if stop:
        journey.append(stop)
    return stop


def tab_to(driver, journey, predicate, what, limit=60, key=Keys.TAB):
    """Tab (or Shift+Tab) until the focused element is the one wanted."""
    for _ in range(limit):
        stop = press(driver, key, journey)
        if stop and predicate(stop):
            return True
    check(False, f"keyboard: reached {what}")
    return False


driver = chromium()
try:
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)

    # --- 1. Every page, signed out.
    driver.get(base + "/")
    scan(driver, "self-check form sv")
    driver.get(base + "/?lang=en")
    scan(driver, "self-check form en")
    driver.get(base + "/")
    driver.find_element(By.ID, "plan").send_keys(os.path.join(root, "samples", "trasiga-referenser.xml"))
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "asOf"), AS_OF)
    driver.find_element(By.CSS_SELECTOR, "#formular button[type=submit]").submit()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "main section.file"))
    scan(driver, "self-check report")
    # A Word plan: the report page with its reviewed copy to download (issue 19).
    driver.get(base + "/")
    driver.find_element(By.ID, "plan").send_keys(os.path.join(root, "samples", "saknade-delar.docx"))
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "asOf"), AS_OF)
    driver.find_element(By.CSS_SELECTOR, "#formular button[type=submit]").submit()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "main section.file"))
    links = driver.find_elements(By.CSS_SELECTOR, "section.reviewed-copy a[download$='-granskad.docx']")
    check(links and links[0].get_attribute("href").startswith(
        "data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,"),
        "Word upload: the report page offers the document with lagkoll's comments")
    scan(driver, "self-check report of a Word plan")
    # The form posted empty: the error, announced and tied to the fields it is about.
    driver.get(base + "/")
    driver.find_element(By.CSS_SELECTOR, "#formular button[type=submit]").submit()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))
    check(tied_to_alert(driver, "plan"), "form error: the empty self-check form marks the file field and points at the alert")
    scan(driver, "self-check form error")
    driver.get(base + "/ingen-sida-har")
    scan(driver, "error 404")
    driver.get(base + "/kommun/1282")
    scan(driver, "error 401")
    driver.get(base + "/tillganglighet")
    check("DIGG" in driver.page_source and driver.find_elements(By.CSS_SELECTOR, "a[href^='https://www.digg.se/']"),
          "the statement names DIGG and links to its report form")
    scan(driver, "accessibility statement sv")
    driver.get(base + "/tillganglighet?lang=en")
    scan(driver, "accessibility statement en")
    driver.get(base + "/login")
    scan(driver, "login")
    login(driver, "admin@lagkoll.se", "inte lösenordet alls")
    check(tied_to_alert(driver, "email") and tied_to_alert(driver, "password"),
          "form error: a refused login marks both fields and points at the alert")
    scan(driver, "login refused")

    # Every page shows the way to the statement in its footer.
    for path in ("/", "/login", "/ingen-sida-har", "/tillganglighet?lang=en"):
        driver.get(base + path)
        check(driver.find_elements(By.CSS_SELECTOR, "footer a[href^='/tillganglighet']"),
              f"{path}: the footer links to the accessibility statement")

    # --- 2. The keyboard journey: a coordinator, from login to withdrawal, without a click.
    journey = []
    driver.delete_all_cookies()
    driver.get(base + "/login")
    tab_to(driver, journey, lambda s: s["id"] == "email", "the e-mail field")
    keys(driver, "s2260@ange.se")
    tab_to(driver, journey, lambda s: s["id"] == "password", "the password field")
    keys(driver, password)
    tab_to(driver, journey, lambda s: s["tag"] == "button", "the login button")
    tab_to(driver, journey, lambda s: s["id"] == "password", "the password again, backwards", key=Keys.SHIFT + Keys.TAB)
    press(driver, Keys.ENTER, journey)
    wait_url(driver, "/kommun/2260")
    check(True, "keyboard: logged in with Enter, on the kommun page")
    with open(os.path.join(root, "samples", "saknade-delar.xml"), encoding="utf-8") as handle:
        plan = handle.read()
    tab_to(driver, journey, lambda s: s["id"] == "text", "the plan's text area")
    keys(driver, plan)
    tab_to(driver, journey, lambda s: s["tag"] == "button" and "Lämna in" in s["text"], "the submit button")
    press(driver, Keys.ENTER, journey)
    wait_url(driver, "mottagen=1")
    check(driver.find_elements(By.CSS_SELECTOR, "[role=status]"), "keyboard: the plan is received, and the page says so")
    scan(driver, "kommun")
    tab_to(driver, journey, lambda s: s["tag"] == "a" and "i sin helhet" in s["text"], "the link to the submission")
    press(driver, Keys.ENTER, journey)
    wait_url(driver, "/submissions/")
    check(driver.find_elements(By.CSS_SELECTOR, ".obligation"), "keyboard: the findings, by obligation")
    scan(driver, "submission")
    tab_to(driver, journey, lambda s: s["id"] == "reason", "the withdrawal reason")
    keys(driver, "Fel fil skickades.")
    tab_to(driver, journey, lambda s: s["tag"] == "button" and "terkalla" in s["text"], "the withdraw button")
    press(driver, Keys.SPACE, journey)
    wait_url(driver, "aterkallad=1")
    check("Fel fil skickades." in driver.find_element(By.ID, "aterkallad").text, "keyboard: withdrawn with Space")
    scan(driver, "submission withdrawn")
    hidden = [s for s in journey if not s["visible"]]
    for stop in hidden:
        print(f"    no visible focus: <{stop['tag']} id={stop['id']!r}> {stop['text']!r}")
    check(journey and not hidden, f"keyboard: the focus showed at every one of {len(journey)} stops")

    # --- 1, continued: the signed-in pages of each role.
    driver.get(base + "/kommun/1282")
    scan(driver, "error 403")
    login(driver, "s1282@landskrona.se")
    driver.find_element(By.ID, "plan").send_keys(os.path.join(root, "samples", "komplett.xml"))
    driver.find_element(By.CSS_SELECTOR, "#lamna-in button").submit()
    wait_url(driver, "mottagen=1")
    driver.get(base + "/kommun/1282?lang=en")
    scan(driver, "kommun en")
    # Issue 22: the kommun's dates ("Kommande", "Försenat"), its personal feed made on the page, /konto.
    driver.get(base + "/kommun/1282")
    check(driver.find_elements(By.ID, "kommande") and driver.find_elements(By.ID, "forsenat"),
          "the kommun page has the Kommande and Försenat panels")
    check(driver.find_elements(By.CSS_SELECTOR, "#kommande ul.dates li"), "Kommande lists dates of the complete plan")
    scan(driver, "kommun panels")
    driver.find_element(By.CSS_SELECTOR, "#kommande form.feed button").submit()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "code.feed-url"))
    address = driver.find_element(By.CSS_SELECTOR, "code.feed-url").text
    check("/kommun/1282/kalender.ics?token=" in address, "the personal feed's address is shown once, on /konto")
    scan(driver, "konto feed made")
    feed_file = os.path.join(shots, "feed-1282.ics")
    with urllib.request.urlopen(base + address[address.index("/kommun/"):], timeout=30) as answer:
        check(answer.headers.get("Content-Type") == "text/calendar; charset=utf-8"
              and "no-store" in answer.headers.get("Cache-Control", ""),
              "the feed is text/calendar and never cached")
        with open(feed_file, "wb") as out:
            out.write(answer.read())
    # The served feed, read by the icalendar package: all-day events with their reminders.
    read = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "icalendar_check.py"), feed_file],
                          capture_output=True, text=True)
    if read.returncode == 77:
        print("    " + read.stdout.strip())
    else:
        check(read.returncode == 0 and read.stdout.count("\n") > 0,
              f"icalendar reads the served feed: {read.stdout.count(chr(10))} events {read.stderr.strip()}")
    driver.get(base + "/konto")
    check(driver.find_elements(By.CSS_SELECTOR, "table.feeds button")
          and address.split("token=")[1] not in driver.page_source,
          "/konto lists the feed, without its secret, with a way to revoke it")
    scan(driver, "konto")
    driver.find_element(By.CSS_SELECTOR, "table.feeds form.revoke button").submit()
    wait_url(driver, "/konto")
    try:
        urllib.request.urlopen(base + address[address.index("/kommun/"):], timeout=30)
        check(False, "a revoked feed answers 401")
    except urllib.error.HTTPError as error:
        check(error.code == 401, f"a revoked feed answers 401 ({error.code})")
    driver.get(base + "/konto?lang=en")
    scan(driver, "konto en")
    login(driver, "g12@lst.se")
    check(driver.find_elements(By.ID, "kalender"), "the county page lists what falls due across its kommuner")
    scan(driver, "county")
    driver.get(base + "/konto")
    scan(driver, "konto county")
    login(driver, "analys@bra.se")
    scan(driver, "riket")
    login(driver, "admin@lagkoll.se")
    scan(driver, "admin")
    driver.find_element(By.ID, "email").send_keys("inte-en-adress")
    driver.find_element(By.ID, "password").send_keys("ett långt lösenord")
    driver.find_element(By.ID, "kommun").send_keys("1282")
    driver.find_element(By.CSS_SELECTOR, "form.add-user button").submit()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))
    check(tied_to_alert(driver, "email"), "form error: the admin's form marks the e-mail field and points at the alert")
    scan(driver, "admin form error")
    # The password pages (issue 20, security 7): the user's own change and the admin's reset.
    driver.get(base + "/konto/losenord")
    scan(driver, "own password")
    driver.get(base + "/admin/users/losenord")
    scan(driver, "admin password reset")
finally:
    driver.quit()

print("axe violations per page: " + json.dumps(counts, ensure_ascii=False))
finish()
