"""Every read of the journal (R6): latest checkpoint for anyone, entries and proofs within the user's scope.

Agency-bound roles see the entries of their own agency; supervisors and administrators see those
of every agency in their region and the jurisdiction-wide entries that belong to no agency
(calendar, adviser pool). A proof is always against a signed checkpoint, so whoever receives it
can check it with the public key alone.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from zhifa.core.scoping import scope_for

from . import tree
from .models import Checkpoint, JournalEntry


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-tree_size").first()


def checkpoint_of_size(size: int) -> Checkpoint | None:
    return Checkpoint.objects.filter(tree_size=size).first()


def entries_for(user) -> QuerySet:
    scope = scope_for(user)
    queryset = JournalEntry.objects.all()
    if scope.agency_id is not None:
        return queryset.filter(agency_id=scope.agency_id)
    if scope.region_prefix is not None:
        return queryset.filter(Q(agency__region_code__startswith=scope.region_prefix) | Q(agency__isnull=True))
    return queryset.none()


def entry_for(user, sequence: int) -> JournalEntry | None:
    return entries_for(user).filter(sequence=sequence).first()


@dataclass(frozen=True)
class InclusionProof:
    entry: JournalEntry
    checkpoint: Checkpoint
    proof: list[bytes]


class NotCovered(LookupError):
    """No signed checkpoint covers the entry (yet), or the named checkpoint does not exist."""


def inclusion_proof_for(user, sequence: int, tree_size: int | None = None) -> InclusionProof | None:
    """None when the entry is outside the user's scope; NotCovered when no checkpoint proves it."""
    entry = entry_for(user, sequence)
    if entry is None:
        return None
    checkpoint = latest_checkpoint() if tree_size is None else checkpoint_of_size(tree_size)
    if checkpoint is None:
        raise NotCovered("没有该树大小的签名检查点" if tree_size is not None else "尚未签发任何检查点")
    if checkpoint.tree_size <= entry.sequence:
        raise NotCovered(f"检查点（{checkpoint.tree_size} 条）尚未覆盖第 {entry.sequence} 条，请待下一检查点签发后再试")
    return InclusionProof(entry, checkpoint, tree.inclusion_proof(entry.sequence, checkpoint.tree_size))


@dataclass(frozen=True)
class ConsistencyProof:
    first: Checkpoint
    second: Checkpoint
    proof: list[bytes]


def consistency_between(first_size: int, second_size: int | None = None) -> ConsistencyProof:
    first = checkpoint_of_size(first_size)
    second = latest_checkpoint() if second_size is None else checkpoint_of_size(second_size)
    if first is None or second is None:
        raise NotCovered("没有该树大小的签名检查点")
    if first.tree_size > second.tree_size:
        raise ValueError("第一个检查点的树大小不能大于第二个")
    return ConsistencyProof(first, second, tree.consistency_proof(first.tree_size, second.tree_size))
