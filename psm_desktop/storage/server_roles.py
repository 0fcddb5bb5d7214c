"""Who may do what on a plan kept on a PostgreSQL server, enforced by the server itself.

Three group roles, shared by every plan database of the cluster:
- psm_coordinatore edits everything;
- psm_ufficio edits only the actions its stakeholder is assigned to, and their deadlines
  and indicators (row-level security policies for what is written, triggers for what is
  changed or removed, so a refusal is an error, never a silently untouched row);
- psm_lettore reads only.
Each application user is a LOGIN role in one of them, listed in `psm_server_user` with
its office. The tables stay owned by the IT office's user, which the application never
uses: so a user connecting with psql gets no more than the application allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from psm_desktop.errors import DatabaseError, UserError
from psm_desktop.storage import postgres
from psm_desktop.storage.database import Database

ROLES = ("coordinatore", "ufficio", "lettore")
GROUPS = {role: f"psm_{role}" for role in ROLES}
USER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,62}$")

# Tables an office edits, and how a row leads to its action: (table, column, owner kind).
OFFICE_TABLES = (
    ("action", "id", "action"),
    ("deadline", "action_id", "action"),
    ("indicator", "action_id", "action"),
    ("indicator_value", "indicator_id", "indicator"),
    ("indicator_target", "indicator_id", "indicator"),
)
# Written by nobody but the IT office's user (migrations, server commands).
OWNER_ONLY = ("alembic_version", "psm_server_user")

SETUP = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'psm_coordinatore') THEN
    CREATE ROLE psm_coordinatore NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'psm_ufficio') THEN
    CREATE ROLE psm_ufficio NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'psm_lettore') THEN
    CREATE ROLE psm_lettore NOLOGIN;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO psm_coordinatore, psm_ufficio, psm_lettore',
                 current_database());
END $$;

CREATE TABLE IF NOT EXISTS psm_server_user (
  name text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('coordinatore', 'ufficio', 'lettore')),
  stakeholder_id integer REFERENCES stakeholder (id) ON DELETE SET NULL
);

CREATE OR REPLACE FUNCTION psm_my_role() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT role FROM psm_server_user WHERE name = current_user $$;

CREATE OR REPLACE FUNCTION psm_may_edit_action(target integer) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM assignment a JOIN psm_server_user u ON u.stakeholder_id = a.stakeholder_id
    WHERE u.name = current_user AND u.role = 'ufficio' AND a.action_id = target)
$$;

CREATE OR REPLACE FUNCTION psm_may_edit_indicator(target integer) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT psm_may_edit_action(action_id) FROM indicator WHERE id = target), false)
$$;

-- An office touching a row of another office's action: refused with an error (42501).
CREATE OR REPLACE FUNCTION psm_guard_office() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner integer := (to_jsonb(OLD) ->> TG_ARGV[0])::integer;
  allowed boolean;
BEGIN
  IF psm_my_role() IS DISTINCT FROM 'ufficio' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_ARGV[1] = 'indicator' THEN
    allowed := psm_may_edit_indicator(owner);
  ELSE
    allowed := psm_may_edit_action(owner);
  END IF;
  IF NOT allowed THEN
    RAISE EXCEPTION 'psm: % on %: not an action of this office', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- The change log names the database user, whatever the client says.
CREATE OR REPLACE FUNCTION psm_log_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF psm_my_role() IS NOT NULL THEN
    NEW."user" := current_user;
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS psm_log_user ON change_log;
CREATE TRIGGER psm_log_user BEFORE INSERT ON change_log
  FOR EACH ROW EXECUTE FUNCTION psm_log_user();

-- Open windows refresh when others edit: every logged change is announced.
CREATE OR REPLACE FUNCTION psm_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('psm_modifiche', NEW.entity || ':' || coalesce(NEW.entity_id::text, ''));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS psm_notify_change ON change_log;
CREATE TRIGGER psm_notify_change AFTER INSERT ON change_log
  FOR EACH ROW EXECUTE FUNCTION psm_notify_change();

GRANT USAGE ON SCHEMA public TO psm_coordinatore, psm_ufficio, psm_lettore;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM psm_coordinatore, psm_ufficio, psm_lettore;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO psm_coordinatore, psm_ufficio, psm_lettore;
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO psm_coordinatore;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO psm_coordinatore, psm_ufficio;
GRANT INSERT ON change_log TO psm_ufficio;
GRANT UPDATE ON action TO psm_ufficio;
GRANT INSERT, UPDATE, DELETE ON deadline, indicator, indicator_value, indicator_target
  TO psm_ufficio;

-- psm_meta holds the plan's settings (health rules), which coordinators change, and its
-- identity (marker, id, creation), which nobody but the owner does.
ALTER TABLE psm_meta ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS psm_read ON psm_meta;
DROP POLICY IF EXISTS psm_settings ON psm_meta;
CREATE POLICY psm_read ON psm_meta FOR SELECT USING (true);
CREATE POLICY psm_settings ON psm_meta FOR ALL TO psm_coordinatore
  USING (key NOT IN ('app', 'database_id', 'created_at', 'created_by_version'))
  WITH CHECK (key NOT IN ('app', 'database_id', 'created_at', 'created_by_version'));
"""


def _office_sql(table: str, column: str, kind: str) -> str:
    check = f"psm_may_edit_{kind}({column})"
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS psm_read ON {table};
DROP POLICY IF EXISTS psm_coordinate ON {table};
DROP POLICY IF EXISTS psm_office_insert ON {table};
DROP POLICY IF EXISTS psm_office_update ON {table};
DROP POLICY IF EXISTS psm_office_delete ON {table};
CREATE POLICY psm_read ON {table} FOR SELECT USING (true);
CREATE POLICY psm_coordinate ON {table} FOR ALL TO psm_coordinatore
  USING (true) WITH CHECK (true);
CREATE POLICY psm_office_insert ON {table} FOR INSERT TO psm_ufficio WITH CHECK ({check});
CREATE POLICY psm_office_update ON {table} FOR UPDATE TO psm_ufficio
  USING (true) WITH CHECK ({check});
CREATE POLICY psm_office_delete ON {table} FOR DELETE TO psm_ufficio USING (true);
DROP TRIGGER IF EXISTS psm_guard_office ON {table};
CREATE TRIGGER psm_guard_office BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION psm_guard_office('{column}', '{kind}');
"""


def install(db: Database) -> None:
    """Create or refresh the roles, grants, policies and triggers (as the tables' owner;
    run again after every migration, since new tables need their grants)."""
    _require_server(db)
    with _administering(db) as connection:
        _run(connection, SETUP)
        for table, column, kind in OFFICE_TABLES:
            _run(connection, _office_sql(table, column, kind))
        _run(
            connection,
            f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(OWNER_ONLY)} FROM psm_coordinatore",
        )


@contextmanager
def _administering(db: Database) -> Iterator[Connection]:
    """One transaction of the IT office's; what the server refuses is said in Italian."""
    try:
        with db.engine.begin() as connection:
            yield connection
    except DBAPIError as exc:
        translated = postgres.translate_error(exc, db.location)
        if translated is exc:
            raise
        raise translated from exc


def _run(connection: Connection, script: str) -> None:
    # Straight to psycopg with no parameters: the script is sent as it is, its `%`
    # (format(), RAISE) untouched, in the transaction of `connection`.
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(script)
    finally:
        cursor.close()


def _require_server(db: Database) -> None:
    if not db.on_server:
        raise UserError(f"{db.location} è un file: ruoli e utenti valgono solo sul server")


@dataclass(frozen=True)
class ServerUser:
    name: str
    role: str
    stakeholder: str | None

    def as_json(self) -> dict[str, Any]:
        return {"user": self.name, "role": self.role, "stakeholder": self.stakeholder}


def add_user(db: Database, name: str, role: str, stakeholder: str | None) -> None:
    """Create the LOGIN role `name` (if new) in the group of `role`, with its office."""
    _require_server(db)
    if role not in ROLES:
        raise UserError(f"ruolo '{role}' non valido; valori ammessi: {', '.join(ROLES)}")
    if not USER_NAME.match(name):
        raise UserError(
            f"nome utente '{name}' non valido: lettere, cifre, _ . - (al massimo 63 caratteri)"
        )
    with _administering(db) as connection:
        if not _installed(connection):
            raise DatabaseError(
                f"I ruoli non sono ancora pronti sul server {db.location}: esegui prima "
                "«psm-desktop server init»."
            )
        stakeholder_id = _stakeholder_id(connection, stakeholder) if stakeholder else None
        quoted = connection.dialect.identifier_preparer.quote(name)
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
        ).scalar()
        if not exists:
            connection.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
        for other in ROLES:
            connection.exec_driver_sql(f"REVOKE {GROUPS[other]} FROM {quoted}")
        connection.exec_driver_sql(f"GRANT {GROUPS[role]} TO {quoted}")
        connection.execute(
            text(
                "INSERT INTO psm_server_user (name, role, stakeholder_id) VALUES (:n, :r, :s) "
                "ON CONFLICT (name) DO UPDATE SET role = :r, stakeholder_id = :s"
            ),
            {"n": name, "r": role, "s": stakeholder_id},
        )


def _installed(connection: Connection) -> bool:
    return bool(connection.exec_driver_sql("SELECT to_regclass('psm_server_user')").scalar())


def _stakeholder_id(connection: Connection, name: str) -> int:
    found = connection.execute(
        text("SELECT id FROM stakeholder WHERE lower(name) = lower(:n)"), {"n": name.strip()}
    ).scalar()
    if found is None:
        raise UserError(f"l'ufficio «{name}» non è tra i soggetti del piano")
    return int(found)


def list_users(db: Database) -> list[ServerUser]:
    _require_server(db)
    with db.engine.connect() as connection:
        if not _installed(connection):
            return []
        rows = connection.exec_driver_sql(
            "SELECT u.name, u.role, s.name FROM psm_server_user u "
            "LEFT JOIN stakeholder s ON s.id = u.stakeholder_id ORDER BY u.name"
        ).all()
    return [ServerUser(str(n), str(r), s) for n, r, s in rows]


def is_empty(url: str) -> bool:
    """Whether the server database at `url` has no tables yet (a new plan goes there)."""
    engine = postgres.make_engine(url)
    try:
        return not postgres.table_names(engine)
    finally:
        engine.dispose()
