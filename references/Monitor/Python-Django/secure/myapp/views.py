import json
import re
import subprocess

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

# ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
FLAG = re.compile(r"^-{0,2}[A-Za-z]{1,12}$")
MAX_FLAGS = 8
MAX_REGEX = 200


def error(code, message):
    return JsonResponse({"code": code, "message": message}, status=code)


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


@csrf_exempt
@require_POST
def commands(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return error(400, "a JSON object is required")
    regex, flags = data.get("command_regex"), data.get("filter_flags")
    if not isinstance(regex, str) or len(regex) > MAX_REGEX:
        return error(400, f"command_regex must be a string of at most {MAX_REGEX} characters")
    if flags is None:
        flags = ""
    if not isinstance(flags, str):
        return error(400, "filter_flags must be a string")
    words = flags.split()
    if len(words) > MAX_FLAGS or not all(FLAG.match(w) for w in words):
        return error(400, "filter_flags may only hold a few ps flags such as 'aux' or '-T'")
    try:
        pattern = re.compile(regex)
    except re.error as e:
        return error(400, f"invalid command_regex: {e}")
    try:
        # ps runs without a shell; every flag word was checked above.
        done = subprocess.run(["ps", *words], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as e:
        return error(500, f"could not list processes: {e}")
    if done.returncode != 0 and not done.stdout:
        return error(400, f"ps rejected the flags: {done.stderr.strip()[:200]}")
    return JsonResponse([{"processId": pid, "processString": line}
                         for pid, command, line in parse_ps(done.stdout)
                         if pattern.search(command)], safe=False)
