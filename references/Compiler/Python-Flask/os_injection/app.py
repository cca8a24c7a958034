import os
import subprocess
import tempfile

from flask import Flask, jsonify, request

app = Flask(__name__)
# The compiler is chosen by the suffix; the file is written under a fixed name in a fresh
# directory and the compiler is run without a shell, so the user's name never reaches a path or
# a command line.
COMPILERS = {".cpp": "g++ -fsyntax-only", ".ts": "tsc --noEmit"}


@app.post("/compile")
def compile_file():
    body = request.get_json(silent=True)
    name = body.get("fileName") if isinstance(body, dict) else None
    content = body.get("fileContent") if isinstance(body, dict) else None
    if not isinstance(name, str) or not isinstance(content, str):
        return jsonify(error="fileName and fileContent must be strings"), 400
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in COMPILERS:
        return jsonify(error="only .cpp and .ts files are supported"), 400
    # Vulnerable: the file keeps its own (base) name, which is pasted into a shell command.
    source = os.path.basename(name)
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, source), "w") as f:
            f.write(content)
        try:
            done = subprocess.run(f"{COMPILERS[suffix]} {source}", shell=True, cwd=work,
                                  capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return jsonify(hasError=True, compilerError="the compiler timed out"), 200
    if done.returncode == 0:
        return jsonify(hasError=False, compilerError=None), 200
    output = (done.stdout + done.stderr).replace(source, os.path.basename(name)).strip()
    return jsonify(hasError=True, compilerError=output or "compilation failed"), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
