"""Platform answers through the real dialogue: what each kind of question gets, the ask --json and
state contracts, "tell me more", personalisation after the walk-through, and the dev sets' account
support questions kept refused."""

from __future__ import annotations

import json

import pytest

from adapters.console.ask import answer_line
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState, dump_state, load_state
from bot.knowledge.model import Knowledge
from bot.matching.datasets import DEV_SETS, load_set
from bot.types import ConversationKey, Incoming, Reply, ReplyKind

KEY = ConversationKey("test", "c", "", "u")
PHONE_SCREEN = 1000
"""Characters a first answer may take: about one phone screen."""


@pytest.fixture(scope="module")
def dialogue(knowledge: Knowledge) -> Dialogue:
    return Dialogue(knowledge)


def say(dialogue: Dialogue, state: ConversationState, text: str) -> tuple[ConversationState, list[Reply]]:
    return dialogue.respond(state, Incoming(KEY, text=text))


def ask(dialogue: Dialogue, text: str) -> Reply:
    return say(dialogue, ConversationState(), text)[1][0]


def test_fit_for_the_market_asked_with_score_and_reason(dialogue: Dialogue) -> None:
    reply = ask(dialogue, "is TikTok good for B2B?")
    assert (reply.kind, reply.topic, reply.platforms) == (ReplyKind.ANSWER, "platform", ("tiktok",))
    first = reply.text.splitlines()[0]
    assert first.startswith("**TikTok for Businesses (B2B): limited (2/5).**")
    assert "employer branding" in first  # the catalog's one-line reason
    for part in ("**Effort:** about 4 posts a week", "**Best days:** Tue, Wed, Thu", "**Strength:**",
                 "**Weakness:**", "**Post ideas:**"):
        assert part in reply.text
    assert len(reply.text) < PHONE_SCREEN
    assert reply.buttons[0].payload == "cmd:more"


def test_each_aspect_leads_its_answer(dialogue: Dialogue) -> None:
    timing = ask(dialogue, "best days to post on Facebook?").text
    assert timing.startswith("**Best days on Facebook:** Mon, Tue, Wed, Thu, around 8 am to 1 pm.")
    ideas = ask(dialogue, "what should I post on YouTube?").text.splitlines()
    assert ideas[0] == "**What to post on YouTube:**"
    assert ideas[1] == "- Tutorials that solve one problem your customers search for"
    assert ask(dialogue, "how long can a TikTok be?").text.startswith("**TikTok limits:** Videos up to 10 minutes.")
    often = ask(dialogue, "how often should I post on LinkedIn?").text
    assert often.startswith("**How much on LinkedIn:** about 3 posts a week") and "**Effort:**" not in often
    good_for = ask(dialogue, "what is Pinterest good for?").text
    assert good_for.startswith("**What Pinterest is good for:** Website traffic (5/5), SEO (4/5).")


def test_audience_gives_ages_minimum_age_and_the_caution_about_minors(dialogue: Dialogue,
                                                                      knowledge: Knowledge) -> None:
    text = ask(dialogue, "who uses Snapchat?").text
    assert text.startswith("**Who uses Snapchat:** Teens and young adults")
    assert "**Strongest with:** 13-17, 18-24" in text and "**Minimum age:** 13+" in text
    assert knowledge.minors_note is not None and knowledge.minors_note in text
    linkedin = ask(dialogue, "who is on linkedin?").text
    assert "**Minimum age:** 16+" in linkedin and knowledge.minors_note not in linkedin


def test_comparison_side_by_side(dialogue: Dialogue) -> None:
    reply = ask(dialogue, "Instagram or TikTok for a bakery?")
    assert reply.platforms == ("instagram", "tiktok")
    lines = reply.text.splitlines()
    assert lines[0] == "**Instagram or TikTok for Consumers (B2C)?**"
    assert "- **Consumers (B2C):** Instagram excellent (5/5) · TikTok excellent (5/5)" in lines
    assert any(line.startswith("- **Effort:** Instagram 4 posts/week") and "· TikTok" in line for line in lines)
    assert lines[-1].startswith("**Both fit for Consumers (B2C):**")
    pick = ask(dialogue, "linkedin or facebook for b2b?").text.splitlines()[-1]
    assert pick.startswith("**My pick for Businesses (B2B): LinkedIn.**")
    assert len(reply.text) < PHONE_SCREEN


def test_ask_json_contract(knowledge: Knowledge) -> None:
    platform = json.loads(answer_line(knowledge, "instagram or tiktok for a bakery?", True))
    assert (platform["kind"], platform["topic"]) == ("answer", "platform")
    assert platform["platforms"] == ["instagram", "tiktok"]
    other = json.loads(answer_line(knowledge, "what is the 90 9 1 rule", True))
    assert other["topic"] == "rule-90-9-1" and other["platforms"] == []
    refused = json.loads(answer_line(knowledge, "i forgot my instagram password", True))
    assert refused["kind"] == "fallback" and refused["platforms"] == []


def test_state_keeps_the_platforms_and_tell_me_more_shows_everything_with_sources(dialogue: Dialogue) -> None:
    state, _ = say(dialogue, ConversationState(), "is linkedin worth it for b2b")
    assert (state.last_topic, state.last_platforms) == ("platform", ("linkedin",))
    assert load_state(dump_state(state)) == state
    _, [more] = say(dialogue, state, "tell me more")
    assert more.topic == "platform" and more.platforms == ("linkedin",)
    for part in ("**LinkedIn**:", "**Minimum age:** 16+", "**Limits:** Posts up to 3,000 characters",
                 "**Strengths:**", "**Weaknesses:**", "**Sources:** ["):
        assert part in more.text
    assert "https://conductatlas.com/platform/linkedin/" in more.text


def test_answers_are_personalised_after_the_walk_through(dialogue: Dialogue) -> None:
    state = ConversationState()
    for text in ("help me choose platforms", "leads", "b2b", "25 to 45", "short videos and articles", "5 hours"):
        state, _ = say(dialogue, state, text)
    assert state.flow is None and state.completed is not None and state.completed.flow == "platforms"
    assert load_state(dump_state(state)) == state
    _, [reply] = say(dialogue, state, "is tiktok good for us?")
    assert "- **Leads & customers**: limited (2/5)." in reply.text
    mine = next(line for line in reply.text.splitlines() if line.startswith("- **For you**"))
    assert "(Businesses (B2B), Leads & customers, 5 h a week)" in mine and "fit " in mine
    assert "more than your 5 h" in mine  # TikTok needs 8 h a week
    _, [compare] = say(dialogue, state, "linkedin or facebook?")
    assert compare.text.splitlines()[-1].startswith("**My pick for your profile")
    assert "LinkedIn" in compare.text.splitlines()[-1]


def test_a_platform_question_in_the_middle_of_the_walk_through_resumes_it(dialogue: Dialogue) -> None:
    state, _ = say(dialogue, ConversationState(), "help me choose platforms")
    state, replies = say(dialogue, state, "wait, is pinterest good for b2b?")
    assert replies[0].topic == "platform" and replies[0].platforms == ("pinterest",)
    assert replies[-1].kind is ReplyKind.FLOW and state.flow is not None and state.flow.step == "goals"


def test_older_states_still_load(dialogue: Dialogue) -> None:
    old = '{"v":1,"last_topic":"seo","last_tip":null,"turns":3}'
    state = load_state(old)
    assert (state.last_topic, state.last_platforms, state.completed, state.tips_given) == ("seo", (), None, ())


def test_dev_set_questions_naming_a_platform_without_marketing_stay_refused(dialogue: Dialogue,
                                                                            knowledge: Knowledge) -> None:
    from bot.platform_answers import PlatformDetector

    names = PlatformDetector(knowledge)
    questions = [case.question for path in DEV_SETS for case in load_set(path).out_of_domain]
    naming = [q for q in questions if names.platforms_in(q.lower())]
    assert len(naming) >= 20
    answered = [q for q in naming if ask(dialogue, q).topic == "platform"]
    assert answered == []
