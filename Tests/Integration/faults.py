"""Fault tests against a live lagkoll-server: hostile clients must not stop it from answering others.

Usage: python3 faults.py BASE_URL SERVER_PID SAMPLE_XML IDLE_TIMEOUT BODY_TIMEOUT

Each scenario runs a hostile client (slowloris headers, a slow body, a 1 GiB body with and without a
length, 1,000 idle connections, malformed HTTP) while an ordinary client checks a plan and asks for
/healthz; every ordinary request must be answered correctly within two seconds. Prints one line per
check and 'N passed, N failed' at the end; exits 1 on a failure.
"""


import os
import socket
import sys
import threading
import time
import urllib.request
from urllib.parse import urlparse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from checks import check, finish  # noqa: E402  (the shared counting of the integration scripts)

base, pid, sample_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
idle_timeout, body_timeout = float(sys.argv[4]), float(sys.argv[5])
host, port = urlparse(base).hostname, urlparse(base).port
with open(sample_path, "rb") as f:
    sample = f.read()


def rss_mib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def probe(rounds=5):
    """Ordinary clients: a check and a liveness request, each answered within 2 s. Returns the slowest."""
    slowest = 0.0
    for _ in range(rounds):
        start = time.monotonic()
        request = urllib.request.Request(base + "/api/v1/check?asOf=2026-11-24", data=sample,
                                         headers={"Content-Type": "application/xml"}, method="POST")
        with urllib.request.urlopen(request, timeout=2) as response:
            body = response.read()
            assert response.status == 200 and b'"status": "passed"' in body, body[:200]
        with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
            assert response.status == 200
        slowest = max(slowest, time.monotonic() - start)
    return slowest


def probe_ok(what, rounds=5):
    try:
        slowest = probe(rounds)
        check(slowest < 2.0, f"{what}: others answered (slowest check + healthz {slowest * 1000:.0f} ms)")
    except Exception as error:  # noqa: BLE001 - any failure of an ordinary request is the finding
        check(False, f"{what}: an ordinary request failed: {error!r}")


def connect(timeout=10):
    s = socket.create_connection((host, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def closed_by_server(s, within):
    """Whether the server closes the connection (or answers and closes) within `within` seconds."""
    s.settimeout(within)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def status_of(data):
    if data.startswith(b"HTTP/1.1 ") or data.startswith(b"HTTP/1.0 "):
        return int(data[9:12])
    return None


# 1. Slowloris: 200 connections that send a request head one byte at a time and never finish it.
def slowloris(sockets, stop):
    head = b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4096
    position = 0
    while not stop.is_set() and position < len(head):
        for s in sockets:
            try:
                s.send(head[position:position + 1])
            except OSError:
                pass
        position += 1
        stop.wait(0.25)


slow = [connect() for _ in range(200)]
stop = threading.Event()
thread = threading.Thread(target=slowloris, args=(slow, stop), daemon=True)
thread.start()
time.sleep(1)
probe_ok("slowloris (200 connections trickling a request head)")
# A request head that never ends produces no complete part, so the idle timeout ends it.
start = time.monotonic()
closed = sum(closed_by_server(s, idle_timeout + 3) for s in slow[:20])
check(closed == 20, f"slowloris connections are closed by the server ({closed}/20 within the idle timeout "
      f"of {idle_timeout:.0f} s, after {time.monotonic() - start:.1f} s)")
stop.set()
thread.join()
for s in slow:
    s.close()

# 2. A slow body: the head is complete, the body arrives a byte every half second.
slow_body = connect()
slow_body.sendall(b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n"
                  b"Content-Length: 100000\r\n\r\n")
start = time.monotonic()
answer = b""
slow_body.settimeout(0.5)
while time.monotonic() - start < body_timeout + 5:
    try:
        slow_body.send(b"<")
        chunk = slow_body.recv(4096)
        if not chunk:
            break
        answer += chunk
        if b"\r\n\r\n" in answer:
            break
    except socket.timeout:
        continue
    except OSError:
        break
elapsed = time.monotonic() - start
check(status_of(answer) == 408 and elapsed < body_timeout + 3,
      f"a body trickled in is cut off with 408 after {elapsed:.1f} s (body timeout {body_timeout:.0f} s)")
slow_body.close()


# 3. A 1 GiB body, announced and chunked: refused with 413 while it streams, memory stays flat.
def stream_gib(chunked):
    s = connect()
    total = 1 << 30
    head = b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n"
    head += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Content-Length: %d\r\n\r\n" % total
    s.sendall(head)
    piece = b"<" * (1 << 20)
    framed = b"%x\r\n" % len(piece) + piece + b"\r\n" if chunked else piece
    sent = 0
    pending = None
    answer = b""
    s.setblocking(False)
    deadline = time.monotonic() + 60
    while sent < total and time.monotonic() < deadline:
        try:
            answer += s.recv(4096)
            if b"\r\n\r\n" in answer:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
        try:
            # A partial send leaves the rest of the piece for the next round: chunk framing must stay whole.
            if not pending:
                pending = memoryview(framed)
            count = s.send(pending)
            pending = pending[count:]
            sent += count
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            break
    s.setblocking(True)
    s.settimeout(5)
    try:
        while b"\r\n\r\n" not in answer:
            data = s.recv(4096)
            if not data:
                break
            answer += data
    except OSError:
        pass
    s.close()
    return status_of(answer), sent


before = rss_mib()
results = {}
for chunked in (False, True):
    worker = threading.Thread(target=lambda c=chunked: results.__setitem__(c, stream_gib(c)))
    worker.start()
    time.sleep(0.3)
    probe_ok(f"a 1 GiB body ({'chunked' if chunked else 'with Content-Length'}) on another connection", rounds=3)
    worker.join()
    status, sent = results[chunked]
    check(status == 413 and sent < (1 << 30),
          f"1 GiB {'chunked' if chunked else 'announced'}: {status} after {sent / (1 << 20):.0f} MiB of 1024 sent")
after = rss_mib()
check(after - before < 150, f"memory stays flat: {before:.0f} MiB before, {after:.0f} MiB after the 1 GiB bodies")

# 4. 1,000 idle connections: open, say nothing. Others are still answered.
idle = []
try:
    for _ in range(1000):
        idle.append(connect())
    check(len(idle) == 1000, "1,000 idle connections are open")
    probe_ok("1,000 idle connections", rounds=10)
finally:
    for s in idle:
        s.close()

# 5. Malformed HTTP: each gets a 4xx or a closed connection, never a 5xx or a hang.
malformed = {
    "garbage": b"GARBAGE\r\n\r\n",
    "binary": bytes(range(256)) * 4,
    "TLS hello": bytes.fromhex("16030100a5010000a10303") + b"\x00" * 64,
    "HTTP/9.9": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    "header without colon": b"GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",
    "100 KiB header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (100 << 10) + b"\r\n\r\n",
    "10,000 headers": b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 10000 + b"\r\n",
    "bad chunk size": b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n",
    "length and chunked": b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "negative length": b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    "two lengths": b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 7\r\n\r\nabc",
    "NUL in path": b"GET /\x00/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "absolute URI elsewhere": b"GET http://example.invalid/ HTTP/1.1\r\nHost: example.invalid\r\n\r\n",
    "bare LF": b"GET /healthz HTTP/1.1\nHost: x\n\n",
}
for name, data in malformed.items():
    s = connect()
    try:
        s.sendall(data)
    except OSError:
        pass
    s.settimeout(5)
    answer = b""
    hung = False
    try:
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    except socket.timeout:
        hung = True
    except OSError:
        pass
    s.close()
    status = status_of(answer)
    fine = not hung and (status is None or status < 500)
    check(fine, f"malformed HTTP ({name}): {status if status else 'connection closed'}")
probe_ok("after malformed HTTP")

try:
    os.kill(pid, 0)
    alive = True
except OSError:
    alive = False
check(alive, "the server is still running")
finish()
