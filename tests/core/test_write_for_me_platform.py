""""Write me a LinkedIn post": the write-for-me answer (a topic of the pack) plus that platform's post
ideas from the catalog. Tested on a copy of the pack with a write-for-me topic of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.pack import bundled_knowledge_dir, load_knowledge
from bot.types import ConversationKey, Incoming

WRITE_TOPIC = """\
id: write-for-me
title: Writing posts for you
review_by: 2099-12-31
answer: |
  I can't write your posts, but I can give you post ideas to start from.
examples:
  - write a post for me
  - can you write our next post
  - write me something to publish
  - draft a post for our page
  - please write a caption for us
  - compose a post for tomorrow
  - write our social media post
  - i need you to write a post
related: [content-ideas]
"""


def test_write_me_a_linkedin_post_adds_linkedin_ideas(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_knowledge_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    if not (pack / "topics" / "write-for-me.yaml").exists():
        (pack / "topics" / "write-for-me.yaml").write_text(WRITE_TOPIC)
    knowledge = load_knowledge(pack)
    dialogue = Dialogue(knowledge)
    key = ConversationKey("test", "c", "", "u")
    asked = Incoming(key, text="write me a linkedin post about our new office")
    _, [reply] = dialogue.respond(ConversationState(), asked)
    assert (reply.topic, reply.platforms) == ("write-for-me", ("linkedin",))
    answer, _, ideas = reply.text.partition("\n\n**Post ideas for LinkedIn:**\n")
    assert answer == knowledge.topics["write-for-me"].answer.rstrip()
    assert ideas.splitlines() == [f"- {idea}" for idea in knowledge.platforms["linkedin"].post_ideas]
    _, [how] = dialogue.respond(ConversationState(), Incoming(key, text="how do I write a good linkedin post"))
    assert how.topic != "write-for-me" or not how.platforms  # a how-to question is not a request to write
