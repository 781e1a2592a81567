"""Sentence starts at line breaks: a headline is a sentence of its own; a line wrapped
mid-sentence, as in text from a PDF, is not cut."""

import pytest


def test_a_headline_on_the_line_above_is_a_sentence_of_its_own(nlp):
    doc = nlp(
        "Amberline lands £320m council contract\nAmberline Services Ltd will run the call centre."
    )
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Amberline lands £320m council contract",
        "Amberline Services Ltd will run the call centre.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The council awarded the contract to\nTolland Group plc at a total value of\n£85 million.",
        "Councillor Selby said that the\ncall-answering target would be met by September.",
    ],
)
def test_a_line_wrapped_mid_sentence_is_not_cut(nlp, text):
    assert len(list(nlp(text).sents)) == 1
