#!/usr/bin/env python3
"""Does a burst of logins delay other requests? (issue 20, point 6: bcrypt off the request threads)

Against a running lagkoll-server (URL), with an account EMAIL whose password is PASSWORD:
  1. baseline: /healthz alone, sampled every 10 ms for SECONDS;
  2. load: the same sampling while CONCURRENCY clients log in again and again (GET /login for the form's
     CSRF token, POST /login with the right password: each is one bcrypt verification at cost 12).
The sampler is a process of its own, so that the clients' Python threads do not delay its clock.
Prints p50, p99 and max of /healthz in both phases and the logins per second; exits 1 if the p99
under load is above LIMIT_MS.

  python3 bench/login.py URL EMAIL PASSWORD [--concurrency 32] [--seconds 15] [--limit-ms 50]
"""

import argparse
import http.client
import multiprocessing
import re
import sys
import threading
import time
import urllib.parse


def connection(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def sample_healthz(url, seconds, out):
    """Times GET /healthz every 10 ms on one kept-alive connection; puts the latencies (ms) in out."""
    conn = connection(url)
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"/healthz answered {response.status}")
        time.sleep(0.01)
    out.put(latencies)


def login_loop(url, email, password, stop, counts, errors):
    conn = connection(url)
    while not stop.is_set():
        try:
            conn.request("GET", "/login")
            page = conn.getresponse()
            body = page.read().decode()
            cookie = page.getheader("Set-Cookie", "").split(";")[0]
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)
            form = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": password, "lang": "sv"})
            conn.request(
                "POST", "/login", body=form,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
            answer = conn.getresponse()
            answer.read()
            if answer.status == 303:
                counts.append(1)
            else:
                errors.append(answer.status)
        except (OSError, http.client.HTTPException) as error:
            errors.append(str(error))
            conn = connection(url)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(url, seconds):
    queue = multiprocessing.Queue()
    sampler = multiprocessing.Process(target=sample_healthz, args=(url, seconds, queue))
    sampler.start()
    latencies = queue.get()
    sampler.join()
    return latencies


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("email")
    parser.add_argument("password")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--limit-ms", type=float, default=50)
    args = parser.parse_args()

    baseline = measure(args.url, args.seconds)

    stop = threading.Event()
    counts, errors = [], []
    clients = [
        threading.Thread(target=login_loop, args=(args.url, args.email, args.password, stop, counts, errors))
        for _ in range(args.concurrency)
    ]
    for client in clients:
        client.start()
    time.sleep(1)  # every client has a login in flight before sampling starts
    started = len(counts)
    loaded = measure(args.url, args.seconds)
    logins = len(counts) - started
    stop.set()
    for client in clients:
        client.join()

    print(f"{'phase':<32} {'samples':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, values in [("/healthz alone (baseline)", baseline),
                         (f"/healthz, {args.concurrency} clients logging in", loaded)]:
        print(f"{name:<32} {len(values):>8} {percentile(values, 0.5):>8.2f} {percentile(values, 0.99):>8.2f}"
              f" {max(values):>8.2f}")
    print(f"logins: {logins} in {args.seconds:.0f} s = {logins / args.seconds:.1f}/s; failed: {len(errors)}"
          + (f" (first: {errors[0]})" if errors else ""))
    p99 = percentile(loaded, 0.99)
    if errors or logins == 0:
        print("FAIL: the logins did not succeed", file=sys.stderr)
        return 1
    if p99 > args.limit_ms:
        print(f"FAIL: /healthz p99 {p99:.1f} ms under login load is above {args.limit_ms:.0f} ms", file=sys.stderr)
        return 1
    print(f"ok: /healthz p99 {p99:.1f} ms <= {args.limit_ms:.0f} ms under {args.concurrency} concurrent logins")
    return 0


if __name__ == "__main__":
    sys.exit(main())
