"""kb gaps on log entries: grouping by similarity, largest first, the nearest topic by the pack in use,
one suggestion per group, and an export the dev-set loader reads."""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.editors.gaps import NEAR_TOPIC, Advice, export_yaml, find_gaps, intent_files, untyped_dislikes
from bot.editors.questions import LoggedQuestion, LogKind
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import bundled_knowledge_dir
from bot.matching.datasets import load_set
from bot.types import ConversationKey, Incoming, ReplyKind

_ids = itertools.count()


def entry(kind: LogKind, text: str | None, topic: str | None = None, ref: str | None = None,
          entry_id: str | None = None) -> LoggedQuestion:
    return LoggedQuestion(entry_id or f"e{next(_ids)}", 1.8e9, "slack", kind, text, topic, None, (), ref)


def gaps_of(knowledge: Knowledge, entries: list[LoggedQuestion]):  # type: ignore[no-untyped-def]
    return find_gaps(entries, Dialogue(knowledge), intent_files(bundled_knowledge_dir(), knowledge))


def test_similar_questions_form_one_group_largest_first(knowledge: Knowledge) -> None:
    entries = [entry(LogKind.FALLBACK, t) for t in (
        "how do I set up payroll for my employees", "how to set up a payroll", "payroll setup for employees?",
        "how do we run a giveaway on instagram", "giveaway rules for instagram contests",
        "can you book me a flight to Berlin")]
    gaps = gaps_of(knowledge, entries)
    assert [g.count for g in gaps] == [3, 2, 1]
    assert gaps[0].texts[0].startswith("how do I set up payroll") and gaps[0].kinds == {"fallback": 3}
    assert set(gaps[1].texts) == {"how do we run a giveaway on instagram", "giveaway rules for instagram contests"}


def test_each_group_gets_the_nearest_topic_now_and_a_suggestion(knowledge: Knowledge) -> None:
    dialogue = Dialogue(knowledge)
    files = intent_files(bundled_knowledge_dir(), knowledge)
    questions = ["how do we organise a webinar for customers", "how do we organise a zorblax webinar for customers",
                 "can you book me a flight to Berlin", "what is seo"]
    answered = unanswered = 0
    for gap in gaps_of(knowledge, [entry(LogKind.FALLBACK, q) for q in questions]):
        match = dialogue.matcher.match(gap.texts[0])
        [reply, *_] = dialogue.respond(ConversationState(), Incoming(ConversationKey("t", "t", "", "t"),
                                                                     gap.texts[0]))[1]
        if reply.kind is ReplyKind.ANSWER:
            assert gap.advice is Advice.ANSWERED and gap.target == reply.topic
            assert gap.suggestion == f"answered now by '{reply.topic}': nothing to do"
            answered += 1
            continue
        unanswered += 1
        assert gap.nearest == (match.candidates[0] if match.candidates else None)
        if gap.nearest is not None and gap.nearest.score >= NEAR_TOPIC:
            assert gap.advice is Advice.ADD_EXAMPLE and gap.target == gap.nearest.intent
            assert gap.suggestion == f"add this phrasing to {files[gap.target]} examples"
        else:
            assert gap.advice is Advice.NEW_TOPIC and gap.target is None
            assert gap.suggestion == "no topic covers this: consider a new topic"
    assert answered >= 1 and unanswered >= 1  # both kinds of advice were checked ("what is seo", "zorblax")


def test_what_users_chose_wins_and_a_closed_gap_shows_as_answered(knowledge: Knowledge) -> None:
    offer = entry(LogKind.OFFER, "how should our interns handle trolls", entry_id="offer1")
    picked = entry(LogKind.PICKED, None, "e-reputation", ref="offer1")
    disliked = entry(LogKind.DISLIKED, "how do I get found on google with my posts", "seo", entry_id="ans1")
    wanted = entry(LogKind.WANTED, None, "market-monitoring", ref="ans1")
    plain_dislike = entry(LogKind.DISLIKED, "what is a persona", "persona")
    closed = entry(LogKind.FALLBACK, "what is seo")
    gaps = {g.texts[0]: g for g in gaps_of(knowledge, [offer, picked, disliked, wanted, plain_dislike, closed])}
    trolls = gaps["how should our interns handle trolls"]
    assert trolls.advice is Advice.ADD_EXAMPLE and trolls.target == "e-reputation"
    assert trolls.chosen == ("e-reputation",)
    assert trolls.suggestion == "add this phrasing to topics/e-reputation.yaml examples"
    google = gaps["how do I get found on google with my posts"]
    assert google.target == "market-monitoring" and google.disliked == ("seo",) and google.kinds == {"disliked": 1}
    persona = gaps["what is a persona"]
    assert persona.advice is Advice.REVIEW_ANSWER and persona.file == "topics/persona.yaml"
    assert persona.suggestion.startswith("the answer of topics/persona.yaml did not help")
    assert gaps["what is seo"].advice is Advice.ANSWERED and gaps["what is seo"].target == "seo"


def test_entries_without_text_are_counted_apart(knowledge: Knowledge) -> None:
    entries = [entry(LogKind.DISLIKED, None, "seo"), entry(LogKind.DISLIKED, None, "seo"),
               entry(LogKind.DISLIKED, None, "persona"), entry(LogKind.FALLBACK, None, "seo")]
    assert gaps_of(knowledge, entries) == []
    assert untyped_dislikes(entries) == {"seo": 2, "persona": 1}


def test_the_export_is_a_dev_set_ready_to_label(knowledge: Knowledge, tmp_path: Path) -> None:
    hostile = 'quote " backslash \\ colon: # hash, {brace}, [x], é, emoji 🙂,\nnew line'
    offer = entry(LogKind.OFFER, "how should our interns handle trolls", entry_id="offer2")
    entries = [offer, entry(LogKind.PICKED, None, "e-reputation", ref="offer2"),
               entry(LogKind.FALLBACK, "can you book me a flight to Berlin"), entry(LogKind.FALLBACK, hostile),
               entry(LogKind.FALLBACK, "what is seo")]
    path = tmp_path / "gaps.yaml"
    path.write_text(export_yaml(gaps_of(knowledge, entries), "exported by a test\nsecond line"))
    text = path.read_text()
    assert text.startswith("# exported by a test\n# second line\n")
    data = load_set(path)
    labelled = {c.question: c.label.topic for c in data.in_domain}
    assert labelled["how should our interns handle trolls"] == "e-reputation"
    assert labelled["what is seo"] == "seo"
    out = [c.question for c in data.out_of_domain]
    assert "can you book me a flight to Berlin" in out or "can you book me a flight to Berlin" in labelled
    assert " ".join(hostile.split()) in out + list(labelled)
    assert yaml.safe_load(export_yaml([], "nothing")) == {"in_domain": [], "out_of_domain": []}


def test_a_disliked_platform_answer_points_at_the_catalog(knowledge: Knowledge) -> None:
    question = "is TikTok or Instagram better for a B2C brand?"
    [gap] = gaps_of(knowledge, [entry(LogKind.DISLIKED, question, "platform")])
    assert gap.advice is Advice.REVIEW_ANSWER and gap.target == "platform"
    assert gap.file == "platforms/catalog.yaml" and gap.nearest is not None and gap.nearest.intent == "platform"
    assert gap.suggestion.startswith("the answer of platforms/catalog.yaml did not help")
