"""Plain text and CSV in any common encoding are judged as text by decoding them, whatever
libmagic calls their first bytes, and their text is read in the right encoding."""

import random

import pytest

from resources import services
from resources.extraction import filetypes, sandbox
from resources.models import Resource

LETTER = (
    "PAYMENTS to care homes – the resident’s top-up costs £120 a week.\r\n"
    "“Third party” agreements: see the council’s café leaflet.\r\n"
)
CSV = "site,top-up\r\nFenbridge,“£5 a week”\r\nSteercove,£7 – agreed\r\n"


@pytest.mark.parametrize(
    ("text", "encoding", "filename", "kind", "words"),
    [
        (LETTER, "utf-8", "letter.txt", "txt", "£120 a week"),
        (LETTER, "cp1252", "letter.txt", "txt", "resident’s top-up"),
        (LETTER, "utf-16", "letter.txt", "txt", "“Third party”"),
        ("PA plain words about payments.\n", "ascii", "pa.txt", "txt", "PA plain"),
        (CSV, "utf-16", "returns.csv", "csv", "“£5 a week”"),
        (CSV, "cp1252", "returns.csv", "csv", "£7 – agreed"),
        (CSV, "utf-8-sig", "returns.csv", "csv", "site\ttop-up"),
    ],
)
def test_text_in_common_encodings_is_stored_and_read(
    library, tmp_path, text, encoding, filename, kind, words
):
    path = tmp_path / filename
    path.write_bytes(text.encode(encoding))
    resource = services.resource_create(
        path=path,
        filename=filename,
        title="Letter",
        collection=library["public"],
        queue_extraction=False,
    )
    assert resource.content_type == filetypes.KINDS[kind].content_type
    resource = services.extraction_run(resource.pk)
    assert resource.extraction_status == Resource.Extraction.DONE, resource.extraction_reason
    assert words in resource.extracted_text
    assert "\ufeff" not in resource.extracted_text


def test_a_text_file_starting_pa_is_text_although_libmagic_says_hpgl(tmp_path):
    import magic

    path = tmp_path / "pa.txt"
    path.write_bytes(b"PA plain words about payments.\n")
    assert magic.from_file(str(path), mime=True) != "text/plain"
    assert filetypes.detect(path).key == "txt"


def test_a_long_utf8_file_cut_mid_character_in_the_sample_is_text(tmp_path):
    path = tmp_path / "long.txt"
    # 8,191 ASCII bytes then a two-byte character: the 8 KB sample ends inside it.
    path.write_bytes(b"a" * 8191 + "£ and more".encode())
    assert filetypes.detect(path).key == "txt"


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_markup_after_text_libmagic_does_not_flag_makes_it_a_web_page(tmp_path, encoding):
    path = tmp_path / "page.txt"
    path.write_bytes("PA notes on top-ups, £5 <iframe src=x>".encode(encoding))
    with pytest.raises(filetypes.Rejected, match="content is a Web page"):
        services.check_file(path, "page.txt")


def test_a_script_is_not_taken_as_text(tmp_path):
    path = tmp_path / "run.txt"
    path.write_bytes(b"#!/bin/sh\nrm -rf /\n")
    with pytest.raises(filetypes.Rejected, match="script"):
        filetypes.detect(path)


RANDOM = random.Random(4)


@pytest.mark.parametrize(
    "data",
    [
        bytes(RANDOM.randrange(256) for _ in range(4096)),
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200 + b"binary",
        "words".encode("utf-16-le") + b"\x00\x00\x01\x02" * 100,
    ],
    ids=["random", "executable", "nul-padded"],
)
def test_binary_is_never_taken_as_text(tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(filetypes.Rejected):
        filetypes.detect(path)


def test_text_in_an_unrecognised_encoding_fails_extraction_with_a_reason(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 50)
    result = sandbox.run(path, "txt")
    assert not result.ok
    assert "encoding" in result.reason
