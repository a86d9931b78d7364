"""Nothing acknowledged is lost: concurrent submissions to a live lagkoll-server, kill -9 in the middle.

  durability.py send URL TOKEN PID OUT.json   submits from 8 threads until the server dies (it is
                                              killed with SIGKILL after 150 acknowledgements); writes
                                              every acknowledged id with the SHA-256 of what was sent
  durability.py verify URL TOKEN DB OUT.json  after a restart: every acknowledged submission is there,
                                              byte for byte, and no row in the file is half-written
"""

import hashlib
import json
import os
import signal
import sqlite3
import sys
import threading
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from checks import check, finish  # noqa: E402


def post(url, token, body):
    request = urllib.request.Request(
        url + "/api/v1/submissions", data=body, method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/xml"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def send(url, token, pid, out):
    template = urllib.request.urlopen(url + "/api/v1/template.xml?kommun=0180", timeout=10).read()
    acknowledged = []
    errors = []
    lock = threading.Lock()
    stop = threading.Event()

    def worker(number):
        sequence = 0
        while not stop.is_set():
            sequence += 1
            # Each plan different, and some large (a few hundred KiB), so a kill can fall mid-write.
            padding = b"<!-- " + (b"x" * (sequence % 5) * 60000) + b" -->\n"
            body = template.replace(b"?>", b"?>\n<!-- worker %d plan %d -->" % (number, sequence), 1) + padding
            try:
                status, answer = post(url, token, body)
            except (urllib.error.URLError, ConnectionError, OSError) as error:
                with lock:
                    errors.append(str(error))
                return
            if status == 201:
                with lock:
                    acknowledged.append({"id": answer["id"], "sha256": hashlib.sha256(body).hexdigest(),
                                         "answeredSha256": answer["sha256"]})
                    if len(acknowledged) == 150:
                        os.kill(pid, signal.SIGKILL)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stop.set()
    check(len(acknowledged) >= 150, f"{len(acknowledged)} submissions acknowledged before the kill")
    check(len(errors) > 0, f"{len(errors)} requests cut off by kill -9")
    check(all(a["sha256"] == a["answeredSha256"] for a in acknowledged),
          "every 201 named the SHA-256 of the bytes sent")
    with open(out, "w") as handle:
        json.dump(acknowledged, handle)
    finish()


def verify(url, token, database, out):
    with open(out) as handle:
        acknowledged = json.load(handle)
    missing, wrong = [], []
    for entry in acknowledged:
        request = urllib.request.Request(url + "/api/v1/submissions/" + entry["id"] + "/raw",
                                         headers={"Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
        except urllib.error.HTTPError:
            missing.append(entry["id"])
            continue
        if hashlib.sha256(body).hexdigest() != entry["sha256"]:
            wrong.append(entry["id"])
    check(not missing, f"all {len(acknowledged)} acknowledged submissions are there after the restart"
          + (f" (missing: {missing[:5]})" if missing else ""))
    check(not wrong, "each one byte for byte as sent" + (f" (differ: {wrong[:5]})" if wrong else ""))
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    check(connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "the database file is intact")
    rows = connection.execute("SELECT id, sha256, bytes FROM submissions").fetchall()
    half = [row[0] for row in rows if hashlib.sha256(row[2]).hexdigest() != row[1]]
    check(not half, f"no half-written submission among the {len(rows)} rows (each hash matches its bytes)")
    audited = {row[0] for row in connection.execute("SELECT subject FROM audit WHERE action = 'submission'")}
    check(audited == {row[0] for row in rows}, "every stored submission has its audit line, and no other")
    finish()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "send":
        send(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        verify(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
