"""Files that come with replies, uploaded into a conversation with files_upload_v2 (files.getUploadURLExternal,
the upload itself, files.completeUploadExternal)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.export import UPLOAD_FAILED
from bot.types import FileAttachment

log = logging.getLogger("advisor.slack")


async def upload_files(client: AsyncWebClient, channel: str, thread_ts: str | None,
                       files: tuple[FileAttachment, ...]) -> str | None:
    """Upload the files into the channel (in the thread when given), in one message. None when done;
    otherwise what to tell the person (the reply's text went out already)."""
    uploads = [{"content": f.content, "filename": f.filename, "title": f.filename} for f in files]
    try:
        await client.files_upload_v2(file_uploads=uploads, channel=channel, thread_ts=thread_ts)
    except SlackApiError as exc:
        data = exc.response.data
        error = str(data.get("error") or "") if isinstance(data, dict) else str(exc.response.status_code)
    except Exception as exc:  # the upload URL itself failed (network, refused content)
        error = type(exc).__name__
    else:
        return None
    log.warning("file upload failed: %s", error, extra={"channel": channel, "files": [f.filename for f in files]})
    return UPLOAD_FAILED.format(name=", ".join(f.filename for f in files), error=error)
