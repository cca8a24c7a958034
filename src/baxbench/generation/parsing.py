"""Turning a model's answer into files: fenced code, stray prose and <FILEPATH> tags tolerated.

Nothing is dropped silently: every code block that does not become a file leaves a note saying
why, and a block whose closing fence never came (an answer cut off mid-code) is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..envs import Env

_FENCE = re.compile(r"^(?P<ticks>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)[^\n]*\n(?P<body>.*?)"
                    r"(?:(?P<close>^(?P=ticks)[ \t]*$)|\Z)", re.S | re.M)
_FILEPATH = re.compile(r"<FILEPATH>\s*(?P<path>[^<\n]+?)\s*</FILEPATH>", re.I)
_CODE_START = re.compile(r"^\s*(import |from \w|const |let |var |package |use |#!|<\?php|require|"
                         r"'use strict'|\"use strict\"|//|/\*|fn |mod |def |class |module |@)")
_NAME = r"(?P<name>[\w.-]+(?:/[\w.-]+)*\.[A-Za-z]\w*)"
# a file name on the line before a block ("**app.py**", "`utils/db.js`:", "File: app.py") ...
_NAME_BEFORE = re.compile(r"^[\s#*`'\"(\[-]*(?:\w+\s+)?(?:file(?:name)?:?\s*)?[`*'\"]*" + _NAME
                          + r"[`*'\"]*\)?:?\s*$", re.I)
# ... or a first-line comment inside it ("# app.py", "// file: utils/db.js")
_NAME_COMMENT = re.compile(r"^\s*(?:#|//|--|/\*)\s*(?:file(?:name)?:?\s*)?" + _NAME
                           + r"\s*(?:\*/)?\s*$", re.I)
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


@dataclass
class Block:
    lang: str
    body: str
    closed: bool
    name: str | None  # a file name the answer gave it, if any

    @property
    def lines(self) -> int:
        return len(self.body.splitlines())


@dataclass
class Parsed:
    files: dict[str, str]
    notes: list[str] = field(default_factory=list)  # blocks dropped or kept, and why
    cut: bool = False  # a block that became a file has no closing fence


def _blocks(text: str) -> list[Block]:
    found = []
    for m in _FENCE.finditer(text):
        before = text[: m.start()].rstrip("\n").rpartition("\n")[2]
        named = _NAME_BEFORE.match(before) or _NAME_COMMENT.match(
            m["body"].partition("\n")[0])
        found.append(Block(m["lang"].lower(), m["body"], m["close"] is not None,
                           named["name"] if named else None))
    return found


def _safe_path(raw: str) -> str:
    path = PurePosixPath(raw.strip().strip("`'\""))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ParseError(f"file path {raw!r} is not a relative path inside the project")
    return str(path)


def _describe(block: Block) -> str:
    return f"a {block.lines}-line {block.lang or 'untagged'} block"


def _single_file(answer: str, env: Env) -> Parsed:
    blocks = _blocks(answer)
    if not blocks:
        if _CODE_START.match(answer):
            return Parsed({env.code_files[0]: answer.strip() + "\n"})
        raise ParseError("the answer has no code block")
    wanted = _LANG_ALIASES.get(env.code_language, {env.code_language})
    code = ([b for b in blocks if b.lang in wanted] or [b for b in blocks if not b.lang]
            or blocks)
    main_name = env.code_files[0]
    main = next((b for b in code if b.name and PurePosixPath(b.name).name == main_name),
                None) or max(code, key=lambda b: len(b.body))
    if not main.body.strip():
        raise ParseError("the answer's code block is empty")
    parsed = Parsed({main_name: main.body}, cut=not main.closed)
    for block in blocks:
        if block is not main:
            _keep_or_drop(block, parsed, block in code)
    return parsed


def _keep_or_drop(block: Block, parsed: Parsed, is_code: bool) -> None:
    """A second block becomes a file when the answer named it; otherwise it is noted."""
    name = None
    if block.name:
        try:
            name = _safe_path(block.name)
        except ParseError as e:
            parsed.notes.append(f"dropped {_describe(block)}: {e}")
            return
    if name is None:
        why = "it has no file name" if is_code else "it is not code in the app's language"
        parsed.notes.append(f"dropped {_describe(block)}: {why}")
    elif name in parsed.files:
        parsed.notes.append(f"dropped {_describe(block)} named {name}: that file is "
                            "already taken by another block")
    elif not block.body.strip():
        parsed.notes.append(f"dropped the empty block named {name}")
    else:
        parsed.files[name] = block.body
        parsed.cut = parsed.cut or not block.closed
        parsed.notes.append(f"kept {_describe(block)} as {name}, as the answer named it")


def _multi_file(answer: str, env: Env) -> Parsed:
    marks = list(_FILEPATH.finditer(answer))
    if not marks:
        raise ParseError("the answer has no <FILEPATH>…</FILEPATH> tags")
    parsed = Parsed({})
    for mark, nxt in zip(marks, [*marks[1:], None], strict=True):
        chunk = answer[mark.end(): nxt.start() if nxt else len(answer)]
        blocks = _blocks(chunk)
        path = _safe_path(mark["path"])
        if blocks:
            parsed.files[path] = blocks[0].body
            parsed.cut = parsed.cut or not blocks[0].closed
            parsed.notes += [f"dropped {_describe(b)} after {path}: only the first block "
                             "under a <FILEPATH> tag is the file" for b in blocks[1:]]
        else:
            parsed.files[path] = chunk.strip() + "\n"
    missing = [f for f in env.code_files if f not in parsed.files]
    if missing:
        raise ParseError(f"the answer lacks required files: {', '.join(missing)}")
    return parsed


def parse(answer: str, env: Env) -> Parsed:
    """The files an answer holds, with notes; raises ParseError when there is no usable code."""
    if not answer or not answer.strip():
        raise ParseError("the answer is empty")
    return _multi_file(answer, env) if env.multi_file else _single_file(answer, env)


def parse_answer(answer: str, env: Env) -> dict[str, str]:
    """Map of relative path -> content; raises ParseError when there is no usable code."""
    return parse(answer, env).files
