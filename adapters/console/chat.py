"""The console chat: the same engine and store as every adapter, buttons as numbered options.

Numbers mean what they show: the buttons of the last turn are numbered, those of the current question
first (so its numbers never change after a question on the side); a number that is no option gets
"there is no option N" and the options again, never a knowledge answer. At a question that asks for a
number (hours), numbers are the answer, so that question's options are shown as words to type. The
options are kept in the store, so the next `advisor chat` shows them again.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TextIO

from adapters.console.files import save_files
from adapters.console.render import DOWN_KEY, UP_KEY, render_options_as_text, render_reply
from adapters.console.terminal import LineReader, own_foreground
from bot.advisor import Advisor
from bot.knowledge.model import StepType
from bot.store.base import StoreError
from bot.types import Button, ConversationKey, FeedbackRow, Incoming, Reply

QUIT_WORDS = frozenset({"/quit", "/exit"})
NOTHING_TO_RATE = "Ask me a question first: then + or - tells me whether my answer helped."
BANNER = ("Social Media Advisor. Ask a question about social media marketing, type a number to press "
          "a button, /quit, Ctrl-D or Ctrl-C to leave.")
NO_OPTION = "There is no option {number} here."
NO_OPTIONS = "There is no option {number} here: there are no options right now. Ask me a question in words."
PICK_ONE = "Type one of these numbers, or ask a question in words:"
LAST_TIME = "Where we left off:"
OPTIONS_KEY = "console:options:"
"""Store key prefix of the options a console conversation showed last (for the next start)."""


class ConsoleSession:
    """One person at one terminal. `buttons` are the numbered options of the last turn ([1] is index 0);
    `feedback` is the 👍/👎 row of the last answer that had one (`+` and `-` press it)."""

    def __init__(self, advisor: Advisor, key: ConversationKey | None = None, folder: Path | None = None) -> None:
        self.advisor = advisor
        self.key = key or ConversationKey("console", "local", "", _user())
        self.buttons: list[Button] = []
        self.feedback: FeedbackRow | None = None
        self.folder = folder
        """Where files that come with replies are written (None: the current folder)."""

    async def send(self, line: str) -> str:
        """Handle one typed line; returns what to print."""
        text = line.strip()
        if text in (UP_KEY, DOWN_KEY):
            return await self._rate(text)
        if text.isdigit() and not await self._expects_number():
            number = int(text)
            if not 1 <= number <= len(self.buttons):
                return self._no_option(number)
            button = self.buttons[number - 1]
            incoming = Incoming(self.key, text=button.label, payload=button.payload)
        else:
            incoming = Incoming(self.key, text=line)  # "5" at "how many hours?" means 5 hours, not button 5
        replies = await self.advisor.handle(incoming)
        shown = self.render(replies, numbers=not await self._expects_number())
        await self._remember()
        return shown

    async def _rate(self, key: str) -> str:
        """`+` / `-`: a press on the last answer's 👍 / 👎 (a thank-you, and after a 👎 the follow-up)."""
        if self.feedback is None:
            return NOTHING_TO_RATE
        up, down = self.feedback.buttons
        pressed = up if key == UP_KEY else down
        replies = await self.advisor.handle(Incoming(self.key, text=pressed.label, payload=pressed.payload))
        thanks = self.advisor.knowledge.message("feedback_thanks")
        if not replies:
            return thanks
        shown = self.render(replies, numbers=not await self._expects_number())
        await self._remember()
        return f"{thanks}\n\n{shown}"

    def render(self, replies: list[Reply], numbers: bool = True) -> str:
        """The replies with their buttons: numbered (the last reply's, the current question, first) or,
        when numbers are answers, as words to type."""
        self.buttons = []
        first: dict[int, int] = {}
        if numbers:
            for reply in [*replies[-1:], *replies[:-1]]:
                first[id(reply)] = len(self.buttons) + 1
                self.buttons.extend(reply.buttons)
        parts = []
        for reply in replies:
            self.feedback = reply.feedback or self.feedback
            parts.append(render_reply(reply, first_number=first[id(reply)]) if numbers
                         else render_options_as_text(reply))
            if reply.files:
                parts.append("\n".join(f"  📎 {line}" for line in save_files(reply.files, self.folder or Path.cwd())))
        return "\n\n".join(parts)

    def _no_option(self, number: int) -> str:
        if not self.buttons:
            return NO_OPTIONS.format(number=number)
        options = render_reply(Reply("", buttons=tuple(self.buttons))).strip()
        return f"{NO_OPTION.format(number=number)} {PICK_ONE}\n\n{options}"

    async def _expects_number(self) -> bool:
        flow = (await self.advisor.state(self.key)).flow
        if flow is None:
            return False
        step = self.advisor.knowledge.flows[flow.flow].step(flow.step)
        return step is not None and step.type is StepType.NUMBER

    async def _remember(self) -> None:
        """Keep the numbered options in the store, for the next start (best effort)."""
        store, key = self.advisor.store, OPTIONS_KEY + self.key.as_str()
        value = json.dumps([[b.label, b.payload] for b in self.buttons])
        try:
            record = await store.get(key)
            await store.put(key, value, record.version if record else 0, self.advisor.idle_timeout)
        except StoreError:
            pass

    async def restore(self) -> str | None:
        """What to show at start: the current question (in a walk-through), or the options shown last."""
        state = await self.advisor.state(self.key)
        if state.flow is not None:
            resume = self.advisor.dialogue.flows.prompt(state.flow, self.advisor.knowledge.message("flow_resume"))
            return self.render([resume], numbers=not await self._expects_number())
        try:
            record = await self.advisor.store.get(OPTIONS_KEY + self.key.as_str())
            saved = json.loads(record.value) if record else []
            buttons = tuple(Button(str(label), str(payload)) for label, payload in saved)
        except (StoreError, ValueError, TypeError):
            return None
        return self.render([Reply(LAST_TIME, buttons=buttons)]) if buttons else None


async def run_console(advisor: Advisor, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                      key: ConversationKey | None = None) -> int:
    """The chat loop until /quit, end of input (Ctrl-D) or Ctrl-C; returns the exit code (0)."""
    session = ConsoleSession(advisor, key)
    interactive = stdin.isatty()
    print(BANNER, file=stdout)
    restored = await session.restore()
    if restored:
        print(f"\nadvisor> {restored}", file=stdout)
    reader = LineReader(stdin)
    with own_foreground(stdin), reader.on_sigint():
        while True:
            if interactive:
                print("\nyou> ", end="", file=stdout, flush=True)
            line = await reader.next_line()
            if not line or line.strip().lower() in QUIT_WORDS:
                print("\nBye!", file=stdout, flush=True)
                return 0
            output = await session.send(line.rstrip("\n"))
            print(f"\nadvisor> {output}", file=stdout, flush=True)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"
