"""The ORM mapping of spec/schema/sqlite.sql. The table is created by crudbench, never here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    # Boolean: SQLAlchemy stores 1/0 in the INTEGER column and reads them back as bool.
    completed: Mapped[bool] = mapped_column(default=False)
    # Timestamps stay strings in the contract's exact format (2026-11-26T10:17:07.123Z),
    # which is how the schema stores them; rows written by anyone else are read verbatim.
    # A DateTime mapping would parse every value on load and format it again for JSON
    # without changing a byte of any response.
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "completed": self.completed,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
