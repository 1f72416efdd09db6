"""Benchmark of document issue (R1): 行政处罚决定书 issued end to end vs a bare LibreOffice conversion.

    .venv/bin/python benchmarks/documents.py [--count 20]

In one run, on a throw-away SQLite database with the demo PKI:

* issues ``--count`` 行政处罚决定书 through ``zhifa.documents.services.issue_document`` — render
  from the case (docxtpl), take the number, fill it in, convert with the warm LibreOffice pool,
  seal with ``zhifa.signing.services.sign_pdf``, store the blob, journal — and reports documents
  per minute (the first issue, which starts LibreOffice, is reported apart and not counted);
* converts the same DOCX ``--count`` times with a bare ``soffice --headless --convert-to pdf``, a
  fresh process each time, as a user would run it (its default profile, warmed once beforehand);
* prints both rates and the ratio (time per issued document / time per bare conversion), and the
  split of one issue into conversion and signing.

Figures go to stdout; docs/benchmarks.md records them. Not part of the test suite.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup(workdir: Path):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    django.setup()
    from django.conf import settings

    settings.KEY_DIR = workdir / "keys"
    settings.BLOB_DIR = workdir / "blobs"
    settings.DEBUG = False
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection


def make_world():
    from zhifa.accounts.roles import Role
    from zhifa.documents.tests.conftest import prepare
    from zhifa.signing import pki
    from zhifa.testing import make_agency, make_case, make_officers, make_user

    agency = make_agency()
    pki.issue_demo_certificate(agency)
    head = make_user("head", Role.AGENCY_HEAD, agency)
    people = make_officers(agency, 2)
    officer = make_user("officer", Role.OFFICER, agency, person=people[0])
    case = prepare(head, make_case(head, officers=people, stage="decision"))
    return officer, case


def bare(docx: bytes, count: int, workdir: Path) -> list[float]:
    source = workdir / "decision.docx"
    source.write_bytes(docx)
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    command = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(workdir / "bare"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # warm the user's profile once
    times = []
    for _ in range(count):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        times.append(time.perf_counter() - began)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhifa-doc-bench-") as tmp:
        workdir = Path(tmp)
        connection = setup(workdir)
        try:
            from zhifa.documents import convert, services
            from zhifa.documents.tests.conftest import DECISION_FIELDS
            from zhifa.ledger import blobs

            officer, case = make_world()
            convert.shutdown()
            began = time.perf_counter()
            first = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
            cold = time.perf_counter() - began
            issue_times = []
            for _ in range(args.count):
                case.refresh_from_db()
                began = time.perf_counter()
                services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
                issue_times.append(time.perf_counter() - began)

            with blobs.open_blob(first.draft_sha256) as handle:
                docx = handle.read()
            convert_times = []
            for _ in range(5):
                began = time.perf_counter()
                pdf = convert.docx_to_pdf(docx)
                convert_times.append(time.perf_counter() - began)
            from zhifa.signing.services import sign_pdf

            sign_times = []
            for _ in range(5):
                began = time.perf_counter()
                sign_pdf(officer, case.agency, pdf, title="行政处罚决定书")
                sign_times.append(time.perf_counter() - began)
            bare_times = bare(docx, args.count, workdir)
        finally:
            convert.shutdown()
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    issue_mean, bare_mean = statistics.mean(issue_times), statistics.mean(bare_times)
    print(f"issued end to end: {args.count} documents, {60 / issue_mean:.1f} per minute "
          f"(mean {issue_mean:.3f} s, median {statistics.median(issue_times):.3f} s; first, starting LibreOffice: {cold:.3f} s)")
    print(f"bare soffice --convert-to pdf: {args.count} runs, {60 / bare_mean:.1f} per minute "
          f"(mean {bare_mean:.3f} s, median {statistics.median(bare_times):.3f} s)")
    print(f"ratio (time per issued document / time per bare conversion): {issue_mean / bare_mean:.2f}")
    print(f"of one issue: warm conversion {statistics.median(convert_times):.3f} s, "
          f"sign_pdf {statistics.median(sign_times):.3f} s (median of 5)")


if __name__ == "__main__":
    main()
