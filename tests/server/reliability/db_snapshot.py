"""Every row of every table, reduced to counts and one hash: compared before
and after a call to prove that a refused call changed nothing."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from desktop_app.server.db.models import Base


def snapshot(sessions) -> tuple[dict[str, int], str]:
    digest = hashlib.sha256()
    counts = {}
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            counts[table.name] = len(rows)
            digest.update(table.name.encode())
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()
