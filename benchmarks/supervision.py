"""Benchmark of supervision (I5, R7): the dashboard's queries and the full warning scan over a million cases.

    createdb -h 127.0.0.1 -U postgres zhifa_supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_supervision_bench \\
        .venv/bin/python benchmarks/supervision.py --cases 1000000 [--reseed] [--repeat 3]

PostgreSQL only (the seeding uses ``generate_series``). The database named by ``DATABASE_URL`` is
migrated and, when it does not already hold the requested number of benchmark cases (or with
``--reseed``), emptied (``flush``) and filled:

* a region (3403) of 48 agencies in four districts plus 4 agencies of another city, each with 30
  officers holding certificates (some expiring, some expired), reviewers (a few agencies none),
  trainings, a head, a department head, an officer login; the supervisor of the region;
* ``--cases`` cases, 96 % on the general penalty procedure and 4 % seizures: 88 % archived along
  the full path (eleven stage visits each, with their stored deadlines, some stages late), 4 % not
  filed, 1.5 % closed and waiting for the archive, the rest open at every stage, recently enough
  for their deadlines to be near or past; two officers on each live case; legal-review submissions
  and opinions; AV records for 80 % of the seizures' on-site stays.

Then, in one run, it times each dashboard figure exactly as the statistics page computes it
(``zhifa.supervision.statistics``, ORM and Python, for the region's supervisor over this year)
beside a hand-written SQL aggregate that computes the same numbers, and the full warning scan
(``zhifa.supervision.scan.run``), first on an empty warning table and again on the warnings it left.
Figures go to stdout; docs/benchmarks.md records them. Not part of the test suite.
"""

import argparse
import os
import statistics as stats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

REGION = "340300"
DISTRICTS = ("340302", "340303", "340304", "340311")
DOMAINS = ("市场监管", "生态环境", "城市管理", "交通运输", "文化旅游", "应急管理")
PENALTY_PATH = ("lead", "filing", "investigation", "case_review", "notice", "statement", "decision", "delivery",
                "execution", "closure", "archive")
STAGE_NAMES = {"lead": "案源登记", "filing": "立案", "investigation": "调查取证", "case_review": "案件审查",
               "notice": "告知", "statement": "陈述申辩", "decision": "处罚决定", "delivery": "送达", "execution": "执行",
               "closure": "结案", "archive": "归档", "not_filed": "不予立案", "legal_review": "法制审核",
               "approval": "报告审批", "on_site": "现场实施", "custody": "查封扣押期间", "release": "解除查封扣押"}
SEIZURE_PATH = ("approval", "on_site", "statement", "custody", "release")

# Day offsets of each stage's entry from the case's creation; l, i, d, a vary per case (see plan_sql).
PENALTY_OFFSETS = ("0", "l", "l + 1", "l + 1 + i", "l + 6 + i", "l + 7 + i", "l + 14 + i", "l + 15 + i",
                   "l + 15 + i + d", "l + 30 + i + d", "l + 30 + i + d + a")
SEIZURE_OFFSETS = ("0", "1", "1", "2", "2 + l")
# Stored deadlines as the engine stores them on entry (close enough for load: calendar days).
PENALTY_DUE = {"lead": "21", "statement": "7", "decision": None, "delivery": "9", "execution": "15", "archive": "30"}


def setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # benchmark logins only
    if connection.vendor != "postgresql":
        sys.exit("此基准测试只在 PostgreSQL 上运行：请设置 DATABASE_URL=postgres://…/zhifa_supervision_bench")


def seeded(cases: int) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_case_plan') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT count(*) FROM bench_case_plan")
        planned = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM cases_case")
        return planned == cases == cursor.fetchone()[0]


def timed(label, function, *args):
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return result


# Seeding ------------------------------------------------------------------------------------------------------


def seed_registry():
    """Agencies, people, certificates, reviewers, trainings and logins, through the ORM (a few thousand rows)."""
    import datetime

    from django.utils import timezone

    from zhifa.accounts.roles import Role
    from zhifa.catalog.defaults import load_national_defaults
    from zhifa.organizations.models import (
        Agency,
        Certificate,
        Department,
        Person,
        ReviewerQualification,
        Training,
    )
    from zhifa.testing import make_uscc, make_user

    load_national_defaults()
    today = timezone.localdate()
    agencies = []
    for n in range(52):
        inside = n < 48
        region = DISTRICTS[n % 4] if inside else "340102"
        agencies.append(Agency(name=f"基准执法主体{n:02d}", short_name=f"基准{n:02d}", uscc=make_uscc(region, 90000 + n),
                               level=Agency.Level.COUNTY, region_code=region, domain=DOMAINS[n % len(DOMAINS)]))
    Agency.objects.bulk_create(agencies)
    agencies = list(Agency.objects.filter(short_name__startswith="基准").order_by("pk"))
    departments = Department.objects.bulk_create(
        [Department(agency=a, name="执法大队") for a in agencies]
        + [Department(agency=a, name="法制科", is_review_body=True) for a in agencies])
    squad = {d.agency_id: d for d in departments if d.name == "执法大队"}
    legal = {d.agency_id: d for d in departments if d.is_review_body}
    people = []
    for a in agencies:
        people += [Person(agency=a, department=squad[a.pk], name=f"执法{a.pk}-{k}") for k in range(30)]
        reviewers = 0 if a.pk % 7 == 0 else 1 + (a.pk % 2)
        people += [Person(agency=a, department=legal[a.pk], name=f"审核{a.pk}-{k}", post=Person.Post.REVIEWER)
                   for k in range(reviewers)]
    Person.objects.bulk_create(people, batch_size=2000)
    people = list(Person.objects.filter(agency__in=agencies).order_by("pk"))
    certificates, qualifications = [], []
    for k, p in enumerate(people):
        if p.post == Person.Post.REVIEWER:
            qualifications.append(ReviewerQualification(person=p, qualification_number=f"A{k:012d}",
                                                        obtained_on=datetime.date(2018, 1, 1),
                                                        reviewing_since=datetime.date(2019, 1, 1)))
            continue
        expires = today + datetime.timedelta(days=(k * 37) % 1400 - 40)  # a few expired, some expiring
        certificates.append(Certificate(person=p, number=f"9{k:011d}", category="综合执法", region_code=p.agency.region_code,
                                        issued_on=expires - datetime.timedelta(days=1460), expires_on=expires))
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    ReviewerQualification.objects.bulk_create(qualifications)
    for a in agencies:
        training = Training.objects.create(agency=a, title="年度公共法律知识培训", held_on=today - datetime.timedelta(days=60),
                                           hours=16)
        training.attendees.set([p for p in people if p.agency_id == a.pk][: 25 + a.pk % 5])
    make_user("bench_supervisor", Role.SUPERVISOR, region_code=REGION)
    for a in agencies:
        make_user(f"bench_head_{a.pk}", Role.AGENCY_HEAD, a)
        make_user(f"bench_dept_{a.pk}", Role.DEPT_HEAD, a)
        officer = next(p for p in people if p.agency_id == a.pk)
        make_user(f"bench_officer_{a.pk}", Role.OFFICER, a, person=officer)
    return agencies


def _case_expr(offsets, k_column):
    return "CASE " + " ".join(f"WHEN {k_column} = {k + 1} THEN {expr}" for k, expr in enumerate(offsets)) + " END"


def seed_cases(cases: int, agencies):
    """A million cases with their stage visits, officers, reviews and AV records, in set-based SQL."""
    from django.db import connection

    from zhifa.accounts.models import User
    from zhifa.catalog.models import Procedure

    procedures = {p.code: p.pk for p in Procedure.objects.filter(version__rule_list__agency__isnull=True,
                                                                  version__status="published")}
    actor = User.objects.get(username="bench_supervisor").pk
    ids = [a.pk for a in agencies]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_case_plan")
        # status: archived (path 11), ended (not filed), closed (path 10), open (path 1..9 or legal review);
        # seizures: ended (path 5) or open (path 1..4).
        cursor.execute(f"""
            CREATE TABLE bench_case_plan AS
            SELECT n, agency_id, kind, l, i, d, a,
                   CASE WHEN kind = 'seizure' THEN (CASE WHEN bucket < 900 THEN 5 ELSE 1 + mod(n, 4) END)
                        WHEN bucket < 880 THEN 11 WHEN bucket < 920 THEN 1 WHEN bucket < 935 THEN 10
                        ELSE 1 + mod(n, 9) END AS path_len,
                   CASE WHEN kind = 'seizure' THEN (CASE WHEN bucket < 900 THEN 'ended' ELSE 'open' END)
                        WHEN bucket < 880 THEN 'archived' WHEN bucket < 920 THEN 'ended' WHEN bucket < 935 THEN 'closed'
                        ELSE 'open' END AS status,
                   kind = 'penalty' AND bucket >= 935 AND mod(n, 11) = 0 AS in_review
            FROM (SELECT n, (%s::bigint[])[1 + mod(n, {len(ids)})] AS agency_id,
                         CASE WHEN mod(n, 25) = 0 THEN 'seizure' ELSE 'penalty' END AS kind,
                         mod(n * 7919, 25) AS l, 20 + mod(n * 31, 80) AS i, mod(n * 104729, 12) AS d,
                         mod(n * 1299709, 45) AS a, mod(n::bigint * 2654435761, 1000) AS bucket
                  FROM generate_series(1::bigint, %s::bigint) AS n) AS g""", [ids, cases])
        penalty_current = _case_expr(PENALTY_OFFSETS, "p.path_len")
        seizure_current = _case_expr(SEIZURE_OFFSETS, "p.path_len")
        cursor.execute("ALTER TABLE bench_case_plan ADD COLUMN created_at timestamptz")
        cursor.execute(f"""
            UPDATE bench_case_plan p SET created_at = CASE
              WHEN p.status IN ('archived', 'ended') AND p.kind = 'penalty'
                THEN timestamptz '2019-01-02 09:00+08' + mod(p.n * 48271, 2700) * interval '1 day'
              WHEN p.kind = 'seizure' AND p.status = 'ended'
                THEN timestamptz '2019-01-02 09:00+08' + mod(p.n * 48271, 2800) * interval '1 day'
              WHEN p.kind = 'seizure'
                THEN now() - (({seizure_current}) + mod(p.n, 3)) * interval '1 day' - interval '3 hours'
              ELSE now() - (({penalty_current}) + mod(p.n, 25)) * interval '1 day' - mod(p.n, 9) * interval '1 hour'
            END""")
        cursor.execute("CREATE UNIQUE INDEX bench_case_plan_n ON bench_case_plan (n)")
        stage_at = {"penalty": [f"p.created_at + ({off}) * interval '1 day'" for off in PENALTY_OFFSETS],
                    "seizure": [f"p.created_at + ({off}) * interval '1 day'" for off in SEIZURE_OFFSETS]}
        current_stage = ("CASE WHEN p.kind = 'seizure' THEN (ARRAY[" + ",".join(f"'{s}'" for s in SEIZURE_PATH)
                         + "])[p.path_len] WHEN p.in_review THEN 'legal_review' WHEN p.status = 'ended' THEN 'not_filed' "
                         "ELSE (ARRAY[" + ",".join(f"'{s}'" for s in PENALTY_PATH) + "])[p.path_len] END")
        entered = (f"CASE WHEN p.kind = 'seizure' THEN {_case_expr(stage_at['seizure'], 'p.path_len')} "
                   f"WHEN p.status = 'ended' THEN p.created_at + interval '5 days' "
                   f"ELSE {_case_expr(stage_at['penalty'], 'p.path_len')} END")
        filed = "CASE WHEN p.kind = 'penalty' AND p.path_len >= 2 THEN (p.created_at + p.l * interval '1 day')::date END"
        decided = ("CASE WHEN p.kind = 'penalty' AND p.path_len >= 7 AND NOT p.in_review "
                   "THEN (p.created_at + (p.l + 14 + p.i) * interval '1 day')::date END")
        closed = ("CASE WHEN p.kind = 'penalty' AND p.path_len >= 10 "
                  "THEN (p.created_at + (p.l + 30 + p.i + p.d) * interval '1 day')::date END")
        archived = ("CASE WHEN p.status = 'archived' "
                    "THEN p.created_at + (p.l + 30 + p.i + p.d + p.a) * interval '1 day' END")
        cursor.execute(f"""
            INSERT INTO cases_case (id, agency_id, number, title, procedure_id, procedure_code, stage, stage_entered_at,
                status, limitation_years, place, facts, provisions_violated, provisions_penalised, tier, penalty_kinds,
                fine_amount, confiscation_amount, circumstances, filed_on, decided_on, closed_on, archived_at,
                decision_extension_days, version, created_by_id, created_at, updated_at, violation_ended_on,
                discovered_on)
            SELECT p.n, p.agency_id, CASE WHEN p.kind = 'seizure' OR p.path_len >= 2 THEN 'JZ' || p.n ELSE '' END,
                   CASE WHEN p.kind = 'seizure' THEN '查封涉案物品' ELSE '涉嫌违法经营' END,
                   CASE WHEN p.kind = 'seizure' THEN %s ELSE %s END,
                   CASE WHEN p.kind = 'seizure' THEN 'compulsion_seizure' ELSE 'penalty_general' END,
                   {current_stage}, {entered}, p.status, 2, '', '', '', '', '', '[]'::jsonb,
                   CASE WHEN ({decided}) IS NOT NULL THEN (mod(p.n * 7, 200) + 1) * 100.00 END,
                   CASE WHEN ({decided}) IS NOT NULL AND mod(p.n, 5) = 0 THEN mod(p.n, 90) * 10.00 END,
                   '[]'::jsonb, {filed}, {decided}, {closed}, {archived}, 0, 1, %s, p.created_at, p.created_at,
                   (p.created_at - interval '20 days')::date, p.created_at::date
            FROM bench_case_plan p""", [procedures["compulsion_seizure"], procedures["penalty_general"], actor])
        cursor.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), (SELECT max(id) FROM cases_case))")
        _seed_visits(cursor, stage_at, actor)
        cursor.execute("""
            INSERT INTO cases_caseofficer (case_id, person_id, is_lead, assigned_at)
            SELECT p.n, pe.id, k = 0, p.created_at
            FROM bench_case_plan p CROSS JOIN generate_series(0, 1) AS k
            JOIN LATERAL (SELECT id FROM organizations_person WHERE agency_id = p.agency_id AND post = 'officer'
                          ORDER BY id OFFSET mod(p.n + k * 7, 30) LIMIT 1) pe ON true
            WHERE p.status IN ('open', 'closed')""")
        _seed_review(cursor, actor)
        _seed_evidence(cursor, actor)
        cursor.execute("ANALYZE")


def _seed_visits(cursor, stage_at, actor):
    for kind, path in (("penalty", PENALTY_PATH), ("seizure", SEIZURE_PATH)):
        for k, stage in enumerate(path, start=1):
            entered = stage_at[kind][k - 1]
            left = (f"CASE WHEN p.path_len > {k} THEN {stage_at[kind][k]} "
                    f"WHEN p.in_review AND {k} = p.path_len THEN p.created_at + interval '1 hour' "
                    f"WHEN p.status = 'ended' AND p.kind = 'penalty' THEN p.created_at + interval '5 days' END"
                    if k < len(path) else "NULL")
            due = "NULL"
            if kind == "penalty" and stage in PENALTY_DUE:
                days = PENALTY_DUE[stage]
                if stage == "decision":
                    due = "(p.created_at + (p.l + 90) * interval '1 day')::date"
                else:
                    due = f"({entered} + {days} * interval '1 day')::date"
            cursor.execute(f"""
                INSERT INTO cases_stagevisit (case_id, agency_id, stage, stage_name, transition, entered_at, left_at, due_on,
                    due_label, due_confirmed, actor_id, comment)
                SELECT p.n, p.agency_id, %s, %s, '', {entered}, {left}, {due}, '', true, %s, ''
                FROM bench_case_plan p
                WHERE p.kind = %s AND p.path_len >= {k} AND (p.status <> 'ended' OR p.kind = 'seizure' OR {k} = 1)""",
                           [stage, STAGE_NAMES[stage], actor, kind])
    cursor.execute(f"""
        INSERT INTO cases_stagevisit (case_id, agency_id, stage, stage_name, transition, entered_at, left_at, due_on, due_label,
            due_confirmed, actor_id, comment)
        SELECT p.n, p.agency_id, 'not_filed', '{STAGE_NAMES['not_filed']}', '', p.created_at + interval '5 days', NULL, NULL, '', true, %s, ''
        FROM bench_case_plan p WHERE p.kind = 'penalty' AND p.status = 'ended'""", [actor])
    cursor.execute(f"""
        INSERT INTO cases_stagevisit (case_id, agency_id, stage, stage_name, transition, entered_at, left_at, due_on, due_label,
            due_confirmed, actor_id, comment)
        SELECT p.n, p.agency_id, 'legal_review', '{STAGE_NAMES['legal_review']}', '', p.created_at + interval '1 hour', NULL,
               (p.created_at + interval '7 days')::date, '', true, %s, ''
        FROM bench_case_plan p WHERE p.in_review""", [actor])


def _seed_review(cursor, actor):
    """Waiting submissions of the cases in legal review; opinions for 3 % of the archived cases."""
    cursor.execute("""
        INSERT INTO review_submission (case_id, number, proposal, discretion_statement, snapshot, status, submitted_by_id,
            submitted_at, due_on, extension_days, return_reason, missing_items)
        SELECT p.n, 1, '拟罚款', '', '{}'::jsonb, 'waiting', %s, p.created_at + interval '1 hour',
               (p.created_at + interval '7 days')::date, 0, '', '[]'::jsonb
        FROM bench_case_plan p WHERE p.in_review""", [actor])
    cursor.execute("""
        INSERT INTO review_submission (case_id, number, proposal, discretion_statement, snapshot, status, submitted_by_id,
            submitted_at, due_on, extension_days, return_reason, missing_items)
        SELECT p.n, 1, '拟罚款', '', '{}'::jsonb, 'reviewed', %s, p.created_at + (p.l + 10 + p.i) * interval '1 day',
               (p.created_at + (p.l + 17 + p.i) * interval '1 day')::date, 0, '', '[]'::jsonb
        FROM bench_case_plan p WHERE p.status = 'archived' AND mod(p.n, 33) = 0""", [actor])
    cursor.execute("""
        INSERT INTO review_opinion (submission_id, kind, reasons, transfer_to, reviewer_name, given_by_id, given_at,
            overdue, working_days)
        SELECT s.id, (ARRAY['agree', 'agree', 'agree', 'correct', 'transfer'])[1 + mod(s.case_id, 5)], '审核意见', '',
               '审核人员', %s, s.submitted_at + (2 + mod(s.case_id, 6)) * interval '1 day', mod(s.case_id, 6) >= 5,
               2 + mod(s.case_id, 6)
        FROM review_submission s WHERE s.status = 'reviewed'""", [actor])


def _seed_evidence(cursor, actor):
    """AV records of 80 % of the seizures' on-site stays (some uploaded late), as the upload service stores them."""
    cursor.execute("""
        INSERT INTO evidence_evidence (case_id, kind, title, description, original_name, content_type, size, sha256, stage,
            uploaded_by_id, uploaded_at, captured_from, captured_to, place, object_to_prove, late, late_reason,
            withdrawn_reason)
        SELECT v.case_id, 'video', '现场查封录像', '', 'video.mp4', 'video/mp4', 1048576, md5(v.case_id::text) || md5('x'),
               'on_site', %s, v.entered_at + CASE WHEN mod(v.case_id, 50) = 0 THEN interval '30 hours' ELSE interval '2 hours' END,
               v.entered_at, v.entered_at + interval '1 hour', '现场', '查封过程', mod(v.case_id, 50) = 0,
               CASE WHEN mod(v.case_id, 50) = 0 THEN '记录仪故障，次日上传' ELSE '' END, ''
        FROM cases_stagevisit v WHERE v.stage = 'on_site' AND mod(v.case_id, 5) <> 0""", [actor])


def seed(cases: int):
    from django.core.management import call_command

    print(f"Seeding {cases:,} cases …", flush=True)
    timed("flush", call_command, "flush", "--no-input", "--verbosity", "0")
    agencies = timed("registry", seed_registry)
    timed("cases, visits, officers, reviews, AV records", seed_cases, cases, agencies)


# Measuring -------------------------------------------------------------------------------------------------------

# Hand-written SQL computing each figure's numbers (region 3403, period = this year in Beijing time).
SCOPE = "a.region_code LIKE '3403%%'"
RAW = {
    "cases_by_kind": [f"""SELECT c.procedure_code, count(*) FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id
                          WHERE {SCOPE} AND c.created_at >= %(start)s AND c.created_at < %(end)s GROUP BY 1"""],
    "cases_by_stage": [f"""SELECT c.procedure_code, c.stage, count(*) FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id
                           WHERE {SCOPE} AND c.created_at >= %(start)s AND c.created_at < %(end)s GROUP BY 1, 2"""],
    "cases_by_domain": [f"""SELECT a.domain, count(*) FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id
                            WHERE {SCOPE} AND c.created_at >= %(start)s AND c.created_at < %(end)s GROUP BY 1"""],
    "cases_by_agency": [f"""SELECT c.agency_id, a.name, count(*), count(*) FILTER (WHERE c.status IN ('open', 'suspended')),
                                   count(*) FILTER (WHERE c.status = 'archived')
                            FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id
                            WHERE {SCOPE} AND c.created_at >= %(start)s AND c.created_at < %(end)s GROUP BY 1, 2"""],
    "cases_by_month": [f"""SELECT date_trunc('month', c.created_at AT TIME ZONE 'Asia/Shanghai'), count(*)
                           FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id
                           WHERE {SCOPE} AND c.created_at >= %(start)s AND c.created_at < %(end)s GROUP BY 1"""],
    "penalties": [f"""SELECT c.agency_id, a.name, count(*), count(*) FILTER (WHERE c.fine_amount > 0),
                             coalesce(sum(c.fine_amount), 0), coalesce(sum(c.confiscation_amount), 0)
                      FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id
                      WHERE {SCOPE} AND c.decided_on >= %(first)s AND c.decided_on <= %(last)s GROUP BY 1, 2"""],
    "on_time": ["SELECT " + ", ".join(
        f"count(*) FILTER (WHERE v.stage = '{stage}' AND v.{done} >= %(start)s AND v.{done} < %(end)s), "
        f"count(*) FILTER (WHERE v.stage = '{stage}' AND v.{done} >= %(start)s AND v.{done} < %(end)s "
        f"AND (v.{done} AT TIME ZONE 'Asia/Shanghai')::date <= v.due_on)"
        for stage, done in (("lead", "left_at"), ("decision", "entered_at"), ("delivery", "left_at"),
                            ("archive", "entered_at")))
        + f""" FROM cases_stagevisit v JOIN organizations_agency a ON a.id = v.agency_id
               WHERE {SCOPE} AND v.due_on IS NOT NULL AND (""" + " OR ".join(
        f"(v.stage = '{stage}' AND v.{done} >= %(start)s AND v.{done} < %(end)s)"
        for stage, done in (("lead", "left_at"), ("decision", "entered_at"), ("delivery", "left_at"),
                            ("archive", "entered_at"))) + ")"]
    + [f"""SELECT count(*), count(*) FILTER (WHERE NOT o.overdue) FROM review_opinion o
           JOIN review_submission s ON s.id = o.submission_id JOIN cases_case c ON c.id = s.case_id
           JOIN organizations_agency a ON a.id = c.agency_id
           WHERE {SCOPE} AND o.given_at >= %(start)s AND o.given_at < %(end)s""",
       f"""SELECT count(*), count(*) FILTER (WHERE NOT e.late) FROM evidence_evidence e JOIN cases_case c ON c.id = e.case_id
           JOIN organizations_agency a ON a.id = c.agency_id
           WHERE {SCOPE} AND e.kind IN ('audio', 'video') AND e.uploaded_at >= %(start)s AND e.uploaded_at < %(end)s""",
       f"""SELECT count(*), count(*) FILTER (WHERE (d.published_at AT TIME ZONE 'Asia/Shanghai')::date <= d.disclosure_due_on)
           FROM inspections_drawntarget d JOIN inspections_plan p ON p.id = d.plan_id
           JOIN organizations_agency a ON a.id = p.agency_id
           WHERE {SCOPE} AND d.disclosure_due_on IS NOT NULL AND d.published_at >= %(start)s AND d.published_at < %(end)s"""],
    "warnings_by_rule": [f"""SELECT w.rule, count(*) FILTER (WHERE w.cleared_at IS NULL AND w.level = 'red'),
                                    count(*) FILTER (WHERE w.cleared_at IS NULL AND w.level = 'yellow'),
                                    count(*) FILTER (WHERE w.raised_at >= %(start)s AND w.raised_at < %(end)s)
                             FROM supervision_warning w JOIN organizations_agency a ON a.id = w.agency_id
                             WHERE {SCOPE} AND (w.cleared_at IS NULL OR (w.raised_at >= %(start)s AND w.raised_at < %(end)s))
                             GROUP BY 1"""],
    "review_opinions": [f"""SELECT o.kind, count(*), count(*) FILTER (WHERE o.overdue) FROM review_opinion o
                            JOIN review_submission s ON s.id = o.submission_id JOIN cases_case c ON c.id = s.case_id
                            JOIN organizations_agency a ON a.id = c.agency_id
                            WHERE {SCOPE} AND o.given_at >= %(start)s AND o.given_at < %(end)s GROUP BY 1"""],
    "av_coverage": [f"""SELECT c.procedure_code, v.stage, count(*), count(*) FILTER (WHERE EXISTS (
                            SELECT 1 FROM evidence_evidence e WHERE e.case_id = v.case_id AND e.kind IN ('audio', 'video')
                              AND e.withdrawn_at IS NULL AND e.uploaded_at >= v.entered_at
                              AND e.uploaded_at <= coalesce(v.left_at, now())))
                        FROM cases_stagevisit v JOIN cases_case c ON c.id = v.case_id JOIN organizations_agency a ON a.id = c.agency_id
                        WHERE {SCOPE} AND c.procedure_code = 'compulsion_seizure' AND v.stage IN ('on_site', 'statement', 'release')
                          AND v.entered_at >= %(start)s AND v.entered_at < %(end)s GROUP BY 1, 2"""],
    "totals": [f"""SELECT count(*) FILTER (WHERE c.created_at >= %(start)s AND c.created_at < %(end)s),
                          count(*) FILTER (WHERE c.status IN ('open', 'suspended')), count(*) FILTER (WHERE c.status = 'closed'),
                          count(*) FILTER (WHERE c.decided_on >= %(first)s AND c.decided_on <= %(last)s)
                   FROM cases_case c JOIN organizations_agency a ON a.id = c.agency_id WHERE {SCOPE}""",
               f"""SELECT count(*) FILTER (WHERE w.level = 'red'), count(*) FILTER (WHERE w.level = 'yellow')
                   FROM supervision_warning w JOIN organizations_agency a ON a.id = w.agency_id
                   WHERE {SCOPE} AND w.cleared_at IS NULL"""],
}


def _best(function, repeat):
    """Best and median of ``repeat`` runs, each in the dashboard's reporting transaction (same settings for both)."""
    from zhifa.supervision.statistics import reporting

    times = []
    for _ in range(repeat):
        with reporting():
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
    return min(times), stats.median(times)


def measure(repeat: int):
    from django.db import connection

    from zhifa.accounts.models import User
    from zhifa.supervision import scan, statistics
    from zhifa.supervision.models import Notification, Warning

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE status IN ('open', 'closed')) FROM cases_case")
        total, live = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM cases_stagevisit")
        visits = cursor.fetchone()[0]
    print(f"\nDatabase: {total:,} cases ({live:,} open or awaiting archive), {visits:,} stage visits\n")

    Notification.objects.all().delete()
    Warning.objects.all().delete()
    print("Full warning scan (zhifa.supervision.scan.run):")
    first = scan.run()
    print(f"  first scan, empty warning table: {first.seconds:.1f} s — {first.findings:,} findings, "
          f"{first.raised:,} warnings raised, {first.notified:,} notifications")
    second = scan.run()
    print(f"  second scan, warnings in place:  {second.seconds:.1f} s — {second.updated:,} updated, "
          f"{second.cleared:,} cleared  (goal < 60 s)")
    from django.utils import timezone

    from zhifa.supervision.rules import base

    ctx = base.Context(today=timezone.localdate(), now=timezone.now())
    print("  of which evaluating each rule (shared case data loaded by the first that needs it):")
    for rule in base.rules():
        started = time.perf_counter()
        found = sum(1 for _ in rule.evaluate(ctx))
        print(f"    {rule.code:<20} {time.perf_counter() - started:6.2f} s  {found:>7,} findings")
    print()

    supervisor = User.objects.get(username="bench_supervisor")
    f = statistics.Filters(user=supervisor, period=statistics.Period.this_year())
    start, end = f.period.bounds
    params = {"start": start, "end": end, "first": f.period.start, "last": f.period.end}
    figures = dict(statistics.FIGURES)
    figures["totals"] = ("合计", statistics.totals)
    print(f"Dashboard figures for the region's supervisor, {f.period.label} (best / median of {repeat}):")
    print(f"  {'figure':<18} {'page (ORM)':>12} {'raw SQL':>10} {'ratio':>7}")
    page_total = raw_total = 0.0
    for name, (_, function) in figures.items():
        best, median = _best(lambda function=function: function(f), repeat)

        def raw(name=name):
            with connection.cursor() as cursor:
                for sql in RAW[name]:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        raw_best, _ = _best(raw, repeat)
        page_total += best
        raw_total += raw_best
        flag = "" if best < 1 else "  ← over the 1 s goal"
        print(f"  {name:<18} {best * 1000:>9.0f} ms {raw_best * 1000:>7.0f} ms {best / raw_best:>6.2f}×{flag}"
              f"   (median {median * 1000:.0f} ms)")
    print(f"  {'whole dashboard':<18} {page_total * 1000:>9.0f} ms {raw_total * 1000:>7.0f} ms "
          f"{page_total / raw_total:>6.2f}×")
    from zhifa.supervision import scorecard

    agencies = list(scorecard.scored_agencies(supervisor))
    best, _ = _best(lambda: scorecard.scorecard(supervisor, agencies[0], f.period), repeat)
    print(f"  scorecard of one agency: {best * 1000:.0f} ms")
    best, _ = _best(lambda: scorecard.scorecards(supervisor, agencies, f.period), repeat)
    print(f"  scorecards of the region's {len(agencies)} agencies (the scorecards page): {best * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reseed", action="store_true", help="empty the database and seed again")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", "--verbosity", "0")
    if args.reseed or not seeded(args.cases):
        seed(args.cases)
    else:
        print(f"Reusing the {args.cases:,} benchmark cases already in the database (--reseed to rebuild).")
    measure(args.repeat)


if __name__ == "__main__":
    main()
