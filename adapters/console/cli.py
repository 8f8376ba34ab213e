"""The `advisor` command line: chat, ask, kb check, recommend, serve. A stable contract: see README."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from adapters.logs import configure_logging
from bot.config import ConfigError, CoreSettings
from bot.knowledge.catalog import AGES, FORMATS, GOALS
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import KnowledgeError, load_knowledge
from bot.recommend.scoring import MARKET_CHOICES

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor", description="Social Media Advisor")
    parser.add_argument("--version", action="version", version=f"advisor {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    def knowledge_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--knowledge", metavar="DIR", help="knowledge pack folder (default: ADVISOR_KNOWLEDGE "
                       "or the bundled pack)")

    def check_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--check", action="store_true", help="check the settings and that the store answers, "
                       "then exit: 0 when the worker can start, 2 with a one-line error")

    chat = sub.add_parser("chat", help="chat in the console")
    knowledge_flag(chat)

    ask = sub.add_parser("ask", help="answer one question, or one per stdin line")
    ask.add_argument("question", nargs="?", help="the question (omit to read one per line from stdin)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--conversation", metavar="NAME", help="answer the questions as the turns of one "
                     "conversation, kept in the configured store (ADVISOR_STORE) under NAME")
    knowledge_flag(ask)

    kb = sub.add_parser("kb", help="knowledge pack tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="validate a knowledge pack")
    check.add_argument("directory", nargs="?", metavar="DIR", help="pack folder (default: the bundled pack)")
    explain = kb_sub.add_parser("explain", help="show how a question is read and matched (to fix a missed question)")
    explain.add_argument("question", help="the question, as a user would type it")
    explain.add_argument("directory", nargs="?", metavar="DIR", help="pack folder (default: the bundled pack)")
    review = kb_sub.add_parser("review", help="list what is due for review, oldest first")
    review.add_argument("directory", nargs="?", metavar="DIR", help="pack folder (default: the bundled pack)")
    review.add_argument("--within", type=int, default=0, metavar="DAYS",
                        help="also list what falls due in the next DAYS days (default 0: due today or earlier)")
    gaps = kb_sub.add_parser("gaps", help="questions not answered well (questions log), grouped, with suggestions")
    gaps.add_argument("directory", nargs="?", metavar="DIR",
                      help="the pack to compare with (default: ADVISOR_KNOWLEDGE or the bundled pack)")
    gaps.add_argument("--since", type=_period, default="30d", metavar="PERIOD", help="e.g. 7d, 12h, 2w (default 30d)")
    gaps.add_argument("--json", action="store_true", help="print one JSON object")
    gaps.add_argument("--export", type=Path, metavar="FILE.yaml", help="write the questions in the dev-set format")
    reload = kb_sub.add_parser("reload", help="check the pack, then make running workers load it again")
    reload.add_argument("directory", nargs="?", metavar="DIR",
                        help="the pack the workers load (default: ADVISOR_KNOWLEDGE or the bundled pack)")

    stats = sub.add_parser("stats", help="questions asked, share answered, most asked topics")
    stats.add_argument("--since", type=_period, default="7d", metavar="PERIOD", help="e.g. 7d, 12h, 2w (default 7d)")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    knowledge_flag(stats)

    rec = sub.add_parser("recommend", help="recommend platforms for a profile",
                         description="The walk-through's recommendation for a profile: the platforms, what was "
                                     "left out and why, and a weekly plan within the hours given.")
    rec.add_argument("--goal", required=True, metavar="G[,G...]", help=f"goals, comma separated: {', '.join(GOALS)}")
    rec.add_argument("--market", required=True, metavar="M",
                     help=f"who you sell to: {', '.join(MARKET_CHOICES)}")
    rec.add_argument("--age", required=True, metavar="A[,A...]", help=f"age groups, comma separated: {', '.join(AGES)}")
    rec.add_argument("--content", required=True, metavar="C[,C...]",
                     help=f"content formats the team can produce, comma separated: {', '.join(FORMATS)}")
    rec.add_argument("--hours", required=True, type=float, metavar="N",
                     help="hours per week the team can spend (more than 0, at most 168)")
    rec.add_argument("--json", action="store_true", help="print JSON")
    rec.add_argument("--ics", metavar="FILE", help="also write the weekly plan as an iCalendar file")
    rec.add_argument("--csv", metavar="FILE", help="also write the next 4 weeks of posts as a CSV file")
    knowledge_flag(rec)

    tips = sub.add_parser("tips", help="scheduled tips: try the next one of a channel, or list the channels")
    mode = tips.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="print the next tip of the channel now")
    mode.add_argument("--list", action="store_true", help="list the channels with scheduled tips (in ADVISOR_STORE)")
    tips.add_argument("--channel", default="console", metavar="NAME", help="the channel (default: console)")
    tips.add_argument("--about", metavar="SUBJECT", help="a platform or topic, e.g. linkedin")
    knowledge_flag(tips)

    serve = sub.add_parser("serve", help="run a chat platform adapter")
    serve_sub = serve.add_subparsers(dest="platform", required=True)
    telegram = serve_sub.add_parser("telegram", help="Telegram bot (TELEGRAM_BOT_TOKEN)")
    telegram.add_argument("--webhook-url", help="public HTTPS URL Telegram posts updates to, on port 443, 80, 88 "
                          "or 8443 (default: polling)")
    telegram.add_argument("--port", type=int, help="webhook server port (default 8443; only with --webhook-url)")
    telegram.add_argument("--listen", help="webhook server address (default 0.0.0.0; only with --webhook-url)")
    check_flag(telegram)
    knowledge_flag(telegram)
    slack = serve_sub.add_parser("slack", help="Slack app (SLACK_BOT_TOKEN)")
    slack.add_argument("--port", type=int, default=3000, help="HTTP mode port (default 3000)")
    slack.add_argument("--listen", default="0.0.0.0", help="HTTP mode address (default 0.0.0.0)")
    check_flag(slack)
    knowledge_flag(slack)
    return parser


def _period(text: str) -> float:
    from bot.editors.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging("INFO" if args.command == "serve" else "WARNING")
    try:
        if args.command == "kb":
            from adapters.console.kb import run_check, run_explain, run_review

            folder = Path(args.directory) if args.directory else None
            if args.kb_command == "review":
                return run_review(folder, args.within)
            if args.kb_command in ("gaps", "reload"):
                return _editors(args, folder)
            if args.kb_command == "explain":
                return run_explain(folder, args.question)
            return run_check(folder)
        settings = CoreSettings.from_env(getattr(args, "knowledge", None))
        knowledge = load_knowledge(settings.knowledge_dir)
        match args.command:
            case "chat":
                return _chat(knowledge, settings)
            case "ask":
                if args.conversation is not None:
                    return _ask_conversation(knowledge, settings, args)
                return _ask(knowledge, args.question, args.json, settings.max_text)
            case "recommend":
                from adapters.console.recommend import run_recommend

                return run_recommend(knowledge, args)
            case "tips":
                return _tips(knowledge, settings, args)
            case "serve":
                return _serve(knowledge, settings, args)
            case "stats":
                from adapters.console.editors import run_stats

                return _on_store(lambda: run_stats(settings, knowledge, args.since, args.json))
    except ConfigError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return EXIT_USAGE


def _editors(args: argparse.Namespace, folder: Path | None) -> int:
    from adapters.console.editors import run_gaps, run_reload

    settings = CoreSettings.from_env()
    if args.kb_command == "reload":
        return _on_store(lambda: run_reload(settings, folder))
    return _on_store(lambda: run_gaps(settings, folder, args.since, args.json, args.export))


def _on_store(command: Callable[[], int]) -> int:
    """A command on the configured store: a store that cannot be opened or reached is a one-line error."""
    from bot.store import StoreError

    try:
        return command()
    except StoreError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 1


def _chat(knowledge: Knowledge, settings: CoreSettings) -> int:
    from adapters.console.chat import run_console
    from adapters.startup import open_configured_store, require_store

    store = open_configured_store(settings)
    advisor = settings.advisor(knowledge, store)

    async def run() -> int:
        await require_store(store, settings)
        try:
            return await run_console(advisor)
        finally:
            await store.close()

    return asyncio.run(run())


def _tips(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    from adapters.console.tips import print_next_tip, print_subscriptions
    from adapters.startup import open_configured_store, require_store

    store = open_configured_store(settings)

    async def run() -> int:
        await require_store(store, settings)
        try:
            if args.list:
                return await print_subscriptions(knowledge, store)
            return await print_next_tip(knowledge, store, args.channel, args.about)
        finally:
            await store.close()

    return asyncio.run(run())


def _ask(knowledge: Knowledge, question: str | None, as_json: bool, max_text: int) -> int:
    from adapters.console.ask import answer_line

    if question is not None:
        print(answer_line(knowledge, question, as_json, max_text))
        return 0
    for line in sys.stdin:
        print(answer_line(knowledge, line.rstrip("\r\n"), as_json, max_text), flush=True)
    return 0


def _ask_conversation(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    """`ask --conversation NAME`: the question, or each stdin line, is a turn of conversation NAME."""
    from adapters.console.ask import AskConversation
    from bot.advisor import Advisor
    from bot.dialogue.engine import Dialogue
    from bot.store import StoreError, open_store

    if not args.conversation.strip():
        raise ConfigError("--conversation needs a name")
    try:
        store = open_store(settings.store_url)
    except StoreError as exc:
        raise ConfigError(str(exc)) from None
    advisor = Advisor(knowledge, store, settings.idle_timeout, Dialogue(knowledge, max_text=settings.max_text))
    conversation = AskConversation(advisor, args.conversation)

    async def run() -> int:
        try:
            questions = [args.question] if args.question is not None else (line.rstrip("\r\n") for line in sys.stdin)
            for question in questions:
                print(await conversation.line(question, args.json), flush=True)
            return 0
        finally:
            await store.close()

    return asyncio.run(run())


def _serve(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    if args.platform == "telegram":
        from adapters.telegram import serve as serve_telegram

        return serve_telegram(knowledge, settings, args)
    from adapters.slack import serve as serve_slack

    return serve_slack(knowledge, settings, args)



def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("social-media-advisor")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"
