"""Proofs from the stored tree: the few subtree hashes a proof needs, fetched in two queries."""

from . import merkle
from .models import JournalEntry, TreeNode


class MissingNodeError(LookupError):
    """A stored subtree the proof needs is missing: the tree tables are damaged (run zhifa verify)."""


def _fetch(wanted: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    found = {}
    leaves = [index for level, index in wanted if level == 0]
    if leaves:
        for sequence, h in JournalEntry.objects.filter(sequence__in=leaves).values_list("sequence", "leaf_hash"):
            found[(0, sequence)] = bytes(h)
    positions = {TreeNode.position_of(level, index): (level, index) for level, index in wanted if level > 0}
    if positions:
        for position, h in TreeNode.objects.filter(position__in=list(positions)).values_list("position", "hash"):
            found[positions[position]] = bytes(h)
    missing = wanted - set(found)
    if missing:
        raise MissingNodeError(f"树节点缺失：{sorted(missing)[:5]}")
    return found


def _compute(proof_fn):
    found = _fetch(merkle.needed_subtrees(proof_fn))
    return proof_fn(lambda level, index: found[(level, index)])


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return _compute(lambda subtree: merkle.inclusion_proof_from(index, size, subtree))


def consistency_proof(old_size: int, new_size: int) -> list[bytes]:
    return _compute(lambda subtree: merkle.consistency_proof_from(old_size, new_size, subtree))


def root_at(size: int) -> bytes:
    return _compute(lambda subtree: merkle.range_hash(0, size, subtree))
