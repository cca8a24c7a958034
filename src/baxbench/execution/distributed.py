"""`--executor ray`: test samples as Ray tasks across a cluster; the driver writes every result.

Each sample is one task pinned to a node that said it is ready (sandbox usable, envs
provisioned). The task carries the sample's code, builds and tests it in that node's own
sandbox, and returns the build record and test outcomes; only the driver writes into the
results dir, with the same code as the local executor. The driver schedules by itself (as
many tasks in flight per node as it has CPUs) so that it knows, for every sample, which node
has it: when a node dies, its samples go back in the queue for the others, and a sample's
result is written once, when its one successful task returns.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import socket
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ..envs import ENVS, ProvisionError, cache_dir
from ..envs.base import using
from ..results.layout import SampleKey
from ..sandbox import BACKENDS, bwrap, cgroups, cleanup_leftovers
from ..scenarios import SCENARIOS
from . import pipeline
from .runner import SampleTester, Settings

MISSING = "--executor ray needs Ray: pip install 'baxbench[ray]' (or pip install ray)"
MAX_TRIES = 3            # tasks of one sample lost with their node before it is given up on
REFRESH_S = 5.0          # how often the driver looks for nodes that joined or died
CANCEL_GRACE_S = 15.0    # how long cancelled tasks get to stop their sandboxes themselves
_QUIET: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}


class ExecutorError(Exception):
    """Something about the cluster that the user must fix; one line."""


def import_ray() -> ModuleType:
    try:
        import ray
    except ImportError:
        raise ExecutorError(MISSING) from None
    return ray


# -- on a node ----------------------------------------------------------------------------------


def _refusal(backend: str) -> str:
    """Why this node must not run samples with this backend ('' when it may)."""
    if backend != "bwrap":
        return ""
    reasons = []
    missing = bwrap.missing_tools()
    if missing:
        reasons.append(f"missing {', '.join(missing)} (run `baxbench setup` there)")
    ok, why = cgroups.available()
    if not ok:
        reasons.append(why)
    return "; ".join(reasons)


def _node_label() -> str:
    import ray
    return f"{socket.gethostname()}/{ray.get_runtime_context().get_node_id()[:8]}"


def node_prepare(env_ids: list[str], backend: str) -> dict[str, Any]:
    """On a node, before any sample: check the sandbox, then provision the envs it lacks with
    the same idempotent, locked code as `baxbench setup`."""
    from ..setup import setup

    info: dict[str, Any] = {"label": _node_label(), "refused": _refusal(backend), "envs": {}}
    if info["refused"]:
        return info
    cache = cache_dir()
    for env_id in env_ids:
        ready, why = ENVS[env_id].status(cache)
        if not ready:
            try:
                setup([env_id], force=False)
                ready, why = ENVS[env_id].status(cache)
            except ProvisionError as e:
                why = f"provisioning failed: {e}"
        info["envs"][env_id] = why if not ready else ""
    return info


def node_checks() -> dict[str, Any]:
    """On a node: `baxbench doctor`'s rows."""
    from ..setup import checks
    return {"label": _node_label(), "rows": checks()}


def node_cleanup() -> tuple[int, int]:
    """On a node: `baxbench cleanup` (leftovers of runs that are gone; live ones are spared)."""
    removed_cgroups, removed_dirs = cleanup_leftovers()
    return len(removed_cgroups), len(removed_dirs)


@dataclass
class Job:
    """What a task carries: the sample's key and its code (files and symlinks, as found)."""

    key: SampleKey
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)


def pack(key: SampleKey, code_dir: Path) -> Job:
    """Read a code dir without following symlinks; special files are left out (the local
    executor's copy skips them too)."""
    job = Job(key)
    for dirpath, dirnames, filenames in os.walk(code_dir):
        for name in [*filenames, *[d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]]:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, code_dir)
            if os.path.islink(path):
                job.links[rel] = os.readlink(path)
            elif os.path.isfile(path):
                job.files[rel] = Path(path).read_bytes()
    return job


def _unpack(job: Job, into: Path) -> None:
    """Files first, symlinks last: no file is ever written through a link."""
    for rel, data in job.files.items():
        path = into / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for rel, target in job.links.items():
        path = into / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)


def node_test(job: Job, backend: str, settings: Settings) -> dict[str, Any]:
    """On a node: build and test one sample in this node's sandbox; return what the driver
    writes. A node that cannot sandbox refuses instead of running the code unconfined."""
    refused = _refusal(backend)
    if refused:
        return {"refused": refused, "label": _node_label()}
    sandbox = BACKENDS[backend]()
    sandbox.resume()  # a worker process runs many tasks: an earlier cancel must not linger
    key = job.key
    started = time.monotonic()
    code_dir = bwrap.new_dir("code")
    try:
        _unpack(job, code_dir / "code")
        tester = SampleTester(SCENARIOS[key.scenario], ENVS[key.env], sandbox, cache_dir(),
                              settings)
        with using(cache_dir(), [key.env]):
            build, outcomes = tester.test(code_dir / "code")
        if sandbox.stopping():
            raise KeyboardInterrupt
    except KeyboardInterrupt:  # ray.cancel: stop this task's sandboxes, write nothing
        sandbox.interrupt()
        raise
    finally:
        bwrap.remove_dir(code_dir)
        sandbox.stop_all()
    return {"build": build, "outcomes": outcomes, "label": _node_label(),
            "duration_s": round(time.monotonic() - started, 3)}


# -- on the driver ------------------------------------------------------------------------------


@dataclass
class Node:
    id: str
    slots: int
    label: str = ""
    busy: int = 0


def connect(address: str) -> ModuleType:
    """Join the cluster at `address`; with 'auto', the one this machine knows of, else a new
    local Ray."""
    ray = import_ray()
    if address == "auto":
        try:
            ray.init(address="auto", **_QUIET)
        except ConnectionError:
            print("ray: no cluster found, starting a local Ray", file=sys.stderr)
            ray.init(include_dashboard=False, **_QUIET)
        return ray
    _reachable(address)
    try:
        ray.init(address=address, **_QUIET)
    except (ConnectionError, ValueError, RuntimeError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ExecutorError(f"cannot join the Ray cluster at {address}: {first}") from None
    return ray


def _reachable(address: str, timeout_s: float = 5.0) -> None:
    """Fail at once on a head that is not there (Ray itself would keep retrying for minutes)."""
    host, sep, port = address.rpartition(":")
    if "://" in address or not sep or not port.isdigit():
        return  # a ray:// client address or something else: let Ray judge it
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except OSError as e:
        raise ExecutorError(f"cannot join the Ray cluster at {address}: "
                            f"{e.strerror or type(e).__name__}") from None


def _alive_nodes(ray: ModuleType) -> dict[str, int]:
    return {n["NodeID"]: int(n.get("Resources", {}).get("CPU", 0)) for n in ray.nodes()
            if n.get("Alive")}


@functools.cache
def _remote(fn: Any) -> Any:
    """One Ray remote function per node-side function (exported once per driver)."""
    import ray
    return ray.remote(fn)


def _on(ray: ModuleType, node_id: str, fn: Any, num_cpus: float = 0) -> Any:
    """fn as a task pinned to one node, never retried elsewhere by Ray itself."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    return _remote(fn).options(
        num_cpus=num_cpus, max_retries=0,
        scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False))


def on_every_node(ray: ModuleType, fn: Any, *args: Any) -> list[Any]:
    """Run fn on each live node; a node that dies meanwhile is left out."""
    refs = [_on(ray, node_id, fn).remote(*args) for node_id in _alive_nodes(ray)]
    out = []
    for ref in refs:
        with contextlib.suppress(ray.exceptions.RayError):
            out.append(ray.get(ref))
    return out


class Scheduler:
    """Keeps every ready node's CPUs busy with samples; requeues the samples of lost nodes.

    Nodes are prepared (node_prepare) before they get samples, without blocking the loop. A
    node whose task was lost is dropped at once and prepared again at the next look: one that
    is really gone never answers, so none of the requeued samples go back to it."""

    def __init__(self, ray: ModuleType, results_dir: Path, backend: str, settings: Settings,
                 progress: pipeline.Progress) -> None:
        self.ray, self.results_dir, self.backend = ray, results_dir, backend
        self.settings, self.progress = settings, progress
        self.nodes: dict[str, Node] = {}
        self.shunned: set[str] = set()  # refused, or lacking an env
        self.probing: dict[Any, str] = {}
        self.in_flight: dict[Any, tuple[SampleKey, str]] = {}
        self.queue: deque[SampleKey] = deque()
        self.tries: Counter[SampleKey] = Counter()
        self.ran: Counter[str] = Counter()
        self.envs: list[str] = []
        self._looked = 0.0

    def look_for_nodes(self) -> None:
        """Start preparing live nodes that are neither in use, nor refused, nor being prepared."""
        self._looked = time.monotonic()
        alive = _alive_nodes(self.ray)
        for node_id in [n for n in self.nodes if n not in alive]:
            del self.nodes[node_id]
        known = {*self.nodes, *self.shunned, *self.probing.values()}
        for node_id in [n for n, cpus in alive.items() if cpus > 0 and n not in known]:
            ref = _on(self.ray, node_id, node_prepare).remote(self.envs, self.backend)
            self.probing[ref] = node_id

    def _prepared(self, ref: Any) -> None:
        node_id = self.probing.pop(ref)
        try:
            info = self.ray.get(ref)
        except self.ray.exceptions.RayError:
            return  # gone (or going): looked at again later
        lacking = {e: why for e, why in info["envs"].items() if why}
        if info["refused"] or lacking:
            why = info["refused"] or "; ".join(f"env {e} is {w}" for e, w in lacking.items())
            self._shun(node_id, info["label"], why)
            return
        cpus = _alive_nodes(self.ray).get(node_id, 0)
        if cpus > 0:
            self.nodes[node_id] = Node(node_id, cpus, info["label"])

    def _shun(self, node_id: str, label: str, why: str) -> None:
        self.shunned.add(node_id)
        self.nodes.pop(node_id, None)
        print(f"ray: node {label} refuses samples: {why}", file=sys.stderr)

    def _submit(self) -> None:
        for node in sorted(self.nodes.values(), key=lambda n: n.busy - n.slots):
            while self.queue and node.busy < node.slots:
                key = self.queue.popleft()
                job = pack(key, key.path(self.results_dir) / "code")
                ref = _on(self.ray, node.id, node_test, num_cpus=1).remote(
                    job, self.backend, self.settings)
                self.in_flight[ref] = (key, node.id)
                node.busy += 1

    def run(self, keys: list[SampleKey]) -> None:
        self.envs = sorted({k.env for k in keys})
        self.queue.extend(keys)
        self.look_for_nodes()
        while self.queue or self.in_flight:
            if time.monotonic() - self._looked > REFRESH_S:
                self.look_for_nodes()
            self._submit()
            if not self.in_flight and not self.probing:
                raise ExecutorError(f"no Ray node can test these samples ({len(self.queue)} "
                                    "left): see the reasons above, or `baxbench doctor "
                                    "--executor ray`")
            waiting = [*self.in_flight, *self.probing]
            done, _ = self.ray.wait(waiting, num_returns=1, timeout=1.0)
            for ref in done:
                if ref in self.probing:
                    self._prepared(ref)
                else:
                    self._finish(ref)

    def _finish(self, ref: Any) -> None:
        key, node_id = self.in_flight.pop(ref)
        node = self.nodes.get(node_id)
        if node is not None:
            node.busy = max(0, node.busy - 1)
        what = f"{key.model} {key.scenario} {key.env} sample{key.index}"
        try:
            reply = self.ray.get(ref)
        except self.ray.exceptions.RayTaskError as e:  # baxbench's own code failed there
            cause = e.cause if e.cause is not None else e
            self.progress.tick(what, "harness error", f"{type(cause).__name__}: {cause} "
                               "(not recorded; rerun to retry)")
            return
        except self.ray.exceptions.RayError as e:  # the node or its worker is gone
            self._lost(key, node_id, what, e)
            return
        if "refused" in reply:
            self._shun(node_id, reply["label"], reply["refused"])
            self.queue.appendleft(key)
            return
        self._write(key, reply, what)

    def _lost(self, key: SampleKey, node_id: str, what: str, error: Exception) -> None:
        self.tries[key] += 1
        label = self.nodes.pop(node_id).label if node_id in self.nodes else node_id[:8]
        if self.tries[key] >= MAX_TRIES:
            self.progress.tick(what, "harness error", f"lost {MAX_TRIES} times with its node "
                               f"({type(error).__name__}; not recorded; rerun to retry)")
            return
        print(f"ray: {what}: lost with node {label} ({type(error).__name__}); "
              "retrying on another", file=sys.stderr)
        self.queue.appendleft(key)

    def _write(self, key: SampleKey, reply: dict[str, Any], what: str) -> None:
        context = pipeline.sample_context(key, self.backend)
        context["duration_s"] = reply["duration_s"]
        context["node"] = reply["label"]
        results = pipeline.write_tested(key, self.results_dir, context, reply["build"],
                                        reply["outcomes"])
        self.ran[reply["label"]] += 1
        outcome, detail = pipeline.describe(results)
        self.progress.tick(what, outcome, f"{detail} [{reply['label']}]")

    def cancel(self) -> None:
        """Ctrl-C: cancel every task; each stops its own sandboxes. Tasks that do not stop in
        time are killed, and their nodes cleaned of what they left."""
        refs = list(self.in_flight)
        if not refs:
            return
        for ref in refs:
            with contextlib.suppress(Exception):
                self.ray.cancel(ref, force=False)
        _, stuck = self.ray.wait(refs, num_returns=len(refs), timeout=CANCEL_GRACE_S)
        for ref in stuck:
            with contextlib.suppress(Exception):
                self.ray.cancel(ref, force=True)
        if stuck:
            self.ray.wait(stuck, num_returns=len(stuck), timeout=CANCEL_GRACE_S)
            on_every_node(self.ray, node_cleanup)
        self.in_flight.clear()


def test(keys: list[SampleKey], results_dir: Path, backend: str, settings: Settings,
         force: bool, address: str) -> None:
    """The Ray counterpart of pipeline.test: same selection of work, same files written."""
    todo = pipeline.to_test(keys, results_dir, force)
    if not todo:
        return
    for key in list(todo):  # no code: recorded here as the local executor does, no task needed
        results = pipeline.write_untestable(key, results_dir, backend)
        if results is not None:
            todo.remove(key)
            print(f"test {key.model} {key.scenario} {key.env} sample{key.index}: "
                  f"{' '.join(pipeline.describe(results))}", file=sys.stderr)
    if not todo:
        return
    ray = connect(address)
    try:
        progress = pipeline.Progress(len(todo), "test")  # started once connected: a fair ETA
        scheduler = Scheduler(ray, results_dir, backend, settings, progress)
        try:
            scheduler.run(todo)
        except BaseException:
            scheduler.cancel()
            raise
        per_node = ", ".join(f"{label} {n}" for label, n in sorted(scheduler.ran.items()))
        print(f"{progress.summary()}; samples per node: {per_node or 'none'}", file=sys.stderr)
    finally:
        ray.shutdown()


def doctor_rows(address: str) -> list[dict[str, Any]]:
    """`baxbench doctor` on every node of the cluster, one row per node and check."""
    ray = connect(address)
    try:
        reports = on_every_node(ray, node_checks)
    finally:
        ray.shutdown()
    return [{"node": r["label"], **row} for r in sorted(reports, key=lambda r: r["label"])
            for row in r["rows"]]


def cleanup(address: str) -> list[tuple[str, int, int]]:
    """`baxbench cleanup` on every node: (node, cgroups removed, dirs removed)."""
    ray = connect(address)
    try:
        return on_every_node(ray, _labelled_cleanup)
    finally:
        ray.shutdown()


def _labelled_cleanup() -> tuple[str, int, int]:
    return (_node_label(), *node_cleanup())
