"""Surveys, who was asked, and each member's response (answers so far, or complete)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.model import SurveyPurpose
from storage.db import fetch_all, fetch_one, fetch_value, moment, moment_or_none, stamp


@dataclass(frozen=True, slots=True)
class SurveyRow:
    id: int
    purpose: SurveyPurpose
    title: str
    questions: str            # JSON, read by bot.surveys
    scope_kind: str
    scope_id: int
    anonymous: bool
    units: int
    campaign_id: int | None
    ends_at: datetime
    recipients: int
    created_by: int
    created_at: datetime


_COLUMNS = (
    "id, purpose, title, questions, scope_kind, scope_id, anonymous, units, campaign_id, ends_at, recipients,"
    " created_by, created_at"
)


def _survey(row: aiosqlite.Row | sqlite3.Row) -> SurveyRow:
    return SurveyRow(row["id"], SurveyPurpose(row["purpose"]), *(row[name] for name in SurveyRow.__slots__[2:6]),
                     bool(row["anonymous"]), row["units"], row["campaign_id"], moment(row["ends_at"]),
                     row["recipients"], row["created_by"], moment(row["created_at"]))


@dataclass(frozen=True, slots=True)
class ResponseRow:
    id: int
    survey_id: int
    member_id: int | None
    position: int
    answers: str              # JSON
    finished_at: datetime | None


# -- making ------------------------------------------------------------------------------------------

async def insert_survey(
    conn: aiosqlite.Connection, *, purpose: SurveyPurpose, title: str, questions: str, scope_kind: str, scope_id: int,
    anonymous: bool, units: int, campaign_id: int | None, ends_at: datetime, created_by: int, now: datetime,
) -> int | None:
    """None when the survey exists already (a meeting's feedback survey is made once)."""
    cursor = await conn.execute(
        "INSERT INTO surveys(purpose, title, questions, scope_kind, scope_id, anonymous, units, campaign_id,"
        " ends_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (purpose, title, questions, scope_kind, scope_id, int(anonymous), units, campaign_id, stamp(ends_at),
         created_by, stamp(now)),
    )
    return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


def _audience_sql(scope_kind: str) -> str:
    """Active members a survey for this kind of audience goes to (parameter: district ids or meeting id)."""
    if scope_kind == "meeting":
        return (
            "SELECT m.id, m.tg_id, m.locale FROM checkins c JOIN members m ON m.id = c.member_id"
            " WHERE c.meeting_id = ? AND c.status != 'dropped' AND m.status = 'active' AND m.tg_id IS NOT NULL"
        )
    if scope_kind == "all":
        # The parameter is NULL: every district.
        return "SELECT id, tg_id, locale FROM members WHERE status = 'active' AND tg_id IS NOT NULL AND ? IS NULL"
    return (
        "SELECT id, tg_id, locale FROM members WHERE status = 'active' AND tg_id IS NOT NULL"
        " AND district_id IN (SELECT value FROM json_each(?))"
    )


def _audience_param(scope_kind: str, target: int | Sequence[int] | None) -> Any:
    if scope_kind == "meeting":
        return target
    if scope_kind == "all":
        return None
    return json.dumps(list(target or ()))  # type: ignore[arg-type]


async def count_audience(conn: aiosqlite.Connection, scope_kind: str, target: int | Sequence[int] | None) -> int:
    return int(await fetch_value(
        conn, f"SELECT COUNT(*) FROM ({_audience_sql(scope_kind)})", (_audience_param(scope_kind, target),)
    ))


async def add_recipients(
    conn: aiosqlite.Connection, survey_id: int, broadcast_id: int, scope_kind: str,
    target: int | Sequence[int] | None,
) -> int:
    """Record who is asked and queue each one's invitation (in their language); returns how many."""
    param = _audience_param(scope_kind, target)
    await conn.execute(
        f"INSERT INTO survey_recipients(survey_id, member_id) SELECT ?, id FROM ({_audience_sql(scope_kind)})"
        " ORDER BY id ON CONFLICT DO NOTHING",
        (survey_id, param),
    )
    await conn.execute(
        "INSERT INTO outbox(broadcast_id, chat_id, member_id, payload)"
        f" SELECT ?, tg_id, id, json_object('locale', locale) FROM ({_audience_sql(scope_kind)}) ORDER BY id",
        (broadcast_id, param),
    )
    count = int(await fetch_value(conn, "SELECT COUNT(*) FROM survey_recipients WHERE survey_id = ?", (survey_id,)))
    await conn.execute(
        "UPDATE surveys SET recipients = ?, broadcast_id = ? WHERE id = ?", (count, broadcast_id, survey_id)
    )
    return count


async def get(conn: aiosqlite.Connection, survey_id: int) -> SurveyRow | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM surveys WHERE id = ?", (survey_id,))
    return _survey(row) if row else None


async def recent(conn: aiosqlite.Connection, limit: int) -> list[SurveyRow]:
    rows = await fetch_all(conn, f"SELECT {_COLUMNS} FROM surveys ORDER BY id DESC LIMIT ?", (limit,))
    return [_survey(row) for row in rows]


async def open_surveys(conn: aiosqlite.Connection, now: datetime) -> list[SurveyRow]:
    rows = await fetch_all(conn, f"SELECT {_COLUMNS} FROM surveys WHERE ends_at > ? ORDER BY ends_at", (stamp(now),))
    return [_survey(row) for row in rows]


async def feedback_of(conn: aiosqlite.Connection, meeting_id: int) -> SurveyRow | None:
    row = await fetch_one(
        conn, f"SELECT {_COLUMNS} FROM surveys WHERE purpose = 'feedback' AND scope_id = ?", (meeting_id,)
    )
    return _survey(row) if row else None


async def asked_within(conn: aiosqlite.Connection, survey_id: int, district_ids: Sequence[int]) -> bool:
    """Whether the survey asked anyone in these districts."""
    return await fetch_value(
        conn,
        "SELECT 1 FROM survey_recipients r JOIN members m ON m.id = r.member_id WHERE r.survey_id = ?"
        " AND m.district_id IN (SELECT value FROM json_each(?)) LIMIT 1",
        (survey_id, json.dumps(list(district_ids))),
    ) is not None


async def is_recipient(conn: aiosqlite.Connection, survey_id: int, member_id: int) -> bool:
    return await fetch_value(
        conn, "SELECT 1 FROM survey_recipients WHERE survey_id = ? AND member_id = ?", (survey_id, member_id)
    ) is not None


# -- answering ---------------------------------------------------------------------------------------

_RESPONSE = "SELECT id, survey_id, member_id, position, answers, finished_at FROM survey_responses"


async def response_of(conn: aiosqlite.Connection, survey_id: int, member_id: int) -> ResponseRow | None:
    row = await fetch_one(conn, f"{_RESPONSE} WHERE survey_id = ? AND member_id = ?", (survey_id, member_id))
    return ResponseRow(*row[:5], moment_or_none(row["finished_at"])) if row else None


async def start_response(conn: aiosqlite.Connection, survey_id: int, member_id: int, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO survey_responses(survey_id, member_id, started_at, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (survey_id, member_id, stamp(now), stamp(now)),
    )


async def save_progress(
    conn: aiosqlite.Connection, response_id: int, *, position: int, answers: str, now: datetime, finished: bool
) -> bool:
    """Store the answers so far; False when the response was finished meanwhile (nothing changes)."""
    cursor = await conn.execute(
        "UPDATE survey_responses SET position = ?, answers = ?, updated_at = ?, finished_at = ?"
        " WHERE id = ? AND finished_at IS NULL",
        (position, answers, stamp(now), stamp(now) if finished else None, response_id),
    )
    return cursor.rowcount == 1


# -- results -----------------------------------------------------------------------------------------

async def counts(conn: aiosqlite.Connection, survey_id: int) -> tuple[int, int]:
    """(finished responses, responses still in progress)."""
    row = await fetch_one(
        conn,
        "SELECT COUNT(finished_at), COUNT(*) - COUNT(finished_at) FROM survey_responses WHERE survey_id = ?",
        (survey_id,),
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


@dataclass(frozen=True, slots=True)
class Respondent:
    response_id: int
    name: str | None          # None once erased
    district: str | None
    answers: str              # JSON
    finished_at: datetime


async def finished_responses(
    conn: aiosqlite.Connection, survey_id: int, *, batch: int = 1000
) -> AsyncIterator[Respondent]:
    """Complete responses in the order they came, a page at a time (memory stays flat)."""
    after = 0
    while True:
        rows = await fetch_all(
            conn,
            "SELECT r.id, CASE WHEN m.status = 'deleted' THEN NULL ELSE m.display_name END,"
            " CASE WHEN m.status = 'deleted' THEN NULL ELSE d.name END, r.answers, r.finished_at"
            " FROM survey_responses r LEFT JOIN members m ON m.id = r.member_id"
            " LEFT JOIN districts d ON d.id = m.district_id"
            " WHERE r.survey_id = ? AND r.finished_at IS NOT NULL AND r.id > ? ORDER BY r.id LIMIT ?",
            (survey_id, after, batch),
        )
        for row in rows:
            yield Respondent(*row[:4], moment(row[4]))
        if len(rows) < batch:
            return
        after = rows[-1][0]


async def anonymise_member(conn: aiosqlite.Connection, member_id: int) -> None:
    """An erased member's answers stay in the results, no longer linked to them."""
    await conn.execute("UPDATE survey_responses SET member_id = NULL WHERE member_id = ?", (member_id,))
    await conn.execute("DELETE FROM survey_recipients WHERE member_id = ?", (member_id,))


# -- meetings ----------------------------------------------------------------------------------------

async def meetings_due_for_feedback(
    conn: aiosqlite.Connection, now: datetime, since: datetime
) -> list[aiosqlite.Row]:
    """Meetings that ended (after `since`), asking for feedback, with attendees, and no feedback survey yet."""
    return await fetch_all(
        conn,
        "SELECT m.id, m.title, m.district_id, m.created_by, m.campaign_id FROM meetings m"
        " WHERE m.ends_at <= ? AND m.ends_at > ? AND m.feedback = 1"
        " AND m.confirmation != 'refused'"
        " AND EXISTS (SELECT 1 FROM checkins c WHERE c.meeting_id = m.id AND c.status != 'dropped')"
        " AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.purpose = 'feedback' AND s.scope_id = m.id)"
        " ORDER BY m.ends_at",
        (stamp(now), stamp(since)),
    )


async def feedback_enabled(conn: aiosqlite.Connection, meeting_id: int) -> bool:
    return bool(await fetch_value(conn, "SELECT feedback FROM meetings WHERE id = ?", (meeting_id,)))


async def set_feedback(conn: aiosqlite.Connection, meeting_id: int, enabled: bool) -> None:
    await conn.execute("UPDATE meetings SET feedback = ? WHERE id = ?", (int(enabled), meeting_id))


async def meetings_in_districts(
    conn: aiosqlite.Connection, district_ids: Sequence[int] | None, limit: int
) -> list[tuple[int, str, datetime]]:
    """Recent meetings with attendees, newest first, as (id, title, start): a survey can go to who came."""
    where = "" if district_ids is None else " AND m.district_id IN (SELECT value FROM json_each(?))"
    params: tuple[Any, ...] = () if district_ids is None else (json.dumps(list(district_ids)),)
    rows = await fetch_all(
        conn,
        "SELECT m.id, m.title, m.starts_at FROM meetings m"
        " WHERE EXISTS (SELECT 1 FROM checkins c WHERE c.meeting_id = m.id)" + where
        + " ORDER BY m.starts_at DESC LIMIT ?",
        (*params, limit),
    )
    return [(row["id"], row["title"], moment(row["starts_at"])) for row in rows]
