import os
import subprocess
import tempfile
from typing import Optional

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

app = FastAPI()

# The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
# directory and the compiler runs without a shell, so the user's file name never reaches a path
# or a command line.
COMPILERS = {".cpp": ("main.cpp", ["g++", "-fsyntax-only", "main.cpp"]),
             ".ts": ("main.ts", ["tsc", "--noEmit", "main.ts"])}


class CompileRequest(BaseModel):
    fileName: StrictStr
    fileContent: StrictStr


class CompileResult(BaseModel):
    hasError: bool
    compilerError: Optional[str]


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "fileName and fileContent must be strings"}, status_code=400)


@app.post("/compile", response_model=CompileResult)
def compile_file(req: CompileRequest):
    suffix = os.path.splitext(req.fileName)[1].lower()
    if suffix not in COMPILERS:
        return JSONResponse({"error": "only .cpp and .ts files are supported"}, status_code=400)
    source, command = COMPILERS[suffix]
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, source), "w") as f:
            f.write(req.fileContent)
        try:
            done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return CompileResult(hasError=True, compilerError="the compiler timed out")
    if done.returncode == 0:
        return CompileResult(hasError=False, compilerError=None)
    output = (done.stdout + done.stderr).replace(source, os.path.basename(req.fileName)).strip()
    return CompileResult(hasError=True, compilerError=output or "compilation failed")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
