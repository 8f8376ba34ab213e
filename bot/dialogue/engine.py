"""The rule-driven dialogue: (state, message) -> (new state, replies), with no I/O.

Rules are tried in the order of `Dialogue.rules`; the first that applies answers:
1. button presses (payloads), 2. empty or oversized input, 3. slash commands and global commands,
4. a request for a tip on a subject ("a tip about LinkedIn"), 5. an answer to the current flow step,
6. a follow-up to the last answer ("why?", "and for B2B?", "what about LinkedIn?"), 7. a question about
one to three platforms (answered from the catalog), 8. a question matched against the knowledge.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

from bot.dialogue.asides import StepQuestions, TopicEvidence
from bot.dialogue.flow_runner import CHOICE_PREFIX, DONE_PREFIX, Action, FlowRunner
from bot.dialogue.followups import FollowUpDetector
from bot.dialogue.replies import GREETING_TOPIC, HELP_TOPIC, MORE_PREFIX, TIP_PAYLOAD, ReplyBuilder, unique_buttons
from bot.dialogue.state import ConversationState
from bot.dialogue.tips import TipGiver
from bot.export import EXPORT_PREFIX, export_reply, profile_from_payload
from bot.gc_pause import paused_collection
from bot.knowledge.model import Command, ConceptScope, Knowledge, TopicKind
from bot.matching import FLOW_PREFIX, TIP_INTENT, Match, Matcher, build_matcher
from bot.normalize import normalize
from bot.platform_answers import (
    PLATFORM_PAYLOAD,
    PLATFORM_TOPIC,
    PlatformDetector,
    PlatformQuestion,
    Route,
    TopicPreference,
    answer,
    platform_button,
    question_for_topic,
    question_from_payload,
    topic_or_platform,
)
from bot.platform_answers import details as platform_details
from bot.platform_answers.uncovered import UncoveredPlatforms
from bot.recommend.scoring import Profile
from bot.tips import subject_words
from bot.types import Button, Incoming, Reply, ReplyKind

MAX_TEXT = 4000
"""Messages longer than this are not questions: they get a short note instead of matching."""
FOLLOW_UP_CONFIDENCE = 0.9
"""The stated confidence of an answer to a follow-up (the share the dev sets' follow-ups resolve)."""
_TOPIC_BUTTONS = 5
"""A topic's answer that gains a platform's button keeps at most this many buttons (or as many as it had)."""
IN_FLOW_ANSWER_SCORE = 0.8
"""In a flow, a message that is neither an answer to the step nor phrased as a question is answered
as a knowledge question only when it matches this well; otherwise the step is asked again."""

Turn = tuple[ConversationState, list[Reply]]
Rule = Callable[[ConversationState, Incoming], Turn | None]
TopicLink = Callable[[str], str | None]
"""A link that opens a topic in the advisor on the adapter's platform (a Telegram deep link), or None."""

_SLASH = re.compile(r"^\s*/([a-z_]+)(?:@\w+)?\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?|^\s*(what|why|how|who|when|where|which|is|are|can|should|does|do|wait|explain)\b",
                       re.IGNORECASE)


class Dialogue:
    """The conversation rules over one knowledge pack. Pure: all state comes in and goes out."""

    def __init__(self, knowledge: Knowledge, actions: Mapping[str, Action] | None = None,
                 matcher: Matcher | None = None, builder: ReplyBuilder | None = None,
                 max_text: int = MAX_TEXT, today: Callable[[], date] | None = None,
                 topic_link: TopicLink | None = None) -> None:
        """`today` dates exports (default: today in UTC); `topic_link` links files to advice."""
        from bot.dialogue.actions import ACTIONS

        self.knowledge = knowledge
        self.max_text = max_text
        self.today = today or (lambda: datetime.now(UTC).date())
        self.topic_link: TopicLink = topic_link or (lambda topic: None)
        with paused_collection():
            self.matcher = matcher or build_matcher(knowledge)
            self.replies = builder or ReplyBuilder(knowledge)
            self.flows = FlowRunner(knowledge, actions or ACTIONS)
            self.platform_questions = PlatformDetector(knowledge, self.matcher.correct)
            self.topic_preference = TopicPreference(knowledge)
            self.uncovered = UncoveredPlatforms(knowledge.uncovered_platforms)
            self._step_questions = StepQuestions(knowledge)
            self._evidence = TopicEvidence(knowledge)
            self._commands = {normalize(p): c for c, phrases in knowledge.commands.items() for p in phrases}
            self._slash = {c.value: c for c in Command} | {"start": None}
            self.tips = TipGiver(knowledge, self.replies, self.platform_questions, self.matcher)
            self.follow_ups = FollowUpDetector(knowledge.follow_ups, self.matcher)
        gc.freeze()  # the pack's indexes live as long as the process: keep them out of the collector's pauses
        self.rules: tuple[Rule, ...] = (self._button, self._bad_input, self._command, self._tip_subject,
                                        self._flow_step, self._follow_up, self._platform, self._question)

    @property
    def answers_platforms(self) -> bool:
        """Whether this pack answers platform questions (it has a catalog and platforms/aspects.yaml)."""
        return self.platform_questions.phrases is not None

    @property
    def slash_commands(self) -> frozenset[str]:
        """The /commands this dialogue understands: /start, the global commands, the flows' commands."""
        return frozenset({*self._slash, *(f.command for f in self.knowledge.flows.values() if f.command)})

    def current(self, state: ConversationState) -> ConversationState:
        """The state as this pack can run it: a flow or step the pack no longer has (the knowledge
        changed under a stored conversation) is dropped or moved back to the first step."""
        flow = state.flow
        if flow is None:
            return state
        definition = self.knowledge.flows.get(flow.flow)
        if definition is None:
            return state.with_flow(None)
        if definition.step(flow.step) is None:
            return state.with_flow(replace(flow, step=definition.steps[0].id, history=(), picked=()))
        return state

    def respond(self, state: ConversationState, message: Incoming) -> Turn:
        state = self.current(state)
        for rule in self.rules:
            turn = rule(state, message)
            if turn is not None:
                new_state, replies = turn
                return replace(new_state, turns=state.turns + 1), replies
        raise AssertionError("the question rule always answers")  # pragma: no cover

    # -- rules ---------------------------------------------------------------------------------

    def _button(self, state: ConversationState, message: Incoming) -> Turn | None:
        if message.payload is None:
            return None
        kind, _, rest = message.payload.partition(":")
        if kind == "topic" and rest in self.knowledge.topics:
            return self._answer_topic(state, rest, 1.0)
        if kind == "flow" and rest in self.knowledge.flows:
            return self._start_flow(state, rest)
        if kind == "more" and rest in self.knowledge.topics:
            return state, [self.replies.details(self.knowledge.topics[rest]), *self._resume(state)]
        if kind == EXPORT_PREFIX and (profile := profile_from_payload(rest)) is not None:
            exported = export_reply(self.knowledge, profile, self.today(), self.topic_link("editorial-calendar"))
            return state, [exported, *self._resume(state)]
        if kind == TIP_PAYLOAD:
            return self._tip(state, subject_id=rest)
        if kind == PLATFORM_PAYLOAD and self.answers_platforms and (
                asked := question_from_payload(self.knowledge, rest)) is not None:
            return self.answer_platforms(state, asked)
        if kind == "cmd":
            name, _, scope = rest.partition(":")
            if name in {c.value for c in Command} and (not scope or self._in_scope(state, scope)):
                return self._run_command(state, Command(name))
        if kind in (CHOICE_PREFIX, DONE_PREFIX):
            run, _, rest = rest.partition(":")
            step, _, value = rest.partition(":")
            flow = state.flow
            if flow is not None and flow.run == run and flow.step == step:
                new_flow, replies = (self.flows.press_choice(flow, value) if kind == CHOICE_PREFIX
                                     else self.flows.press_done(flow))
                return state.with_flow(new_flow), replies
        return self._expired(state)

    @staticmethod
    def _in_scope(state: ConversationState, scope: str) -> bool:
        """A flow button's command ("cmd:skip:<run>:<step>") counts only on the step it was shown on."""
        run, _, step = scope.partition(":")
        return state.flow is not None and state.flow.run == run and state.flow.step == step

    def _bad_input(self, state: ConversationState, message: Incoming) -> Turn | None:
        if len(message.text) > self.max_text:
            return state, [self.replies.fallback(text=self.knowledge.message("too_long")), *self._resume(state)]
        if normalize(message.text):
            return None
        reply = self.replies.fallback(text=self.knowledge.message("empty"))
        return state, [reply, *self._resume(state)]

    def _command(self, state: ConversationState, message: Incoming) -> Turn | None:
        slash = _SLASH.match(message.text)
        if slash:
            name = slash.group(1).lower()
            if name == "tip" and (rest := message.text[slash.end():].strip()):
                return self._tip(state, subject_words(self.knowledge, f"tip {rest}") or normalize(rest))
            if name == "start":
                opened = message.text[slash.end():].strip()  # a deep link's topic: /start editorial-calendar
                if opened in self.knowledge.topics:
                    return self._answer_topic(replace(state, flow=None), opened, 1.0)
                return self._answer_topic(replace(state, flow=None), GREETING_TOPIC, 1.0, with_help=True)
            flow = next((f for f in self.knowledge.flows.values() if f.command == name), None)
            if flow is not None:
                return self._start_flow(state, flow.id)
            command = self._slash.get(name)
            if command is not None:
                return self._run_command(state, command)
        command = self._commands.get(normalize(message.text))
        return self._run_command(state, command) if command is not None else None

    def _flow_step(self, state: ConversationState, message: Incoming) -> Turn | None:
        """In a flow, in this order: Done typed; a question about the step (its help); a knowledge
        question; an answer to the step; a confident knowledge match; a question asked in passing
        that names a topic; a "did you mean" for a question; else the step again with its hint."""
        if state.flow is None:
            return None
        if self.flows.is_done_word(state.flow, message.text):
            new_flow, replies = self.flows.press_done(state.flow)
            return state.with_flow(new_flow), replies
        _, step = self.flows.definition(state.flow)
        if step.help and self._step_questions.asks_about(state.flow.flow, step, message.text):
            return state, [self.flows.prompt(state.flow, step.help.strip())]
        is_question = bool(_QUESTION.search(message.text))
        if is_question and (asked := self.platform_questions.detect(message.text)) is not None:
            return self.answer_platforms(state, asked)
        match = self.matcher.match(message.text)
        best = match.best.intent if match.best else None
        if best is not None and is_question and not best.startswith(FLOW_PREFIX):
            return self._answer_in_flow(state, best, match)
        answered = self.flows.answer_text(state.flow, message.text)
        if answered is not None:
            new_flow, replies = answered
            return state.with_flow(new_flow), replies
        if (match.best is not None and not match.best.intent.startswith(FLOW_PREFIX)
                and match.confidence >= IN_FLOW_ANSWER_SCORE):
            return self._answer_in_flow(state, match.best.intent, match)
        if is_question:
            aside = self._evidence.aside(match, message.text)
            if aside is not None:
                return self._answer_in_flow(state, aside, match)
            if match.choices:
                return state, [self.replies.clarify(match.choices, match.confidence), *self._resume(state)]
        flow, replies = self.flows.reask(state.flow, self.knowledge.message("not_understood"))
        return state.with_flow(flow), replies

    def _follow_up(self, state: ConversationState, message: Incoming) -> Turn | None:
        """After an answer, a short message that refers to it is answered about the last topic: its
        details, or, when it names platforms ("what about LinkedIn?"), the platform answer for that
        topic; unless it clearly asks about something else on its own ("what about hashtags?")."""
        topic = self.knowledge.topics.get(state.last_topic or "")
        if state.flow is not None or topic is None or topic.kind is TopicKind.SMALLTALK:
            return None
        follow_up = self.follow_ups.detect(message.text)
        if follow_up is None:
            return None
        if follow_up.platforms and self.answers_platforms:
            asked = question_for_topic(self.knowledge, topic.id, follow_up.platforms)
            return self.answer_platforms(state, asked or PlatformQuestion(follow_up.platforms))
        match = self.matcher.match(message.text)
        own = match.reading is not None and match.reading.strong_evidence >= 1.0
        if match.best is not None and match.best.intent != topic.id and own:
            return None
        return state, [replace(self.replies.details(topic), confidence=FOLLOW_UP_CONFIDENCE), *self._resume(state)]

    def _uncovered_platform(self, state: ConversationState, message: Incoming, name: str | None = None,
                            match: Match | None = None) -> Turn | None:
        """A question about a platform the catalog does not cover ("should we be on Mastodon?"), which names none
        it covers or names them only in the context (the caller checked), gets "not in my catalog" and the ways to
        choose a platform; not when it names strongly a subject of the domain besides that platform ("how do we use
        hashtags on Bluesky?" asks about hashtags). `name`: the platform asked about, when the caller found it;
        else the first one the message names. `match`: the message's match, when the caller has it."""
        name = name or self.uncovered.find(message.text)
        if name is None:
            return None
        reading = (match or self.matcher.match(message.text)).reading
        if reading is not None and any(h.scope is ConceptScope.TOPIC and not h.weak
                                       and not self.uncovered.names(" ".join(s.stems[h.start:h.end]))
                                       for s in reading.sentences for h in s.hits):
            return None  # it names a subject of its own
        names = [p.name for p in self.knowledge.platforms.values()]
        covered = " and ".join(filter(None, (", ".join(names[:-1]), names[-1] if names else "")))
        text = self.knowledge.message("uncovered_platform", platform=name, covered=covered)
        return state, [Reply(text, ReplyKind.FALLBACK, None, 0.0, self._choosing_buttons())]

    def _uncovered_asked_alone(self, match: Match, asked: PlatformQuestion) -> str | None:
        """The platform the catalog does not cover that the sentences that ask name, when they name none it covers:
        the platforms of the catalog are only the context ("There's a Twitter account for the project. Should we
        have a Bluesky account too?"). None when the reading cannot place a platform the detector found
        (described: "the mood-board pin site"): nothing to tell the context from."""
        reading = match.reading
        if reading is None or not set(asked.platforms) <= set(reading.platforms):
            return None
        asking = [s for s in reading.sentences if s.weight >= 1.0]
        if any(self.topic_preference.names_a_platform(s) for s in asking):
            return None
        return next((name for s in asking if (name := self.uncovered.find(s.text)) is not None), None)

    def _choosing_buttons(self) -> tuple[Button, ...]:
        """The topic that explains how to choose platforms (the one whose button starts the walk-through) and
        the walk-through itself."""
        flow = self.knowledge.platform_walkthrough()
        if flow is None:
            return self.replies.help_buttons()
        start = f"{FLOW_PREFIX}{flow.id}"
        topics = [self.replies.topic_button(t.id) for t in self.knowledge.topics.values()
                  if t.kind is TopicKind.TOPIC and any(b.payload == start for b in t.buttons)]
        return (*topics[:1], Button(flow.title, start))

    def _platform(self, state: ConversationState, message: Incoming) -> Turn | None:
        asked = self.platform_questions.detect(message.text, implicit=True)
        if asked is None:
            if (uncovered := self._uncovered_platform(state, message)) is not None:
                return uncovered
            if self.platform_questions.half_named_choice(message.text):  # "the big tube site or the clock app?"
                return self._answer_match(state, self.matcher.offered(self.matcher.match(message.text)))
            return None
        match = self.matcher.match(message.text)
        if (alone := self._uncovered_asked_alone(match, asked)) and (
                uncovered := self._uncovered_platform(state, message, alone, match)):
            return uncovered  # "Should we have a Bluesky account? There's a Twitter account already."
        asked = self.topic_preference.as_write_request(self.topic_preference.focus(asked, match), match)
        route = self.topic_preference.route(asked, match)
        if route is Route.ASK:
            offered = self.knowledge.topics.get(match.best.intent if match.best else "")
            if offered is not None and offered.kind is TopicKind.TOPIC:
                button = self.replies.topic_button(offered.id)
                return state, [topic_or_platform(self.knowledge, button, match.confidence, asked)]
            route = Route.TOPIC if match.best is None and match.choices else Route.PLATFORM
        if route is Route.TOPIC:
            return self._offer_platform(self._answer_match(state, match), asked)
        return self.answer_platforms(state, asked)

    def _offer_platform(self, turn: Turn, asked: PlatformQuestion) -> Turn:
        """A topic's answer to a message that names platforms ("how many hashtags on instagram?") offers
        their own answer too: [About Instagram] right after "Tell me more", within `_TOPIC_BUTTONS` buttons
        (the last related topic makes room). A "did you mean" offers it as its last choice ("a client told me our
        blog isn't social media because it's not a network, is that right?": the difference, or the blog itself)."""
        state, replies = turn
        first = replies[0] if replies else None
        if first is not None and first.kind is ReplyKind.CLARIFY:
            choices = unique_buttons([*first.buttons, platform_button(self.knowledge, asked)])
            return state, [replace(first, buttons=choices), *replies[1:]]
        topic = self.knowledge.topics.get(first.topic or "") if first is not None else None
        if first is None or first.kind is not ReplyKind.ANSWER or topic is None or topic.kind is not TopicKind.TOPIC:
            return turn
        buttons = list(first.buttons)
        at = 1 if buttons and buttons[0].payload.startswith(MORE_PREFIX) else 0
        buttons.insert(at, platform_button(self.knowledge, asked))
        kept = unique_buttons(buttons)[:max(len(first.buttons), _TOPIC_BUTTONS)]
        return state, [replace(first, buttons=kept), *replies[1:]]

    def _question(self, state: ConversationState, message: Incoming) -> Turn:
        return self._answer_match(state, self.matcher.match(message.text))

    def _answer_match(self, state: ConversationState, match: Match) -> Turn:
        if match.best is not None and self.topic_preference.names_only(match):
            match = self.matcher.offered(match)
        if match.best is not None:
            intent = match.best.intent
            if intent == TIP_INTENT:
                return self._tip(state)
            if intent.startswith(FLOW_PREFIX):
                return self._start_flow(state, intent[len(FLOW_PREFIX):])
            return self._answer_topic(state, intent, match.confidence)
        if match.choices:
            one = self._one_question(match)
            if one is not None:  # the topic's own button starts the walk-through offered beside it
                return self._answer_topic(state, one, match.confidence)
            return state, [self.replies.clarify(match.choices, match.confidence)]
        top = match.candidates[0].score if match.candidates else 0.0
        return state, [self.replies.fallback(top)]

    def _one_question(self, match: Match) -> str | None:
        """A "did you mean" between a topic and the walk-through its own button starts ("Choosing the right
        platforms" or "Choose my platforms") offers one question in two forms: the topic, whose answer ends
        with that button. None for any other choice."""
        intents = {c.intent for c in match.choices}
        flows = {i for i in intents if i.startswith(FLOW_PREFIX)}
        if len(intents) != 2 or len(flows) != 1:
            return None
        (topic_id,) = intents - flows
        topic = self.knowledge.topics.get(topic_id)
        started = {b.payload for b in topic.buttons} if topic is not None else set()
        return topic_id if flows <= started else None

    # -- actions -------------------------------------------------------------------------------

    def _answer_topic(self, state: ConversationState, topic_id: str, confidence: float,
                      with_help: bool = False) -> Turn:
        topic = self.knowledge.topics[topic_id]
        reply = self.replies.topic(topic, confidence)
        if with_help:
            reply = replace(reply, buttons=unique_buttons([*self.replies.help_buttons(), *reply.buttons]))
        return replace(state, last_topic=topic_id), [reply, *self._resume(state)]

    def answer_platforms(self, state: ConversationState, question: PlatformQuestion) -> Turn:
        """Answer a platform question (from the detector, or a follow-up built by the caller),
        personalised with the conversation's walk-through profile; remembers the platforms."""
        reply = answer(self.knowledge, question, self.profile(state))
        new_state = replace(state, last_topic=reply.topic, last_platforms=reply.platforms)
        return new_state, [reply, *self._resume(state)]

    def profile(self, state: ConversationState) -> Profile | None:
        """The profile of the walk-through this conversation completed last, or None."""
        done = state.completed
        flow = self.knowledge.flows.get(done.flow) if done is not None else None
        if done is None or flow is None or flow.on_complete != "recommend_platforms":
            return None
        profile = Profile.from_answers(done.answers)
        return None if profile.problems() else profile

    def _answer_in_flow(self, state: ConversationState, intent: str, match: Match) -> Turn:
        if intent == TIP_INTENT:
            return self._tip(state)
        return self._answer_topic(state, intent, match.confidence if match.best else 1.0)

    def _tip(self, state: ConversationState, words: str | None = None, subject_id: str | None = None) -> Turn:
        """A tip: general, on the subject some words name ("linkedin", /tip linkedin), or on a subject id
        (a button)."""
        if subject_id is not None:
            turn = self.tips.about_id(state, subject_id)
        elif words:
            turn = self.tips.about_words(state, words, asked=True) or self.tips.general(state)
        else:
            turn = self.tips.general(state)
        return self._with_tip(state, turn)

    def _tip_subject(self, state: ConversationState, message: Incoming) -> Turn | None:
        words = subject_words(self.knowledge, message.text)
        turn = self.tips.about_words(state, words) if words else None
        return self._with_tip(state, turn) if turn is not None else None

    def _with_tip(self, state: ConversationState, turn: Turn) -> Turn:
        new_state, replies = turn
        if not replies:
            return state, [self.replies.fallback()]
        return new_state, [*replies, *self._resume(state)]

    def _start_flow(self, state: ConversationState, flow_id: str) -> Turn:
        flow_state, replies = self.flows.start(self.knowledge.flows[flow_id])
        return state.with_flow(flow_state), replies

    def _run_command(self, state: ConversationState, command: Command) -> Turn:
        flow = state.flow
        match command:
            case Command.HELP:
                return self._answer_topic(state, HELP_TOPIC, 1.0)
            case Command.TIP:
                return self._tip(state)
            case Command.MORE:
                if state.last_topic == PLATFORM_TOPIC and state.last_platforms:
                    more = platform_details(self.knowledge, state.last_platforms, self.profile(state))
                    return state, [more, *self._resume(state)]
                if state.last_topic is None or state.last_topic not in self.knowledge.topics:
                    return state, [self.replies.fallback(text=self.knowledge.message("no_topic_yet")),
                                   *self._resume(state)]
                details = self.replies.details(self.knowledge.topics[state.last_topic])
                return state, [details, *self._resume(state)]
            case Command.CANCEL:
                if flow is None:
                    return state, [self.replies.note("nothing_to_cancel", buttons=self.replies.help_buttons())]
                return replace(state, flow=None, last_flow=None), [
                    self.replies.note("cancelled", ReplyKind.FLOW, self.replies.help_buttons())]
            case Command.RESTART:
                # One meaning, typed or pressed: start again what you are doing. In a flow, or right
                # after finishing one, that is the flow; otherwise the whole conversation.
                again = flow.flow if flow is not None else state.last_flow
                if again is not None and again in self.knowledge.flows:
                    return self._start_flow(state, again)
                fresh = ConversationState(turns=state.turns)
                restarted = self.replies.note("restarted")
                turn_state, replies = self._answer_topic(fresh, HELP_TOPIC, 1.0)
                return turn_state, [restarted, *replies]
            case Command.BACK:
                if flow is None:
                    return state, [self.replies.note("nothing_to_go_back", buttons=self.replies.help_buttons())]
                new_flow, replies = self.flows.back(flow)
                return state.with_flow(new_flow), replies
            case Command.SKIP:
                if flow is None:
                    return state, [self.replies.note("nothing_to_skip", buttons=self.replies.help_buttons())]
                skipped, replies = self.flows.skip(flow)
                return state.with_flow(skipped), replies
        raise AssertionError(command)  # pragma: no cover

    def _expired(self, state: ConversationState) -> Turn:
        note = self.knowledge.message("expired")
        if state.flow is not None:
            return state, [self.flows.prompt(state.flow, note)]
        return state, [self.replies.fallback(text=note)]

    def _resume(self, state: ConversationState) -> list[Reply]:
        """When a flow is under way, the current step again (after an answer given on the side)."""
        if state.flow is None:
            return []
        return [self.flows.prompt(state.flow, self.knowledge.message("flow_resume"))]
