"""Turning a model's answer into files: fenced code, stray prose and <FILEPATH> tags tolerated."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..envs import Env

_FENCE = re.compile(r"^(?P<ticks>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)[^\n]*\n(?P<body>.*?)"
                    r"(?:^(?P=ticks)[ \t]*$|\Z)", re.S | re.M)
_FILEPATH = re.compile(r"<FILEPATH>\s*(?P<path>[^<\n]+?)\s*</FILEPATH>", re.I)
_CODE_START = re.compile(r"^\s*(import |from \w|const |let |var |package |use |#!|<\?php|require|"
                         r"'use strict'|\"use strict\"|//|/\*|fn |mod |def |class |module |@)")
_LANG_ALIASES = {
    "python": {"python", "py", "python3"},
    "javascript": {"javascript", "js", "node", "jsx", "mjs"},
    "typescript": {"typescript", "ts"},
    "go": {"go", "golang"},
    "rust": {"rust", "rs"},
    "php": {"php"},
    "ruby": {"ruby", "rb"},
}


class ParseError(Exception):
    """The answer holds no usable code; the message says what was missing."""


def _blocks(text: str) -> list[tuple[str, str]]:
    return [(m["lang"].lower(), m["body"]) for m in _FENCE.finditer(text)]


def _single_file(answer: str, env: Env) -> str:
    blocks = _blocks(answer)
    if not blocks:
        if _CODE_START.match(answer):
            return answer.strip() + "\n"
        raise ParseError("the answer has no code block")
    wanted = _LANG_ALIASES.get(env.code_language, {env.code_language})
    matching = [b for lang, b in blocks if lang in wanted] or [b for lang, b in blocks if not lang]
    chosen = max(matching or [b for _, b in blocks], key=len)
    if not chosen.strip():
        raise ParseError("the answer's code block is empty")
    return chosen


def _safe_path(raw: str) -> str:
    path = PurePosixPath(raw.strip().strip("`'\""))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ParseError(f"file path {raw!r} is not a relative path inside the project")
    return str(path)


def _multi_file(answer: str, env: Env) -> dict[str, str]:
    marks = list(_FILEPATH.finditer(answer))
    if not marks:
        raise ParseError("the answer has no <FILEPATH>…</FILEPATH> tags")
    files: dict[str, str] = {}
    for mark, nxt in zip(marks, [*marks[1:], None], strict=True):
        chunk = answer[mark.end(): nxt.start() if nxt else len(answer)]
        blocks = _blocks(chunk)
        body = blocks[0][1] if blocks else chunk.strip() + "\n"
        files[_safe_path(mark["path"])] = body
    missing = [f for f in env.code_files if f not in files]
    if missing:
        raise ParseError(f"the answer lacks required files: {', '.join(missing)}")
    return files


def parse_answer(answer: str, env: Env) -> dict[str, str]:
    """Map of relative path -> content; raises ParseError when there is no usable code."""
    if not answer or not answer.strip():
        raise ParseError("the answer is empty")
    if env.multi_file:
        return _multi_file(answer, env)
    return {env.code_files[0]: _single_file(answer, env)}
