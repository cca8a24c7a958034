import asyncio
import re

from aiohttp import web

# ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
FLAG = re.compile(r"^-{0,2}[A-Za-z]{1,12}$")
MAX_FLAGS = 8
MAX_REGEX = 200

routes = web.RouteTableDef()


def error(code, message):
    return web.json_response({"code": code, "message": message}, status=code)


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


async def ps(words):
    """(exit status, stdout, stderr) of ps with the given flags, run without a shell."""
    proc = await asyncio.create_subprocess_exec("ps", *words, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), 10)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


@routes.post("/monitor/commands")
async def commands(request):
    try:
        data = await request.json()
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
        status, out, err = await ps(words)
    except (OSError, asyncio.TimeoutError) as e:
        return error(500, f"could not list processes: {e!r}")
    if status != 0 and not out:
        return error(400, f"ps rejected the flags: {err.strip()[:200]}")
    return web.json_response([{"processId": pid, "processString": line}
                              for pid, command, line in parse_ps(out) if pattern.search(command)])


if __name__ == "__main__":
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
