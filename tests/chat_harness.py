"""A collecting adapter for tests: send text or press buttons, read the replies."""

from __future__ import annotations

from bot.advisor import Advisor
from bot.types import Button, ConversationKey, Incoming, Reply


class Chat:
    def __init__(self, advisor: Advisor, key: ConversationKey | None = None) -> None:
        self.advisor = advisor
        self.key = key or ConversationKey("test", "chat", "", "user")
        self.last: list[Reply] = []

    async def send(self, text: str) -> list[Reply]:
        self.last = await self.advisor.handle(Incoming(self.key, text=text))
        return self.last

    def button(self, label: str) -> Button:
        """The button of the last replies whose label (without a check mark) starts with `label`."""
        for reply in self.last:
            for button in reply.buttons:
                if button.label.lstrip("\u2713 ").lower().startswith(label.lower()):
                    return button
        labels = [b.label for r in self.last for b in r.buttons]
        raise AssertionError(f"no button {label!r} in {labels}")

    async def press(self, label: str) -> list[Reply]:
        return await self.press_button(self.button(label))

    async def press_button(self, button: Button) -> list[Reply]:
        self.last = await self.advisor.handle(Incoming(self.key, text=button.label, payload=button.payload))
        return self.last

    @property
    def text(self) -> str:
        return "\n\n".join(r.text for r in self.last)

    @property
    def labels(self) -> list[str]:
        return [b.label for r in self.last for b in r.buttons]

    async def step(self) -> str | None:
        state = await self.advisor.state(self.key)
        return state.flow.step if state.flow else None


WALKTHROUGH_STEPS = ["goals", "market", "ages", "content", "hours"]
WALKTHROUGH_ANSWERS = {"goals": "leads", "market": "b2b", "ages": "35-54", "content": "articles", "hours": "5"}


async def reach(chat: Chat, step: str) -> None:
    """Start the platform walk-through and answer every step before `step` by typing."""
    await chat.send("/platforms")
    for name in WALKTHROUGH_STEPS[: WALKTHROUGH_STEPS.index(step)]:
        await chat.send(WALKTHROUGH_ANSWERS[name])
    assert await chat.step() == step
