"""Model answers to files: fences, prose, <FILEPATH> tags, and answers with no code."""

from __future__ import annotations

import pytest

from baxbench.envs.base import Env
from baxbench.envs.python import FLASK
from baxbench.generation.parsing import ParseError, parse_answer


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
