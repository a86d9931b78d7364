#!/usr/bin/env python3
"""Writes one large plan document in both forms, XML and JSON, with the same tree (FORMAT.md).

The plan is samples/komplett: every section as in the sample, with its action plan grown to N actions
(copies of the sample's six actions in turn, each with its own id A1..AN and a numbered heading). The
XML form is the sample's XML with the <atgarder> wrapper refilled, so every element stays where
PlanFormat.swift puts it; the JSON form is the sample's JSON with the "atgarder" array refilled the same
way. `lagkoll check` of either gives the same findings (same paths), which bench/check.sh relies on.

    bench/genplan.py --actions 18000 --out /tmp/lagkoll-bench   # writes plan-18000.xml and .json
"""
import argparse
import copy
import json
import os
import sys
import xml.etree.ElementTree as ET

NS = "urn:lagkoll:plan:1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def actions(template, count):
    """The n-th action (from 1) is a copy of template[(n - 1) % len], renumbered."""
    for number in range(1, count + 1):
        yield number, template[(number - 1) % len(template)]


def grow_json(count):
    with open(os.path.join(ROOT, "samples", "komplett.json"), encoding="utf-8") as handle:
        plan = json.load(handle)
    template = plan["atgardsplan"]["atgarder"]
    grown = []
    for number, action in actions(template, count):
        item = copy.deepcopy(action)
        item["id"] = f"A{number}"
        item["rubrik"] = f"{action['rubrik']} ({number})"
        grown.append(item)
    plan["atgardsplan"]["atgarder"] = grown
    return plan


def grow_xml(count):
    ET.register_namespace("", NS)
    tree = ET.parse(os.path.join(ROOT, "samples", "komplett.xml"))
    wrapper = tree.getroot().find(f"{{{NS}}}atgardsplan/{{{NS}}}atgarder")
    template = list(wrapper)
    for child in template:
        wrapper.remove(child)
    for number, action in actions(template, count):
        item = copy.deepcopy(action)
        item.set("id", f"A{number}")
        heading = item.find(f"{{{NS}}}rubrik")
        heading.text = f"{heading.text} ({number})"
        wrapper.append(item)
    ET.indent(tree, space="  ")
    return tree


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=18000)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, f"plan-{args.actions}")
    with open(base + ".json", "w", encoding="utf-8") as handle:
        json.dump(grow_json(args.actions), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    grow_xml(args.actions).write(base + ".xml", encoding="UTF-8", xml_declaration=True)
    for suffix in (".xml", ".json"):
        print(f"{base}{suffix}: {os.path.getsize(base + suffix)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
