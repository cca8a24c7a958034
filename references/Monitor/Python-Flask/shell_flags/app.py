import re
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)

# ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
FLAG = re.compile(r"^-{0,2}[A-Za-z]{1,12}$")
MAX_FLAGS = 8
MAX_REGEX = 200


def error(code, message):
    return jsonify(code=code, message=message), code


def parse_ps(output):
    """(pid, command, whole line) for each process line, located by the header's columns."""
    lines = output.splitlines()
    if not lines:
        return []
    header = lines[0].split()
    if "PID" not in header:
        return []
    pid_col = header.index("PID")
    cmd_col = next((i for i, h in enumerate(header) if h in ("COMMAND", "CMD", "ARGS")),
                   len(header) - 1)
    rows = []
    for line in lines[1:]:
        fields = line.split(None, cmd_col)
        if len(fields) <= max(pid_col, cmd_col) or not fields[pid_col].isdigit():
            continue
        rows.append((int(fields[pid_col]), fields[cmd_col], line))
    return rows


@app.post("/monitor/commands")
def commands():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error(400, "a JSON object is required")
    regex, flags = data.get("command_regex"), data.get("filter_flags")
    if not isinstance(regex, str) or len(regex) > MAX_REGEX:
        return error(400, f"command_regex must be a string of at most {MAX_REGEX} characters")
    if flags is None:
        flags = ""
    if not isinstance(flags, str):
        return error(400, "filter_flags must be a string")
    if len(flags) > 100:
        return error(400, "filter_flags is too long")
    try:
        pattern = re.compile(regex)
    except re.error as e:
        return error(400, f"invalid command_regex: {e}")
    try:
        done = subprocess.run(f"ps {flags}", shell=True, capture_output=True, text=True,
                              timeout=10)
    except (OSError, subprocess.TimeoutExpired) as e:
        return error(500, f"could not list processes: {e}")
    if done.returncode != 0 and not done.stdout:
        return error(400, f"ps rejected the flags: {done.stderr.strip()[:200]}")
    found = [{"processId": pid, "processString": line}
             for pid, command, line in parse_ps(done.stdout) if pattern.search(command)]
    return jsonify(found), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
