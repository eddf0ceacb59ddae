#!/usr/bin/python3
# bench/header_benchmark.py — times roentgen, dcmdump and pydicom on the same headers; writes the BENCHMARKS.md section.
"""Called by bench/run_header_benchmark.sh, which checks the tools and makes the data.

Timing: every command runs `--warmup` times, then `--runs` rounds in which each command of the
group runs once, in a shuffled order. Interleaving matters on a machine shared with compilers:
a burst of load hits all tools of a round alike instead of one tool's whole series. Each run is
spawned directly (posix_spawn, output to /dev/null) and reaped with wait4, giving wall time, CPU
time (user+sys) and peak RSS per run. Medians are reported; ratios are other / roentgen.
"""

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time

SECTION = "## Header parsing (issue 2)"
SPEEDUP_TARGET = 5.0
RSS_TARGET_MB = 20.0


def run_once(argv):
    """(wall seconds, cpu seconds, peak RSS KiB, exit status) of one run, output discarded."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(devnull)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def time_group(commands, runs, warmup, seed):
    """commands: list of dicts with name, argv, runs (optional). Adds wall/cpu/rss lists."""
    for c in commands:
        c.update(wall=[], cpu=[], rss=[], status=set())
        for _ in range(warmup):
            run_once(c["argv"])
    rng = random.Random(seed)
    for round_index in range(runs):
        order = [c for c in commands if round_index < c.get("runs", runs)]
        rng.shuffle(order)
        for c in order:
            wall, cpu, rss, status = run_once(c["argv"])
            c["wall"].append(wall)
            c["cpu"].append(cpu)
            c["rss"].append(rss)
            c["status"].add(status)
    return commands


def peak_rss(argv):
    """Peak RSS in KiB as GNU time reports it (/usr/bin/time -f %M)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    return int(out.stderr.strip().splitlines()[-1])


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def median(values):
    return statistics.median(values) if values else float("nan")


def group_table(title, commands, baseline_name):
    base = next(c for c in commands if c["name"] == baseline_name)
    base_wall, base_cpu = median(base["wall"]), median(base["cpu"])
    lines = [f"**{title}**", "",
             "| tool | median wall | min wall | median CPU (user+sys) | wall / roentgen | CPU / roentgen | runs |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for c in commands:
        wall, cpu = median(c["wall"]), median(c["cpu"])
        ratio = "1" if c is base else f"{wall / base_wall:.1f}×"
        cpu_ratio = "1" if c is base else f"{cpu / base_cpu:.1f}×"
        lines.append(f"| {c['name']} | {ms(wall)} | {ms(min(c['wall']))} | {ms(cpu)} | {ratio} | {cpu_ratio} | "
                     f"{len(c['wall'])} |")
    return lines


def shorten(argv, files, files_name, tools):
    """The command as documented: the file list by name, tool paths by name."""
    shown, listed = [], False
    for a in argv:
        if a in files:
            if not listed:
                shown.append(files_name)
                listed = True
            continue
        shown.append(tools.get(a, a))
    return " ".join(shown)


def machine_info(roentgen, python):
    def cmd(argv):
        try:
            done = subprocess.run(argv, capture_output=True, text=True)
            return done.stdout + done.stderr
        except OSError:
            return ""
    cpu = re.search(r"Model name:\s*(.+)", cmd(["lscpu"]))
    mem = re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read())
    dcmtk = re.search(r"dcmdump v([\d.]+)", cmd(["dcmdump", "--version"]))
    pyd = cmd([python, "-c", "import pydicom, sys; print(pydicom.__version__, sys.version.split()[0])"]).split()
    gxx = cmd(["g++", "-dumpfullversion"]).strip()
    commit = os.environ.get("ROENTGEN_COMMIT") or \
        cmd(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"]).strip()
    return {
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "memory": f"{int(mem.group(1)) / 1024 / 1024:.0f} GiB" if mem else "?",
        "kernel": platform.release(),
        "dcmtk": dcmtk.group(1) if dcmtk else "?",
        "pydicom": pyd[0] if pyd else "?",
        "python": pyd[1] if len(pyd) > 1 else "?",
        "gxx": gxx,
        "roentgen": cmd([roentgen, "--version"]).strip(),
        "commit": commit,
    }


def write_section(path, lines):
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\nMeasured results; each section says how to reproduce it.\n"
    section = "\n".join(lines).rstrip() + "\n"
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end:] if end >= 0 else "")
    with open(path, "w") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--roentgen", required=True)
    p.add_argument("--ct-dir", required=True)
    p.add_argument("--multiframe", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--python", default="/usr/bin/python3")
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--pydicom-runs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    pydicom_dump = os.path.join(here, "pydicom_dump.py")
    roentgen = os.path.abspath(args.roentgen)
    ct_files = sorted(os.path.join(args.ct_dir, f) for f in os.listdir(args.ct_dir) if f.endswith(".dcm"))
    with open(os.path.join(args.corpus, "MANIFEST.tsv")) as f:
        corpus_files = [os.path.join(args.corpus, line.split("\t")[0]) for line in list(f)[1:] if line.strip()]
    ct_bytes = sum(os.path.getsize(f) for f in ct_files)
    corpus_bytes = sum(os.path.getsize(f) for f in corpus_files)
    tools = {roentgen: "roentgen", args.python: "python3", pydicom_dump: "bench/pydicom_dump.py"}

    def header_commands(files):
        return [
            {"name": "roentgen", "argv": [roentgen, "dump", "--stop-before-pixels"] + files},
            {"name": "dcmdump +sb 7fe0,0010", "argv": ["dcmdump", "+sb", "7fe0,0010"] + files},
            {"name": "dcmdump -M", "argv": ["dcmdump", "-M"] + files},
            {"name": "dcmdump (defaults)", "argv": ["dcmdump"] + files},
            {"name": "pydicom", "argv": [args.python, pydicom_dump] + files, "runs": args.pydicom_runs},
        ]

    load_before = os.getloadavg()
    began = time.time()
    ct = time_group(header_commands(ct_files), args.runs, args.warmup, seed=1)
    corpus = time_group(header_commands(corpus_files), args.runs, args.warmup, seed=2)
    rss_commands = [
        ("roentgen", [roentgen, "dump", args.multiframe]),
        ("roentgen --stop-before-pixels", [roentgen, "dump", "--stop-before-pixels", args.multiframe]),
        ("dcmdump (defaults)", ["dcmdump", args.multiframe]),
        ("dcmdump -M", ["dcmdump", "-M", args.multiframe]),
        ("dcmdump +sb 7fe0,0010", ["dcmdump", "+sb", "7fe0,0010", args.multiframe]),
        ("pydicom (stop_before_pixels)", [args.python, pydicom_dump, args.multiframe]),
        ("pydicom (whole file)", [args.python, pydicom_dump, "--full", args.multiframe]),
    ]
    rss = [(name, argv, median([peak_rss(argv) for _ in range(3)])) for name, argv in rss_commands]
    load_after = os.getloadavg()
    info = machine_info(roentgen, args.python)

    def speedup(group):
        ours = median(group[0]["wall"])
        dcm = min((c for c in group if c["name"].startswith("dcmdump")), key=lambda c: median(c["wall"]))
        return dcm["name"], median(dcm["wall"]) / ours, median(next(c for c in group if c["name"] == "pydicom")["wall"]) / ours

    ct_dcm, ct_speedup, ct_py = speedup(ct)
    co_dcm, co_speedup, co_py = speedup(corpus)
    ours_rss_mb = rss[0][2] / 1024
    mf_size = os.path.getsize(args.multiframe)

    lines = [SECTION, "",
             f"Written by `bench/run_header_benchmark.sh` on {time.strftime('%Y-%m-%d %H:%M', time.localtime(began))}"
             f" ({info['roentgen']}, commit {info['commit']}). Warm page cache; output to /dev/null.", "",
             "### Result", "",
             f"- 500-slice CT series: roentgen is **{ct_speedup:.1f}×** faster than the fastest dcmdump variant "
             f"({ct_dcm}) and **{ct_py:.0f}×** faster than pydicom (median wall time). "
             f"Target ≥ {SPEEDUP_TARGET:g}×: **{'met' if ct_speedup >= SPEEDUP_TARGET else 'NOT met'}**.",
             f"- Corpus ({len(corpus_files)} files): **{co_speedup:.1f}×** faster than {co_dcm}, "
             f"**{co_py:.0f}×** faster than pydicom.",
             f"- `roentgen dump` of the {mf_size / 2**30:.2f} GiB multi-frame file: peak RSS **{ours_rss_mb:.1f} MiB** "
             f"(target < {RSS_TARGET_MB:g} MB: **{'met' if ours_rss_mb * 1.048576 < RSS_TARGET_MB else 'NOT met'}**); "
             f"dcmdump with its defaults: {rss[2][2] / 1024:.0f} MiB.", ""]
    lines += group_table(f"500 CT slices ({len(ct_files)} files, {ct_bytes / 1e6:.0f} MB, "
                         f"{ct_bytes / len(ct_files) / 1000:.0f} kB each), every header printed", ct, "roentgen")
    lines += [""]
    lines += group_table(f"Corpus ({len(corpus_files)} files, {corpus_bytes / 1e6:.1f} MB), every header printed",
                         corpus, "roentgen")
    lines += ["", f"**Peak RSS on the multi-frame file** ({mf_size:,} bytes; median of 3 runs of `/usr/bin/time -f %M`)", "",
              "| command | peak RSS |", "|---|---:|"]
    for name, argv, kib in rss:
        lines.append(f"| `{shorten(argv, [args.multiframe], 'multiframe.dcm', tools)}` | {kib / 1024:.1f} MiB |")
    lines += ["", "### Exact commands", "",
              f"`CT` is the {len(ct_files)} files of `{args.ct_dir}` in name order, `CORPUS` the {len(corpus_files)} "
              f"files of `{args.corpus}/MANIFEST.tsv` in its order, each passed as arguments to one process:", "", "```"]
    for c in ct:
        lines.append(shorten(c["argv"], set(ct_files), "$CT", tools))
    for c in corpus:
        lines.append(shorten(c["argv"], set(corpus_files), "$CORPUS", tools))
    lines += ["```", "",
              "Why these variants: all of them print every header element, nested ones included. "
              "`roentgen dump --stop-before-pixels` stops at (7FE0,0010); `dcmdump +sb 7fe0,0010` is the same work; "
              "`dcmdump -M` parses past Pixel Data without loading it; `dcmdump` with its defaults (`+M`) also loads "
              "Pixel Data. The ratio against the fastest of the three is the one held to the target. pydicom runs "
              "`dcmread(f, stop_before_pixels=True)` and `str(ds)` per file (bench/pydicom_dump.py), all files in one "
              "process like the others.", "",
              "### Machine and noise", "",
              f"- {info['cpu']}, {info['cores']} cores, {info['memory']}, Linux {info['kernel']}; g++ {info['gxx']} "
              f"(Release, -O2); DCMTK {info['dcmtk']}; pydicom {info['pydicom']} on Python {info['python']}.",
              f"- Load average {load_before[0]:.2f} before, {load_after[0]:.2f} after: the cores are shared with other "
              "builds, so single runs vary by 2× or more. Runs are interleaved (each round runs every tool once, in "
              "random order) and medians reported; CPU time (user+sys) is less sensitive to waiting for a core than "
              "wall time.",
              f"- {args.runs} rounds ({args.pydicom_runs} for pydicom) after {args.warmup} warm-up runs of each command.",
              f"- Exit status: " + "; ".join(
                  f"{c['name']} {sorted(c['status'])}" for c in corpus if c["status"] != {0}) +
              " on the corpus (files that tool cannot read; each goes on to the next file).", ""]
    write_section(args.output, lines)
    print("\n".join(lines))
    return 0 if ct_speedup >= SPEEDUP_TARGET and ours_rss_mb * 1.048576 < RSS_TARGET_MB else 2


if __name__ == "__main__":
    sys.exit(main())
