"""Shared helpers of the benchmark: data per scale, a streamlit server, peak memory, statistics."""
from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Filter used for the "commune + year" measurements (URL keys of dashboard/sidebar.py).
COMMUNE_YEAR_URL = {"commune": "NOUGA", "periode": "2021"}


def cache_root() -> Path:
    """Where the demo data of each scale are kept between runs ($KANGABA_BENCH_CACHE)."""
    env = os.environ.get("KANGABA_BENCH_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kangaba-bench"


def demo_data(scale: int, root: Path | None = None, seed: int = 2020) -> tuple[Path, float | None]:
    """The folder of demo extracts at `scale`, generated unless already there.

    Returns (folder, seconds spent generating or None when reused)."""
    d = (root or cache_root()) / f"scale-{scale}"
    meta = d / "_dataset.json"
    if meta.is_file():
        try:
            m = json.loads(meta.read_text(encoding="utf-8"))
            from demo.generate import GENERATOR_VERSION     # (`import demo.generate as g` gives the function)
            if m.get("scale") == scale and m.get("seed") == seed and \
                    m.get("generator_version") == GENERATOR_VERSION:
                return d, None
        except (OSError, ValueError):
            pass
    import demo
    t0 = time.perf_counter()
    demo.generate(d, seed=seed, scale=scale, force=True)
    return d, time.perf_counter() - t0


def row_counts(data_dir: Path) -> dict[str, int]:
    try:
        return json.loads((data_dir / "_dataset.json").read_text(encoding="utf-8")).get("rows", {})
    except (OSError, ValueError):
        return {}


# ------------------------------------------------------------------ statistics

def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def percentile(xs, p: float):
    """Nearest-rank percentile (p in 0..100); None on an empty list."""
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def timed(fn, reps: int, warmup: int = 1) -> list[float]:
    """Seconds of `reps` calls of fn() after `warmup` calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def ms(x) -> str:
    if x is None:
        return "—"
    v = 1000 * x
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}"


# ------------------------------------------------------------------ errors in logs

_ERR_LINE = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt)\b:?.*$")


def log_errors(text: str, limit: int = 5) -> list[str]:
    """The distinct exception lines (`duckdb.ParserException: ...`) of tracebacks in a log."""
    out: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            j = i + 1
            while j < len(lines) and (lines[j].startswith(" ") or not lines[j].strip()):
                j += 1
            if j < len(lines) and _ERR_LINE.match(lines[j]):
                msg = lines[j].strip()[:200]
                if msg not in out:
                    out.append(msg)
    return out[:limit]


# ------------------------------------------------------------------ memory

def _status(pid: int) -> dict[str, str]:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                out[k] = v.strip()
    except OSError:
        pass
    return out


def descendants(pid: int) -> list[int]:
    """pid's children, grandchildren... read from /proc (no psutil)."""
    kids: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            ppid = _status(int(p.name)).get("PPid")
            if ppid and ppid.isdigit():
                kids.setdefault(int(ppid), []).append(int(p.name))
    out, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def peak_rss_mb(pids: list[int]) -> float | None:
    """Sum over the processes (and their children) of VmHWM, the peak resident set size, in MB."""
    total, seen = 0, False
    for pid in {q for p in pids for q in [p] + descendants(p)}:
        v = _status(pid).get("VmHWM")
        if v:
            total += int(v.split()[0])
            seen = True
    return total / 1024 if seen else None


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by the processes and their children (/proc/<pid>/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in {q for p in pids for q in [p] + descendants(p)}:
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def rss_mb(pids: list[int]) -> float | None:
    total, seen = 0, False
    for pid in {q for p in pids for q in [p] + descendants(p)}:
        v = _status(pid).get("VmRSS")
        if v:
            total += int(v.split()[0])
            seen = True
    return total / 1024 if seen else None


# ------------------------------------------------------------------ server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc: subprocess.Popen | None = None, timeout: float = 180, poll: float = 0.05) -> float:
    """Seconds until GET base/_stcore/health answers ok (`timeout`: an upper bound for a busy machine)."""
    t0 = time.perf_counter()
    while True:
        try:
            if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                return time.perf_counter() - t0
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"le serveur s'est arrêté (code {proc.returncode})")
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{base} ne répond pas après {timeout:.0f} s")
        time.sleep(poll)


@contextmanager
def streamlit_server(data_dir: Path, port: int | None = None, log_dir: Path | None = None,
                     extra_env: dict | None = None, script: str = "serve.py", repo: Path | None = None):
    """`streamlit run serve.py` (the README's command) on 127.0.0.1 reading data_dir. Yields (base_url, Popen, started_at).
    `script`: another app of the repository, run the same way (the benchmark's floor, bench/floor_app.py);
    `repo`: another checkout to run it from (bench/first_overview.py --against)."""
    port = port or free_port()
    # the benchmark's data are the demo set: demo mode (no sign-in) unless the environment says otherwise
    env = {"KANGABA_DEMO": "1", **os.environ, "KANGABA_DATA": str(data_dir), "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    log_path = (log_dir or data_dir.parent) / f"bench-streamlit-{port}.log"
    log = open(log_path, "w")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=repo or REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        proc.log_path = log_path  # type: ignore[attr-defined]  (read by the callers for tracebacks)
        yield f"http://127.0.0.1:{port}", proc, started
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# ------------------------------------------------------------------ machine

def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    from importlib.metadata import PackageNotFoundError, version
    for pkg in ("streamlit", "duckdb", "pandas", "pyarrow", "plotly", "numpy", "playwright", "websockets"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = "absent"
    chromium = "absent"
    if Path(CHROMIUM).exists():
        try:
            chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            chromium = "?"
    return dict(nproc=os.cpu_count(), cpu=cpu, ram=mem, python=platform.python_version(),
                system=f"{platform.system()} {platform.release()}", packages=versions, chromium=chromium,
                load=os.getloadavg())


def have_browser() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return True


def open_timed(data_dir: Path):
    """Open the dataset as the dashboard does; returns (dataset, seconds to validate and build the data
    version into a fresh cache folder, seconds to open it from the cache afterwards)."""
    import tempfile

    import queries
    old = os.environ.get(queries.CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="kangaba-bench-cache-") as tmp:
        os.environ[queries.CACHE_ENV] = tmp
        try:
            t0 = time.perf_counter()
            queries.open_dataset(data_dir).con.close()
            build_s = time.perf_counter() - t0
        finally:
            if old is None:
                os.environ.pop(queries.CACHE_ENV, None)
            else:
                os.environ[queries.CACHE_ENV] = old
    queries.open_dataset(data_dir).con.close()          # the machine's cache holds this version
    t0 = time.perf_counter()
    ds = queries.open_dataset(data_dir)
    return ds, build_s, time.perf_counter() - t0
