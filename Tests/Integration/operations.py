"""An operator's drills on a live lagkoll-server (issue 20, Operations).

  operations.py sigterm URL TOKEN PID DB
      SIGTERM while eight clients submit and one submission is still being uploaded: the upload is
      answered 201, no new connection is accepted, the process exits 0 within the grace period, and
      every acknowledged submission is in the file, byte for byte.
  operations.py backup URL TOKEN BIN DB BACKUP RESTORED
      `lagkoll-server backup` while eight clients submit, then `restore` into a new file: every
      submission acknowledged before the backup began is there; both files are 0600 under umask 022;
      a restore over an existing file is refused and leaves it as it was.
  operations.py metrics URL ADMIN_TOKEN OTHER_TOKEN METRICS_URL
      /metrics: 401 without a token, 403 for a non-admin, Prometheus' text for an admin and on the
      loopback listener, with the counts the issue names.
"""

import hashlib
import json
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
sys.path.insert(0, os.path.dirname(__file__))
from checks import check, finish  # noqa: E402
from durability import post  # noqa: E402


class Submitters:
    """Eight threads submitting different plans until stopped; what was acknowledged, in order."""

    def __init__(self, url, token):
        self.url, self.token = url, token
        self.template = urllib.request.urlopen(url + "/api/v1/template.xml?kommun=0180", timeout=10).read()
        self.acknowledged = []
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.worker, args=(n,)) for n in range(8)]

    def worker(self, number):
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            padding = b"<!-- " + (b"x" * (sequence % 4) * 50000) + b" -->\n"
            body = self.template.replace(b"?>", b"?>\n<!-- worker %d plan %d -->" % (number, sequence), 1) + padding
            try:
                status, answer = post(self.url, self.token, body)
            except (urllib.error.URLError, ConnectionError, OSError) as error:
                with self.lock:
                    self.errors.append(str(error))
                return
            if status == 201:
                with self.lock:
                    self.acknowledged.append({"id": answer["id"], "sha256": hashlib.sha256(body).hexdigest()})

    def start(self):
        for thread in self.threads:
            thread.start()

    def wait_for(self, count, timeout=120):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.acknowledged) >= count:
                    return list(self.acknowledged)
            time.sleep(0.01)
        raise SystemExit(f"only {len(self.acknowledged)} submissions acknowledged in {timeout} s")

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)
        with self.lock:
            return list(self.acknowledged)


def stored(database):
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = {row[0]: hashlib.sha256(row[1]).hexdigest() for row in connection.execute("SELECT id, bytes FROM submissions")}
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    return rows, integrity


def sigterm(url, token, pid, database):
    parts = urllib.parse.urlsplit(url)
    template = urllib.request.urlopen(url + "/api/v1/template.xml?kommun=0180", timeout=10).read()
    slow_body = template.replace(b"?>", b"?>\n<!-- uploaded across SIGTERM -->", 1)
    clients = Submitters(url, token)
    clients.start()
    clients.wait_for(60)
    # A submission whose upload has begun when SIGTERM arrives: half the body now, the rest after.
    upload = socket.create_connection((parts.hostname, parts.port), timeout=30)
    head = (f"POST /api/v1/submissions HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/xml\r\nContent-Length: {len(slow_body)}\r\nConnection: close\r\n\r\n")
    upload.sendall(head.encode() + slow_body[: len(slow_body) // 2])
    time.sleep(0.3)
    signalled = time.monotonic()
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.5)
    upload.sendall(slow_body[len(slow_body) // 2:])
    answer = b""
    while chunk := upload.recv(65536):
        answer += chunk
    upload.close()
    status_line = answer.split(b"\r\n", 1)[0].decode()
    check(" 201 " in status_line, f"the submission being uploaded at SIGTERM was stored: {status_line}")
    slow_id = json.loads(answer.split(b"\r\n\r\n", 1)[1]).get("id") if b" 201 " in answer else None
    acknowledged = clients.finish()
    # After SIGTERM the listener is closed: a new connection is refused.
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    check(refused, "no new connection is accepted after SIGTERM")
    # The server is the shell's child, not ours: it has exited when it is gone or a zombie.
    exited = False
    while time.monotonic() - signalled < 40 and not exited:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                exited = handle.read().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            exited = True
        if not exited:
            time.sleep(0.05)
    elapsed = time.monotonic() - signalled
    check(exited and elapsed < 25, f"the process exited {elapsed:.1f} s after SIGTERM (grace 20 s)")
    rows, integrity = stored(database)
    missing = [a["id"] for a in acknowledged if a["id"] not in rows]
    differ = [a["id"] for a in acknowledged if a["id"] in rows and rows[a["id"]] != a["sha256"]]
    check(not missing and not differ,
          f"every one of the {len(acknowledged)} acknowledged submissions is stored byte for byte"
          + (f" (missing {missing[:3]}, differ {differ[:3]})" if missing or differ else ""))
    check(slow_id is None or slow_id in rows, "the one uploaded across SIGTERM too")
    check(integrity == "ok", "the database file is intact")
    finish()


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def backup(url, token, binary, database, backup_path, restored):
    clients = Submitters(url, token)
    clients.start()
    before = clients.wait_for(40)
    os.umask(0o022)
    result = subprocess.run([binary, "backup", backup_path, "--database", database], capture_output=True, text=True)
    check(result.returncode == 0, f"backup while eight clients submit: exit {result.returncode} {result.stderr.strip()}")
    after = clients.finish()
    check(len(after) > len(before), f"the clients went on: {len(before)} acknowledged before the backup, {len(after)} in all")
    result = subprocess.run([binary, "restore", backup_path, "--database", restored], capture_output=True, text=True)
    check(result.returncode == 0, f"restore: exit {result.returncode}: {(result.stdout + result.stderr).strip()}")
    rows, integrity = stored(restored)
    missing = [a["id"] for a in before if a["id"] not in rows]
    differ = [a["id"] for a in before if a["id"] in rows and rows[a["id"]] != a["sha256"]]
    check(not missing and not differ,
          f"the restored database has all {len(before)} submissions acknowledged before the backup began, "
          f"byte for byte ({len(rows)} in all)")
    check(integrity == "ok", "the restored database passes integrity_check")
    check(mode(backup_path) == 0o600 and mode(restored) == 0o600,
          f"backup and restored database are 0600 under umask 022 ({oct(mode(backup_path))}, {oct(mode(restored))})")
    before_bytes = open(database, "rb").read()
    result = subprocess.run([binary, "restore", backup_path, "--database", database], capture_output=True, text=True)
    check(result.returncode != 0 and "finns redan" in result.stderr,
          f"restore over the live database is refused: exit {result.returncode}: {result.stderr.strip()}")
    check(open(database, "rb").read() == before_bytes, "and the live database is untouched")
    finish()


def get(url, token=None):
    headers = {"Authorization": "Bearer " + token} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def metrics(url, admin, other, metrics_url):
    status, _, _ = get(url + "/metrics")
    check(status == 401, f"/metrics without a token: {status}")
    status, _, _ = get(url + "/metrics", other)
    check(status == 403, f"/metrics for a coordinator's token: {status}")
    status, kind, text = get(url + "/metrics", admin)
    check(status == 200 and kind.startswith("text/plain; version=0.0.4"), f"/metrics for an admin's token: {status} {kind}")
    for name in ["lagkoll_http_requests_total", "lagkoll_check_duration_seconds_bucket", "lagkoll_submissions_total",
                 "lagkoll_login_failures_total", "lagkoll_database_bytes"]:
        check(f"\n{name}" in "\n" + text, f"it has {name}")
    check('route="/api/v1/submissions"' in text and 'status="201"' in text, "requests are counted by route and status")
    status, _, loopback = get(metrics_url)
    check(status == 200 and "lagkoll_database_bytes" in loopback, f"the loopback listener serves it without a token: {status}")
    finish()


if __name__ == "__main__":
    mode_name = sys.argv[1]
    if mode_name == "sigterm":
        sigterm(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif mode_name == "backup":
        backup(*sys.argv[2:8])
    else:
        metrics(*sys.argv[2:6])
