#!/usr/bin/python3
# bench/pacs_benchmark.py — the PACS side by side: roentgen serve vs Orthanc vs DCMTK storescp (issue 5, point 7).
"""Runs, in one go, on 127.0.0.1 with TCP_NODELAY=1 in every process's environment:

  (a) ingest of the 500-slice CT series (bench/generate_ct_series.py) from 1 storescu and from 4
      concurrent storescu (a quarter each): roentgen serve (fsync, SQLite), roentgen serve --no-fsync,
      Orthanc (default SQLite index) and storescp -od DIR +B (--fork for 4 senders); a fresh data
      folder per run, images/s from the wall time of the storescu processes;
  (b) C-FIND study-level latency, the whole findscu process (PatientName=SMITH*, 153 of 1,001 studies
      match), against roentgen serve on indexes written by bench/fill_index (1,001 studies × 10, 100
      and 1,000 instances) and against Orthanc loaded with 1,001 × 10 small instances over REST;
  (c) C-MOVE of the 500-image series to a storescp DEST, the movescu process timed;
  (d) peak RSS (VmHWM) of each server after receiving one 1 GiB multi-frame instance.

Medians over --runs (ingest, C-MOVE) or --find-runs (C-FIND) runs. Writes a Markdown section to
--output (BENCHMARKS.md), replacing an earlier one. Indexes for (b) are kept in --index-dir and reused
when they hold the expected number of instances.
"""

import argparse
import hashlib
import http.client
import io
import json
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

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

SECTION = "## PACS: roentgen serve vs Orthanc vs storescp (issue 5)"
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
STUDIES = 1001
SMITH_STUDIES = 153
SERIES_PER_STUDY = 4

COMMANDS = {}  # case -> the exact command lines run (work folder as $WORK, ports as numbers of the last run)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before listening on {port}: {process.args}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port}")


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class Server:
    """A server process in its own session; stopped by SIGTERM to its process group."""

    def __init__(self, command, env, port, log, http_port=None):
        self.log = open(log, "ab")
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        try:
            wait_for_port(port, self.process)
            if http_port is not None:
                wait_for_http(http_port, self.process)
        except Exception:
            self.stop()
            raise

    def peak_rss_kib(self):
        return vm_hwm_kib(self.process.pid)

    def cpu_seconds(self):
        """User + system CPU of the server's threads and of its waited-for children (storescp --fork)."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def http_request(port, method, path, body=None, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: HTTP {response.status} {data[:200]!r}")
        return data
    finally:
        connection.close()


def wait_for_http(port, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before answering HTTP on {port}")
        try:
            http_request(port, "GET", "/system", timeout=1)
            return
        except (OSError, RuntimeError):
            time.sleep(0.05)
    raise RuntimeError(f"no HTTP answer on port {port}")


def run_clients(commands, env):
    """Runs the commands at once; wall seconds until the last exits. Raises when one fails."""
    start = time.perf_counter()
    processes = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
    errors = [p.communicate()[1] for p in processes]
    elapsed = time.perf_counter() - start
    for p, error in zip(processes, errors):
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(p.args[:6])}... failed ({p.returncode}): {error.decode()[-800:]}")
    return elapsed


def count_files(folder, suffix=None):
    n = 0
    for path, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        n += sum(1 for f in files if not f.startswith(".") and (suffix is None or f.endswith(suffix)))
    return n


class Bench:
    def __init__(self, args):
        self.args = args
        self.roentgen = os.path.abspath(args.roentgen)
        self.fill_index = os.path.abspath(args.fill_index)
        self.work = tempfile.mkdtemp(prefix="roentgen-pacsbench-")
        self.env = dict(os.environ, TCP_NODELAY="1")
        self.files = sorted(os.path.join(args.ct_dir, f) for f in os.listdir(args.ct_dir) if f.endswith(".dcm"))
        first = pydicom.dcmread(self.files[0], stop_before_pixels=True)
        self.study_uid = str(first.StudyInstanceUID)
        self.series_uid = str(first.SeriesInstanceUID)

    def record(self, case, commands):
        text = [" ".join(c).replace(self.work, "$WORK") for c in commands]
        COMMANDS[case] = text

    def fresh(self, name):
        folder = os.path.join(self.work, name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        return folder

    # --- servers -------------------------------------------------------------------------------------

    def roentgen_command(self, data, port, extra=()):
        return [self.roentgen, "serve", "--data", data, "--port", str(port), "--http-port", str(free_port()),
                "--host", "127.0.0.1", "--aet", "ROENTGEN", "--quiet"] + list(extra)

    def start_roentgen(self, data, extra=()):
        port = free_port()
        command = self.roentgen_command(data, port, extra)
        return Server(command, self.env, port, os.path.join(self.work, "roentgen.log")), port, "ROENTGEN", command

    def start_orthanc(self, folder, modalities=None):
        port, http_port = free_port(), free_port()
        config = {
            "Name": "roentgen-bench",
            "StorageDirectory": os.path.join(folder, "storage"),
            "IndexDirectory": os.path.join(folder, "index"),
            "DicomAet": "ORTHANC",
            "DicomPort": port,
            "HttpPort": http_port,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": False,
            "DicomCheckCalledAet": False,
            "DicomAlwaysAllowStore": True,
            "DicomAlwaysAllowFind": True,
            "DicomAlwaysAllowGet": True,
            "DicomAlwaysAllowMove": True,
            "DicomModalities": modalities or {},
            "Plugins": [],
        }
        path = os.path.join(folder, "orthanc.json")
        with open(path, "w") as f:
            json.dump(config, f, indent=2)
        command = ["Orthanc", path]
        self.record("Orthanc configuration (the last one written; ports and DicomModalities vary by case)",
                    [[json.dumps(config)]])
        server = Server(command, self.env, port, os.path.join(self.work, "orthanc.log"), http_port=http_port)
        server.http_port = http_port
        return server, port, "ORTHANC", command

    def start_storescp(self, out, fork=False, aet="STORESCP"):
        port = free_port()
        command = ["storescp", "-aet", aet, "-od", out, "+B"] + (["--fork"] if fork else []) + [str(port)]
        return Server(command, self.env, port, os.path.join(self.work, "storescp.log")), port, aet, command

    def orthanc_instances(self, server):
        return json.loads(http_request(server.http_port, "GET", "/statistics"))["CountInstances"]

    # --- (a) ingest ----------------------------------------------------------------------------------

    def ingest(self):
        results = []
        quarters = [self.files[i * len(self.files) // 4:(i + 1) * len(self.files) // 4] for i in range(4)]
        for senders in (1, 4):
            parts = [self.files] if senders == 1 else quarters
            for kind, label in (("roentgen", "roentgen serve (fsync, SQLite)"),
                                ("roentgen-nofsync", "roentgen serve --no-fsync (extra row: no durability)"),
                                ("orthanc", "Orthanc 1.10 (SQLite, default config)"),
                                ("storescp", "storescp -od DIR +B" + (" --fork" if senders > 1 else ""))):
                walls, rss, cpu = [], [], []
                for _ in range(self.args.runs):
                    data = self.fresh("ingest")
                    if kind.startswith("roentgen"):
                        server, port, aet, command = self.start_roentgen(
                            data, ["--no-fsync"] if kind == "roentgen-nofsync" else [])
                    elif kind == "orthanc":
                        server, port, aet, command = self.start_orthanc(data)
                    else:
                        server, port, aet, command = self.start_storescp(data, fork=senders > 1)
                    clients = [["storescu", "-aec", aet, "127.0.0.1", str(port)] + p for p in parts]
                    try:
                        cpu_before = server.cpu_seconds()
                        wall = run_clients(clients, self.env)
                        cpu.append(server.cpu_seconds() - cpu_before)
                        if kind == "orthanc":
                            received = self.orthanc_instances(server)
                        elif kind.startswith("roentgen"):
                            received = count_files(os.path.join(data, "storage"), ".dcm")
                        else:
                            received = count_files(data)
                        peak = server.peak_rss_kib()
                    finally:
                        server.stop()
                    if received != len(self.files):
                        raise RuntimeError(f"ingest {label}: {received} of {len(self.files)} instances arrived")
                    walls.append(wall)
                    rss.append(peak)
                self.record(f"ingest {kind} {senders}",
                            [command] + [c[:5] + [f"<{len(p)} files>"] for c, p in zip(clients, parts)])
                results.append({"kind": kind, "label": label, "senders": senders, "wall": statistics.median(walls),
                                "min": min(walls), "rss": statistics.median(rss), "cpu": statistics.median(cpu), "fork": kind == "storescp"
                                and senders > 1})
                print(f"ingest {label}, {senders} sender(s): {results[-1]['wall']:.3f} s", file=sys.stderr)
        return results

    # --- (b) C-FIND ----------------------------------------------------------------------------------

    def filled_index(self, per_study):
        """DIR whose index.sqlite holds 1,001 × per_study instances, reused across runs."""
        folder = os.path.join(self.args.index_dir, f"index-{STUDIES}x{per_study}")
        path = os.path.join(folder, "index.sqlite")
        stamp = os.path.join(folder, "complete")
        expected = STUDIES * per_study
        fill = [self.fill_index, path, "--studies", str(STUDIES), "--instances-per-study", str(per_study),
                "--series-per-study", str(SERIES_PER_STUDY), "--smith", str(SMITH_STUDIES), "--threads", "2"]
        self.record(f"fill {per_study}", [fill])
        if os.path.exists(stamp) and open(stamp).read().strip() == str(expected):
            return folder, None
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        start = time.perf_counter()
        subprocess.run(fill, check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        with open(stamp, "w") as f:
            f.write(f"{expected}\n")
        return folder, seconds

    def time_findscu(self, server, aet, port, case):
        out = os.path.join(self.work, "find")
        command = ["findscu", "-S", "-aec", aet, "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=SMITH*",
                   "-k", "StudyInstanceUID", "-X", "-od", out, "127.0.0.1", str(port)]
        self.record(case, [command])
        times, client_cpu, server_cpu = [], [], []
        for i in range(self.args.find_runs + 1):  # the first run warms the server's caches and is dropped
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            cpu_before = server.cpu_seconds()
            start = time.perf_counter()
            child = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode != 0:
                raise RuntimeError(f"{case}: findscu failed ({child.returncode})")
            if i > 0:
                client_cpu.append(usage.ru_utime + usage.ru_stime)
                server_cpu.append(server.cpu_seconds() - cpu_before)
            matches = len([f for f in os.listdir(out) if f.startswith("rsp")])
            if matches != SMITH_STUDIES and case != "find floor":
                raise RuntimeError(f"{case}: {matches} C-FIND responses, expected {SMITH_STUDIES}")
            if i > 0:
                times.append(elapsed)
        return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times),
                "matches": matches, "client_cpu": statistics.median(client_cpu),
                "server_cpu": statistics.fmean(server_cpu)}

    def find(self):
        results = []
        # The floor: findscu's own start-up, association and exit against an empty index.
        server, port, aet, command = self.start_roentgen(self.fresh("empty"))
        try:
            r = self.time_findscu(server, aet, port, "find floor")
        finally:
            server.stop()
        results.append(r | {"label": "roentgen serve, empty index (findscu floor: 0 matches)", "instances": 0,
                            "fill": None})
        for per_study in (10, 100, 1000):
            folder, fill_seconds = self.filled_index(per_study)
            server, port, aet, command = self.start_roentgen(folder)
            try:
                r = self.time_findscu(server, aet, port, f"find roentgen {per_study}")
                rss = server.peak_rss_kib()
            finally:
                server.stop()
            self.record(f"find roentgen {per_study} server", [command])
            results.append(r | {"label": f"roentgen serve, SQLite, {STUDIES:,} studies × {per_study:,}",
                                "instances": STUDIES * per_study, "fill": fill_seconds, "rss": rss,
                                "per_study": per_study})
            print(f"find roentgen {STUDIES * per_study}: {r['median'] * 1000:.1f} ms", file=sys.stderr)
        # Orthanc at 1,001 × 10: the same attributes, posted as small files over REST.
        per_study = self.args.orthanc_per_study
        folder = self.fresh("orthanc-find")
        server, port, aet, command = self.start_orthanc(folder)
        try:
            load_seconds = self.load_orthanc(server, per_study)
            count = self.orthanc_instances(server)
            if count != STUDIES * per_study:
                raise RuntimeError(f"Orthanc holds {count} instances, expected {STUDIES * per_study}")
            r = self.time_findscu(server, aet, port, "find orthanc")
        finally:
            server.stop()
        results.append(r | {"label": f"Orthanc 1.10, SQLite, {STUDIES:,} studies × {per_study:,}",
                            "instances": STUDIES * per_study, "fill": load_seconds, "orthanc": True})
        print(f"find orthanc {STUDIES * per_study}: {r['median'] * 1000:.1f} ms", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        return results

    def load_orthanc(self, server, per_study, threads=4):
        items = [(s, n) for s in range(STUDIES) for n in range(per_study)]
        errors = []

        def worker(part):
            connection = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=120)
            try:
                for s, n in part:
                    connection.request("POST", "/instances", body=small_instance(s, n, per_study),
                                       headers={"Content-Type": "application/dicom"})
                    response = connection.getresponse()
                    response.read()
                    if response.status >= 300:
                        raise RuntimeError(f"POST /instances: HTTP {response.status}")
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
            finally:
                connection.close()

        start = time.perf_counter()
        workers = [threading.Thread(target=worker, args=(items[i::threads],)) for i in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        if errors:
            raise errors[0]
        return time.perf_counter() - start

    # --- (c) C-MOVE ----------------------------------------------------------------------------------

    def move(self):
        """C-MOVE to storescp DEST (the case of the targets) and, as extra rows, to `roentgen receive --no-fsync`
        (FASTDEST), which takes C-STOREs faster than storescp: what the sources can do when the receiver is not
        the limit."""
        results = []
        dest_dir, fast_dir = self.fresh("dest"), self.fresh("fastdest")
        dest, dest_port, _, dest_command = self.start_storescp(dest_dir, aet="DEST")
        fast_port = free_port()
        fast_command = [self.roentgen, "receive", "--host", "127.0.0.1", "--port", str(fast_port), "--aet",
                        "FASTDEST", "--dir", fast_dir, "--quiet", "--no-fsync"]
        fast = Server(fast_command, self.env, fast_port, os.path.join(self.work, "receive.log"))
        destinations = (("DEST", dest_dir, "storescp DEST"), ("FASTDEST", fast_dir, "roentgen receive --no-fsync "
                                                                                     "FASTDEST (extra row)"))
        try:
            for aet, folder, name in destinations:
                # The receiver's own ceiling: storescu of the same files straight to it.
                port = dest_port if aet == "DEST" else fast_port
                walls = []
                for _ in range(self.args.runs):
                    clear(folder)
                    client = ["storescu", "-aec", aet, "127.0.0.1", str(port)] + self.files
                    walls.append(run_clients([client], self.env))
                    if count_files(folder) != len(self.files):
                        raise RuntimeError(f"storescu → {aet}: files missing")
                self.record(f"move ceiling {aet}", [client[:5] + ["<500 files>"]])
                results.append({"label": f"reference: storescu of the files → {name} directly",
                                "wall": statistics.median(walls), "min": min(walls), "dest": aet})
            for kind in ("roentgen", "orthanc"):
                source = self.fresh("move-src")
                if kind == "roentgen":
                    server, port, aet, command = self.start_roentgen(
                        source, ["--peer", f"dest=DEST@127.0.0.1:{dest_port}",
                                 "--peer", f"fastdest=FASTDEST@127.0.0.1:{fast_port}"])
                    label = "roentgen serve (SQLite)"
                else:
                    server, port, aet, command = self.start_orthanc(
                        source, {"dest": ["DEST", "127.0.0.1", dest_port],
                                 "fastdest": ["FASTDEST", "127.0.0.1", fast_port]})
                    label = "Orthanc 1.10"
                try:
                    run_clients([["storescu", "-aec", aet, "127.0.0.1", str(port)] + self.files], self.env)
                    for dest_aet, folder, name in destinations:
                        move = ["movescu", "-S", "-aec", aet, "-aem", dest_aet, "-k", "QueryRetrieveLevel=SERIES",
                                "-k", f"StudyInstanceUID={self.study_uid}",
                                "-k", f"SeriesInstanceUID={self.series_uid}", "127.0.0.1", str(port)]
                        walls = []
                        for _ in range(self.args.runs):
                            clear(folder)
                            walls.append(run_clients([move], self.env))
                            arrived = count_files(folder)
                            if arrived != len(self.files):
                                raise RuntimeError(f"C-MOVE {kind} → {dest_aet}: {arrived} of {len(self.files)}")
                        self.record(f"move {kind} → {dest_aet}", ([command] if dest_aet == "DEST" else []) + [move])
                        results.append({"label": f"{label} → {name}", "kind": kind, "dest": dest_aet,
                                        "wall": statistics.median(walls), "min": min(walls),
                                        "rss": server.peak_rss_kib()})
                        print(f"move {kind} → {dest_aet}: {results[-1]['wall']:.3f} s", file=sys.stderr)
                finally:
                    server.stop()
                shutil.rmtree(source, ignore_errors=True)
        finally:
            dest.stop()
            fast.stop()
        self.record("move destinations", [dest_command, fast_command])
        return results

    # --- (d) one 1 GiB instance ----------------------------------------------------------------------

    def large(self):
        results = []
        size = os.path.getsize(self.args.multiframe)
        for kind, label in (("roentgen", "roentgen serve (fsync, SQLite)"),
                            ("orthanc", "Orthanc 1.10 (SQLite, default config)"),
                            ("storescp", "storescp -od DIR +B")):
            data = self.fresh("large")
            if kind == "roentgen":
                server, port, aet, command = self.start_roentgen(data)
            elif kind == "orthanc":
                server, port, aet, command = self.start_orthanc(data)
            else:
                server, port, aet, command = self.start_storescp(data)
            client = ["storescu", "-aec", aet, "127.0.0.1", str(port), self.args.multiframe]
            try:
                before = server.peak_rss_kib()
                wall = run_clients([client], self.env)
                peak = server.peak_rss_kib()
                if kind == "orthanc":
                    received = self.orthanc_instances(server)
                elif kind == "roentgen":
                    received = count_files(os.path.join(data, "storage"), ".dcm")
                else:
                    received = count_files(data)
            finally:
                server.stop()
            if received != 1:
                raise RuntimeError(f"1 GiB instance: {label} holds {received} instances")
            self.record(f"large {kind}", [command, client])
            results.append({"label": label, "kind": kind, "wall": wall, "rss": peak, "idle": before, "size": size})
            print(f"large {kind}: {peak / 1024:.1f} MiB", file=sys.stderr)
            shutil.rmtree(data, ignore_errors=True)
        return results


def clear(folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)


def patient_name(study):
    """As bench/fill_index.cpp writes it."""
    others = ["MUELLER", "JONES", "GARCIA", "BROWN", "NGUYEN", "KOWALSKI", "TANAKA", "DUBOIS", "ROSSI", "WILSON",
              "SMYTHE", "JOHNSON"]
    given = ["JOHN", "MARY", "HANS", "ANNA", "PETER", "LUCIA", "AKIRA"]
    smith = (study * SMITH_STUDIES) % STUDIES < SMITH_STUDIES
    family = ("SMITHERS" if study % 3 == 0 else "SMITH") if smith else others[study % len(others)]
    return f"{family}^{given[study % len(given)]}^{study}"


def small_instance(study, n, per_study):
    """One CT instance without pixel data, with the attributes bench/fill_index.cpp indexes, as bytes."""
    per_series = (per_study + SERIES_PER_STUDY - 1) // SERIES_PER_STUDY
    series = n // per_series
    study_uid = f"2.25.9001.{study + 1}"
    series_uid = f"{study_uid}.{series + 1}"
    sop_uid = f"{series_uid}.{n + 1}"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "2.25." + str(int.from_bytes(hashlib.sha256(b"roentgen-bench").digest()[:15], "big"))
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = f"20{10 + study % 15:02d}{1 + study % 12:02d}{1 + study % 28:02d}"
    ds.AccessionNumber = f"ACC{study + 1:07d}"
    ds.Modality = "CT"
    ds.PatientName = patient_name(study)
    ds.PatientID = f"PID{study + 1:07d}"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.InstanceNumber = n - series * per_series + 1
    buffer = io.BytesIO()
    pydicom.dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def fsync_probe(folder, count=100, size=531000):
    """Milliseconds per file for what a durable store costs the disk now: write a file, rename it into place,
    fdatasync it, fsync its folder, append 4 KiB to a log and fdatasync that (an SQLite WAL commit)."""
    os.makedirs(folder, exist_ok=True)
    payload = os.urandom(size)
    log = os.open(os.path.join(folder, "wal"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    start = time.perf_counter()
    for i in range(count):
        temporary = os.path.join(folder, f"f{i}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.write(fd, payload)
        os.rename(temporary, os.path.join(folder, f"f{i}"))
        os.fdatasync(fd)
        os.close(fd)
        directory = os.open(folder, os.O_RDONLY)
        os.fsync(directory)
        os.close(directory)
        os.write(log, bytes(4096))
        os.fdatasync(log)
    elapsed = time.perf_counter() - start
    os.close(log)
    shutil.rmtree(folder, ignore_errors=True)
    return elapsed / count * 1000


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roentgen", required=True)
    parser.add_argument("--fill-index", required=True)
    parser.add_argument("--ct-dir", required=True)
    parser.add_argument("--multiframe", required=True)
    parser.add_argument("--index-dir", required=True, help="where the filled indexes are kept and reused")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--find-runs", type=int, default=15)
    parser.add_argument("--orthanc-per-study", type=int, default=10)
    parser.add_argument("--only", default="ingest,find,move,large", help="comma-separated parts to run")
    parser.add_argument("--output")
    parser.add_argument("--commit", default="")
    parser.add_argument("--command-line", default="")
    args = parser.parse_args()

    bench = Bench(args)
    parts = set(args.only.split(","))
    started = time.time()
    load_before = load_average()
    probes = [fsync_probe(os.path.join(bench.work, "probe"))]
    try:
        ingest = bench.ingest() if "ingest" in parts else []
        if ingest:
            probes.append(fsync_probe(os.path.join(bench.work, "probe")))
        move = bench.move() if "move" in parts else []
        large = bench.large() if "large" in parts else []
        find = bench.find() if "find" in parts else []
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    load_after = load_average()
    report(bench, ingest, find, move, large, args, started, load_before, load_after, probes)


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def report(bench, ingest, find, move, large, args, started, load_before, load_after, probes):
    count = len(bench.files)
    total_bytes = sum(os.path.getsize(f) for f in bench.files)
    minutes = (time.time() - started) / 60
    lines = [SECTION, "",
             f"Written by `bench/pacs_benchmark.py` on {time.strftime('%Y-%m-%d %H:%M')} "
             f"({'commit ' + args.commit + ', ' if args.commit else ''}Release build; the whole run took "
             f"{minutes:.1f} min). Everything on 127.0.0.1 with `TCP_NODELAY=1` in every process's environment "
             f"(DCMTK 3.6.7 and Orthanc {orthanc_version()}); data folders in /tmp, fresh for every run. "
             f"Load average (1/5/15 min) {load_before} at the start, {load_after} at the end, on {os.cpu_count()} "
             "cores shared with other work.", "",
             "Disk in the same run (what one durable store costs: write 531 kB, rename, fdatasync, fsync the folder, "
             "fdatasync a 4 KiB log append; 100 files): "
             + " and ".join(f"**{p:.1f} ms/file**" for p in probes)
             + (" before and after the ingest cases." if len(probes) > 1 else "."), ""]
    targets = []
    if ingest:
        by = {(r["kind"], r["senders"]): r for r in ingest}
        lines += [f"### (a) Ingest: {count} CT slices of {total_bytes / count / 1000:.0f} kB by C-STORE "
                  f"(median of {args.runs})", "",
                  "| server | senders | wall | min | images/s | MB/s | server CPU | server peak RSS | vs Orthanc | vs storescp |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in ingest:
            orthanc = by[("orthanc", r["senders"])]
            storescp = by[("storescp", r["senders"])]
            rss = "(forked children)" if r["fork"] else mib(r["rss"])
            cpu = "(forked children)" if r["fork"] else f"{r['cpu']:.2f} s"
            lines.append(f"| {r['label']} | {r['senders']} | {r['wall']:.3f} s | {r['min']:.3f} s | {count / r['wall']:.0f} | "
                         f"{total_bytes / r['wall'] / 1e6:.0f} | {cpu} | {rss} | {orthanc['wall'] / r['wall']:.2f}× | "
                         f"{100 * storescp['wall'] / r['wall']:.0f}% |")
        lines.append("")
        for senders in (1, 4):
            ours, orthanc, storescp = by[("roentgen", senders)], by[("orthanc", senders)], by[("storescp", senders)]
            x = orthanc["wall"] / ours["wall"]
            p = 100 * storescp["wall"] / ours["wall"]
            targets.append((f"ingest ≥ 3× Orthanc, {senders} sender(s) (roentgen serve with fsync)", f"{x:.2f}×",
                            x >= 3))
            targets.append((f"ingest ≥ 90% of storescp +B, {senders} sender(s) (roentgen serve with fsync)",
                            f"{p:.0f}%", p >= 90))
            nofsync = by[("roentgen-nofsync", senders)]
            targets.append((f"(extra) the same without fsync, {senders} sender(s)",
                            f"{orthanc['wall'] / nofsync['wall']:.2f}× Orthanc, "
                            f"{100 * storescp['wall'] / nofsync['wall']:.0f}% of storescp", None))
    if find:
        lines += ["### (b) C-FIND, study level, `PatientName=SMITH*` (153 of 1,001 studies match)", "",
                  f"The whole findscu process (start, association, query, 153 responses written with `-X`, release, "
                  f"exit), median of {args.find_runs} after one warm-up run. Indexes written by `bench/fill_index` "
                  f"(1,001 studies, one patient each, {SERIES_PER_STUDY} series per study); Orthanc loaded with the "
                  "same attributes as small files (no pixel data) by REST `POST /instances`.", "",
                  "Server CPU is the server's user + system time per findscu (mean over the timed runs), "
                  "findscu CPU the client's own.", "",
                  "| server | instances | findscu median | min | max | server CPU | findscu CPU | index written in |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in find:
            fill = f"{r['fill']:.0f} s" if r.get("fill") else ("reused" if r["instances"] else "—")
            lines.append(f"| {r['label']} | {r['instances']:,} | **{r['median'] * 1000:.1f} ms** | "
                         f"{r['min'] * 1000:.1f} ms | {r['max'] * 1000:.1f} ms | {r['server_cpu'] * 1000:.0f} ms | "
                         f"{r['client_cpu'] * 1000:.0f} ms | {fill} |")
        lines.append("")
        big = [r for r in find if r.get("per_study") == 1000]
        if big:
            targets.append(("findscu < 100 ms at 1M instances", f"{big[0]['median'] * 1000:.1f} ms",
                            big[0]["median"] < 0.1))
        small = [r for r in find if r.get("per_study") == args.orthanc_per_study]
        orthanc = [r for r in find if r.get("orthanc")]
        if small and orthanc:
            targets.append((f"(context) C-FIND at {orthanc[0]['instances']:,} instances vs Orthanc",
                            f"{small[0]['median'] * 1000:.1f} ms vs {orthanc[0]['median'] * 1000:.1f} ms", None))
    if move:
        lines += [f"### (c) C-MOVE of the {count}-image series to a storescp DEST (median of {args.runs})", "",
                  "DEST is `storescp -aet DEST -od DIR +B` (one association at a time); FASTDEST (extra rows) is "
                  "`roentgen receive --no-fsync`. The movescu process is timed; both sources send the sub-operations "
                  "one at a time on one association.", "",
                  "| source → destination | wall | min | images/s | source peak RSS |", "|---|---:|---:|---:|---:|"]
        for r in move:
            rss = mib(r["rss"]) if "rss" in r else "—"
            lines.append(f"| {r['label']} | {r['wall']:.3f} s | {r['min']:.3f} s | {count / r['wall']:.0f} | {rss} |")
        lines.append("")
        by = {(r.get("kind"), r["dest"]): r for r in move}
        if ("roentgen", "DEST") in by and ("orthanc", "DEST") in by:
            x = by[("orthanc", "DEST")]["wall"] / by[("roentgen", "DEST")]["wall"]
            targets.append(("C-MOVE ≥ 2× Orthanc (to storescp DEST)", f"{x:.2f}×", x >= 2))
        if ("roentgen", "FASTDEST") in by and ("orthanc", "FASTDEST") in by:
            x = by[("orthanc", "FASTDEST")]["wall"] / by[("roentgen", "FASTDEST")]["wall"]
            targets.append(("(extra) C-MOVE vs Orthanc to roentgen receive --no-fsync FASTDEST", f"{x:.2f}×", None))
    if large:
        lines += [f"### (d) One {large[0]['size'] / 2**30:.2f} GiB multi-frame instance (storescu, 1 association)",
                  "", "Peak RSS is the server's VmHWM from /proc/PID/status after the store.", "",
                  "| server | wall | server peak RSS | RSS idle before |", "|---|---:|---:|---:|"]
        for r in large:
            lines.append(f"| {r['label']} | {r['wall']:.2f} s | **{mib(r['rss'])}** | {mib(r['idle'])} |")
        lines.append("")
        ours = [r for r in large if r["kind"] == "roentgen"][0]
        targets.append(("1 GiB instance under 64 MB peak RSS", mib(ours["rss"]), ours["rss"] * 1024 < 64e6))
    if targets:
        lines += ["### Targets (issue 5, point 7)", "", "| target | measured | met |", "|---|---:|---|"]
        for name, value, met in targets:
            lines.append(f"| {name} | {value} | {'—' if met is None else ('**met**' if met else '**not met**')} |")
        lines.append("")
    lines += ["### Exact commands", "",
              "Reproduce (Release build; CT data generated on first run, indexes reused from DATA_DIR):", "", "```",
              "cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DROENTGEN_TESTS=OFF "
              "-DROENTGEN_BENCHMARKS=ON",
              "ninja -C build-bench roentgen fill_index",
              args.command_line or "bash bench/run_pacs_benchmark.sh build-bench/src/cli/roentgen", "```", "",
              "What the script ran (`$WORK` a temporary folder; ports are those of the last run; `<N files>` the "
              "CT slices):", "", "```"]
    for case, commands in COMMANDS.items():
        lines.append(f"# {case}")
        lines += [c.replace(os.path.abspath(os.path.join(os.path.dirname(__file__), "..")) + "/", "") for c in commands]
    lines += ["```", ""]
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


def orthanc_version():
    try:
        out = subprocess.run(["Orthanc", "--version"], capture_output=True, text=True).stdout.split()
        return out[1] if len(out) > 1 else "?"
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
