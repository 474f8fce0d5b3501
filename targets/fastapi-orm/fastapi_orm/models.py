"""The ORM mapping of spec/schema/sqlite.sql and spec/schema/postgres.sql (as in flask-orm).

The table is created by crudbench, never here. The mapping is the same on both databases
except for the timestamp columns' type (see Timestamp).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Dialect, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from .validation import format_timestamp, parse_timestamp


class PostgresTimestamp(TypeDecorator[str]):
    """A TIMESTAMPTZ column exchanged as the contract's text, 2026-11-26T10:17:07.123Z.

    Binds the aware datetime the text names (whole milliseconds, as utc_now() makes them) and
    renders loaded values in UTC, including rows written with the schema's default
    date_trunc('milliseconds', now())."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else parse_timestamp(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else format_timestamp(value)


# Timestamps stay strings in the contract's exact format throughout the application. On
# SQLite that is how the schema stores them: plain String, read and written verbatim (a
# DateTime mapping would parse every value on load and format it again for JSON without
# changing a byte of any response). On PostgreSQL the column is TIMESTAMPTZ, converted at
# the boundary by PostgresTimestamp.
Timestamp = String().with_variant(PostgresTimestamp(), "postgresql")


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = {"sqlite_autoincrement": True}

    # BIGINT, as in postgres.sql (SQLite's INTEGER is 64-bit too): ids up to 2**63-1 are
    # compared as BIGINT on PostgreSQL, not cast to a 32-bit INTEGER. The database assigns it.
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    # Boolean: BOOLEAN on PostgreSQL; on SQLite, SQLAlchemy stores 1/0 in the INTEGER column
    # and reads them back as bool.
    completed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[str] = mapped_column(Timestamp)
    updated_at: Mapped[str] = mapped_column(Timestamp)

