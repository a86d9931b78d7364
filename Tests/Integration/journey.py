"""The service's journey in Debian's Chromium (issue 13): accounts made by the admin's command line,
then a coordinator logs in, submits a plan with gaps, fixes it, submits again and sees the resolved
findings and the 6 § deadlines; a county reviewer sees the kommun in the county matrix; the
coordinator of another kommun cannot open it. Screenshots go to SCREENSHOT_DIR.

Usage: python3 journey.py BASE_URL REPO_ROOT SCREENSHOT_DIR PASSWORD
(the accounts s1282@landskrona.se, g12@lst.se and s0180@stockholm.se exist with PASSWORD)
"""

import os
import sys
import tempfile

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

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


def login(driver, email):
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.login button").click()


def logout(driver):
    driver.find_element(By.CSS_SELECTOR, "form.logout button").click()


def submit(driver, path):
    """Uploads a plan and waits for the page that shows it in the history (the URL alone says the same
    after the first submission)."""
    before = len(driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr"))
    driver.find_element(By.ID, "plan").send_keys(path)
    driver.find_element(By.CSS_SELECTOR, "#lamna-in button").click()
    WebDriverWait(driver, 20).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#historik tbody tr")) > before or "alert" in d.page_source)


def lands_on(driver, path):
    try:
        return wait_for_path(driver, path)
    except TimeoutException:
        return False


driver = chromium()
try:
    login(driver, "s1282@landskrona.se")
    check(lands_on(driver, "/kommun/1282"), f"the coordinator lands on the kommun page ({driver.current_url})")
    check("Ingen plan är inlämnad än" in driver.page_source, "before any submission the 6 § panel says so")
    submit(driver, gaps_path)
    check("Planen är mottagen och sparad" in driver.page_source, "the plan with gaps is received")
    rows = driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr")
    check(len(rows) == 1 and "inte klar" in rows[0].text, f"history: one submission, not ready ({rows[0].text if rows else ''})")
    screenshot(driver, "kommun-1-gaps-1600x1200.png", 1600, 1200, full=True)
    submit(driver, fixed_path)
    resolved = driver.find_elements(By.CSS_SELECTOR, "ul.atgardade li")
    check(len(resolved) > 0, f"after the fix: {len(resolved)} resolved findings listed")
    check(len(driver.find_elements(By.CSS_SELECTOR, "ul.nya li")) == 0, "and no new ones")
    due = driver.find_element(By.ID, "nasta").text
    check("senast 2028-04-15" in due and "senast 2028-11-10" in due, "6 §: lägesbild by 2028-04-15, follow-up by 2028-11-10")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#historik tbody tr")) == 2, "history: two submissions")
    screenshot(driver, "kommun-2-fixed-1600x1200.png", 1600, 1200, full=True)
    logout(driver)
    lands_on(driver, "/")

    login(driver, "g12@lst.se")
    check(lands_on(driver, "/lan/12"), f"the reviewer lands on the county page ({driver.current_url})")
    matrix = driver.page_source
    check("Landskrona" in matrix, "the county matrix has Landskrona")
    check("Har inte lämnat in någon plan" in matrix, "kommuner without a submission are listed as such")
    screenshot(driver, "lan-12-1600x1200.png", 1600, 1200)
    driver.get(base + "/kommun/1282")
    check("Åtgärdade" in driver.page_source, "the reviewer can drill down to the kommun's history")
    driver.delete_all_cookies()

    login(driver, "s0180@stockholm.se")
    lands_on(driver, "/kommun/0180")
    driver.get(base + "/kommun/1282")
    check("inte göra detta" in driver.page_source and "Landskrona" not in driver.page_source,
          "another kommun's coordinator cannot open it")
    screenshot(driver, "kommun-other-refused-1600x1200.png", 1600, 1200)
    driver.get(base + "/lan/12")
    check("Landskrona" not in driver.page_source, "nor the county matrix")
finally:
    driver.quit()
finish()
