"""Append-only at the database level: triggers that reject UPDATE and DELETE (and, on PostgreSQL,
TRUNCATE) on the journal, its tree nodes and its checkpoints.

They stop the application, a stray admin action or a careless SQL session; someone with the
rights to drop them is caught instead by ``zhifa verify`` against the signed checkpoints. Only
``flush`` (erasing the whole database, as the test runner does) lifts them, and restores them.
"""

TABLES = ("ledger_journalentry", "ledger_treenode", "ledger_checkpoint")
MESSAGE = "执法记录日志只能追加，不允许修改或删除"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION zhifa_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}（表 %%，操作 %%）', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def _statements(vendor: str, tables, install: bool) -> list[str]:
    sql = []
    for table in tables:
        if vendor == "sqlite":
            for op in ("update", "delete"):
                name = f"{table}_append_only_{op}"
                sql.append(f'DROP TRIGGER IF EXISTS "{name}"')
                if install:
                    sql.append(f"CREATE TRIGGER \"{name}\" BEFORE {op.upper()} ON \"{table}\" "
                               f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}（{table}）'); END")
        elif vendor == "postgresql":
            sql.append(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
            sql.append(f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"')
            if install:
                sql.append(f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
                           "FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_append_only()")
                sql.append(f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
                           "FOR EACH STATEMENT EXECUTE FUNCTION zhifa_ledger_append_only()")
        else:
            raise NotImplementedError(f"数据库 {vendor} 尚不支持只追加触发器")
    return sql


def _existing(connection, tables):
    present = set(connection.introspection.table_names())
    return [t for t in tables if t in present]


def install(connection, tables=TABLES) -> None:
    tables = _existing(connection, tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and tables:
            cursor.execute(_PG_FUNCTION.replace("%%", "%"))
        for statement in _statements(connection.vendor, tables, install=True):
            cursor.execute(statement)


def remove(connection, tables=TABLES) -> None:
    tables = _existing(connection, tables)
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, tables, install=False):
            cursor.execute(statement)


def installed(connection) -> list[str]:
    """Names of the append-only triggers present, to report when someone has dropped them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only%'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%%append_only%%' "
                           "OR tgname LIKE '%%no_truncate%%'")
        return sorted(row[0] for row in cursor.fetchall())


def expected_count(vendor: str) -> int:
    return len(TABLES) * 2
