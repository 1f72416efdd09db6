"""RFC 9162 §2.1 Merkle tree hashing, proofs and their verification — pure functions, no database.

Two families live here:

* the list functions (``root_hash``, ``inclusion_proof``, ``consistency_proof``) take the leaf
  *inputs* and follow the RFC's recursive definitions (MTH, PATH, PROOF/SUBPROOF) word for word;
  they are the reference for tests and auditors;
* the store functions (``*_from``) compute the same proofs from stored perfect-subtree hashes
  (``subtree(level, index)`` = hash of leaves ``[index·2^level, (index+1)·2^level)``), reading
  O(log² n) hashes, so a proof at a million entries never touches the leaves.

``Frontier`` is the compact range of a growing tree (the right-edge perfect subtrees): appending
a leaf costs O(log n) and yields the new perfect subtrees to store. ``TreeBuilder`` recomputes a
whole tree from a stream of leaf hashes in bounded memory, for verification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256

Subtree = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof or its parameters are malformed (not merely a failed verification)."""


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 || d)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1: SHA-256(0x01 || MTH(left) || MTH(right))."""
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(hashes: Sequence[bytes]) -> bytes:
    n = len(hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hashes[0]
    k = _split(n)
    return node_hash(_mth(hashes[:k]), _mth(hashes[k:]))


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the leaf inputs ``leaves`` (RFC 9162 §2.1.1)."""
    return _mth([leaf_hash(d) for d in leaves])


def _path(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    n = len(hashes)
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return _path(m, hashes[:k]) + [_mth(hashes[k:])]
    return _path(m - k, hashes[k:]) + [_mth(hashes[:k])]


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1 for leaf ``index`` of the leaf inputs ``leaves``."""
    if not 0 <= index < len(leaves):
        raise ProofError(f"叶序号 {index} 超出树的大小 {len(leaves)}")
    return _path(index, [leaf_hash(d) for d in leaves])


def _subproof(m: int, hashes: Sequence[bytes], b: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if b else [_mth(hashes)]
    k = _split(n)
    if m <= k:
        return _subproof(m, hashes[:k], b) + [_mth(hashes[k:])]
    return _subproof(m - k, hashes[k:], False) + [_mth(hashes[:k])]


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 between the first ``old_size`` leaves and all of them."""
    if not 0 <= old_size <= len(leaves):
        raise ProofError(f"旧树大小 {old_size} 不在 0 与 {len(leaves)} 之间")
    if old_size in (0, len(leaves)):
        return []
    return _subproof(old_size, [leaf_hash(d) for d in leaves], True)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, step by step; ``leaf`` is the leaf *hash*."""
    if index >= size or index < 0:
        return False
    if any(len(p) != HASH_SIZE for p in proof) or len(leaf) != HASH_SIZE:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2, step by step (with the trivial cases of §2.1.4: equal or empty trees)."""
    if old_size < 0 or old_size > new_size:
        return False
    if any(len(p) != HASH_SIZE for p in proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# Proofs from stored perfect subtrees.


def perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """The aligned perfect subtrees, left to right, whose concatenation is leaves ``[start, end)``."""
    out = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        out.append((level, start >> level))
        start += 1 << level
    return out


def range_hash(start: int, end: int, subtree: Subtree) -> bytes:
    """MTH(D[start:end]) for the ranges RFC 6962's recursion produces (``start`` aligned to the split)."""
    parts = [subtree(level, index) for level, index in perfect_subtrees(start, end)]
    if not parts:
        return EMPTY_ROOT
    h = parts[-1]
    for p in reversed(parts[:-1]):
        h = node_hash(p, h)
    return h


def inclusion_proof_from(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """PATH(index, D[size]) computed from stored subtree hashes."""
    if not 0 <= index < size:
        raise ProofError(f"叶序号 {index} 超出树的大小 {size}")
    proof = []
    lo, hi, m = 0, size, index
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < k:
            proof.append(range_hash(lo + k, hi, subtree))
            hi = lo + k
        else:
            proof.append(range_hash(lo, lo + k, subtree))
            lo, m = lo + k, m - k
    proof.reverse()
    return proof


def consistency_proof_from(old_size: int, new_size: int, subtree: Subtree) -> list[bytes]:
    """PROOF(old_size, D[new_size]) computed from stored subtree hashes."""
    if not 0 <= old_size <= new_size:
        raise ProofError(f"旧树大小 {old_size} 不在 0 与 {new_size} 之间")
    if old_size in (0, new_size):
        return []
    proof = []
    lo, hi, m, b = 0, new_size, old_size, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(range_hash(lo + k, hi, subtree))
            hi = lo + k
        else:
            proof.append(range_hash(lo, lo + k, subtree))
            lo, m, b = lo + k, m - k, False
    if not b:
        proof.append(range_hash(lo, hi, subtree))
    proof.reverse()
    return proof


def needed_subtrees(fn: Callable[[Subtree], object]) -> set[tuple[int, int]]:
    """Which ``(level, index)`` a store-based computation reads, so a store can fetch them in one go."""
    wanted: set[tuple[int, int]] = set()

    def record(level: int, index: int) -> bytes:
        wanted.add((level, index))
        return bytes(HASH_SIZE)

    fn(record)
    return wanted


# Growing a tree and recomputing one.


class Frontier:
    """The compact range of a tree of ``size`` leaves: one perfect subtree hash per set bit, left to right."""

    __slots__ = ("size", "hashes")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()):
        if len(hashes) != bin(size).count("1"):
            raise ProofError("前沿哈希数与树大小不符")
        self.size = size
        self.hashes = list(hashes)

    @classmethod
    def from_bytes(cls, size: int, packed: bytes) -> Frontier:
        return cls(size, [packed[i : i + HASH_SIZE] for i in range(0, len(packed), HASH_SIZE)])

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the perfect subtrees of level ≥ 1 it completes as (level, index, hash)."""
        index, h, level, new = self.size, leaf, 0, []
        while index & 1:  # the right-most subtree has the same size: merge
            h = node_hash(self.hashes.pop(), h)
            level += 1
            index >>= 1
            new.append((level, index, h))
        self.hashes.append(h)
        self.size += 1
        return new

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        h = self.hashes[-1]
        for p in reversed(self.hashes[:-1]):
            h = node_hash(p, h)
        return h


def _pair_up(level: list[bytes]) -> list[bytes]:
    it = iter(level)
    return [_sha256(b"\x01" + a + b).digest() for a, b in zip(it, it, strict=False)]


class TreeBuilder:
    """Recompute a tree from leaf hashes fed in order, in chunks of ``2**chunk_bits`` leaves.

    ``roots_at`` are the tree sizes whose root hash is wanted (the checkpoints); ``on_nodes`` is
    called with every recomputed perfect subtree of level ≥ 1 as ``(level, first_index, hashes)``
    so a caller can compare them with stored ones. Memory stays O(chunk + log n).
    """

    def __init__(self, roots_at: Iterable[int] = (), chunk_bits: int = 16, on_nodes=None):
        self.chunk = 1 << chunk_bits
        self.chunk_bits = chunk_bits
        self.pending = sorted(set(roots_at))
        self.roots: dict[int, bytes] = {}
        self.on_nodes = on_nodes
        self.upper = Frontier()  # over whole chunks, each one a leaf of level chunk_bits
        self.buffer: list[bytes] = []
        self.size = 0

    def extend(self, hashes: Sequence[bytes]) -> None:
        i = 0
        while i < len(hashes):
            take = min(self.chunk - len(self.buffer), len(hashes) - i)
            self.buffer.extend(hashes[i : i + take])
            i += take
            if len(self.buffer) == self.chunk:
                self._flush(complete=True)

    def _flush(self, complete: bool) -> None:
        start = self.size
        levels = [self.buffer]
        while len(levels[-1]) > 1:
            levels.append(_pair_up(levels[-1]))
        if self.on_nodes:
            for level in range(1, len(levels)):
                if levels[level]:
                    self.on_nodes(level, start >> level, levels[level])
        end = start + len(self.buffer)
        while self.pending and self.pending[0] <= end:
            size = self.pending.pop(0)
            self.roots[size] = self._root(size - start, levels)
        if complete:
            for level, index, h in self.upper.append(levels[-1][0]):
                if self.on_nodes:
                    self.on_nodes(self.chunk_bits + level, index, [h])
            self.size = end
            self.buffer = []

    def _root(self, within: int, levels: list[list[bytes]]) -> bytes:
        parts = list(self.upper.hashes)
        offset = 0
        for level in range(len(levels) - 1, -1, -1):
            if within & (1 << level):
                parts.append(levels[level][offset >> level])
                offset += 1 << level
        if not parts:
            return EMPTY_ROOT
        h = parts[-1]
        for p in reversed(parts[:-1]):
            h = node_hash(p, h)
        return h

    def finish(self) -> bytes:
        """The root of everything fed; sizes asked for beyond the end stay missing from ``roots``."""
        total = self.size + len(self.buffer)
        if total not in self.roots and total not in self.pending:
            self.pending.append(total)
            self.pending.sort()
        if self.buffer:
            self._flush(complete=False)
            self.size, self.buffer = total, []
        else:
            while self.pending and self.pending[0] <= total:
                self.roots[self.pending.pop(0)] = self.upper.root()
        return self.roots[total]
