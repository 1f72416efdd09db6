"""The BagIt writer (R6, RFC 8493): bags that the Library of Congress ``bagit`` library validates."""

import io
import os
import tarfile
import tracemalloc
import zipfile

import bagit
import pytest

from zhifa.casefiles.bag import Bag, BagError, PayloadFile, encode_path, safe_name
from zhifa.ledger import blobs


def extract(data: bytes, fmt: str, target):
    if fmt == "zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(target)
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            archive.extractall(target, filter="data")
    (root,) = [p for p in target.iterdir() if p.is_dir()]
    return root


PHOTO = b"\xff\xd8\xff\xe0 jpeg " * 1000
METADATA = '{"案由": "销售过期食品案"}'.encode()


def sample_bag():
    photo = blobs.put_bytes(PHOTO)
    return Bag(
        name="蚌市监立〔2026〕1号",
        payload=[
            PayloadFile.from_blob("evidence/01-现场照片.jpg", photo),
            PayloadFile.from_bytes("casefile.json", METADATA),
        ],
        info=[("Source-Organization", "蚌埠市市场监督管理局"), ("External-Identifier", "蚌市监立〔2026〕1号")],
    )


@pytest.mark.parametrize("fmt", ["zip", "tar"])
def test_r6_the_bag_validates_with_the_bagit_library(tmp_path, settings, fmt):
    settings.BLOB_DIR = tmp_path / "blobs"
    data = b"".join(sample_bag().stream(fmt))
    root = extract(data, fmt, tmp_path / "out")
    bag = bagit.Bag(str(root))
    bag.validate()  # raises BagValidationError on any problem
    assert bag.info["Source-Organization"] == "蚌埠市市场监督管理局"
    assert bag.info["Payload-Oxum"] == f"{len(PHOTO) + len(METADATA)}.2"
    assert set(bag.payload_files()) == {"data/evidence/01-现场照片.jpg", "data/casefile.json"}
    assert (root / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


@pytest.mark.parametrize("fmt", ["zip", "tar"])
def test_r6_one_changed_byte_fails_validation(tmp_path, settings, fmt):
    settings.BLOB_DIR = tmp_path / "blobs"
    root = extract(b"".join(sample_bag().stream(fmt)), fmt, tmp_path / "out")
    photo = root / "data" / "evidence" / "01-现场照片.jpg"
    content = bytearray(photo.read_bytes())
    content[100] ^= 0x01
    os.chmod(photo, 0o644)
    photo.write_bytes(bytes(content))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(root)).validate()


def test_a_changed_tag_file_fails_validation(tmp_path, settings):
    settings.BLOB_DIR = tmp_path / "blobs"
    root = extract(b"".join(sample_bag().stream("zip")), "zip", tmp_path / "out")
    info = root / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("蚌埠", "合肥"), encoding="utf-8")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(root)).validate()


def test_rfc8493_manifest_paths_percent_encode_cr_lf_and_percent():
    assert encode_path("data/a%b\r\nc.txt") == "data/a%25b%0D%0Ac.txt"


def test_names_keep_chinese_and_lose_separators_control_characters_and_percent():
    assert safe_name("现场照片.jpg") == "现场照片.jpg"
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name("询问\r\n笔录 100%.pdf") == "询问__笔录 100_.pdf"
    assert safe_name("") == "未命名"
    long = safe_name("很" * 200 + ".mp4")
    assert long.endswith(".mp4") and len(long.encode()) <= 180


def test_a_file_missing_from_the_store_is_a_clear_error(tmp_path, settings):
    settings.BLOB_DIR = tmp_path / "blobs"
    with pytest.raises(BagError, match="不在存储中"):
        PayloadFile.from_blob("evidence/01-x.jpg", "0" * 64)


def test_duplicate_names_are_refused():
    item = PayloadFile.from_bytes("a.txt", b"1")
    with pytest.raises(BagError, match="重复"):
        Bag("x", [item, item])


@pytest.mark.parametrize("fmt", ["zip", "tar"])
def test_r6_large_files_stream_in_chunks_without_being_held_in_memory(tmp_path, settings, fmt):
    """A 64 MiB file goes through with under 8 MiB of Python memory at its peak."""
    settings.BLOB_DIR = tmp_path / "blobs"
    block = os.urandom(1024 * 1024)
    digest = blobs.put(_Repeat(block, 64))
    bag = Bag("big", [PayloadFile.from_blob("evidence/01-执法记录仪.mp4", digest)])
    tracemalloc.start()
    total = largest = 0
    for chunk in bag.stream(fmt):
        total += len(chunk)
        largest = max(largest, len(chunk))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total > 64 * 1024 * 1024
    assert largest <= 2 * 1024 * 1024
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1048576:.1f} MiB"


class _Repeat(io.RawIOBase):
    def __init__(self, block, times):
        self.block, self.left = block, times

    def readable(self):
        return True

    def read(self, size=-1):
        if not self.left:
            return b""
        self.left -= 1
        return self.block
