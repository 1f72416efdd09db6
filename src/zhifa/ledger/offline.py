"""Verify an exported journal with no database and no Django: anyone holding the file can (R6).

An export (``zhifa ledger export``) is JSON Lines: a header line, then one line per signed
checkpoint, then one line per entry — each entry line is exactly the entry's canonical bytes,
the Merkle leaf. The verifier re-hashes every line, rebuilds the tree, and checks every
checkpoint's signature (with keys the auditor trusts) and root. Run it as
``zhifa verify --export FILE --key <public key from the portal>`` or ``python -m zhifa.ledger.offline``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from . import merkle, notes
from .canonical import canonicalize
from .report import Report, compare_roots, open_checkpoints

FORMAT = "zhifa-ledger-export/1"
BATCH = 1 << 16


class ExportError(ValueError):
    pass


def _read_header(handle) -> dict:
    line = handle.readline()
    try:
        header = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ExportError("导出文件第 1 行不是 JSON 文件头") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExportError(f"导出文件格式不是 {FORMAT}")
    for key, kind in (("checkpoints", int), ("entries", int), ("origin", str), ("keys", list)):
        if not isinstance(header.get(key), kind):
            raise ExportError(f"导出文件头缺少字段 {key}")
    return header


def _locate(path: Path, header_lines: int, expected: int, report: Report) -> None:
    """After a root mismatch: find the first line that is not a well-formed entry in its place."""
    with path.open("rb") as handle:
        for _ in range(header_lines):
            handle.readline()
        for index, line in enumerate(handle):
            body = line.rstrip(b"\n")
            try:
                data = json.loads(body)
                canonical = canonicalize(data) == body
            except (ValueError, TypeError):
                report.fail("entry_format", f"第 {index} 条日志不是合法的 JSON", index)
                return
            if not isinstance(data, dict) or data.get("seq") != index:
                report.fail("sequence", f"第 {index} 行日志的序号是 {data.get('seq') if isinstance(data, dict) else '?'}："
                                        "日志被删除、插入或调换", index)
                return
            if not canonical:
                report.fail("entry_format", f"第 {index} 条日志不是规范化 JSON：内容被改动", index)
                return


def verify_export(path, trusted: list[notes.PublicKey] | None = None) -> Report:
    report = Report()
    path = Path(path)
    with path.open("rb") as handle:
        header = _read_header(handle)
        signed = []
        for i in range(header["checkpoints"]):
            line = handle.readline()
            try:
                item = json.loads(line)
                signed.append((f"检查点（第 {i + 1} 个，{item['tree_size']} 条）", item["note"]))
            except (ValueError, KeyError, TypeError):
                raise ExportError(f"导出文件第 {i + 2} 行不是检查点") from None
        if trusted is None:
            trusted = [notes.parse_vkey(k) for k in header["keys"]]
            report.notices.append("未指定受信任公钥，使用导出文件自带的公钥：只能证明文件自洽。"
                                  "请用 --key 指定从门户公布的公钥")
        report.facts["日志来源"] = header["origin"]
        report.facts["受信任公钥"] = "；".join(k.vkey() for k in trusted)
        heads = open_checkpoints(signed, trusted, report, origin=header["origin"])
        builder = merkle.TreeBuilder(roots_at=[h.size for h in heads])
        sha256 = hashlib.sha256
        count = 0
        while lines := handle.readlines(BATCH * 512):
            builder.extend([sha256(b"\x00" + line.rstrip(b"\n")).digest() for line in lines])
            count += len(lines)
    root = builder.finish()
    report.lap("entries")
    report.facts["日志条数"] = count
    report.facts["重算根哈希"] = root.hex()
    if count != header["entries"]:
        report.fail("count", f"文件头声明 {header['entries']} 条日志，文件中有 {count} 条", min(count, header["entries"]))
    compare_roots(heads, builder.roots, count, report)
    if not heads:
        report.fail("no_checkpoint", "导出文件中没有可用的签名检查点，无法证明日志未被改动")
    if report.first("root_mismatch") or report.first("count"):
        _locate(path, 1 + header["checkpoints"], count, report)
    return report


def main(argv=None) -> int:
    """``python -m zhifa.ledger.offline EXPORT [VKEY ...]`` — for auditors without the platform."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("用法：python -m zhifa.ledger.offline 导出文件 [公钥 ...]", file=sys.stderr)
        return 2
    keys = [notes.parse_vkey(Path(k).read_text() if Path(k).is_file() else k) for k in argv[1:]] or None
    try:
        report = verify_export(argv[0], keys)
    except (ExportError, OSError, notes.NoteError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
