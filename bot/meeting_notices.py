"""What members hear about new meetings and materials: the announcement of a new one, a calendar file and a map
link for those who will come, and the notice when a meeting they said they would come to is
cancelled. Mass sends go through the outbox; these functions never read the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import aiosqlite

from bot.model import Meeting, NotificationTopic
from bot.scopes import Scope
from storage import meetings as store
from storage import notifications, scopes
from storage import outbox as outbox_store
from storage.db import Database

ANNOUNCEMENT = "meeting"            # broadcast kind and renderer of a new meeting's announcement
MATERIAL = "material"               # broadcast kind and renderer of a new material's announcement
CANCELLATION = "meeting_cancelled"


def map_link(meeting: Meeting) -> str:
    """A Yandex Maps link: the meeting's point when it has one, else a search for its place."""
    if meeting.latitude is not None and meeting.longitude is not None:
        return f"https://yandex.ru/maps/?pt={meeting.longitude:.6f},{meeting.latitude:.6f}&z=17&l=map"
    return "https://yandex.ru/maps/?text=" + quote(meeting.place)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    # RFC 5545: lines of at most 75 octets, continued with a space; never split a UTF-8 character.
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0]] + [" " + part for part in parts[1:]]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_file(meeting: Meeting, *, organisation: str, now: datetime) -> bytes:
    """An .ics file with the meeting, for any phone's calendar (RFC 5545)."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{_ics_text(organisation)}//Meetings//RU", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:meeting-{meeting.id}@vverh", f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(meeting.starts_at)}", f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_ics_text(meeting.title)}", f"LOCATION:{_ics_text(meeting.place)}",
        f"URL:{map_link(meeting)}",
    ]
    if meeting.latitude is not None and meeting.longitude is not None:
        lines.append(f"GEO:{meeting.latitude:.6f};{meeting.longitude:.6f}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode()


async def queue_announcement(
    conn: aiosqlite.Connection, meeting: Meeting, *, when: str, button_data: str, now: datetime
) -> int:
    """Queue the new meeting's announcement to its district's members who want it (not its organiser).

    Called inside the act that creates the meeting, so a meeting and its announcement are
    written together. Returns how many members will hear of it.
    """
    broadcast_id = await outbox_store.create_broadcast(
        conn, kind=ANNOUNCEMENT, now=now,
        payload={
            "method": "sendMessage", "render": ANNOUNCEMENT, "title": meeting.title, "place": meeting.place,
            "when": when, "button_key": "meeting-announce-going", "button_data": button_data,
        },
    )
    total = await notifications.add_members_wanting(
        conn, broadcast_id, district_ids=[meeting.district.id], topic=NotificationTopic.NEW_MEETINGS,
        except_tg_id=meeting.created_by,
    )
    await outbox_store.drop_if_empty(conn, broadcast_id, now)
    return total


async def queue_material_notice(
    conn: aiosqlite.Connection, *, title: str, scope: Scope, published_by: int, now: datetime
) -> int:
    """Queue the news of a new material to the members of its scope who want it (not its publisher).

    Called inside the act that publishes the material, so both are written together.
    """
    broadcast_id = await outbox_store.create_broadcast(
        conn, kind=MATERIAL, now=now, payload={"method": "sendMessage", "render": MATERIAL, "title": title},
    )
    district_ids = [district.id for district in await scopes.districts(conn, scope)]
    total = await notifications.add_members_wanting(
        conn, broadcast_id, district_ids=district_ids, topic=NotificationTopic.NEW_MATERIALS,
        except_tg_id=published_by,
    ) if district_ids else 0
    await outbox_store.drop_if_empty(conn, broadcast_id, now)
    return total


async def queue_cancellation(conn: aiosqlite.Connection, meeting: Meeting, *, when: str, now: datetime) -> int:
    """Queue the notice of a cancelled meeting to everyone who said they would come."""
    recipients = await store.rsvp_recipients(conn, meeting.id)
    if not recipients:
        return 0
    broadcast_id = await outbox_store.create_broadcast(
        conn, kind=CANCELLATION, now=now,
        payload={"method": "sendMessage", "render": CANCELLATION, "title": meeting.title, "when": when},
    )
    return await outbox_store.add_rows(
        conn, broadcast_id, [(r.tg_id, None, {"locale": r.locale}) for r in recipients]
    )


async def settings_of(db: Database, member_id: int) -> dict[NotificationTopic, bool]:
    async with db.reading() as conn:
        return await notifications.wanted(conn, member_id)


async def set_every_setting(db: Database, *, member_id: int, on: bool) -> dict[NotificationTopic, bool]:
    """Turn every kind of notification on or off at once (the "check your details" answer)."""
    async with db.transaction() as conn:
        for topic in NotificationTopic:
            await notifications.set_wanted(conn, member_id, topic, on)
        return await notifications.wanted(conn, member_id)


async def toggle_setting(db: Database, *, member_id: int, topic: NotificationTopic) -> dict[NotificationTopic, bool]:
    """Turn one kind of notification on or off for a member; returns all their settings."""
    async with db.transaction() as conn:
        current = await notifications.wanted(conn, member_id)
        await notifications.set_wanted(conn, member_id, topic, not current[topic])
        return await notifications.wanted(conn, member_id)
