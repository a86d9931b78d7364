"""The integration scripts' one way of counting checks: a line per check, 'N passed, N failed' at the end."""

import sys

counts = {"passed": 0, "failed": 0}


def check(condition, what):
    """Records one check and prints it as 'ok: …' or 'FAIL: …'."""
    if condition:
        counts["passed"] += 1
        print(f"ok: {what}")
    else:
        counts["failed"] += 1
        print(f"FAIL: {what}")


def finish():
    """Prints the closing line and exits 1 if a check failed."""
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    sys.exit(1 if counts["failed"] else 0)
