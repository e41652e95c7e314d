"""Calendar invitations (RFC 5545 iCalendar, with the RFC 5546 methods REQUEST, CANCEL and PUBLISH).

The `icalendar` package is not among the project's dependencies, and a meeting needs one VEVENT: this small generator
writes it. What it takes care of:
- TEXT values escape backslashes, semicolons, commas and newlines (RFC 5545 §3.3.11);
- parameter values (a person's name) are quoted, their double quotes and control characters dropped (§3.2);
- date-times are written in UTC (`19980119T070000Z`, §3.3.5), whatever the time zone they come in;
- content lines are folded at 75 octets without cutting a UTF-8 character, and end with CRLF (§3.1).
"""

import datetime
import re
from dataclasses import dataclass, field

PRODID = "-//Plateforme OLS//Reunions//FR"
LINE_OCTETS = 75
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    stamp: datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    organizer: Person | None = None
    attendees: tuple[Person, ...] = field(default_factory=tuple)


def escape_text(value: str) -> str:
    """A TEXT value: `\\`, `;` and `,` escaped, every kind of line break written `\\n`."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def param_value(value: str) -> str:
    """A parameter value, always quoted (a name may hold `:`, `;` or `,`); double quotes cannot be escaped: dropped."""
    return '"' + _CONTROL.sub("", value.replace("\r", " ").replace("\n", " ")).replace('"', "") + '"'


def utc(value: datetime.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("An iCalendar date-time needs an aware datetime.")
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (continuations start with a space, which counts)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    pieces, current, limit = [], b"", LINE_OCTETS
    for char in line:
        octets = char.encode("utf-8")
        if len(current) + len(octets) > limit:
            pieces.append(current.decode("utf-8"))
            current, limit = b"", LINE_OCTETS - 1
        current += octets
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def calendar(event: Event, method: str) -> str:
    """The iCalendar text of `event` for `method` (REQUEST, CANCEL or PUBLISH)."""
    if method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise ValueError(f"Unknown iTIP method {method}.")
    if event.ends_at <= event.starts_at:
        raise ValueError("An event ends after it starts.")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"SEQUENCE:{int(event.sequence)}",
        f"DTSTAMP:{utc(event.stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_CONTROL.sub('', event.url)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append("STATUS:" + ("CANCELLED" if event.cancelled or method == "CANCEL" else "CONFIRMED"))
    if event.organizer is not None:
        lines.append(f"ORGANIZER;CN={param_value(event.organizer.name)}:mailto:{event.organizer.email}")
    for person in event.attendees:
        lines.append(
            f"ATTENDEE;CN={param_value(person.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;"
            f"PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{person.email}"
        )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
