"""Benchmark of the public portal (P12, P16): search and list pages over 1,000,000 published decisions.

    createdb -h 127.0.0.1 -U postgres zhifa_portal_bench
    .venv/bin/python benchmarks/portal.py --database postgres://postgres@127.0.0.1:5432/zhifa_portal_bench \\
        [--decisions 1000000] [--clients 8] [--seconds 20] [--workers 2]

* migrates the database and, when it holds fewer published decisions than ``--decisions``, generates
  the rest: 20 agencies, their cases, one issued decision document, disclosure and published snapshot per
  decision — the same rows the services write, loaded with COPY. The texts are composed from 20 kinds of
  violation, 120,000 party names, amounts and dates over five years; each piece's jieba tokens are
  computed once and the tokens of a decision are the union of its pieces' (the segmentation of a text
  made of punctuation-separated pieces is the union of the pieces' segmentations), so the index holds
  exactly what ``search.tokens_for`` would have written;
* starts the real server (``zhifa serve``: gunicorn, ``--workers`` processes of 4 threads, DEBUG off) on
  loopback, once with the anonymous page cache off and once with it on (``zhifa.core.pagecache``);
* runs ``--clients`` concurrent HTTP clients for ``--seconds`` against each scenario — search
  (``/gs/decisions/?q=…`` over a mix of common, rare and filtered queries) and the list page
  (``/gs/decisions/`` and its keyset pages) — and reports p50/p95/p99 latency and requests per second;
* in the same run, the same concurrency runs the very SQL those pages execute (every statement the view
  runs, captured from the view itself: the page of rows, the capped count, the agencies of the filter)
  straight through psycopg, and the ratio is printed.

Goals: search p95 < 150 ms, list page p95 < 50 ms. Figures go to stdout; docs/benchmarks.md records them.
"""

import argparse
import datetime
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

AGENCIES = 20
CASES_PER_AGENCY = 50
VIOLATIONS = [
    ("销售超过保质期的食品", "当事人在其经营场所销售超过保质期的{goods}{n}件，货值金额人民币{value}元。",
     "《中华人民共和国食品安全法》第三十四条第（十）项", "《中华人民共和国食品安全法》第一百二十四条第一款"),
    ("生产经营不符合食品安全标准的食品", "当事人生产的{goods}经抽检{item}不符合食品安全国家标准，货值金额人民币{value}元。",
     "《中华人民共和国食品安全法》第三十四条第（二）项", "《中华人民共和国食品安全法》第一百二十四条第一款"),
    ("未取得食品经营许可从事食品经营", "当事人未取得食品经营许可证，在其店内从事{goods}经营活动，违法所得人民币{value}元。",
     "《中华人民共和国食品安全法》第三十五条第一款", "《中华人民共和国食品安全法》第一百二十二条第一款"),
    ("发布虚假广告", "当事人在其微信公众号和店堂发布含有“{claim}”内容的{goods}广告，广告费用人民币{value}元。",
     "《中华人民共和国广告法》第二十八条", "《中华人民共和国广告法》第五十五条第一款"),
    ("使用绝对化用语发布广告", "当事人在网店商品页面使用“{claim}”等绝对化用语宣传{goods}。",
     "《中华人民共和国广告法》第九条第（三）项", "《中华人民共和国广告法》第五十七条第（一）项"),
    ("销售不合格产品", "当事人销售的{goods}经省产品质量监督检验研究院检验，{item}不合格，货值金额人民币{value}元。",
     "《中华人民共和国产品质量法》第三十九条", "《中华人民共和国产品质量法》第四十九条"),
    ("销售不合格电动自行车头盔", "当事人销售的电动自行车头盔{n}顶经检验冲击吸收性能不合格，货值金额人民币{value}元。",
     "《中华人民共和国产品质量法》第三十九条", "《中华人民共和国产品质量法》第四十九条"),
    ("未按规定明码标价", "当事人经营场所内{n}种{goods}未按规定明码标价。",
     "《明码标价和禁止价格欺诈规定》第五条", "《中华人民共和国价格法》第四十二条"),
    ("使用未经检定的计量器具", "当事人使用未经强制检定的{item}{n}台从事贸易结算。",
     "《中华人民共和国计量法》第九条", "《中华人民共和国计量法实施细则》第四十三条"),
    ("侵犯注册商标专用权", "当事人销售假冒“{brand}”注册商标的{goods}{n}件，货值金额人民币{value}元。",
     "《中华人民共和国商标法》第五十七条第（三）项", "《中华人民共和国商标法》第六十条第二款"),
    ("无照经营", "当事人未取得营业执照，擅自在{place}从事{goods}经营活动。",
     "《无证无照经营查处办法》第二条", "《无证无照经营查处办法》第十三条"),
    ("超范围使用食品添加剂", "当事人生产的{goods}中检出{item}，超出食品安全国家标准规定的使用范围，货值金额人民币{value}元。",
     "《中华人民共和国食品安全法》第三十四条第（四）项", "《中华人民共和国食品安全法》第一百二十四条第一款"),
    ("未按规定进行年度报告公示", "当事人未按规定于每年6月30日前报送上一年度年度报告并向社会公示。",
     "《企业信息公示暂行条例》第八条", "《企业信息公示暂行条例》第十七条"),
    ("特种设备未经定期检验继续使用", "当事人使用的{item}{n}台超过检验有效期未经定期检验继续使用。",
     "《中华人民共和国特种设备安全法》第四十条第三款", "《中华人民共和国特种设备安全法》第八十四条第（一）项"),
    ("销售过期化妆品", "当事人销售超过使用期限的{goods}{n}瓶，货值金额人民币{value}元。",
     "《化妆品监督管理条例》第三十八条", "《化妆品监督管理条例》第六十八条"),
    ("排放污染物超标", "当事人{item}排放口{pollutant}浓度超过国家排放标准{n}倍。",
     "《中华人民共和国大气污染防治法》第十八条", "《中华人民共和国大气污染防治法》第九十九条第（二）项"),
    ("未批先建", "当事人{goods}建设项目环境影响评价文件未经批准，擅自开工建设。",
     "《中华人民共和国环境影响评价法》第二十五条", "《中华人民共和国环境影响评价法》第三十一条第一款"),
    ("擅自占用城市道路", "当事人未经许可在{place}擅自占用城市道路堆放{goods}，占用面积{n}平方米。",
     "《城市道路管理条例》第二十七条", "《城市道路管理条例》第四十二条"),
    ("违法设置户外广告", "当事人未经批准在{place}设置户外广告牌{n}块。",
     "《安徽省城市市容和环境卫生管理条例》第十五条", "《安徽省城市市容和环境卫生管理条例》第四十六条"),
    ("餐饮油烟未经处理排放", "当事人经营的{goods}店未安装油烟净化设施，油烟直接排放。",
     "《中华人民共和国大气污染防治法》第八十一条第一款", "《中华人民共和国大气污染防治法》第一百一十八条第一款"),
]
GOODS = ["酸奶", "面包", "牛奶", "白酒", "食用油", "大米", "月饼", "糕点", "饮料", "调味品", "面霜", "口红", "儿童玩具", "电线电缆",
         "化肥", "农药", "保健食品", "婴幼儿配方奶粉", "冷冻肉品", "蔬菜", "水果", "茶叶", "卤菜", "豆制品", "烟花爆竹", "服装",
         "电动自行车", "建材", "钢材", "餐饮", "汽车配件", "手机配件", "家用电器", "眼镜", "药品", "医疗器械"]
ITEMS = ["菌落总数", "大肠菌群", "二氧化硫残留量", "苯甲酸", "甜蜜素", "铅", "加油机", "电子计价秤", "燃气表", "电梯", "锅炉",
         "起重机械", "压力容器", "游离甲醛", "阻燃性能", "抗拉强度"]
CLAIMS = ["国家级", "最高级", "最佳", "七天祛斑", "根治", "第一品牌", "百分之百有效", "永不反弹"]
BRANDS = ["古井贡", "口子窖", "茅台", "五粮液", "耐克", "阿迪达斯", "华为", "小米"]
PLACES = ["蚌山区宏业路", "禹会区涂山路", "龙子湖区东海大道", "淮上区长征路", "怀远县禹王路", "五河县城关镇", "固镇县谷阳路"]
POLLUTANTS = ["颗粒物", "二氧化硫", "氮氧化物", "化学需氧量", "氨氮"]
SYLLABLES = "佳惠优品安骑康宁好味来邻家顺发丽人金樽丰收甜心通达福康美妍味之源华联新天地永盛鑫源宏达恒泰嘉禾瑞丰盛世德润汇通"
INDUSTRIES = ["超市", "商贸", "食品", "餐饮管理", "电子商务", "大药房", "化妆品", "农资", "石化", "酒业", "建材", "物流", "科技",
              "服装", "家电", "汽车服务", "美容服务", "环保科技", "置业", "印刷"]
FORMS = ["有限公司", "有限责任公司", "商行", "经营部", "店"]
CATEGORIES = [("penalty", 70), ("licence", 25), ("compulsion", 5)]
QUERIES = [  # common words, rare names, phrases and filtered searches, as people type them
    {"q": "过期"}, {"q": "食品安全"}, {"q": "虚假广告"}, {"q": "头盔 不合格"}, {"q": "明码标价"}, {"q": "商标"},
    {"q": "计量器具 检定"}, {"q": "油烟"}, {"q": "户外广告"}, {"q": "营业执照"}, {"q": "古井贡"}, {"q": "婴幼儿配方奶粉"},
    {"q": "罚款", "category": "penalty"}, {"q": "食品", "date_from": "2025-01-01"}, {"q": "超市", "agency": "AGENCY"},
    {"q": "NAME"}, {"q": "NAME"}, {"q": "NUMBER"}, {"target": "NAME"}, {"q": "电梯 定期检验", "date_to": "2023-12-31"},
]


def _tokens(text):
    from zhifa.disclosure.search import tokens_for

    return tokens_for(text).split()


def setup_django(database: str):
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()


def _base_rows(rng):
    """Agencies, a user, the national procedures, and each agency's cases (the rows decisions hang on)."""
    from django.utils import timezone

    from zhifa.accounts.roles import Role
    from zhifa.cases.models import Case
    from zhifa.catalog.defaults import load_national_defaults
    from zhifa.catalog.models import RuleList
    from zhifa.catalog.selectors import procedure_for
    from zhifa.organizations.models import Agency
    from zhifa.testing import make_agency, make_user

    if not RuleList.objects.filter(agency__isnull=True, kind=RuleList.Kind.PROCEDURES).exists():
        load_national_defaults()
    agencies = list(Agency.objects.filter(short_name__startswith="基准").order_by("pk"))
    names = ["蚌山", "禹会", "龙子湖", "淮上", "怀远", "五河", "固镇", "高新", "经开", "蚌埠"]
    kinds = ["市场监督管理局", "生态环境分局"]
    while len(agencies) < AGENCIES:
        i = len(agencies)
        agencies.append(make_agency(name=f"基准{names[i % 10]}区{kinds[i // 10]}{i}", short_name=f"基准{i}",
                                    region_code="340300", domain="市场监管"))
    from zhifa.accounts.models import User

    user = User.objects.filter(username="bench_head").first() or make_user("bench_head", Role.AGENCY_HEAD, agencies[0])
    procedure = procedure_for(agencies[0], "penalty_general")
    cases = {}
    for agency in agencies:
        existing = list(Case.objects.filter(agency=agency).values_list("pk", flat=True))
        for n in range(len(existing), CASES_PER_AGENCY):
            case = Case.objects.create(agency=agency, title="基准案件", procedure=procedure, procedure_code=procedure.code,
                                       stage="closure", stage_entered_at=timezone.now(), created_by=user,
                                       number=f"{agency.short_name}立〔基准〕{n + 1}号", status=Case.Status.CLOSED)
            existing.append(case.pk)
        cases[agency.pk] = existing
    return agencies, cases, user


def generate(target: int, seed: int = 20260101):
    """Load published decisions with COPY until there are ``target``."""
    from django.db import connection

    from zhifa.disclosure.models import PublishedDecision
    from zhifa.documents.models import DocumentTemplate

    rng = random.Random(seed)
    have = PublishedDecision.objects.count()
    if have >= target:
        return have, 0.0
    started = time.perf_counter()
    agencies, cases, user = _base_rows(rng)
    templates = {t.code: t.pk for t in DocumentTemplate.objects.all()}
    titles = {"penalty": ("penalty_decision", "行政处罚决定书", "罚"), "licence": ("licence_grant", "准予行政许可决定书", "许"),
              "compulsion": ("seizure_decision", "查封（扣押）决定书", "强")}
    names = sorted({_company(rng) for _ in range(120_000)})
    name_tokens = {n: _tokens(n) for n in names}
    fixed = {text: _tokens(text) for text in (
        [v[0] for v in VIOLATIONS] + [v[2] for v in VIOLATIONS] + [v[3] for v in VIOLATIONS] + GOODS + ITEMS + CLAIMS
        + BRANDS + PLACES + POLLUTANTS + [a.name for a in agencies] + [t[1] for t in titles.values()]
        + ["罚款", "没收违法所得", "准予行政许可", "查封", "扣押", "当事人", "违法事实", "证据", "行政复议", "行政诉讼", "人民币"])}
    categories = [c for c, w in CATEGORIES for _ in range(w)]
    start_day = datetime.date(2021, 7, 15)
    span = (datetime.date(2026, 6, 30) - start_day).days
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM documents_document")
        document_id = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM disclosure_disclosure")
        disclosure_id = cursor.fetchone()[0]
        _drop_indexes(cursor)
    raw = connection.connection
    batch = 50_000
    made = 0
    serial = {a.pk: have // AGENCIES for a in agencies}
    while have + made < target:
        size = min(batch, target - have - made)
        documents, disclosures, decisions = [], [], []
        for _ in range(size):
            document_id += 1
            disclosure_id += 1
            agency = agencies[rng.randrange(AGENCIES)]
            category = rng.choice(categories)
            code, title, kind = titles[category]
            day = start_day + datetime.timedelta(days=rng.randrange(span))
            serial[agency.pk] += 1
            number = f"{agency.short_name}{kind}〔{day.year}〕{serial[agency.pk]}号"
            violation = VIOLATIONS[min(int(rng.paretovariate(1.2)) - 1, len(VIOLATIONS) - 1)]
            name = rng.choice(names)
            parts = {"goods": rng.choice(GOODS), "item": rng.choice(ITEMS), "claim": rng.choice(CLAIMS),
                     "brand": rng.choice(BRANDS), "place": rng.choice(PLACES), "pollutant": rng.choice(POLLUTANTS),
                     "n": rng.randrange(1, 200), "value": f"{rng.randrange(50, 90000)}"}
            facts = violation[1].format(**parts)
            fine = round(rng.lognormvariate(8.5, 1.3), -2) if category == "penalty" else None
            conclusion = (f"罚款人民币{fine:,.2f}元" if fine else "警告") if category == "penalty" else (
                "准予行政许可" if category == "licence" else "扣押涉案物品（期限三十日）")
            case_title = ("涉嫌" + violation[0]) if category != "licence" else f"{rng.choice(GOODS)}经营许可"
            code_of_party = _uscc(rng)
            content = (f"{agency.name}\n{title}\n{number}\n当事人：{name}，统一社会信用代码：{code_of_party}，"
                       f"法定代表人：{rng.choice('张王李赵刘陈杨黄')}某某，住所：蚌埠市{rng.choice(PLACES)}{rng.randrange(1, 999)}号\n"
                       f"违法事实：{facts}\n上述事实有现场检查笔录、询问笔录、抽样检验报告等证据证明。\n"
                       f"当事人的上述行为违反了{violation[2]}的规定。依据{violation[3]}的规定，本机关决定对当事人作出如下处理：{conclusion}。\n"
                       f"如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。\n"
                       f"{agency.name}\n{day.year}年{day.month}月{day.day}日")
            tokens = dict.fromkeys(
                fixed[violation[0]] + fixed[violation[2]] + fixed[violation[3]] + name_tokens[name] + fixed[agency.name]
                + fixed[title] + sum((fixed[parts[k]] for k in ("goods", "item", "claim", "brand", "place",
                                                                 "pollutant") if parts[k] in facts), [])
                + [str(parts["n"]), parts["value"], str(day.year), code_of_party.lower()] + _tokens(number)
                + fixed["当事人"] + fixed["违法事实"] + fixed["证据"] + fixed["行政复议"] + fixed["行政诉讼"]
                + (fixed["罚款"] + fixed["人民币"] if fine else []) + _tokens(case_title))
            issued = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
            published = issued + datetime.timedelta(days=rng.randrange(1, 9))
            case_id = rng.choice(cases[agency.pk])
            documents.append((document_id, case_id, templates[code], title, "decision", "issued", "{}", "0" * 64, False, 1,
                              "", number, hashlib.sha256(number.encode()).hexdigest(), 2, issued, user.pk, user.pk,
                              issued, issued))
            disclosures.append((disclosure_id, agency.pk, case_id, document_id, category, title, number, "published", day,
                                day + datetime.timedelta(days=10), True, "", "[]", "[]", "", "", published, user.pk, False,
                                "", "", 1, issued))
            decisions.append((disclosure_id, agency.pk, agency.name, category, title, number, case_title, name,
                              "法人", code_of_party, conclusion, violation[3], day, content, fine, None, published, "current", "",
                              " ".join(tokens)))
        with raw.cursor() as cursor, raw.transaction():
            with cursor.copy("COPY documents_document (id, case_id, template_id, title, stage, status, fields, "
                             "draft_sha256, draft_uploaded, revision, correction_reason, number, pdf_sha256, page_count, "
                             "issued_at, issued_by_id, created_by_id, created_at, updated_at) FROM STDIN") as copy:
                for row in documents:
                    copy.write_row(row)
            with cursor.copy("COPY disclosure_disclosure (id, agency_id, case_id, document_id, category, title, number, "
                             "status, opened_on, due_on, due_confirmed, source_text, extra_masks, keep_terms, "
                             "exception_kind, exception_reason, published_at, published_by_id, published_automatically, "
                             "withdrawal_kind, withdrawal_reason, version, created_at) FROM STDIN") as copy:
                for row in disclosures:
                    copy.write_row(row)
            with cursor.copy("COPY disclosure_publisheddecision (disclosure_id, agency_id, agency_name, category, title, "
                             "number, case_title, target, target_kind, target_code, conclusion, basis, decided_on, content, "
                             "fine_amount, confiscation_amount, published_at, status, withdrawal_notice, tokens) "
                             "FROM STDIN") as copy:
                for row in decisions:
                    copy.write_row(row)
        made += size
        print(f"  generated {have + made:,} / {target:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    with connection.cursor() as cursor:
        for table in ("documents_document", "disclosure_disclosure"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        _create_indexes(cursor)
        cluster(cursor)
    return have + made, time.perf_counter() - started


def _company(rng):
    return (f"蚌埠市{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{rng.choice(INDUSTRIES)}"
            f"{rng.choice(FORMS)}")


def _uscc(rng):
    from zhifa.testing import make_uscc

    return make_uscc("340300", rng.randrange(1, 31 ** 8))


# The published table's own indexes: dropped during the load, built once afterwards (far faster for GIN).
INDEXES = {
    "disclosure_published_search": "CREATE INDEX disclosure_published_search ON disclosure_publisheddecision USING gin (search)",
    "published_status_date": "CREATE INDEX published_status_date ON disclosure_publisheddecision "
                             "(status, decided_on DESC, id DESC)",
    "published_agency_date": "CREATE INDEX published_agency_date ON disclosure_publisheddecision "
                             "(agency_id, status, decided_on DESC, id DESC)",
    "published_category_date": "CREATE INDEX published_category_date ON disclosure_publisheddecision "
                               "(category, status, decided_on DESC, id DESC)",
}


def cluster(cursor):
    """Decisions are published day by day, so the table's rows lie in date order; the generator, drawing
    dates at random, restores that order once, and refreshes the statistics."""
    cursor.execute("ALTER TABLE disclosure_publisheddecision ALTER COLUMN search SET STATISTICS 1000")
    cursor.execute("CLUSTER disclosure_publisheddecision USING published_status_date")
    cursor.execute("VACUUM ANALYZE disclosure_publisheddecision")


def _drop_indexes(cursor):
    for name in INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")


def _create_indexes(cursor):
    cursor.execute("SET maintenance_work_mem = '1GB'")
    for statement in INDEXES.values():
        cursor.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))


# Measuring ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database: str, workers: int, workdir: Path, *, cache_seconds: int):
    """``zhifa serve`` (gunicorn, ``workers`` processes × 4 threads) on a free loopback port."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database, ZHIFA_DEBUG="0", ZHIFA_VAR_DIR=str(workdir),
               ZHIFA_ALLOWED_HOSTS="127.0.0.1", ZHIFA_PORTAL_CACHE_SECONDS=str(cache_seconds))
    process = subprocess.Popen([str(Path(sys.executable).parent / "zhifa"), "serve", f"127.0.0.1:{port}",
                                "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/gs/decisions/", timeout=30).read()
            return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"server {base} did not start")


def load(request_fns, clients: int, seconds: float):
    """``clients`` threads call the request functions round-robin for ``seconds``; latencies in ms."""
    latencies, errors, stop = [], [], time.perf_counter() + seconds
    lock = threading.Lock()

    def worker(offset):
        mine, i = [], offset
        while time.perf_counter() < stop:
            fn = request_fns[i % len(request_fns)]
            i += clients
            began = time.perf_counter()
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                errors.append(repr(exc)[:200])
                continue
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return latencies, errors, elapsed


def summary(latencies, errors, elapsed) -> dict:
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")

    return {"requests": len(ordered), "rps": round(len(ordered) / elapsed, 1), "p50_ms": round(pct(0.50), 1),
            "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
            "mean_ms": round(statistics.fmean(ordered), 1) if ordered else None, "errors": len(errors),
            "first_error": errors[0] if errors else None}


def scenarios(rng):
    """The query strings of the search mix and the list pages (first page and keyset pages further on)."""
    from zhifa.disclosure.models import PublishedDecision
    from zhifa.organizations.models import Agency

    sample = list(PublishedDecision.objects.order_by("?").values_list("target", "number")[:200]) \
        if PublishedDecision.objects.count() < 20_000 else _sample(rng)
    agency = Agency.objects.filter(short_name__startswith="基准").order_by("pk").first()
    search = []
    for i in range(200):
        query = dict(QUERIES[i % len(QUERIES)])
        target, number = sample[i % len(sample)]
        for key, value in list(query.items()):
            query[key] = {"NAME": target, "NUMBER": number, "AGENCY": str(agency.pk)}.get(value, value)
        search.append(query)
    pages = [{}]
    from zhifa.disclosure import public

    rows = list(public.decisions().values_list("decided_on", "id")[:2000:20])
    pages += [{"after": f"{day.isoformat()}.{pk}"} for day, pk in rows[1:]]
    pages += [{"category": "licence"}, {"agency": str(agency.pk)}]
    return search, pages


def _sample(rng):
    from django.db import connection

    with connection.cursor() as cursor:  # a random sample without sorting a million rows
        cursor.execute("SELECT target, number FROM disclosure_publisheddecision TABLESAMPLE SYSTEM (0.05) LIMIT 200")
        return cursor.fetchall()


def page_sql(params):
    """Every SQL statement the list page runs for ``params``, captured from the view itself (values inlined)."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from zhifa.disclosure.views import decision_list

    with CaptureQueriesContext(connection) as captured:
        decision_list(RequestFactory().get("/gs/decisions/", params))
    return [query["sql"] for query in captured.captured_queries]


def measure(database, clients, seconds, workers, workdir):
    """Each scenario over HTTP without the page cache, with it, and as the page's raw SQL."""
    from django.db import connection

    rng = random.Random(7)
    search, pages = scenarios(rng)
    results = {}
    try:
        for cache_seconds, label in ((0, "HTTP, no page cache"), (300, "HTTP, page cache")):
            process, base = start_server(database, workers, workdir, cache_seconds=cache_seconds)
            try:
                for name, queries in (("search", search), ("list page", pages)):
                    urls = [f"{base}/gs/decisions/?{urllib.parse.urlencode(q)}" for q in queries]

                    def fetch(url):
                        return lambda: urllib.request.urlopen(url, timeout=60).read()

                    load([fetch(u) for u in urls[:clients]], clients, 3)  # warm the workers and their connections
                    results[f"{name} ({label})"] = summary(*load([fetch(u) for u in urls], clients, seconds))
            finally:
                process.terminate()
                process.wait(timeout=60)
        for name, queries in (("search", search), ("list page", pages)):
            sql = [page_sql(q) for q in queries]
            results[f"{name} (raw SQL)"] = summary(*load([_raw(database, s) for s in sql], clients, seconds))
    finally:
        connection.close()
    return results


_local = threading.local()


def _raw(database, statements):
    """Run the page's statements on this thread's own psycopg connection (as each server thread has)."""
    import psycopg

    def run():
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = psycopg.connect(database, autocommit=True)
        with conn.transaction(), conn.cursor() as cursor:  # the page's statements run in one transaction too
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    cursor.fetchall()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="DATABASE_URL of the PostgreSQL benchmark database")
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="server worker processes")
    parser.add_argument("--generate-only", action="store_true", help="fill the database and stop")
    parser.add_argument("--cluster", action="store_true", help="put an existing table in date order again")
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        parser.error("--database must be a PostgreSQL URL (the benchmark uses its full-text index and COPY)")
    setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    total, generated_in = generate(args.decisions)
    if args.cluster:
        with connection.cursor() as cursor:
            cluster(cursor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('disclosure_publisheddecision')), "
                       "pg_size_pretty(pg_relation_size('disclosure_published_search')), version()")
        size, gin, version = cursor.fetchone()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU, {version.split(',')[0]}")
    print(f"{total:,} published decisions ({size} with indexes; GIN {gin})"
          + (f", generated in {generated_in:.0f} s" if generated_in else ""))
    if args.generate_only:
        return
    print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per scenario, zhifa serve with {args.workers} workers")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zhifa-portal-bench-") as workdir:
        results = measure(args.database, args.clients, args.seconds, args.workers, Path(workdir))
    for name, figures in results.items():
        print(f"  {name:34} " + "  ".join(f"{k} {v}" for k, v in figures.items() if v is not None))
    for name in ("search", "list page"):
        raw = results[f"{name} (raw SQL)"]
        for label in ("HTTP, no page cache", "HTTP, page cache"):
            http = results[f"{name} ({label})"]
            print(f"  {name}, {label}: p95 HTTP ÷ raw SQL = {http['p95_ms'] / raw['p95_ms']:.2f}, "
                  f"requests/s HTTP ÷ raw SQL = {http['rps'] / raw['rps']:.2f}")


if __name__ == "__main__":
    main()
