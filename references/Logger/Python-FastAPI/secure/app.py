import threading

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, StrictStr

LOG_FILE = "logs.txt"
app = FastAPI()
lock = threading.Lock()


class LogEntry(BaseModel):
    message: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "a string message is required"}, status_code=400)


def neutralize(message: str) -> str:
    """One message, one line: escape backslashes and every control character."""
    out = []
    for ch in message.replace("\\", "\\\\"):
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 32 or ch in "\x7f\x85\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


@app.post("/log")
def add_log(entry: LogEntry):
    with lock, open(LOG_FILE, "a", encoding="utf-8") as f:
        f.write(neutralize(entry.message) + "\n")
    return {"status": "logged"}


@app.get("/logs", response_class=PlainTextResponse)
def get_logs():
    try:
        with open(LOG_FILE, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return ""


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
