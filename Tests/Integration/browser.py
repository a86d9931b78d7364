"""Drives the self-check page in Debian's Chromium through Selenium, as a coordinator would.

Usage: python3 browser.py BASE_URL REPO_ROOT SCREENSHOT_DIR

Uploads a plan with gaps and checks that the findings appear, goes through the form with the keyboard,
switches to English, uploads a hostile plan (markup and script in its fields and its file name) and
checks that nothing runs and the text is shown as text, and saves screenshots at 1600x1200 and at a
phone's size. Prints one line per check and 'N passed, N failed' at the end; exits 1 on a failure.
"""


import os
import sys
import tempfile
import time

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from checks import check, finish  # noqa: E402  (the shared counting of the integration scripts)
import browser_support  # noqa: E402  (Chromium and its screenshots, shared with journey.py)
from browser_support import chromium  # noqa: E402

base, root, shots = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
AS_OF = "2026-11-24"  # fixed, so the findings do not drift with the calendar


def screenshot(driver, name, width, height, full=False):
    browser_support.screenshot(driver, shots, name, width, height, full)


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def fill_and_submit(driver, plan_path, as_of, report_language):
    driver.find_element(By.ID, "plan").send_keys(plan_path)
    date = driver.find_element(By.ID, "asOf")
    # The harness sets the date input's value; the page itself runs no script.
    driver.execute_script("arguments[0].value = arguments[1]", date, as_of)
    driver.find_element(By.CSS_SELECTOR, f"input[name=lang][value={report_language}]").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "main section.file")))


driver = chromium()
try:
    driver.set_page_load_timeout(30)

    # The form, in Swedish first.
    driver.get(base + "/")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv", "the page is Swedish first")
    check("Kontrollera en brottsförebyggande plan" in driver.find_element(By.TAG_NAME, "h1").text, "Swedish heading")
    check("Ingenting sparas." in driver.page_source, "the page says nothing is stored")
    check(driver.execute_script("return document.scripts.length") == 0, "the page has no script")
    labels_ok = all(
        driver.find_elements(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")
        for field in driver.find_elements(By.CSS_SELECTOR, "input[type=file], input[type=date], textarea"))
    check(labels_ok, "every input has a label")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "section.more a")]
    check(any(h.endswith("/api/v1/template.xml") for h in links) and any(h.endswith("/api/v1/schema.json") for h in links),
          "links to the template and the schemas")
    screenshot(driver, "form-sv-1600x1200.png", 1600, 1200)
    screenshot(driver, "form-sv-1600-full.png", 1600, 1200, full=True)

    # Keyboard only: from the top of a fresh page, Tab goes skip link, language switch, file, text, date
    # (Chromium stops on each part of a date), the report language, the button.
    driver.get(base + "/")
    order = []
    for _ in range(12):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        name = (active.get_attribute("id") or active.get_attribute("class") or active.get_attribute("name")
                or active.tag_name)
        if not order or order[-1] != name:
            order.append(name)
    print("tab order:", order)
    check(order[:7] == ["skip", "lang", "plan", "text", "asOf", "lang", "button"], "focus order follows the page")
    focused = driver.execute_script(
        "document.getElementById('plan').focus(); return getComputedStyle(document.getElementById('plan')).outlineStyle")
    check(focused != "none", f"focus is visible (outline {focused})")

    # A plan with gaps: the findings appear, with where and which paragraph.
    fill_and_submit(driver, os.path.join(root, "samples", "saknade-delar.xml"), AS_OF, "sv")
    verdict = driver.find_element(By.CSS_SELECTOR, "section.file .verdict").text
    check(verdict.startswith("Inte klar"), f"verdict of the plan with gaps: {verdict!r}")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")
    check(len(rows) >= 5, f"findings are listed ({len(rows)} rows)")
    check(any("5 §" in row.text or "§" in row.text for row in rows), "findings cite a paragraph")
    check(any("rad " in row.text for row in rows), "findings say where (rad line:column)")
    screenshot(driver, "report-sv-1600x1200.png", 1600, 1200)
    screenshot(driver, "report-sv-1600-full.png", 1600, 1200, full=True)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.3)
    wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(wide <= 0, f"the report fits a phone's width ({wide} px too wide)")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    screenshot(driver, "report-sv-phone-390x844.png", 390, 844)
    screenshot(driver, "report-sv-phone-full.png", 390, 844, full=True)

    # Switch to English from the report page.
    driver.find_element(By.CSS_SELECTOR, "nav.lagkoll-server a[hreflang=en]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    check("Check a crime-prevention plan" in driver.find_element(By.TAG_NAME, "h1").text, "the English switch works")
    check("Nothing is stored." in driver.page_source, "the English page says nothing is stored")
    screenshot(driver, "form-en-1600x1200.png", 1600, 1200)
    screenshot(driver, "form-en-phone-390x844.png", 390, 844, full=True)

    # A hostile plan: markup and script in its fields and in its file name. Nothing may run.
    payload = "<script>window.__pwned=1;alert('xss')</script><img src=x onerror=\"window.__pwned=2;alert(2)\">"
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    with open(os.path.join(root, "samples", "saknade-delar.xml"), encoding="utf-8") as sample:
        text = sample.read()
    start = text.index("<namn>") + len("<namn>")
    end = text.index("</namn>", start)
    hostile_text = text[:start] + escaped + text[end:]
    folder = tempfile.mkdtemp()
    hostile_path = os.path.join(folder, "<img src=x onerror=alert(3)>.xml")
    with open(hostile_path, "w", encoding="utf-8") as out:
        out.write(hostile_text)
    fill_and_submit(driver, hostile_path, AS_OF, "en")
    time.sleep(0.5)
    check(no_alert(driver), "no alert appears")
    check(driver.execute_script("return window.__pwned === undefined"), "no script from the plan ran")
    check(driver.execute_script("return document.scripts.length") == 0, "the report has no script element")
    check(len(driver.find_elements(By.CSS_SELECTOR, "main img")) == 0, "no image element from the plan")
    kommun = driver.find_element(By.CSS_SELECTOR, "section.file h2 .kommun").text
    check(payload in kommun, "the plan's markup is shown as text")
    path = driver.find_element(By.CSS_SELECTOR, "section.file h2 .path").text
    check(path == "<img src=x onerror=alert(3)>.xml", f"the file name is shown as text: {path!r}")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the report is in English")
    screenshot(driver, "hostile-en-1600x1200.png", 1600, 1200)

    # The phone: the form in one column, nothing wider than the screen.
    driver.get(base + "/")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.3)
    overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    check(not overflow, "the form fits a phone's width")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    screenshot(driver, "form-sv-phone-390x844.png", 390, 844)
finally:
    driver.quit()

finish()
