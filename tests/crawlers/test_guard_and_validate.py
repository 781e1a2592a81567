"""The private-address guard's judgement, and the validation of documents before storing."""

from __future__ import annotations

import ipaddress

import pytest

from crawlers.items import Document, FetchError
from crawlers.middlewares import address_kind
from crawlers.pipelines import ValidatePipeline


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata services live here
        ("100.64.0.1", "non-public"),
        ("0.0.0.0", "unspecified"),
        ("93.184.216.34", None),
    ],
)
def test_address_kind(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_document_without_text_becomes_an_extract_error():
    document = Document("Courier", "https://courier.example/a", "article", " \n", http_status=200)
    error = ValidatePipeline().process_item(document)
    assert error == FetchError(
        "Courier",
        "https://courier.example/a",
        "extract",
        "no text found (no extraction method)",
        200,
    )


def test_document_with_text_passes():
    document = Document("Courier", "https://courier.example/a", "article", "Text.")
    assert ValidatePipeline().process_item(document) is document
