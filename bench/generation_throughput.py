"""Generation throughput at 1, 8 and 32 requests in flight against the scripted LLM server.

The server (tests/fake_llm.py, in its own process so it does not share our GIL) answers every
request after a fixed latency with the Login reference app; the real pipeline does the rest:
prompt, openai SDK over HTTP, parsing, writing code/ and generation.json. Prints the median
samples per second over a few repetitions and the ratio to one request in flight.

    .venv/bin/python bench/generation_throughput.py [--latency 1.0] [--repeats 3]

Target: 32 in flight >= 20x the throughput of 1.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baxbench.execution import pipeline
from baxbench.generation.providers import ModelOptions

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(latency: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_llm.py"), "--port",
                             str(port), "--latency", str(latency)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, f"http://127.0.0.1:{port}/v1"
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("the fake LLM server did not start") from None
            time.sleep(0.05)


def trial(base_url: str, in_flight: int, n: int) -> float:
    """Seconds to generate n samples with `in_flight` requests at once."""
    settings = pipeline.GenerationSettings(ModelOptions(base_url=base_url, timeout=60),
                                           live_progress=False)
    selection = pipeline.Selection(["openai/bench"], ["Login"], ["Python-Flask"], n_samples=n)
    with tempfile.TemporaryDirectory(prefix="baxbench-genbench-") as tmp, \
            contextlib.redirect_stderr(io.StringIO()):
        started = time.perf_counter()
        failed = pipeline.generate(selection, Path(tmp), False, in_flight, settings)
        elapsed = time.perf_counter() - started
        if failed or len(list(Path(tmp).glob("**/generation.json"))) != n:
            raise SystemExit(f"trial at {in_flight} in flight did not generate {n} samples")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=1.0, help="seconds per request")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--rounds", type=int, default=3,
                        help="samples per trial = rounds x in-flight (at least 8)")
    args = parser.parse_args()
    os.environ["OPENAI_API_KEY"] = "bench"
    server, base_url = start_server(args.latency)
    try:
        trial(base_url, 1, 1)  # warm up: SDK import, connection
        sizes = {level: max(8, args.rounds * level) for level in args.levels}
        rates: dict[int, list[float]] = {level: [] for level in args.levels}
        for _ in range(args.repeats):  # levels interleaved, so drifting load hits all alike
            for level, n in sizes.items():
                rates[level].append(n / trial(base_url, level, n))
        rows = [(level, sizes[level], statistics.median(r), min(r), max(r))
                for level, r in rates.items()]
    finally:
        server.kill()
        server.wait()
    base = rows[0][2]
    ideal = 1 / args.latency
    print(f"generation throughput, fixed latency {args.latency:g} s per request, "
          f"median of {args.repeats} (cpus: {os.cpu_count()}, load {os.getloadavg()[0]:.1f})")
    print(f"{'in flight':>9}  {'samples':>7}  {'samples/s':>9}  {'range':>13}  "
          f"{'vs 1':>6}  {'vs ideal':>8}")
    for level, n, median, low, high in rows:
        print(f"{level:>9}  {n:>7}  {median:>9.2f}  {low:>6.2f}-{high:<6.2f}  "
              f"{median / base:>5.1f}x  {median / (ideal * level):>7.0%}")
    top = rows[-1]
    verdict = "met" if top[2] / base >= 20 else "NOT met"
    print(f"{top[0]} in flight: {top[2] / base:.1f}x the throughput of {rows[0][0]} "
          f"(target >= 20x: {verdict})")


if __name__ == "__main__":
    main()
