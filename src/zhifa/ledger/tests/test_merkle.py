"""R6: the Merkle tree follows RFC 6962 / RFC 9162 §2.1 exactly.

The vectors are those of the reference implementation transparency-dev/merkle
(testonly/constants.go and proof/verify_test.go): leaf inputs, every subtree hash,
the root of every prefix, and inclusion and consistency proofs.
"""

import hashlib
import random

import pytest

from zhifa.ledger import merkle


def h(text):
    return bytes.fromhex(text)


LEAVES = [h(x) for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f")]
NODE_HASHES = [
    [h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
     h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
     h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
     h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
     h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
     h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
     h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
     h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1")],
    [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
     h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
     h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
     h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")],
    [h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
     h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")],
    [h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")],
]
ROOTS = [
    h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]
# (leaf index, tree size, proof) — the reference's table uses 1-based leaf numbers; these are 0-based.
INCLUSION = [
    (0, 1, []),
    (0, 8, [h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]),
    (5, 8, [h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (1, 5, [h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, [h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]),
    (6, 8, [h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
    (2, 5, [h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]),
    (6, 7, [h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
]
SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")


def stored_subtree(leaves):
    """A subtree reader over an in-memory list, as the database provides it."""
    hashes = [merkle.leaf_hash(d) for d in leaves]
    return lambda level, index: merkle._mth(hashes[index << level:(index + 1) << level])


def test_r6_leaf_and_node_hashes_match_the_reference():
    for level, row in enumerate(NODE_HASHES):
        for index, expected in enumerate(row):
            got = merkle.root_hash(LEAVES[index << level:(index + 1) << level])
            assert got == expected, (level, index)
    assert merkle.leaf_hash(b"") == NODE_HASHES[0][0]
    assert merkle.node_hash(NODE_HASHES[0][0], NODE_HASHES[0][1]) == NODE_HASHES[1][0]


@pytest.mark.parametrize("size", range(9))
def test_r6_root_of_every_prefix_matches_the_reference(size):
    assert merkle.root_hash(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_r6_inclusion_proofs_match_the_reference_and_verify(index, size, proof):
    assert merkle.inclusion_proof(index, LEAVES[:size]) == proof
    assert merkle.inclusion_proof_from(index, size, stored_subtree(LEAVES[:size])) == proof
    assert merkle.verify_inclusion(index, size, merkle.leaf_hash(LEAVES[index]), proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_r6_consistency_proofs_match_the_reference_and_verify(old, new, proof):
    assert merkle.consistency_proof(old, LEAVES[:new]) == proof
    assert merkle.consistency_proof_from(old, new, stored_subtree(LEAVES[:new])) == proof
    assert merkle.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def corrupted_inclusion(index, size, proof, root, leaf):
    """The reference's corruptInclusionProof probes: each must fail."""
    probes = [
        (index - 1, size, root, leaf, proof), (index + 1, size, root, leaf, proof),
        (index ^ 2, size, root, leaf, proof), (index, size * 2, root, leaf, proof),
        (index, size // 2, root, leaf, proof), (index, size, root, b"WrongLeaf", proof),
        (index, size, merkle.EMPTY_ROOT, leaf, proof), (index, size, SOME_HASH, leaf, proof),
        (index, size, root, leaf, proof + [b""]), (index, size, root, leaf, proof + [root]),
        (index, size, root, leaf, [b""] + proof), (index, size, root, leaf, [root] + proof),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 8]) + wrong[i][1:]
        probes.append((index, size, root, leaf, wrong))
    if proof:
        probes.append((index, size, root, leaf, proof[:-1]))
    if len(proof) > 1:
        probes.append((index, size, root, leaf, [proof[0], SOME_HASH] + proof[1:]))
    return probes


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION[1:])
def test_r6_every_corruption_of_an_inclusion_proof_is_rejected(index, size, proof):
    leaf = merkle.leaf_hash(LEAVES[index])
    for i, s, root, lh, p in corrupted_inclusion(index, size, proof, ROOTS[size], leaf):
        if (i, s) == (index, size) and root == ROOTS[size] and lh == leaf and p == proof:
            continue
        assert not merkle.verify_inclusion(i, s, lh, p, root), (i, s, p)


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY[1:])
def test_r6_every_corruption_of_a_consistency_proof_is_rejected(old, new, proof):
    r1, r2 = ROOTS[old], ROOTS[new]
    probes = [
        (old - 1, new, r1, r2, proof), (old + 1, new, r1, r2, proof), (old ^ 2, new, r1, r2, proof),
        (old, new * 2, r1, r2, proof), (old, new // 2, r1, r2, proof),
        (old, new, b"WrongRoot", r2, proof), (old, new, r1, b"WrongRoot", proof), (old, new, r2, r1, proof),
        (old, new, r1, r2, []), (old, new, r1, r2, proof + [b""]), (old, new, r1, r2, proof + [r1]),
        (old, new, r1, r2, proof + [r2]), (old, new, r1, r2, [b""] + proof), (old, new, r1, r2, [r1] + proof),
        (old, new, r1, r2, [r2] + proof), (old, new, r1, r2, [proof[0]] + proof), (old, new, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 16]) + wrong[i][1:]
        probes.append((old, new, r1, r2, wrong))
    for o, n, a, b, p in probes:
        assert not merkle.verify_consistency(o, n, a, b, p), (o, n, p)


def test_r6_trivial_consistency_cases_of_the_reference():
    r1, r2 = b"don't care 1", b"don't care 2"
    assert not merkle.verify_consistency(0, 0, r1, r2, [])
    assert not merkle.verify_consistency(1, 1, r1, r2, [])
    assert merkle.verify_consistency(0, 0, r1, r1, [])
    assert merkle.verify_consistency(0, 1, r1, r2, [])
    assert merkle.verify_consistency(1, 1, r2, r2, [])
    assert not merkle.verify_consistency(1, 0, r1, r2, [])
    assert not merkle.verify_consistency(2, 1, r1, r2, [])
    assert not merkle.verify_consistency(1, 2, r1, r2, [])
    empty = merkle.EMPTY_ROOT
    assert not merkle.verify_consistency(0, 0, empty, empty, [empty])
    assert not merkle.verify_consistency(0, 1, empty, empty, [empty])
    assert not merkle.verify_consistency(1, 1, empty, empty, [empty])


def test_r6_inclusion_rejects_impossible_positions():
    for index, size in [(0, 0), (1, 0), (2, 1)]:
        assert not merkle.verify_inclusion(index, size, SOME_HASH, [], merkle.EMPTY_ROOT)
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(3, LEAVES[:3])
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(4, LEAVES[:3])


def test_r6_store_based_proofs_equal_the_rfc_definitions_for_every_position_up_to_70_leaves():
    leaves = [f"leaf {i}".encode() for i in range(70)]
    for size in range(1, 71):
        subtree = stored_subtree(leaves[:size])
        root = merkle.root_hash(leaves[:size])
        for index in range(size):
            proof = merkle.inclusion_proof_from(index, size, subtree)
            assert proof == merkle.inclusion_proof(index, leaves[:size])
            assert merkle.verify_inclusion(index, size, merkle.leaf_hash(leaves[index]), proof, root)
        for old in range(0, size + 1):
            proof = merkle.consistency_proof_from(old, size, subtree)
            assert proof == merkle.consistency_proof(old, leaves[:size])
            assert merkle.verify_consistency(old, size, merkle.root_hash(leaves[:old]), root, proof)


def test_r6_a_proof_reads_only_log_squared_stored_subtrees():
    size = 1_000_000
    wanted = merkle.needed_subtrees(lambda s: merkle.inclusion_proof_from(123_457, size, s))
    assert len(wanted) <= 20 * 20
    wanted = merkle.needed_subtrees(lambda s: merkle.consistency_proof_from(654_321, size, s))
    assert len(wanted) <= 20 * 20


def test_r6_the_frontier_grows_in_log_n_and_its_nodes_are_the_reference_subtrees():
    frontier = merkle.Frontier()
    stored = {}
    for i, data in enumerate(LEAVES):
        for level, index, node in frontier.append(merkle.leaf_hash(data)):
            stored[(level, index)] = node
        assert frontier.root() == ROOTS[i + 1]
        assert len(frontier.hashes) == bin(i + 1).count("1")
    for level in (1, 2, 3):
        for index, expected in enumerate(NODE_HASHES[level]):
            assert stored[(level, index)] == expected
    again = merkle.Frontier.from_bytes(frontier.size, frontier.to_bytes())
    assert again.root() == ROOTS[8]
    with pytest.raises(merkle.ProofError):
        merkle.Frontier(3, [SOME_HASH])


@pytest.mark.parametrize("chunk_bits", [1, 2, 3, 16])
def test_r6_the_tree_builder_recomputes_roots_and_every_subtree(chunk_bits):
    rng = random.Random(7)
    leaves = [hashlib.sha256(str(i).encode()).digest() for i in range(300)]
    sizes = sorted(rng.sample(range(0, 301), 25)) + [0, 1, 2, 4, 8, 64, 256, 300]
    seen = {}

    def on_nodes(level, first, hashes):
        for offset, node in enumerate(hashes):
            seen[(level, first + offset)] = node

    builder = merkle.TreeBuilder(roots_at=sizes + [400], chunk_bits=chunk_bits, on_nodes=on_nodes)
    for start in range(0, 300, 37):
        builder.extend([merkle.leaf_hash(x) for x in leaves[start:start + 37]])
    assert builder.finish() == merkle.root_hash(leaves)
    for size in sizes:
        assert builder.roots[size] == merkle.root_hash(leaves[:size]), size
    assert 400 not in builder.roots
    subtree = stored_subtree(leaves)
    expected = {(level, index) for level in range(1, 9) for index in range(300 >> level)}
    assert set(seen) == expected
    assert all(seen[key] == subtree(*key) for key in expected)


def test_r6_an_empty_tree_has_the_hash_of_nothing_as_root():
    assert merkle.root_hash([]) == merkle.EMPTY_ROOT == ROOTS[0]
    assert merkle.TreeBuilder(roots_at=[0]).finish() == merkle.EMPTY_ROOT
