"""Benchmark of the record journal (R6): append rate, full verification of a million entries, proof time.

    .venv/bin/python benchmarks/ledger.py [--entries 1000000] [--appends 2000]
        [--postgres postgres://postgres@127.0.0.1:5432/zhifa_ledger_bench]

For SQLite (always) and PostgreSQL (with ``--postgres``) it creates a throw-away database, then

* appends ``--appends`` events through ``zhifa.ledger.services.append``, each in its own
  transaction as a service would, and reports appends per second;
* fills the journal up to ``--entries`` in bulk (the same leaf bytes, tree nodes and head that
  ``append`` writes, inserted in batches — INSERT is what the triggers allow) and signs a checkpoint;
* runs the full database verification (``verify_database``: every entry re-hashed, search columns
  checked, tree and stored nodes rebuilt, checkpoint signature and root checked) and, in the same
  run, bare ``hashlib`` hashing of the same leaves (SHA-256 of 0x00 ‖ leaf, leaves already in
  memory) and of leaves plus tree; prints both ratios;
* exports the journal and verifies the export offline (no database) the same way;
* times inclusion proofs at the full size (the stored-tree lookup, and the whole API request);
* for context, the commit rate of a bare one-row INSERT transaction on the same database.

Figures go to stdout; docs/benchmarks.md records them. Not part of the test suite.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def run_backend(backend: str, entries: int, appends: int, workdir: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    django.setup()
    from django.conf import settings

    settings.KEY_DIR = workdir / "keys"
    settings.BLOB_DIR = workdir / "blobs"
    settings.DEBUG = False
    from django.db import connection

    if backend == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _measure(backend, entries, appends, workdir)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def _bulk_fill(target: int, agency, actor) -> None:
    """Grow the journal to ``target`` entries with exactly what ``append`` would have written."""
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from zhifa.ledger import merkle
    from zhifa.ledger.canonical import canonicalize
    from zhifa.ledger.entries import entry_body, truncate_to_ms
    from zhifa.ledger.models import TreeHead, TreeNode

    head = TreeHead.objects.get(pk=1)
    frontier = merkle.Frontier.from_bytes(head.size, bytes(head.frontier))
    start = truncate_to_ms(timezone.now())
    batch = 20000
    with transaction.atomic():
        while frontier.size < target:
            rows, nodes = [], []
            for sequence in range(frontier.size, min(target, frontier.size + batch)):
                at = start + datetime.timedelta(milliseconds=sequence)
                payload = {"changes": {"title": ["", "科员"], "phone": "[已变更]"}, "version": sequence % 7 + 1}
                body = entry_body(sequence=sequence, recorded_at=at, actor_id=actor.pk, actor_name=actor.username,
                                  agency_id=agency.pk, subject_type="organizations.person",
                                  subject_id=str(sequence % 5000), kind="person.updated", payload=payload)
                leaf = merkle.leaf_hash(body)
                rows.append((sequence, connection.ops.adapt_datetimefield_value(at), actor.pk, agency.pk, "organizations.person", str(sequence % 5000),
                             "person.updated", canonicalize(payload).decode(), body.decode(), leaf))
                nodes += [(TreeNode.position_of(level, index), level, index, h)
                          for level, index, h in frontier.append(leaf)]
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO ledger_journalentry (sequence, recorded_at, actor_id, agency_id, subject_type, "
                    "subject_id, kind, payload, body, leaf_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)
                cursor.executemany('INSERT INTO ledger_treenode (position, level, "index", hash) VALUES (%s, %s, %s, %s)',
                                   nodes)
        TreeHead.objects.filter(pk=1).update(size=frontier.size, frontier=frontier.to_bytes())


def _measure(backend, entries, appends, workdir) -> dict:
    import hashlib

    from django.db import connection, transaction
    from django.test import Client

    from zhifa.accounts.roles import Role
    from zhifa.ledger import offline, services, tree
    from zhifa.ledger.export import export
    from zhifa.ledger.verify import verify_database
    from zhifa.testing import make_agency, make_user

    out = {"backend": backend}
    agency = make_agency()
    actor = make_user("bench_head", Role.AGENCY_HEAD, agency)
    supervisor = make_user("bench_supervisor", Role.SUPERVISOR, region_code="340300")

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit_probe (x integer)")
    started = time.perf_counter()
    for i in range(appends // 2):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit_probe (x) VALUES (%s)", [i])
    out["baseline_single_insert_commits_per_second"] = round(appends // 2 / (time.perf_counter() - started), 1)

    started = time.perf_counter()
    for i in range(appends):
        with transaction.atomic():
            services.append("person.updated", ("organizations.person", str(i)), actor, agency,
                            {"changes": {"title": ["", "科员"]}, "version": i})
    seconds = time.perf_counter() - started
    out["appends"] = appends
    out["appends_per_second"] = round(appends / seconds, 1)

    started = time.perf_counter()
    _bulk_fill(entries, agency, actor)
    services.issue_checkpoint()
    out["bulk_fill_seconds"] = round(time.perf_counter() - started, 1)

    report = verify_database(check_blobs=False)
    assert report.ok, report.problems
    out["verify_seconds"] = round(sum(report.timings.values()), 3)
    out["verify_breakdown"] = {k: round(v, 3) for k, v in report.timings.items()}

    # The floor under the database verification: only reading what it reads, the way it reads it.
    from zhifa.ledger.verify import CHUNK_BITS, _entry_columns

    started, start = time.perf_counter(), 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {_entry_columns()} FROM ledger_journalentry WHERE sequence >= %s "
                           "ORDER BY sequence LIMIT %s", [start, 1 << CHUNK_BITS])
            rows = cursor.fetchall()
        if not rows:
            break
        start = rows[-1][0] + 1
    out["verify_reading_rows_only_seconds"] = round(time.perf_counter() - started, 3)

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM ledger_journalentry ORDER BY sequence")
        leaves = [row[0].encode() for row in cursor.fetchall()]
    sha256 = hashlib.sha256
    started = time.perf_counter()
    hashes = [sha256(b"\x00" + leaf).digest() for leaf in leaves]
    bare_leaves = time.perf_counter() - started
    started = time.perf_counter()
    level = hashes
    while len(level) > 1:
        paired = [sha256(b"\x01" + a + b).digest() for a, b in zip(level[::2], level[1::2], strict=False)]
        level = paired + ([level[-1]] if len(level) % 2 else [])
    bare_tree = bare_leaves + time.perf_counter() - started
    assert level[0].hex() == report.facts["重算根哈希"]  # the same tree, computed the bare way
    out["entries"] = len(leaves)
    out["bare_leaf_hashing_seconds"] = round(bare_leaves, 3)
    out["bare_leaf_and_tree_hashing_seconds"] = round(bare_tree, 3)
    out["verify_ratio_to_leaf_hashing"] = round(out["verify_seconds"] / bare_leaves, 2)
    out["verify_ratio_to_leaf_and_tree_hashing"] = round(out["verify_seconds"] / bare_tree, 2)
    del leaves, hashes, level

    path = workdir / f"export-{backend}.jsonl"
    started = time.perf_counter()
    with path.open("wb") as handle:
        export(handle)
    out["export_seconds"] = round(time.perf_counter() - started, 2)
    out["export_megabytes"] = round(path.stat().st_size / 1e6, 1)
    started = time.perf_counter()
    offline_report = offline.verify_export(path)
    offline_seconds = time.perf_counter() - started
    assert offline_report.ok, offline_report.problems
    out["offline_verify_seconds"] = round(offline_seconds, 3)
    out["offline_ratio_to_leaf_hashing"] = round(offline_seconds / bare_leaves, 2)
    out["offline_ratio_to_leaf_and_tree_hashing"] = round(offline_seconds / bare_tree, 2)
    path.unlink()

    size = entries
    rng = random.Random(2026)
    wall, cpu = [], []
    for index in rng.sample(range(size), 1000):
        started, started_cpu = time.perf_counter(), time.process_time()
        tree.inclusion_proof(index, size)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    out["inclusion_proof_ms"] = {"median": round(statistics.median(wall), 3), "p95": round(wall[949], 3),
                                 "p99": round(wall[989], 3), "max": round(wall[-1], 3),
                                 "median_cpu": round(statistics.median(cpu), 3)}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(supervisor)
    api = []
    for index in rng.sample(range(size), 100):
        started = time.perf_counter()
        response = client.get(f"/api/v1/ledger/entries/{index}/proof/")
        api.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content
    api.sort()
    out["inclusion_proof_api_ms"] = {"median": round(statistics.median(api), 3),
                                     "p95": round(api[int(len(api) * 0.95)], 3), "max": round(api[-1], 3)}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--postgres", help="DATABASE_URL of a PostgreSQL server (a test_ database is made from it)")
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        with tempfile.TemporaryDirectory(prefix="zhifa-ledger-bench-") as workdir:
            print(json.dumps(run_backend(args.backend, args.entries, args.appends, Path(workdir))))
        return
    runs = [("sqlite", {k: v for k, v in os.environ.items() if k != "DATABASE_URL"})]
    if args.postgres:
        runs.append(("postgresql", dict(os.environ, DATABASE_URL=args.postgres)))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU, {args.entries:,} entries, {args.appends} appends")
    for backend, env in runs:
        result = subprocess.run([sys.executable, __file__, "--backend", backend, "--entries", str(args.entries),
                                 "--appends", str(args.appends)], env=env, capture_output=True, text=True)
        if result.returncode:
            print(result.stdout, result.stderr, file=sys.stderr)
            sys.exit(result.returncode)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"\n[{backend}]")
        for key, value in figures.items():
            print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
