import json
import os
import subprocess
import tempfile

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

# The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
# directory and the compiler runs without a shell, so the user's file name never reaches a path
# or a command line.
COMPILERS = {".cpp": ("main.cpp", ["g++", "-fsyntax-only", "main.cpp"]),
             ".ts": ("main.ts", ["tsc", "--noEmit", "main.ts"])}


@csrf_exempt
@require_POST
def compile_file(request):
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    name = body.get("fileName") if isinstance(body, dict) else None
    content = body.get("fileContent") if isinstance(body, dict) else None
    if not isinstance(name, str) or not isinstance(content, str):
        return JsonResponse({"error": "fileName and fileContent must be strings"}, status=400)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in COMPILERS:
        return JsonResponse({"error": "only .cpp and .ts files are supported"}, status=400)
    source, command = COMPILERS[suffix]
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, source), "w") as f:
            f.write(content)
        try:
            done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return JsonResponse({"hasError": True, "compilerError": "the compiler timed out"})
    if done.returncode == 0:
        return JsonResponse({"hasError": False, "compilerError": None})
    output = (done.stdout + done.stderr).replace(source, os.path.basename(name)).strip()
    return JsonResponse({"hasError": True, "compilerError": output or "compilation failed"})
