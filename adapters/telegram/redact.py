"""Keeping the bot token out of every log record, whatever handler or formatter prints it.

The Bot API URL contains the token (`.../bot<token>/sendMessage`) and PTB and httpx log it (PTB at
DEBUG, httpx at INFO), and an exception text can quote it. adapters/logs.py redacts the lines of
our own handler; this filter cleans the records themselves, at the loggers that produce them, so
pytest's caplog, a user's logging config or an error tracker never see the secret either.
"""

from __future__ import annotations

import logging

from adapters.logs import redact

LOGGER_ROOTS = ("telegram", "httpx", "httpcore", "tornado", "advisor")


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
        return True


def install_redaction(secrets: tuple[str, ...]) -> RedactSecrets:
    """Attach one filter to the loggers of PTB, httpx, httpcore, tornado and the advisor (a filter
    on a logger sees only that logger's records, so every existing child logger gets it too).
    Installing again replaces the previous filter."""
    redactor = RedactSecrets(secrets)
    names = {n for n in logging.root.manager.loggerDict if n.split(".")[0] in LOGGER_ROOTS} | set(LOGGER_ROOTS)
    for name in names:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, RedactSecrets)]:
            logger.removeFilter(old)
        logger.addFilter(redactor)
    return redactor
