#!/usr/bin/python3
# bench/network_benchmark.py — C-STORE over loopback: roentgen store -> receive vs DCMTK storescu -> storescp.
"""Sends the 500-slice CT series (bench/generate_ct_series.py) over 127.0.0.1 and reports images/s,
MB/s and the peak RSS of sender and receiver, for 1 and 4 parallel associations, in one run:

  roentgen store -> roentgen receive            (fsync per instance: an acknowledged C-STORE is durable)
  roentgen store -> roentgen receive --no-fsync (the same work as storescp, which never fsyncs)
  storescu -> storescp, TCP_NODELAY=1           (DCMTK 3.6.7 as packaged stalls under Nagle otherwise)
  storescu -> storescp, Nagle                   (DCMTK's default on Linux; fewer images, same rate)

plus the raw loopback TCP bandwidth measured in the same run (one socket, 4 MiB writes), and the
peak RSS of receiving one 1 GiB multi-frame instance (roentgen receive vs storescp and storescp +B).
Medians of --runs runs. Writes a Markdown section to --output (BENCHMARKS.md), replacing an earlier one.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SECTION = "## Network: C-STORE over loopback (issue 4)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port}")


def loopback_bandwidth(total=2 << 30, chunk=4 << 20):
    """Bytes per second through one loopback TCP connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    received = [0]

    def sink():
        conn, _ = listener.accept()
        buffer = bytearray(chunk)
        view = memoryview(buffer)
        while True:
            n = conn.recv_into(view)
            if n == 0:
                break
            received[0] += n
        conn.close()

    thread = threading.Thread(target=sink)
    thread.start()
    payload = bytes(chunk)
    client = socket.create_connection(("127.0.0.1", port))
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    start = time.perf_counter()
    sent = 0
    while sent < total:
        client.sendall(payload)
        sent += chunk
    client.shutdown(socket.SHUT_WR)
    thread.join()
    elapsed = time.perf_counter() - start
    client.close()
    listener.close()
    return received[0] / elapsed


class Server:
    """A receiver started under /usr/bin/time -f %M, stopped with SIGINT/SIGTERM; its peak RSS in KiB."""

    def __init__(self, command, env, port, stop_signal=signal.SIGTERM):
        self.rss_file = tempfile.NamedTemporaryFile(delete=False, suffix=".rss").name
        self.process = subprocess.Popen(["/usr/bin/time", "-o", self.rss_file, "-f", "%M"] + command, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        self.stop_signal = stop_signal
        wait_for_port(port)

    def stop(self):
        # /usr/bin/time forwards nothing: signal the server itself (the child of time).
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        for child in children:
            os.kill(int(child), self.stop_signal)
        self.process.wait(timeout=30)
        with open(self.rss_file) as f:
            text = f.read().strip().splitlines()
        os.unlink(self.rss_file)
        return int(text[-1]) if text and text[-1].isdigit() else 0


def timed_clients(commands, env):
    """Runs the commands in parallel; wall seconds and the largest client peak RSS (KiB)."""
    rss_files = [tempfile.NamedTemporaryFile(delete=False, suffix=".rss").name for _ in commands]
    start = time.perf_counter()
    processes = [subprocess.Popen(["/usr/bin/time", "-o", rss, "-f", "%M"] + command, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for command, rss in zip(commands, rss_files)]
    errors = [p.communicate()[1] for p in processes]
    elapsed = time.perf_counter() - start
    for p, error in zip(processes, errors):
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(p.args[4:8])}... failed ({p.returncode}): {error.decode()[-800:]}")
    peak = 0
    for rss in rss_files:
        with open(rss) as f:
            lines = f.read().strip().splitlines()
        peak = max(peak, int(lines[-1]) if lines and lines[-1].isdigit() else 0)
        os.unlink(rss)
    return elapsed, peak


def split(files, parts):
    return [files[i::parts] for i in range(parts)]


def run_case(name, server_command, client_commands, env, port, out_dir, expected, runs):
    walls, server_rss, client_rss = [], [], []
    for _ in range(runs):
        shutil.rmtree(out_dir, ignore_errors=True)
        os.makedirs(out_dir)
        server = Server(server_command, env, port)
        try:
            wall, peak = timed_clients(client_commands, env)
        finally:
            rss = server.stop()
        received = sum(len(files) for _, _, files in os.walk(out_dir))
        if received != expected:
            raise RuntimeError(f"{name}: {received} of {expected} files arrived")
        walls.append(wall)
        server_rss.append(rss)
        client_rss.append(peak)
    return {"name": name, "wall": statistics.median(walls), "min": min(walls),
            "server_rss": statistics.median(server_rss), "client_rss": statistics.median(client_rss), "runs": runs}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roentgen", required=True)
    parser.add_argument("--ct-dir", required=True)
    parser.add_argument("--multiframe")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nagle-files", type=int, default=100, help="files sent in the Nagle case (it is slow)")
    parser.add_argument("--output")
    parser.add_argument("--commit", default="")
    args = parser.parse_args()

    files = sorted(os.path.join(args.ct_dir, f) for f in os.listdir(args.ct_dir) if f.endswith(".dcm"))
    total_bytes = sum(os.path.getsize(f) for f in files)
    work = tempfile.mkdtemp(prefix="roentgen-netbench-")
    out = os.path.join(work, "out")
    base_env = dict(os.environ)
    base_env.pop("TCP_NODELAY", None)
    nodelay_env = dict(base_env, TCP_NODELAY="1")
    roentgen = os.path.abspath(args.roentgen)

    bandwidth = statistics.median(loopback_bandwidth() for _ in range(3))
    results = []
    for parallel in (1, 4):
        port = free_port()
        peer = f"RECEIVER@127.0.0.1:{port}"
        receive = [roentgen, "receive", "--host", "127.0.0.1", "--port", str(port), "--aet", "RECEIVER", "--dir", out,
                   "--quiet"]
        for window in ([], ["--max-outstanding", "8"]):
            ours = [[roentgen, "store", peer] + window + part for part in split(files, parallel)]
            label = " --max-outstanding 8" if window else ""
            results.append(run_case(f"roentgen store{label} → receive, {parallel} assoc.", receive, ours, base_env,
                                    port, out, len(files), args.runs) | {"parallel": parallel, "files": len(files)})
            results.append(run_case(f"roentgen store{label} → receive --no-fsync, {parallel} assoc.",
                                    receive + ["--no-fsync"], ours, base_env, port, out, len(files), args.runs)
                           | {"parallel": parallel, "files": len(files)})
        dcmtk = [["storescu", "-aec", "RECEIVER", "127.0.0.1", str(port)] + part for part in split(files, parallel)]
        storescp = ["storescp", "-aet", "RECEIVER", "-od", out, "+xa", str(port)] + (["--fork"] if parallel > 1 else [])
        results.append(run_case(f"storescu → storescp (TCP_NODELAY=1), {parallel} assoc.", storescp, dcmtk,
                                nodelay_env, port, out, len(files), args.runs)
                       | {"parallel": parallel, "files": len(files)})
    port = free_port()
    nagle_files = files[: args.nagle_files]
    results.append(run_case("storescu → storescp (Nagle, as packaged), 1 assoc.",
                            ["storescp", "-aet", "RECEIVER", "-od", out, "+xa", str(port)],
                            [["storescu", "-aec", "RECEIVER", "127.0.0.1", str(port)] + nagle_files], base_env, port,
                            out, len(nagle_files), 1) | {"parallel": 1, "files": len(nagle_files)})

    large = []
    if args.multiframe:
        size = os.path.getsize(args.multiframe)
        port = free_port()
        peer = f"RECEIVER@127.0.0.1:{port}"
        receive = [roentgen, "receive", "--host", "127.0.0.1", "--port", str(port), "--aet", "RECEIVER", "--dir", out,
                   "--quiet"]
        storescp = ["storescp", "-aet", "RECEIVER", "-od", out, "+xa", str(port)]
        for name, server, client, env in (
                ("roentgen store → roentgen receive", receive, [roentgen, "store", peer, args.multiframe], base_env),
                ("roentgen store → storescp", storescp, [roentgen, "store", peer, args.multiframe], nodelay_env),
                ("roentgen store → storescp +B (bit-preserving, streams to disk)", storescp[:-1] + ["+B", str(port)],
                 [roentgen, "store", peer, args.multiframe], nodelay_env),
                ("storescu → storescp", storescp,
                 ["storescu", "-aec", "RECEIVER", "127.0.0.1", str(port), args.multiframe], nodelay_env)):
            large.append(run_case(name, server, [client], env, port, out, 1, 1) | {"size": size})

    shutil.rmtree(work, ignore_errors=True)
    report(results, large, bandwidth, total_bytes, len(files), args)


def report(results, large, bandwidth, total_bytes, count, args):
    by_name = {r["name"]: r for r in results}
    lines = [SECTION, "",
             f"Written by `bench/network_benchmark.py` on {time.strftime('%Y-%m-%d %H:%M')} "
             f"({'commit ' + args.commit + ', ' if args.commit else ''}Release build). "
             f"{count} CT slices of {total_bytes / count / 1000:.0f} kB ({total_bytes / 1e6:.0f} MB) from "
             "`bench/generate_ct_series.py`; sender and receiver on 127.0.0.1, files written to /tmp.", "",
             f"Raw loopback TCP in the same run: **{bandwidth / 1e6:.0f} MB/s** (one socket, 4 MiB writes).", "",
             "| case | files | wall (median) | images/s | MB/s | % of loopback | receiver peak RSS | sender peak RSS | runs |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        size = total_bytes / count * r["files"]
        rate = size / r["wall"]
        lines.append(f"| {r['name']} | {r['files']} | {r['wall']:.3f} s | {r['files'] / r['wall']:.0f} | "
                     f"{rate / 1e6:.0f} | {100 * rate / bandwidth:.0f}% | {r['server_rss'] / 1024:.1f} MiB | "
                     f"{r['client_rss'] / 1024:.1f} MiB | {r['runs']} |")
    lines.append("")
    for parallel in (1, 4):
        dcmtk = by_name[f"storescu → storescp (TCP_NODELAY=1), {parallel} assoc."]
        parts = []
        for label in ("", " --max-outstanding 8"):
            durable = by_name[f"roentgen store{label} → receive, {parallel} assoc."]
            fast = by_name[f"roentgen store{label} → receive --no-fsync, {parallel} assoc."]
            parts.append(f"store{label or ' (no window)'}: **{dcmtk['wall'] / durable['wall']:.2f}×** DCMTK durable "
                         f"(fsync'd), **{dcmtk['wall'] / fast['wall']:.2f}×** without fsync like storescp, "
                         f"{100 * total_bytes / fast['wall'] / bandwidth:.0f}% of loopback")
        lines.append(f"- {parallel} association(s), against DCMTK with TCP_NODELAY: " + "; ".join(parts) + ".")
    if large:
        lines += ["", f"**One {large[0]['size'] / 2**30:.2f} GiB multi-frame instance** (peak RSS of each side):", "",
                  "| case | wall | receiver peak RSS | sender peak RSS |", "|---|---:|---:|---:|"]
        for r in large:
            lines.append(f"| {r['name']} | {r['wall']:.2f} s | {r['server_rss'] / 1024:.1f} MiB | "
                         f"{r['client_rss'] / 1024:.1f} MiB |")
    lines += ["", "Reproduce (Release build, data generated on first run):", "", "```",
              "cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-bench roentgen",
              "bash bench/run_network_benchmark.sh build-bench/src/cli/roentgen", "```", ""]
    text = "\n".join(lines)
    print(text)
    if args.output:
        with open(args.output) as f:
            current = f.read()
        pattern = re.compile(re.escape(SECTION) + r".*?(?=\n## |\Z)", re.S)
        current = pattern.sub(lambda _: text.rstrip() + "\n", current) if pattern.search(current) \
            else current.rstrip() + "\n\n" + text
        with open(args.output, "w") as f:
            f.write(current)


if __name__ == "__main__":
    sys.exit(main())
