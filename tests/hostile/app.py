"""A deliberately hostile app: each route tries something a sandbox must prevent.

Runs on Debian's python3 with the standard library only, listening on 0.0.0.0:5000.
"""

import ctypes
import errno
import json
import os
import socket
import subprocess
import sys
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def write(q):
    with open(q["path"], "w") as f:
        f.write(q.get("content", "hostile"))
    return "written"


def read(q):
    try:
        if os.path.isdir(q["path"]):
            return "listing:" + ",".join(os.listdir(q["path"]))
        with open(q["path"]) as f:
            return "content:" + f.read()
    except OSError as e:
        return f"denied:{e}"


def connect(q):
    try:
        with socket.create_connection((q["host"], int(q["port"])), timeout=2):
            return "connected"
    except OSError as e:
        return f"failed:{e}"


def resolve(q):
    try:
        return "resolved:" + socket.gethostbyname(q["host"])
    except OSError as e:
        return f"failed:{e}"


def alloc(q):
    chunks = [bytearray(1 << 20) for _ in range(int(q["mb"]))]
    return f"allocated:{len(chunks)}"


def forkbomb(q):
    code = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    time.sleep(float(q.get("wait", "1")))
    return "forked"


def daemon(q):
    # Double fork: the grandchild is re-parented and in its own session, like a real daemon.
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", q["marker"]])
        os._exit(0)
    return "daemonized"


def identity(q):
    with open("/proc/self/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    return json.dumps({"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(),
                       "cap_eff": status["CapEff"].strip(), "cap_prm": status["CapPrm"].strip(),
                       "cap_bnd": status["CapBnd"].strip()})


def symlink(q):
    if os.path.lexists(q["link"]):
        os.rename(q["link"], q["link"] + ".orig")
    os.symlink(q["target"], q["link"])
    return "linked"


def mkfifo(q):
    os.mkfifo(q["path"])
    return "made"


def listen_unix(q):
    if os.path.lexists(q["path"]):
        os.unlink(q["path"])
    server = socket.socket(socket.AF_UNIX)
    server.bind(q["path"])
    server.listen()
    LISTENERS.append(server)
    return "listening"


def fill(q):
    try:
        with open(q["path"], "wb") as f:
            for _ in range(int(q["mb"])):
                f.write(b"x" * 2**20)
    except OSError as e:
        return f"stopped:{e.errno}"
    return "filled"


def flood(q):
    chunk = b"y" * 2**20
    try:
        for _ in range(int(q["mb"])):
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    except OSError as e:
        return f"stopped:{e.errno}"
    return "flooded"


SYSCALLS = {"ptrace": 101, "mount": 165, "keyctl": 250, "unshare": 272, "bpf": 321,
            "userfaultfd": 323, "io_uring_setup": 425, "setns": 308}


def syscall(q):
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall(SYSCALLS[q["name"]], 0, 0, 0, 0, 0)
    return "denied" if result == -1 and ctypes.get_errno() == errno.EPERM else f"ran:{result}"


LISTENERS = []
ROUTES = {"/write": write, "/read": read, "/connect": connect, "/resolve": resolve,
          "/alloc": alloc, "/forkbomb": forkbomb, "/daemon": daemon, "/id": identity,
          "/env": lambda q: json.dumps(dict(os.environ)), "/symlink": symlink,
          "/mkfifo": mkfifo, "/listen-unix": listen_unix, "/fill": fill, "/flood": flood,
          "/syscall": syscall}


def huge(handler, q):
    size = int(q["mb"]) << 20
    handler.send_response(200)
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    chunk = b"z" * 2**20
    for _ in range(size >> 20):
        handler.wfile.write(chunk)


def gzip_bomb(handler, q):
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(2**20)
    body = b"".join(packer.compress(chunk) for _ in range(int(q["mb"]))) + packer.flush()
    handler.send_response(200)
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


STREAMS = {"/huge": huge, "/gzip-bomb": gzip_bomb}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path in STREAMS:
            STREAMS[url.path](self, query)
            return
        handler = ROUTES.get(url.path)
        body = (handler(query) if handler else "hostile app").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", 5000), Handler).serve_forever()
