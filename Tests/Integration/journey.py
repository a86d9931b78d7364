"""The service's journey in Debian's Chromium (issue 13). The admin (made with the command line, the
one account that must exist before anyone can log in) creates the coordinators and reviewers in the
browser; a coordinator logs in, submits a plan with gaps, fixes it, submits again, sees the resolved
findings and the 6 § deadlines, opens the submission's page, and withdraws a plan sent by mistake; a
county reviewer sees the kommun in the county matrix, uses "changed since" and drills down to the
submission; Brå's reviewer sees the country; the coordinator of another kommun cannot open any of it.
Screenshots go to SCREENSHOT_DIR.

Usage: python3 journey.py BASE_URL REPO_ROOT SCREENSHOT_DIR PASSWORD
(the account admin@lagkoll.se exists with PASSWORD)
"""

import os
import re
import sys
import tempfile

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from browser_support import chromium  # noqa: E402
import browser_support  # noqa: E402
from checks import check, finish  # noqa: E402

base, root, shots, password = sys.argv[1:5]


def screenshot(driver, name, width, height, full=False):
    browser_support.screenshot(driver, shots, name, width, height, full)

fixed_path = os.path.join(root, "samples", "komplett.xml")
with open(fixed_path, encoding="utf-8") as handle:
    fixed = handle.read()
# The gaps: no coordination function (4 §) and no cooperation (3 §): three statutory errors.
gaps = fixed
for tag in ("samordningsfunktion", "samverkan"):
    start, end = gaps.index(f"<{tag}>"), gaps.index(f"</{tag}>") + len(f"</{tag}>")
    gaps = gaps[:start] + gaps[end:]
gaps_path = os.path.join(tempfile.mkdtemp(), "plan-med-luckor.xml")
with open(gaps_path, "w", encoding="utf-8") as handle:
    handle.write(gaps)


def wait_for_path(driver, path):
    """Waits for a redirect after a form post to arrive."""
    WebDriverWait(driver, 20).until(lambda d: d.current_url.split("?")[0].endswith(path))
    return True


def lands_on(driver, path):
    try:
        return wait_for_path(driver, path)
    except TimeoutException:
        return False


def login(driver, email):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.login button").click()
    # Either the role's page or the login page again with the reason.
    WebDriverWait(driver, 20).until(
        lambda d: not d.current_url.split("?")[0].endswith("/login") or d.find_elements(By.CSS_SELECTOR, "[role=alert]"))


def logout(driver):
    driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
    lands_on(driver, "/")


def submit(driver, path):
    """Uploads a plan and waits for the page that shows it in the history."""
    before = len(driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr"))
    driver.find_element(By.ID, "plan").send_keys(path)
    driver.find_element(By.CSS_SELECTOR, "#lamna-in button").click()
    WebDriverWait(driver, 20).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#historik tbody tr")) > before or "alert" in d.page_source)


def add_user(driver, email, role, kommun="", lan=""):
    """The admin's form: one user, then back on the list with a notice."""
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    Select(driver.find_element(By.ID, "role")).select_by_value(role)
    if kommun:
        driver.find_element(By.ID, "kommun").send_keys(kommun)
    if lan:
        driver.find_element(By.ID, "lan").send_keys(lan)
    driver.find_element(By.CSS_SELECTOR, "form.add-user button").click()
    WebDriverWait(driver, 20).until(
        lambda d: f"Användaren {email} är tillagd" in d.page_source or "role=\"alert\"" in d.page_source)
    check(f"Användaren {email} är tillagd" in driver.page_source, f"the admin added {email} ({role})")


driver = chromium()
try:
    # The admin creates every other account in the browser.
    login(driver, "admin@lagkoll.se")
    check(lands_on(driver, "/admin/users"), f"the admin lands on the users page ({driver.current_url})")
    add_user(driver, "s1282@landskrona.se", "samordnare", kommun="1282")
    add_user(driver, "g12@lst.se", "granskare", lan="12")
    add_user(driver, "s0180@stockholm.se", "samordnare", kommun="0180")
    add_user(driver, "analys@bra.se", "riket")
    add_user(driver, "slutat@landskrona.se", "samordnare", kommun="1282")
    # One who has left: disabled, and then cannot log in.
    row = driver.find_element(By.XPATH, "//table[@class='users']//tr[td[1]='slutat@landskrona.se']")
    row.find_element(By.CSS_SELECTOR, "form.disable button").click()
    WebDriverWait(driver, 20).until(lambda d: "avstangd=" in d.current_url)
    rows = driver.find_elements(By.CSS_SELECTOR, "table.users tbody tr")
    check(len(rows) == 6, f"the list has the admin and five users ({len(rows)})")
    disabled = driver.find_element(By.XPATH, "//table[@class='users']//tr[td[1]='slutat@landskrona.se']")
    check("avstängd" in disabled.text, "the disabled user is marked as such")
    screenshot(driver, "admin-users-1400x1000.png", 1400, 1000)
    logout(driver)
    login(driver, "slutat@landskrona.se")
    check("fel e-postadress eller lösenord" in driver.page_source, "a disabled user cannot log in")

    # The coordinator: a plan with gaps, the fix, the resolved findings, the 6 § panel.
    login(driver, "s1282@landskrona.se")
    check(lands_on(driver, "/kommun/1282"), f"the coordinator lands on the kommun page ({driver.current_url})")
    check("Ingen plan är inlämnad än" in driver.page_source, "before any submission the 6 § panel says so")
    submit(driver, gaps_path)
    check("Planen är mottagen och sparad" in driver.page_source, "the plan with gaps is received")
    rows = driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr")
    check(len(rows) == 1 and "inte klar" in rows[0].text, f"history: one submission, not ready ({rows[0].text if rows else ''})")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#fynd .obligation")) >= 2, "the findings are grouped by obligation")
    submit(driver, fixed_path)
    resolved = driver.find_elements(By.CSS_SELECTOR, "ul.atgardade li")
    check(len(resolved) > 0, f"after the fix: {len(resolved)} resolved findings listed")
    check(len(driver.find_elements(By.CSS_SELECTOR, "ul.nya li")) == 0, "and no new ones")
    due = driver.find_element(By.ID, "nasta").text
    check("senast 2028-04-15" in due and "senast 2028-11-10" in due, "6 §: lägesbild by 2028-04-15, follow-up by 2028-11-10")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr")) == 2, "history: two submissions")
    screenshot(driver, "kommun-after-fix-1400x1000.png", 1400, 1000, full=True)

    # A plan sent by mistake (the old one again), withdrawn from its own page.
    submit(driver, gaps_path)
    mistake = driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr")[0]
    mistake.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 20).until(lambda d: "/submissions/" in d.current_url)
    mistake_id = driver.current_url.split("/submissions/")[1].split("?")[0]
    driver.find_element(By.ID, "reason").send_keys("Fel fil: den gamla versionen skickades av misstag.")
    driver.find_element(By.CSS_SELECTOR, "form.withdraw button").click()
    WebDriverWait(driver, 20).until(lambda d: "aterkallad=1" in d.current_url)
    check("Fel fil: den gamla versionen" in driver.find_element(By.ID, "aterkallad").text, "the withdrawal shows who, when and why")
    screenshot(driver, "submission-withdrawn-1400x1000.png", 1400, 1000)
    driver.get(base + "/kommun/1282")
    rows = driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr")
    check(len(rows) == 3 and "återkallad" in rows[0].text, "the history keeps the withdrawn plan, marked")
    check("senast 2028-04-15" in driver.find_element(By.ID, "nasta").text, "the 6 § panel counts the fixed plan again")
    screenshot(driver, "kommun-after-withdrawal-1400x1000.png", 1400, 1000, full=True)
    # The fixed plan's own page: metadata, verdict, findings by obligation, the exact bytes.
    rows[1].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 20).until(lambda d: "/submissions/" in d.current_url)
    fixed_id = driver.current_url.split("/submissions/")[1].split("?")[0]
    facts = driver.find_element(By.ID, "uppgifter").text
    check("SHA-256" in facts and "s1282@landskrona.se" in facts and "Landskrona (1282)" in facts, "the submission's metadata")
    check(re.search(r"\b[0-9a-f]{64}\b", facts) is not None, "its SHA-256 in full")
    check("Klar" in facts, "its verdict")
    check(driver.find_elements(By.CSS_SELECTOR, "a[href$='/raw']"), "a link to the exact bytes")
    screenshot(driver, "submission-1400x1000.png", 1400, 1000, full=True)
    logout(driver)

    # The county reviewer: the matrix, what changed since a date, the drill-down.
    login(driver, "g12@lst.se")
    check(lands_on(driver, "/lan/12"), f"the reviewer lands on the county page ({driver.current_url})")
    matrix = driver.page_source
    check("Landskrona" in matrix, "the county matrix has Landskrona")
    check("Har inte lämnat in någon plan" in matrix, "kommuner without a submission are listed as such")
    check(f"/submissions/{mistake_id}" not in matrix, "the withdrawn plan is not the latest anywhere")
    driver.execute_script("document.getElementById('sedan').value = '2026-01-01'")
    driver.find_element(By.CSS_SELECTOR, "form.dates button").click()
    WebDriverWait(driver, 20).until(lambda d: "sedan=2026-01-01" in d.current_url)
    changes = driver.find_element(By.ID, "andringar")
    check("sedan 2026-01-01" in changes.text, "the changes are since the chosen date")
    landskrona = changes.find_element(By.XPATH, ".//tr[th/a[text()='Landskrona']]")
    check("3 (1 återkallad)" in landskrona.text, f"three new submissions, one withdrawn ({landskrona.text})")
    screenshot(driver, "lan-12-full-1400.png", 1400, 1000, full=True)
    driver.execute_script("window.location.hash = 'andringar'")
    screenshot(driver, "lan-12-changed-since-1400x1000.png", 1400, 1000)
    landskrona.find_element(By.CSS_SELECTOR, f"a[href^='/submissions/{fixed_id}']").click()
    check(lands_on(driver, f"/submissions/{fixed_id}"), "the reviewer drills down to the submission")
    check(not driver.find_elements(By.ID, "aterkalla"), "a reviewer cannot withdraw it")
    driver.back()
    driver.find_element(By.CSS_SELECTOR, f"#matris a[href^='/submissions/{fixed_id}']").click()
    check(lands_on(driver, f"/submissions/{fixed_id}"), "the matrix row links to the submission too")
    logout(driver)

    # Brå's reviewer: the country, and from it the county.
    login(driver, "analys@bra.se")
    check(lands_on(driver, "/riket"), f"the riket reviewer lands on the country page ({driver.current_url})")
    skane = driver.find_element(By.XPATH, "//tr[th/a[contains(., 'Skåne')]]")
    cells = [cell.text for cell in skane.find_elements(By.TAG_NAME, "td")]
    check(cells == ["33", "1", "1", "32"], f"Skåne: 33 kommuner, one has submitted, its plan ready ({cells})")
    screenshot(driver, "riket-1400x1000.png", 1400, 1000, full=True)
    skane.find_element(By.TAG_NAME, "a").click()
    check(lands_on(driver, "/lan/12"), "the country leads to the county")
    logout(driver)

    # Another kommun's coordinator sees none of it.
    login(driver, "s0180@stockholm.se")
    lands_on(driver, "/kommun/0180")
    driver.get(base + "/kommun/1282")
    check("inte göra detta" in driver.page_source and "Landskrona" not in driver.page_source,
          "another kommun's coordinator cannot open its page")
    screenshot(driver, "kommun-other-refused-1400x1000.png", 1400, 1000)
    driver.get(base + f"/submissions/{fixed_id}")
    check("sidan finns inte" in driver.page_source and "Landskrona" not in driver.page_source,
          "nor its submission (404: its existence is private)")
    driver.get(base + "/lan/12")
    check("Landskrona" not in driver.page_source, "nor the county matrix")
    driver.get(base + "/admin/users")
    check("inte göra detta" in driver.page_source, "nor the admin page")
finally:
    driver.quit()
finish()
