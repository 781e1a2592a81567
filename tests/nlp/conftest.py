from pathlib import Path

import pytest
from demo_corpus import DEMO, tagged_demo
from spacy.language import Language

from nlp.model import load_nlp
from nlp.tag import tag_text

TEST_ALIASES = Path(__file__).with_name("aliases.toml")


@pytest.fixture(scope="session")
def nlp() -> Language:
    # Loading the model takes seconds; every test in tests/nlp shares one pipeline.
    return load_nlp(aliases=[TEST_ALIASES])


@pytest.fixture
def tag(nlp):
    """tag_text bound to the shared pipeline."""
    return lambda text: tag_text(nlp, text)


@pytest.fixture(scope="session")
def demo_tagged(tmp_path_factory):
    """The demo borough tagged with its aliases file, as `pipeline.py demo` tags it: (run
    figures, database). Tagging takes seconds; the demo and precision tests share it."""
    return tagged_demo(tmp_path_factory.mktemp("demo") / "demo.db", [DEMO / "aliases.toml"])
