"""One on-disk encoding of model names and env ids, reversible without opening a file; layouts
written before it are still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baxbench.core.layout import SampleKey, Selection, decode_name, encode_name, scan
from baxbench.execution.pipeline import generated_keys
from baxbench.generation.models import reference_dir
from baxbench.scenarios import SCENARIOS

NAMES = ["reference", "openai/gpt-4o", "Go-net/http", "org/my_model", "a%2Fb", "x_y/z%_",
         "meta-llama/Llama-3.1-70B", "__", "%5F"]


@pytest.mark.parametrize("name", NAMES)
def test_encoding_is_one_folder_and_reversible(name: str) -> None:
    folder = encode_name(name)
    assert "/" not in folder and folder
    assert decode_name(folder) == name


def test_encoding_keeps_the_folders_of_common_names() -> None:
    assert encode_name("openai/gpt-4o") == "openai_gpt-4o"
    assert encode_name("Go-net/http") == "Go-net_http"
    assert encode_name("org/my_model") == "org_my%5Fmodel"
    assert reference_dir("Login", "Go-net/http").name == "Go-net_http"  # references: same encoding
    assert reference_dir("Login", "Go-net/http").is_dir()


def _sample(path: Path, model: str) -> None:
    path.mkdir(parents=True)
    (path / "generation.json").write_text(json.dumps({"model": model, "status": "ok"}))


def _key(model: str, env: str) -> SampleKey:
    return SampleKey(model, "Login", env, 0.2, "openapi", "none", 0)


def _selection(models: list[str]) -> Selection:
    return Selection(models, list(SCENARIOS), ["Go-net/http", "Python-Flask"], 1)


def test_new_samples_are_written_in_one_folder_per_name_and_read_back(tmp_path: Path) -> None:
    key = _key("org/my_model", "Go-net/http")
    path = key.path(tmp_path)
    assert path.relative_to(tmp_path).parts[:3] == ("org_my%5Fmodel", "Login", "Go-net_http")
    _sample(path, key.model)
    assert scan(tmp_path) == [key]  # no generation record opened: the names are in the folders
    (path / "generation.json").unlink()
    assert scan(tmp_path) == [key]
    assert generated_keys(tmp_path, _selection([])) == [key]


def test_the_old_layout_is_still_read(tmp_path: Path) -> None:
    # Before the encoding: '/' flattened to '_' in models, env ids nested at their '/'.
    old = tmp_path / "org_my_model" / "Login" / "Go-net" / "http" / "temp0.2-openapi-none" / "sample0"
    _sample(old, "org/my_model")
    flat = tmp_path / "plain_model" / "Login" / "Python-Flask" / "temp0.2-openapi-none" / "sample0"
    _sample(flat, "plain_model")
    want = [_key("org/my_model", "Go-net/http"), _key("plain_model", "Python-Flask")]
    assert sorted(generated_keys(tmp_path, _selection([]))) == want
    assert sorted(generated_keys(tmp_path, _selection(["org/my_model", "plain_model"]))) == want
    assert [k.path(tmp_path) for k in want] == [old, flat]  # resume writes where they are
    assert generated_keys(tmp_path, _selection(["org/other_model"])) == []
