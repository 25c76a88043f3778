"""The command line: ingest feeds, print digests and model cards, start the chat processes."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from pydantic import ValidationError

from bot.channel_digest import CHAT_STORY_LIMIT
from bot.commands import CommandLayer
from bot.commands.aimodel import NEWS_PER_CARD
from bot.config import Settings
from bot.console import repl, run_one
from bot.services import Services, build_newsroom, prepare
from digests.cards import card_to_dict, render_card
from digests.compose import Selection
from digests.errors import ReelbriefError, UnknownModelError
from digests.explain import render_explanation
from digests.knowledge import KnowledgeBase, load_knowledge
from digests.llm_summary import LANGUAGE_NAMES
from digests.pipeline import FeedOutcome, IngestReport, Newsroom
from digests.render import FORMATS, render

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
DEFAULT_PERIOD = timedelta(days=7)
CHAT_FORMATS = frozenset({"slack", "discord"})


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-09-18") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def build_parser(topics: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Reelbrief: AI-in-Hollywood briefings.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="fetch feeds and store their items")
    ingest.add_argument("--source", action="append", metavar="S", help="feed URL, file or directory (repeatable)")

    digest = commands.add_parser("digest", help="print a digest (the bundled demo feeds when no source is given)")
    digest.add_argument("--source", action="append", metavar="S", help="ingest this source first and digest it")
    digest.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first day of the period (inclusive)")
    digest.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last day of the period (inclusive)")
    digest.add_argument("--topic", action="append", choices=topics, metavar="T", help=f"only: {', '.join(topics)}")
    digest.add_argument("--model", action="append", metavar="M", help="only stories about this model")
    digest.add_argument("--format", choices=FORMATS, default="markdown")
    digest.add_argument(
        "--language", choices=sorted(LANGUAGE_NAMES), default="en", help="the readers' language (headlines, summaries)"
    )
    digest.add_argument("--limit", type=_positive, metavar="N", help="at most N stories")
    digest.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal")
    digest.add_argument(
        "--explain", action="store_true", help="instead of the digest, say why each item of the period is in or out"
    )

    commands.add_parser("reenrich", help="annotate stored items again after the knowledge base changed")

    aimodel = commands.add_parser("aimodel", help="show a model card and its latest news")
    aimodel.add_argument("name", nargs="+", help="model name; spelling is forgiven")
    aimodel.add_argument("--format", choices=("text", "json"), default="text")

    console = commands.add_parser("console", help="try the slash commands in a terminal, on the local store")
    console.add_argument("--as-admin", action="store_true", help="run commands as a workspace admin")
    console.add_argument(
        "--command", dest="command_text", metavar="TEXT", help='run one command, e.g. "/aimodel sora", and exit'
    )

    for process, what in (("slack", "Slack app"), ("discord", "Discord bot"), ("worker", "scheduler")):
        commands.add_parser(process, help=f"run the {what} (Procfile process)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = Settings()
        knowledge = load_knowledge(settings.knowledge_file)
    except (ValidationError, ReelbriefError) as error:
        print(f"error: {_first_line(error)}", file=sys.stderr)
        return EXIT_ERROR
    args = build_parser([topic.id for topic in knowledge.topics]).parse_args(argv)
    try:
        return COMMANDS[args.command](args, settings, knowledge)
    except ReelbriefError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _ingest(newsroom: Newsroom, sources: Sequence[str]) -> IngestReport:
    """Ingest with a progress bar on an interactive terminal; failures are reported on stderr."""
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=len(sources), desc="feeds", unit="feed", file=sys.stderr, leave=False)

    def tick(_: FeedOutcome) -> None:
        if progress is not None:
            progress.update()

    report = asyncio.run(newsroom.ingest(sources, on_feed=tick))
    if progress is not None:
        progress.close()
    for outcome in report.feeds:
        if outcome.error or outcome.warning:
            print(f"warning: {outcome.source}: {outcome.error or outcome.warning}", file=sys.stderr)
    return report


def cmd_ingest(args: argparse.Namespace, settings: Settings, knowledge: KnowledgeBase) -> int:
    sources = args.source or settings.default_sources
    report = _ingest(build_newsroom(settings, knowledge), sources)
    for outcome in report.feeds:
        if outcome.status != "failed":
            counts = outcome.counts
            print(
                f"{outcome.source}: {outcome.status}, {counts.new} new, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
    if report.failed and len(report.failed) == len(report.feeds):
        print("error: no source could be ingested", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _period(
    args: argparse.Namespace, newsroom: Newsroom, sources: Sequence[str], span_default: bool
) -> tuple[datetime, datetime]:
    """The inclusive period asked for; by default the last seven days, or the bundled seeds' own span."""
    span = newsroom.span(sources) if span_default and not (args.since or args.until) else None
    if span is not None:
        return span
    end = datetime.combine(args.until, time.max, UTC) if args.until else datetime.now(UTC)
    start = datetime.combine(args.since, time.min, UTC) if args.since else end - DEFAULT_PERIOD
    if start > end:
        raise ReelbriefError(f"--since {start.date()} is after --until {end.date()}")
    return start, end


def cmd_digest(args: argparse.Namespace, settings: Settings, knowledge: KnowledgeBase) -> int:
    newsroom = build_newsroom(settings, knowledge)
    sources = args.source or settings.default_sources
    report = _ingest(newsroom, sources)
    if report.failed and len(report.failed) == len(report.feeds):
        print("error: no source could be read; nothing to digest", file=sys.stderr)
        return EXIT_ERROR
    start, end = _period(args, newsroom, sources, span_default=not args.source and settings.uses_bundled_feeds)
    selection = Selection(
        topics=frozenset(args.topic or ()),
        models=frozenset(knowledge.find_model(name).name for name in args.model or ()),
    )
    if args.explain:
        items = newsroom.items(start, end, sources=sources, relevant_only=False)
        _write(render_explanation(items, start, end), args.out)
        return EXIT_OK
    limit = args.limit or (CHAT_STORY_LIMIT if args.format in CHAT_FORMATS else None)
    digest = newsroom.digest(start, end, sources=sources, selection=selection, limit=limit, language=args.language)
    _write(render(digest, args.format), args.out)
    return EXIT_OK


def cmd_aimodel(args: argparse.Namespace, settings: Settings, knowledge: KnowledgeBase) -> int:
    name = " ".join(args.name)
    try:
        card = knowledge.find_model(name)
    except UnknownModelError as error:
        if args.format == "json":
            _write(json.dumps({"error": str(error), "suggestions": error.suggestions}, ensure_ascii=False), None)
        else:
            print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    services = Services.from_settings(settings, knowledge)
    prepare(services, warn=lambda message: None)  # feed problems do not stop a card from showing
    news = services.newsroom.news_about(card.id, NEWS_PER_CARD)
    if args.format == "json":
        _write(json.dumps(card_to_dict(card, news), ensure_ascii=False, indent=2), None)
    else:
        _write(render_card(card, news, knowledge.models), None)
    return EXIT_OK


def cmd_reenrich(args: argparse.Namespace, settings: Settings, knowledge: KnowledgeBase) -> int:
    done = build_newsroom(settings, knowledge).reannotate()
    print(f"{done} items annotated again")
    return EXIT_OK


def cmd_console(args: argparse.Namespace, settings: Settings, knowledge: KnowledgeBase) -> int:
    services = Services.from_settings(settings, knowledge)
    prepare(services, lambda message: print(message, file=sys.stderr))
    layer = CommandLayer(services)
    if args.command_text is not None:
        return EXIT_OK if run_one(layer, args.command_text, as_admin=args.as_admin) else EXIT_ERROR
    repl(layer, as_admin=args.as_admin)
    return EXIT_OK


def cmd_not_ready(args: argparse.Namespace, settings: Settings, knowledge: KnowledgeBase) -> int:
    """Procfile processes whose adapters come with the chat issues: a clear message, never a traceback."""
    needs = {
        "slack": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
        "discord": ("DISCORD_BOT_TOKEN",),
        "worker": (),
    }[args.command]
    missing = [name for name in needs if getattr(settings, name.lower()) is None]
    if missing:
        print(f"error: {args.command} is not configured: set {' and '.join(missing)} (see README)", file=sys.stderr)
    else:
        print(f"error: the {args.command} process is not available in this version yet", file=sys.stderr)
    return EXIT_ERROR


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else f"{text}\n")
        return
    try:
        out.write_text(text if text.endswith("\n") else f"{text}\n", encoding="utf-8")
    except OSError as error:
        raise ReelbriefError(f"cannot write {out}: {error.strerror}") from error


COMMANDS = {
    "ingest": cmd_ingest,
    "digest": cmd_digest,
    "aimodel": cmd_aimodel,
    "reenrich": cmd_reenrich,
    "console": cmd_console,
    "slack": cmd_not_ready,
    "discord": cmd_not_ready,
    "worker": cmd_not_ready,
}
