"""Workbooks that would unpack past the documented limit are refused before reading."""
import io
import zipfile

import pytest

from safeguarding.inputs.annex_a import MAX_UNPACKED_BYTES, check_unpacked_size, read_excel_sheets
from safeguarding.quality import FatalInputError

MB = 1024 * 1024


def _bomb(path, shared_string_bytes: int):
    """A small xlsx whose sharedStrings.xml holds one enormous repeated string, written in
    chunks so the test never holds it in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="List 1" r:id="rId1"/></sheets></workbook>')
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst count="1" uniqueCount="1"><si><t>')
            chunk = b"A" * MB
            for _ in range(shared_string_bytes // MB):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return path


def test_zip_bomb_workbook_is_refused_by_ratio(tmp_path):
    path = _bomb(tmp_path / "Annex_A.xlsx", 64 * MB)
    assert path.stat().st_size < MB  # 64 MB of 'A' packs to about 64 kB
    with pytest.raises(FatalInputError) as err:
        read_excel_sheets(path)
    message = str(err.value)
    assert message.startswith("file Annex_A.xlsx: part xl/sharedStrings.xml is compressed")
    assert "docs/input-formats.md" in message


def test_workbook_past_the_unpacked_limit_is_refused(tmp_path):
    path = _bomb(tmp_path / "Annex_A.xlsx", 3 * MB)
    with pytest.raises(FatalInputError, match=r"would unpack to 3 MB, more than the 2 MB"):
        check_unpacked_size(path, limit=2 * MB)
    check_unpacked_size(path, limit=4 * MB, max_ratio=10_000)  # under both limits: no error


def test_documented_limit():
    assert MAX_UNPACKED_BYTES == 500 * MB


def test_real_workbook_passes(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "List 1"
    ws.append(["Child Unique ID", "Gender", "Ethnicity", "Date of Contact", "Contact Source"])
    for i in range(2000):
        ws.append([f"CH{i:06d}", "a) Male", "WBRI", "2018-07-02", "1B) Neighbour"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "Annex_A.xlsx"
    path.write_bytes(buf.getvalue())
    check_unpacked_size(path)
    sheets = read_excel_sheets(path)
    assert sheets[0].cells.shape == (2001, 5)


def test_cli_refuses_with_one_line_exit_3(tmp_path, capsys):
    from safeguarding.cli import main

    _bomb(tmp_path / "Annex_A.xlsx", 64 * MB)
    code = main(["validate", "--input", str(tmp_path), "--out", str(tmp_path / "p.csv")])
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1 and "compressed" in err


def test_part_hiding_its_size_is_refused(tmp_path):
    """A zip directory can understate a part's unpacked size to slip past the limit; a part
    declaring fewer bytes than it holds packed is refused."""
    import os

    path = tmp_path / "Annex_A.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", os.urandom(200_000))  # incompressible: packed = unpacked
    data = bytearray(path.read_bytes())
    # rewrite the central directory's "uncompressed size" of the shared strings part to 10 bytes
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(FatalInputError, match=r"declares 10 bytes unpacked but holds 200,000 packed"):
        check_unpacked_size(path)
