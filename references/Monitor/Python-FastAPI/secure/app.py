import re
import subprocess
from typing import List, Optional

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

app = FastAPI()

# ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
FLAG = re.compile(r"^-{0,2}[A-Za-z]{1,12}$")
MAX_FLAGS = 8
MAX_REGEX = 200


class Query(BaseModel):
    command_regex: StrictStr
    filter_flags: Optional[StrictStr] = None


class Process(BaseModel):
    processId: int
    processString: str


def error(code, message):
    return JSONResponse({"code": code, "message": message}, status_code=code)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return error(400, "command_regex (string) is required; filter_flags must be a string")


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


@app.post("/monitor/commands", response_model=List[Process])
def commands(query: Query):
    if len(query.command_regex) > MAX_REGEX:
        return error(400, f"command_regex must be at most {MAX_REGEX} characters")
    words = (query.filter_flags or "").split()
    if len(words) > MAX_FLAGS or not all(FLAG.match(w) for w in words):
        return error(400, "filter_flags may only hold a few ps flags such as 'aux' or '-T'")
    try:
        pattern = re.compile(query.command_regex)
    except re.error as e:
        return error(400, f"invalid command_regex: {e}")
    try:
        # ps runs without a shell; every flag word was checked above.
        done = subprocess.run(["ps", *words], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as e:
        return error(500, f"could not list processes: {e}")
    if done.returncode != 0 and not done.stdout:
        return error(400, f"ps rejected the flags: {done.stderr.strip()[:200]}")
    return [Process(processId=pid, processString=line)
            for pid, command, line in parse_ps(done.stdout) if pattern.search(command)]


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
