"""The reply to Export calendar: the plan's slots as text, with the two files attached."""

from __future__ import annotations

from datetime import date

from bot.export.files import CSV_MIME, ICS_MIME, plan_csv, plan_ics
from bot.export.slots import post_slots
from bot.knowledge.model import Knowledge
from bot.recommend import recommend
from bot.recommend.scoring import Profile
from bot.types import Button, FileAttachment, Reply, ReplyKind

ADVICE_TOPIC = "editorial-calendar"
ICS_NAME = "social-media-plan.ics"
CSV_NAME = "social-media-plan.csv"
UPLOAD_FAILED = "I couldn't deliver {name} here ({error}). The plan is above as text; try again in a moment."
"""What adapters say when a platform refuses a file (the reply's text was sent already)."""
_DAYS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


def export_reply(knowledge: Knowledge, profile: Profile, start: date, advice_link: str | None = None) -> Reply:
    """The export of the recommendation for `profile`, the CSV covering the 4 weeks from `start`.
    `advice_link` opens the editorial-calendar advice where the platform has such links (None: the
    files say how to ask for it). The text lists every slot, so it stands on its own when a platform
    refuses the files."""
    rec = recommend(knowledge, profile)
    slots = post_slots(knowledge, rec)
    title = knowledge.topics[ADVICE_TOPIC].title if ADVICE_TOPIC in knowledge.topics else "The editorial calendar"
    advice = (f"{title}: {advice_link}" if advice_link
              else f"{title}: ask the Social Media Advisor \"editorial calendar\".")
    files = (FileAttachment(plan_ics(slots, start, advice), ICS_NAME, ICS_MIME),
             FileAttachment(plan_csv(slots, start), CSV_NAME, CSV_MIME))
    lines = ["**Your weekly plan as a calendar.** Import the .ics file into your calendar (one weekly "
             "event per post), open the .csv in a spreadsheet (the posts of the next 4 weeks)."]
    lines += [f"- {_DAYS[s.day]} {s.at:%H:%M}: {s.summary} (about {s.hours:g} h)" for s in slots]
    buttons = (Button(title, f"topic:{ADVICE_TOPIC}"),) if ADVICE_TOPIC in knowledge.topics else ()
    return Reply("\n".join(lines), ReplyKind.FLOW, None, 1.0, buttons, files=files)
