"""Model answers to files: fences, prose, <FILEPATH> tags, and answers with no code."""

from __future__ import annotations

import pytest

from baxbench.envs.base import Env
from baxbench.envs.javascript import EXPRESS
from baxbench.envs.python import FLASK
from baxbench.generation.parsing import ParseError, parse, parse_answer


class MultiFile(Env):
    def allowed_packages(self) -> list[str]:
        return []

    def provision(self, cache, log) -> None:
        return None

    def launch(self, app_dir, cache):
        raise AssertionError("not launched in these tests")


DJANGO_LIKE = MultiFile(id="X-multi", language="Python", framework="multi",
                        code_files=("manage.py", "app/views.py"))


def test_single_fenced_block_with_prose_around_it() -> None:
    answer = "Sure! Here it is:\n\n```python\nprint('hi')\n```\n\nHope this helps."
    assert parse_answer(answer, FLASK) == {"app.py": "print('hi')\n"}


def test_prefers_the_envs_language_and_the_longest_block() -> None:
    answer = ("Install:\n```bash\npip install flask\n```\n```python\nx = 1\n```\n"
              "```python\nimport flask\napp = 1\n```")
    assert parse_answer(answer, FLASK)["app.py"] == "import flask\napp = 1\n"


def test_truncated_answer_without_closing_fence() -> None:
    assert parse_answer("```python\nimport os\nprint(os)\n", FLASK)["app.py"].startswith(
        "import os")


def test_bare_code_without_fences_is_accepted() -> None:
    assert "Flask" in parse_answer("from flask import Flask\napp = Flask(__name__)\n",
                                   FLASK)["app.py"]


@pytest.mark.parametrize("answer", ["", "   ", "I cannot help with that.",
                                    "Here is my plan: first we design the API."])
def test_answers_without_code_are_parse_errors(answer: str) -> None:
    with pytest.raises(ParseError):
        parse_answer(answer, FLASK)


def test_multi_file_answers() -> None:
    answer = ("Project:\n<FILEPATH>manage.py</FILEPATH>\n```python\nprint(1)\n```\n"
              "and\n<FILEPATH>./app/views.py</FILEPATH>\n```python\nprint(2)\n```\n")
    assert parse_answer(answer, DJANGO_LIKE) == {"manage.py": "print(1)\n",
                                                 "app/views.py": "print(2)\n"}


@pytest.mark.parametrize("path", ["../evil.py", "/etc/passwd"])
def test_multi_file_paths_must_stay_inside_the_project(path: str) -> None:
    answer = (f"<FILEPATH>{path}</FILEPATH>\n```python\nx\n```\n"
              "<FILEPATH>manage.py</FILEPATH>\n```python\nx\n```\n")
    with pytest.raises(ParseError, match="not a relative path"):
        parse_answer(answer, DJANGO_LIKE)


def test_multi_file_answers_missing_a_required_file() -> None:
    with pytest.raises(ParseError, match="app/views.py"):
        parse_answer("<FILEPATH>manage.py</FILEPATH>\n```python\nx\n```", DJANGO_LIKE)


def test_two_named_blocks_for_two_files_keep_both() -> None:
    """Issue 18: an answer with a code block per file kept only the larger one, silently."""
    answer = ("Two files.\n\n**app.py**\n```python\nfrom db import connect\nimport flask\n"
              "app = flask.Flask(__name__)\n```\n\n`db.py`:\n```python\ndef connect():\n"
              "    return 1\n```\n")
    parsed = parse(answer, FLASK)
    assert parsed.files == {"app.py": "from db import connect\nimport flask\n"
                                      "app = flask.Flask(__name__)\n",
                            "db.py": "def connect():\n    return 1\n"}
    assert parsed.notes == ["kept a 2-line python block as db.py, as the answer named it"]
    assert not parsed.cut


def test_a_first_line_comment_names_the_file() -> None:
    answer = ("```js\n// utils.js\nmodule.exports = 1\n```\n"
              "```js\n// app.js\nconst u = require('./utils')\nconsole.log(u)\n```\n")
    assert set(parse(answer, EXPRESS).files) == {"app.js", "utils.js"}


def test_dropped_blocks_say_why() -> None:
    answer = ("Install:\n```bash\npip install flask\n```\n```python\nx = 1\n```\n"
              "```python\nimport flask\napp = 1\n```")
    parsed = parse(answer, FLASK)
    assert parsed.files == {"app.py": "import flask\napp = 1\n"}
    assert parsed.notes == [
        "dropped a 1-line bash block: it is not code in the app's language",
        "dropped a 1-line python block: it has no file name"]


def test_a_block_without_its_closing_fence_is_flagged_cut() -> None:
    assert parse("```python\nimport os\nprint(os)\n", FLASK).cut
    assert not parse("```python\nimport os\n```\nand then the prose stops mid", FLASK).cut
