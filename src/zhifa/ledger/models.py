"""The record journal (R6): entries, the stored Merkle tree, its head, and signed checkpoints.

``JournalEntry.body`` is the entry itself — the canonical JSON whose bytes are the Merkle leaf;
the other columns repeat its fields (the payload as its canonical text) so that the journal can
be searched and scoped, and ``zhifa verify`` checks that every one of them still agrees with it.
Entries, tree nodes and checkpoints are append-only, enforced by database triggers (migration
0005); only ``TreeHead``, the cached state of the growing tree, is ever updated.
"""

import json

from django.conf import settings
from django.db import models


class JournalEntry(models.Model):
    """One event of the record journal: a leaf of the Merkle tree. Never updated, never deleted."""

    sequence = models.BigIntegerField("序号", unique=True)
    recorded_at = models.DateTimeField("记录时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="执法主体"
    )
    subject_type = models.CharField("对象类型", max_length=50)
    subject_id = models.CharField("对象标识", max_length=64)
    kind = models.CharField("事件类型", max_length=60, db_index=True)
    payload = models.TextField("内容（规范化JSON）")
    body = models.TextField("条目（规范化JSON，即叶子内容）")
    leaf_hash = models.BinaryField("叶哈希", max_length=32)

    class Meta:
        verbose_name = "日志条目"
        verbose_name_plural = "日志条目"
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="journal_subject_idx")]

    def __str__(self):
        return f"#{self.sequence} {self.kind} {self.subject_type}:{self.subject_id}"

    @property
    def data(self) -> dict:
        if not hasattr(self, "_data"):
            self._data = json.loads(self.body)
        return self._data

    @property
    def actor_name(self) -> str:
        return self.data["actor_name"]


class TreeNode(models.Model):
    """The hash of a perfect subtree of level ≥ 1, written once when its last leaf arrives.

    ``position`` is the node's in-order index (level ``l``, index ``i`` → ``i·2^(l+1) + 2^l − 1``),
    unique across levels, so a proof fetches all its nodes with one ``IN`` query. Leaves (level 0)
    are the entries' ``leaf_hash``.
    """

    position = models.BigIntegerField("中序位置", primary_key=True)
    level = models.PositiveSmallIntegerField("层")
    index = models.BigIntegerField("层内序号")
    hash = models.BinaryField("哈希", max_length=32)

    class Meta:
        verbose_name = "树节点"
        verbose_name_plural = "树节点"

    def __str__(self):
        return f"第 {self.level} 层第 {self.index} 个节点"

    @staticmethod
    def position_of(level: int, index: int) -> int:
        return (index << (level + 1)) + (1 << level) - 1


class TreeHead(models.Model):
    """The one row that every append locks: tree size and the right-edge subtree hashes (frontier)."""

    size = models.BigIntegerField("树大小", default=0)
    frontier = models.BinaryField("前沿哈希", default=b"")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "树头状态"
        verbose_name_plural = "树头状态"

    def __str__(self):
        return f"树大小 {self.size}"


class Checkpoint(models.Model):
    """A signed tree head: a C2SP tlog-checkpoint signed as a C2SP signed note."""

    tree_size = models.BigIntegerField("树大小", unique=True)
    root_hash = models.BinaryField("根哈希", max_length=32)
    issued_at = models.DateTimeField("签发时间")
    algorithm = models.CharField("签名算法", max_length=20)
    key_name = models.CharField("密钥名称", max_length=200)
    key_id = models.CharField("密钥ID", max_length=8)
    note = models.TextField("签名检查点")

    class Meta:
        verbose_name = "检查点"
        verbose_name_plural = "检查点"
        ordering = ["tree_size"]
        get_latest_by = "tree_size"

    def __str__(self):
        return f"检查点 {self.tree_size}"
