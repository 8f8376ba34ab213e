"""The weekly plan as files teams plan with: an iCalendar file (RFC 5545) and a CSV of the next weeks."""

from bot.export.files import CSV_MIME, ICS_MIME, MAX_FILE_BYTES, plan_csv, plan_ics
from bot.export.payload import EXPORT_PREFIX, export_payload, profile_from_payload
from bot.export.reply import UPLOAD_FAILED, export_reply
from bot.export.slots import DEFAULT_POST_TIME, PostSlot, post_slots

__all__ = ["CSV_MIME", "DEFAULT_POST_TIME", "EXPORT_PREFIX", "ICS_MIME", "MAX_FILE_BYTES", "UPLOAD_FAILED",
           "PostSlot", "export_payload", "export_reply", "plan_csv", "plan_ics", "post_slots",
           "profile_from_payload"]
