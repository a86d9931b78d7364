#!/usr/bin/env python3
"""Times commands in alternation: a ratio of two short commands measured on a shared machine.

    interleave.py --rounds N --out FILE.json NAME=COMMAND [NAME=COMMAND ...]

Each round runs every command once, in a new random order, each through `sh -c` as hyperfine runs
them, and `sh -c :` once; the median of the latter is taken off each command's median, as hyperfine
corrects for the shell. Three rounds first are not counted (warm-up). Writes hyperfine's layout
({"results": [{"command", "median", "times"}]}) plus each command's time per round relative to the
first command ("per_round_ratio_to_first": quartiles), so the spread of a ratio can be read.

Why not hyperfine: it runs all of one command's runs, then all of the next's. On the shared machine the
load moves between those windows, and the ratio of two 10 ms commands moved with it: the same binary
gave 1.69x in one run of bench/docx.sh and 0.99x in the next (docs/engine.md, "Start-up, fifth round").
In alternation both commands see the same load, round by round.
"""
import argparse
import json
import random
import statistics
import subprocess
import sys
import time


def timed(command):
    """Seconds `command` took; a command that fails stops the benchmark (as hyperfine does): timed, a
    fast failure would pass for a fast success."""
    start = time.perf_counter()
    finished = subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if finished.returncode != 0:
        sys.exit(f"interleave.py: exit {finished.returncode} from: {command}\n{finished.stderr.decode(errors='replace')}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60, help="at least 2")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--out", required=True)
    parser.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    commands = [tuple(item.split("=", 1)) for item in args.commands]
    names = [name for name, _ in commands]
    times = {name: [] for name in names}
    shell = []
    for round_number in range(args.warmup + args.rounds):
        order = commands + [(None, ":")]
        random.shuffle(order)
        for name, command in order:
            elapsed = timed(command)
            if round_number < args.warmup:
                continue
            (shell if name is None else times[name]).append(elapsed)
    correction = statistics.median(shell)
    first = names[0]
    results = []
    for name, command in commands:
        corrected = [t - correction for t in times[name]]
        # A round whose first command took no longer than the shell alone says nothing about a ratio.
        ratios = sorted(c / (f - correction) for c, f in zip(corrected, times[first]) if f > correction)
        quartiles = statistics.quantiles(ratios, n=4)
        results.append({
            "command": name,
            "shell_command": command,
            "median": statistics.median(corrected),
            "times": corrected,
            "per_round_ratio_to_first": {"q1": quartiles[0], "median": quartiles[1], "q3": quartiles[2]},
        })
        print(f"{name:30s} median {statistics.median(corrected) * 1000:8.2f} ms")
    print(f"{'(shell, taken off)':30s} median {correction * 1000:8.2f} ms")
    with open(args.out, "w") as handle:
        json.dump({"rounds": args.rounds, "shell_median": correction, "results": results}, handle, indent=1)


if __name__ == "__main__":
    main()
