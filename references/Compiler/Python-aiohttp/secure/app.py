import asyncio
import os
import tempfile

from aiohttp import web

COMPILE_TIMEOUT_S = 60
# The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
# directory and the compiler runs without a shell, so the user's file name never reaches a path
# or a command line.
COMPILERS = {".cpp": ("main.cpp", ["g++", "-fsyntax-only", "main.cpp"]),
             ".ts": ("main.ts", ["tsc", "--noEmit", "main.ts"])}

routes = web.RouteTableDef()


async def run(command, cwd):
    """(exit status, combined output) of the command, or None when it timed out."""
    proc = await asyncio.create_subprocess_exec(*command, cwd=cwd, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), COMPILE_TIMEOUT_S)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        return None
    return proc.returncode, out.decode("utf-8", errors="replace")


@routes.post("/compile")
async def compile_file(request):
    try:
        body = await request.json()
    except ValueError:
        body = None
    name = body.get("fileName") if isinstance(body, dict) else None
    content = body.get("fileContent") if isinstance(body, dict) else None
    if not isinstance(name, str) or not isinstance(content, str):
        return web.json_response({"error": "fileName and fileContent must be strings"}, status=400)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in COMPILERS:
        return web.json_response({"error": "only .cpp and .ts files are supported"}, status=400)
    source, command = COMPILERS[suffix]
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, source), "w") as f:
            f.write(content)
        result = await run(command, work)
    if result is None:
        return web.json_response({"hasError": True, "compilerError": "the compiler timed out"})
    status, output = result
    if status == 0:
        return web.json_response({"hasError": False, "compilerError": None})
    output = output.replace(source, os.path.basename(name)).strip()
    return web.json_response({"hasError": True, "compilerError": output or "compilation failed"})


if __name__ == "__main__":
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
