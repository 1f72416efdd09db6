"""What a verification found, and the checks shared by the database and the offline verifier. Pure."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import notes


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    sequence: int | None = None


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    _started: float = field(default_factory=time.perf_counter, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, code: str, message: str, sequence: int | None = None) -> None:
        self.problems.append(Problem(code, message, sequence))

    def first(self, code: str) -> Problem | None:
        return next((p for p in self.problems if p.code == code), None)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self._started
        self._started = now

    def lines(self) -> list[str]:
        out = [f"{k}：{v}" for k, v in self.facts.items()]
        out += [f"提示：{n}" for n in self.notices]
        out += [f"错误：{p.message}" for p in self.problems]
        out.append("校验通过：日志完整，未发现篡改" if self.ok else f"校验失败：发现 {len(self.problems)} 处问题")
        return out


@dataclass(frozen=True)
class SignedHead:
    label: str
    size: int
    root: bytes


def open_checkpoints(signed: list[tuple[str, str]], keys: list[notes.PublicKey], report: Report,
                     origin: str | None = None) -> list[SignedHead]:
    """Verify each (label, signed note); return the heads whose signature holds, in size order."""
    heads = []
    for label, note in signed:
        try:
            checkpoint = notes.open_checkpoint(note, keys, origin)
        except notes.NoteError as exc:
            report.fail("checkpoint_signature", f"{label}无效：{exc}")
            continue
        heads.append(SignedHead(label, checkpoint.size, checkpoint.root))
    heads.sort(key=lambda h: h.size)
    return heads


def compare_roots(heads: list[SignedHead], roots: dict[int, bytes], count: int, report: Report) -> None:
    """Every signed head must be the root of the first ``size`` entries; name where it breaks."""
    good = 0
    for head in heads:
        if head.size > count:
            report.fail("truncated", f"{head.label}签署了 {head.size} 条日志，现只有 {count} 条："
                                     f"第 {count} 条及以后的日志缺失（被删除）", count)
            continue
        if roots.get(head.size) != head.root:
            report.fail("root_mismatch", f"{head.label}（{head.size} 条）的根哈希与重算结果不符："
                                         f"第 {good} 至 {head.size - 1} 条之间有日志被改动、删除或调换", good)
        else:
            good = head.size
    if heads:
        latest = heads[-1]
        report.facts["最新签名检查点"] = f"{latest.size} 条，根哈希 {latest.root.hex()}"
        if latest.size < count:
            report.notices.append(f"第 {latest.size} 至 {count - 1} 条尚未被签名检查点覆盖")
    elif count:
        report.notices.append("尚无签名检查点：日志内容只能与库内哈希比对，请签发检查点（zhifa ledger checkpoint）")
