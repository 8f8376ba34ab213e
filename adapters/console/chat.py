"""The console chat: the same engine and store as every adapter, buttons as numbered options."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path
from typing import TextIO

from adapters.console.files import save_files
from adapters.console.render import render_reply
from bot.advisor import Advisor
from bot.knowledge.model import StepType
from bot.types import Button, ConversationKey, Incoming, Reply

QUIT_WORDS = frozenset({"/quit", "/exit"})
BANNER = ("Social Media Advisor. Ask a question about social media marketing, type a number to press "
          "a button, /quit or Ctrl-D to leave.")


class ConsoleSession:
    """One person at one terminal. `buttons` are those of the last turn, numbered from 1."""

    def __init__(self, advisor: Advisor, key: ConversationKey | None = None, folder: Path | None = None) -> None:
        self.advisor = advisor
        self.key = key or ConversationKey("console", "local", "", _user())
        self.buttons: list[Button] = []
        self.folder = folder
        """Where files that come with replies are written (None: the current folder)."""

    def to_incoming(self, line: str) -> Incoming:
        """A typed number presses that button of the last turn; anything else is a message."""
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            button = self.buttons[int(text) - 1]
            return Incoming(self.key, text=button.label, payload=button.payload)
        return Incoming(self.key, text=line)

    def render(self, replies: list[Reply]) -> str:
        self.buttons = []
        parts = []
        for reply in replies:
            parts.append(render_reply(reply, first_number=len(self.buttons) + 1))
            if reply.files:
                parts.append("\n".join(f"  📎 {line}" for line in save_files(reply.files, self.folder or Path.cwd())))
            self.buttons.extend(reply.buttons)
        return "\n\n".join(parts)

    async def send(self, line: str) -> str:
        incoming = self.to_incoming(line)
        if incoming.payload is not None and await self._expects_number():
            incoming = Incoming(self.key, text=line)  # "5" at "how many hours?" means 5 hours, not button 5
        return self.render(await self.advisor.handle(incoming))

    async def _expects_number(self) -> bool:
        flow = (await self.advisor.state(self.key)).flow
        if flow is None:
            return False
        step = self.advisor.knowledge.flows[flow.flow].step(flow.step)
        return step is not None and step.type is StepType.NUMBER


async def run_console(advisor: Advisor, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    session = ConsoleSession(advisor)
    interactive = stdin.isatty()
    print(BANNER, file=stdout)
    state = await advisor.state(session.key)
    if state.flow is not None:
        resume = advisor.dialogue.flows.prompt(state.flow, advisor.knowledge.message("flow_resume"))
        print(f"\nadvisor> {session.render([resume])}", file=stdout)
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            print("\nyou> ", end="", file=stdout, flush=True)
        line = await loop.run_in_executor(None, stdin.readline)
        if not line or line.strip().lower() in QUIT_WORDS:
            print("\nBye!", file=stdout)
            return 0
        output = await session.send(line.rstrip("\n"))
        print(f"\nadvisor> {output}", file=stdout, flush=True)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"
