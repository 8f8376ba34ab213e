"""The console adapter and the `advisor` command: the terminal chat (chat), `ask` (ask), `recommend`
(recommend), `kb check` (kb), the plain-text renderer they share (render) and the CLI entry (cli), which
starts the Telegram and Slack adapters on `advisor serve`."""

from adapters.console.cli import main

__all__ = ["main"]
