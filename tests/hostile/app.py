"""A deliberately hostile app: each route tries something a sandbox must prevent.

Runs on Debian's python3 with the standard library only, listening on 0.0.0.0:5000.
"""

import json
import os
import socket
import subprocess
import sys
import time
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


ROUTES = {"/write": write, "/read": read, "/connect": connect, "/resolve": resolve,
          "/alloc": alloc, "/forkbomb": forkbomb, "/daemon": daemon, "/id": identity,
          "/env": lambda q: json.dumps(dict(os.environ))}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        handler = ROUTES.get(url.path)
        body = (handler(query) if handler else "hostile app").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", 5000), Handler).serve_forever()
