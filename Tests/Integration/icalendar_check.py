"""Reads an iCalendar file with the `icalendar` package (PyPI) and checks what lagkoll promises of it.

Usage: icalendar_check.py FILE [EXPECTED_EVENTS]. Prints one line per event (UID, start, summary) and
exits 1 with the reason when the file does not parse, or an event is not an all-day event with alarms
as given. Exit 77 (skip) when the package is not installed.
"""
import sys

try:
    import icalendar
except ImportError:
    print("SKIP: the icalendar package is not installed (python3 -m pip install icalendar)")
    sys.exit(77)
import datetime

data = open(sys.argv[1], "rb").read()
if b"\n" in data.replace(b"\r\n", b""):
    sys.exit("a line ends without CR LF")
for line in data.split(b"\r\n"):
    if len(line) > 75:
        sys.exit(f"a line is longer than 75 octets: {line[:40]!r}")
calendar = icalendar.Calendar.from_ical(data)
if calendar.get("VERSION") != "2.0" or not calendar.get("PRODID"):
    sys.exit("VERSION 2.0 and PRODID are required")
events = calendar.walk("VEVENT")
uids = set()
for event in events:
    uid = str(event["UID"])
    if uid in uids:
        sys.exit(f"UID {uid} is not unique")
    uids.add(uid)
    start = event.decoded("DTSTART")
    if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
        sys.exit(f"{uid}: DTSTART is not a DATE")
    if event.decoded("DTEND") - start != datetime.timedelta(days=1):
        sys.exit(f"{uid}: not one whole day")
    for name in ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "DESCRIPTION"):
        if name not in event:
            sys.exit(f"{uid}: {name} missing")
    alarms = [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]
    print(f"{uid}\t{start.isoformat()}\t{event['SUMMARY']}\t{','.join(str(-a.days) for a in alarms)}")
if len(sys.argv) > 2 and len(events) != int(sys.argv[2]):
    sys.exit(f"{len(events)} events, expected {sys.argv[2]}")
