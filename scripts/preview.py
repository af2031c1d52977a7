"""See what the bot sends to Discord: every kind of reply, rendered as Discord shows it.

Starts the fake Discord (tests/fakediscord) and the real bot in this process, on a copy of the
shipped knowledge (with one entry made a draft, so that its sentence answers from the article
itself, and an example URL in meta.yaml, so /article shows its link), asks what readers ask,
clicks
"Why this answer?", and captures every message the bot sends. Each one is rendered as a
Discord-like HTML page (dark theme, 520 px embeds) at a desktop and a phone width; with
Chromium installed, each is also screenshot into a PNG (desktop and phone side by side).

    .venv/bin/python scripts/preview.py [--out docs/preview] [--no-png] [--only answer-fr ...]

Writes OUT/index.html (every message at both widths), OUT/payloads.json (what the bot sent)
and OUT/<name>.png, and prints each message's height at each width and its component rows.
PNGs are reduced to a small palette with pngquant when it is installed. Chromium runs
headless with --no-sandbox --disable-gpu --disable-background-networking --no-first-run.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import (  # noqa: E402
    Config,
    Cooldown,
    DiscordSettings,
    QuestionLogSettings,
    ReloadSettings,
)
from bot.frontends.discord.app import use_endpoints  # noqa: E402
from bot.frontends.discord.client import ArticleBot  # noqa: E402
from bot.matching.matcher import Status  # noqa: E402
from bot.qlog import QuestionLog  # noqa: E402
from bot.service import AnswerService  # noqa: E402
from tests.fakediscord import BOT, GUILD_ID, FakeDiscord  # noqa: E402

TOKEN = "preview-token"
SLUG = "irak-soudani-trump-2024-11"
DESKTOP, PHONE = 800, 390  # viewport widths (px)
EXAMPLE_URL = "https://example.org/irak-soudani-trump"  # for the preview only
DRAFTED = "relations-deteriorated"  # its sentence answers from the article in the preview
AMBIGUOUS = ["retrait", "guerre", "What about the troops?", "Trump", "Irak"]


@dataclass
class Shot:
    """One message the bot sent, and how it came about."""

    name: str
    caption: str
    payload: dict[str, Any]
    lead: str  # the line above the message: "alice used /ask", a reply, a click
    asked: str | None = None  # a chat message the bot replies to, shown above it
    open_menu: bool = False
    heights: dict[str, int] = field(default_factory=dict)  # the whole screenshot
    content: dict[str, int] = field(default_factory=dict)  # what the bot sent: embeds, rows

    @property
    def ephemeral(self) -> bool:
        return bool((self.payload.get("flags") or 0) & 64)

    def rows(self) -> int:
        return len(self.payload.get("components") or [])


# --- driving the bot -------------------------------------------------------------------


def knowledge_copy(folder: Path) -> Path:
    root = folder / "knowledge"
    shutil.copytree(ROOT / "knowledge", root)
    entries = root / SLUG / "entries.yaml"
    text = entries.read_text(encoding="utf-8")
    at = text.index(f"- id: {DRAFTED}\n")
    indent = " " * (at - text.rindex("\n", 0, at) + 1)
    at += len(f"- id: {DRAFTED}\n")
    entries.write_text(f"{text[:at]}{indent}status: draft\n{text[at:]}", encoding="utf-8")
    meta = root / SLUG / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f'url: "{EXAMPLE_URL}"\n',
                    encoding="utf-8")
    return root


async def capture(folder: Path) -> list[Shot]:
    """Every kind of reply, from the real bot through the fake Discord."""
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    config = Config(
        knowledge_dir=knowledge_copy(folder), default_language="fr",
        question_log=QuestionLogSettings(path=folder / "questions.jsonl"),
        reload=ReloadSettings(enabled=False),
        discord=DiscordSettings(api_base=fake.api_base, gateway_url=fake.gateway_url,
                                dev_guild_ids=(GUILD_ID,), guild_ready_timeout=0.05,
                                cooldown=Cooldown(rate=1000, per=1.0)))
    service = AnswerService(config, question_log=QuestionLog(folder / "questions.jsonl",
                                                             salt="preview"))
    use_endpoints(config.discord)
    bot = ArticleBot(config, service)
    task = asyncio.create_task(bot.start(TOKEN))
    await asyncio.wait_for(bot.wait_until_ready(), 20)
    shots: list[Shot] = []
    try:
        matcher = service.snapshot.matcher
        ambiguous = next(q for q in AMBIGUOUS if matcher.match(q).status is Status.AMBIGUOUS)

        async def ask(name: str, caption: str, question: str, locale: str = "fr") -> Any:
            reply = await fake.slash("ask", question=question, locale=locale)
            shots.append(Shot(name, caption, reply.data,
                              f"alice {used(locale)} /ask question: {question}"))
            return reply

        answer = await ask("answer-fr", "An answer (French)",
                           "Combien de soldats américains sont en Irak ?")
        await ask("answer-en", "An answer (English)", "How many US troops are in Iraq?",
                  "en-US")
        await ask("from-article", "An answer drawn from the article itself (no entry)",
                  "Les rapports entre Bagdad et Washington se sont-ils détériorés ?")
        await ask("did-you-mean", "Did you mean", ambiguous)
        shots.append(Shot("did-you-mean-open", "Did you mean, its menu opened",
                          shots[-1].payload, shots[-1].lead, open_menu=True))
        declined = await ask("not-in-article", "Not in the article",
                             "Quel âge a Donald Trump ?")
        await ask("off-topic", "Off topic (French)", "Quelle météo demain à Paris ?")
        await ask("not-understood", "Not understood", "Qui ?")
        await ask("several", "Several questions in one message",
                  "Combien de soldats américains en Irak ? Et quel âge a Donald Trump ?")
        posted = await fake.say(f"<@{BOT.id}> c quand que les américains partent d'Irak ?",
                                mentions=(BOT,))
        sent = await fake.bot_reply_to(posted)
        shots.append(Shot("mention", "A mention in chat, answered as a reply", sent.body,
                          "", asked="@ArticleBot c quand que les américains partent d'Irak ?"))
        for name, caption, reply in (("why", "Why this answer? (a reader)", answer),
                                     ("why-declined", "Why? on a decline", declined)):
            why = await fake.click(reply.message, "ab:why:fr")
            shots.append(Shot(name, caption, why.data, "alice a cliqué sur « Explication »"))
        for command, caption in (("topics", "/topics"), ("article", "/article (example URL)"),
                                 ("help", "/help")):
            reply = await fake.slash(command, locale="fr")
            shots.append(Shot(command, caption, reply.data, f"alice {used('fr')} /{command}"))
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)
        await fake.stop()
    return shots


def used(locale: str) -> str:
    return "a utilisé" if locale.startswith("fr") else "used"


# --- rendering -------------------------------------------------------------------------

CSS = """
* { box-sizing: border-box; }
body { margin: 0; background: #313338; color: #dbdee1; font-size: 16px;
  font-family: "gg sans", "Noto Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif; }
.shot { padding: 14px 12px 16px 0; background: #313338; }
.message { position: relative; padding-left: 72px; }
.message.ephemeral { background: rgba(88, 101, 242, .07); box-shadow: inset 2px 0 #5865f2;
  padding-top: 4px; padding-bottom: 6px; }
.lead { font-size: 14px; color: #b5bac1; margin: 0 0 4px 0; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.lead .cmd { color: #00a8fc; }
.lead::before { content: ""; display: inline-block; width: 16px; height: 16px;
  border-radius: 50%; background: #f0b232; vertical-align: -3px; margin-right: 6px; }
.asked { margin-bottom: 10px; }
.avatar { position: absolute; left: 16px; width: 40px; height: 40px; border-radius: 50%;
  background: #5865f2; color: white; font-weight: 700; display: flex; align-items: center;
  justify-content: center; font-size: 18px; }
.avatar.user { background: #f0b232; }
.name { color: #f2f3f5; font-weight: 500; font-size: 16px; }
.app { background: #5865f2; color: white; font-size: 10px; font-weight: 600;
  border-radius: 3px; padding: 1px 4px; margin-left: 4px; vertical-align: 2px; }
.time { color: #949ba4; font-size: 12px; margin-left: 6px; }
.text { line-height: 22px; }
.embed { margin-top: 4px; max-width: 520px; background: #2b2d31; border-radius: 4px;
  border-left: 4px solid #1e1f22; padding: 8px 16px 16px 12px; }
.embed .title { color: #f2f3f5; font-weight: 600; font-size: 16px; margin-top: 8px;
  line-height: 22px; }
.embed .title a { color: #00a8fc; text-decoration: none; }
.embed .description, .field .value { font-size: 14px; line-height: 18px; margin-top: 8px;
  white-space: normal; overflow-wrap: anywhere; }
.fields { display: grid; grid-template-columns: repeat(12, 1fr); gap: 8px; margin-top: 8px; }
.field { grid-column: 1 / 13; min-width: 0; }
.field.inline { grid-column: span 4; }
.field .name { font-size: 14px; font-weight: 600; color: #f2f3f5; line-height: 18px; }
.field .value { margin-top: 2px; }
.footer { font-size: 12px; line-height: 16px; color: #dbdee1; margin-top: 8px;
  font-weight: 500; }
blockquote { margin: 2px 0; padding: 0 8px 0 12px; border-left: 4px solid #4e5058;
  border-radius: 4px; }
code { background: #1e1f22; border-radius: 4px; padding: 0 2px; font-size: 85%;
  font-family: Consolas, "DejaVu Sans Mono", monospace; }
a { color: #00a8fc; text-decoration: none; }
.mention { background: rgba(88, 101, 242, .3); color: #c9cdfb; border-radius: 3px;
  padding: 0 2px; font-weight: 500; }
.subtext { font-size: 12px; color: #949ba4; }
.components { margin-top: 8px; display: flex; flex-direction: column; gap: 8px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; }
.button { height: 32px; min-width: 52px; padding: 2px 14px; border-radius: 8px;
  background: #4e5058; color: white; font-size: 14px; font-weight: 500; display: flex;
  align-items: center; justify-content: center; gap: 6px; white-space: nowrap; }
.button.primary { background: #5865f2; } .button.success { background: #248046; }
.button.danger { background: #da373c; } .button.disabled { opacity: .5; }
.button .emoji { font-size: 18px; line-height: 1; }
.select { width: 100%; max-width: 400px; min-height: 40px; background: #1e1f22;
  border-radius: 8px; padding: 8px 12px; display: flex; align-items: center;
  justify-content: space-between; color: #949ba4; font-size: 15px; }
.select .chevron { border: solid #b5bac1; border-width: 0 2px 2px 0; padding: 3px;
  transform: rotate(45deg); margin: -4px 4px 0 8px; }
.menu { max-width: 400px; background: #2b2d31; border: 1px solid #1e1f22;
  border-radius: 0 0 8px 8px; margin-top: -8px; }
.menu div { padding: 10px 12px; font-size: 15px; color: #dbdee1;
  border-top: 1px solid #1e1f22; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.phone .menu div { white-space: normal; }
.only-you { font-size: 12px; color: #949ba4; margin-top: 4px; }
.only-you a { color: #00a8fc; }
.phone .message { padding-left: 60px; } .phone .avatar { left: 10px; }
.phone .embed, .phone .select, .phone .menu { max-width: none; }
"""

_MENTION = re.compile(r"&lt;@!?(\d+)&gt;")
_COMMAND = re.compile(r"&lt;/([\w -]+):\d+&gt;")
_TIMESTAMP = re.compile(r"&lt;t:(\d+)(?::\w)?&gt;")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def inline(text: str) -> str:
    """Discord's inline markdown on escaped text."""
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(f"<code>{match.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    text = re.sub(r"`([^`]+)`", keep, text)
    text = _MENTION.sub(lambda m: '<span class="mention">@'
                        + ("ArticleBot" if m.group(1) == str(BOT.id) else "user") + "</span>",
                        text)
    text = _COMMAND.sub(r'<span class="mention">/\1</span>', text)
    text = _TIMESTAMP.sub('<span class="mention">il y a 2 minutes</span>', text)
    text = _LINK.sub(r'<a href="\2">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"__(.+?)__", r"<u>\1</u>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)


def markdown(text: str) -> str:
    """Discord markdown as HTML: quotes, subtext, inline markup, line breaks."""
    out: list[str] = []
    quote: list[str] = []
    for line in html.escape(text, quote=False).split("\n"):
        if line.startswith("&gt; "):
            quote.append(inline(line[5:]))
            continue
        if quote:
            out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote = []
        if line.startswith("-# "):
            out.append(f'<div class="subtext">{inline(line[3:])}</div>')
        else:
            out.append(inline(line) + "<br>")
    if quote:
        out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
    joined = "".join(out)
    return joined.removesuffix("<br>")


def render_embed(embed: dict[str, Any]) -> str:
    colour = f"#{embed.get('color', 0x1E1F22):06x}"
    parts = [f'<div class="embed" style="border-left-color:{colour}">']
    if embed.get("author"):
        parts.append(f'<div class="field"><div class="name">'
                     f'{inline(html.escape(embed["author"]["name"]))}</div></div>')
    if embed.get("title"):
        title = inline(html.escape(embed["title"]))
        if embed.get("url"):
            title = f'<a href="{html.escape(embed["url"])}">{title}</a>'
        parts.append(f'<div class="title">{title}</div>')
    if embed.get("description"):
        parts.append(f'<div class="description">{markdown(embed["description"])}</div>')
    if embed.get("fields"):
        parts.append('<div class="fields">')
        for item in embed["fields"]:
            kind = "field inline" if item.get("inline") else "field"
            parts.append(f'<div class="{kind}"><div class="name">'
                         f'{inline(html.escape(item["name"]))}</div><div class="value">'
                         f'{markdown(item["value"])}</div></div>')
        parts.append("</div>")
    if embed.get("footer"):
        parts.append(f'<div class="footer">{html.escape(embed["footer"]["text"])}</div>')
    parts.append("</div>")
    return "".join(parts)


def render_components(rows: list[dict[str, Any]], open_menu: bool) -> str:
    styles = {1: "primary", 2: "", 3: "success", 4: "danger", 5: ""}
    out = ['<div class="components">']
    for row in rows:
        out.append('<div class="row">')
        for item in row["components"]:
            if item["type"] == 2:
                emoji = (item.get("emoji") or {}).get("name")
                label = html.escape(item.get("label") or "")
                style = styles.get(item.get("style", 2), "")
                disabled = " disabled" if item.get("disabled") else ""
                out.append(f'<div class="button {style}{disabled}">'
                           + (f'<span class="emoji">{emoji}</span>' if emoji else "")
                           + (f"<span>{label}</span>" if label else "") + "</div>")
            elif item["type"] == 3:
                out.append(f'<div class="select"><span>{html.escape(item.get("placeholder", ""))}'
                           '</span><span class="chevron"></span></div>')
                if open_menu:
                    out.append("</div><div class=\"menu\">" + "".join(
                        f"<div>{html.escape(o['label'])}</div>" for o in item["options"]))
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def render_message(shot: Shot) -> str:
    """One message as Discord shows it: the line above it (a command, a reply), the bot's
    name, then what it sent; a chat message it replies to comes first."""
    payload = shot.payload
    body = []
    if payload.get("content"):
        body.append(f'<div class="text">{markdown(payload["content"])}</div>')
    body += [render_embed(e) for e in payload.get("embeds") or []]
    if payload.get("components"):
        body.append(render_components(payload["components"], shot.open_menu))
    asked = ""
    lead = shot.lead
    if shot.asked is not None:
        said = inline(html.escape(shot.asked))
        asked = (f'<div class="message asked"><div class="avatar user">a</div>'
                 f'<div><span class="name">alice</span><span class="time">Aujourd’hui à 14:31'
                 f'</span></div><div class="text">{said}</div></div>')
        lead = f"@alice {shot.asked}"
    lead_html = f'<div class="lead">{inline(html.escape(lead))}</div>' if lead else ""
    only_you = ('<div class="only-you">👁 Vous seul·e pouvez voir ceci · '
                '<a>Ignorer le message</a></div>') if shot.ephemeral else ""
    ephemeral = " ephemeral" if shot.ephemeral else ""
    return (f'{asked}<div class="message{ephemeral}">{lead_html}<div class="avatar">A</div>'
            f'<div><span class="name">ArticleBot</span><span class="app">APP</span>'
            f'<span class="time">Aujourd’hui à 14:32</span></div>'
            f'<div class="content">{"".join(body)}</div>{only_you}</div>')


def page(shots: list[Shot], widths: tuple[int, ...], *, measure: bool = False) -> str:
    blocks = []
    for shot in shots:
        for width in widths:
            kind = "phone" if width == PHONE else "desktop"
            blocks.append(f'<div class="shot {kind}" id="{shot.name}-{kind}" '
                          f'style="width:{width}px">{render_message(shot)}</div>')
    script = ("<script>const h={};document.querySelectorAll('.shot').forEach(e=>{"
              "h[e.id]=Math.ceil(e.getBoundingClientRect().height);"
              "h[e.id+'-content']=Math.ceil(e.querySelector('.message:last-of-type .content')"
              ".getBoundingClientRect().height);});"
              "document.body.setAttribute('data-heights',JSON.stringify(h));</script>"
              if measure else "")
    return (f'<!doctype html><html><head><meta charset="utf-8"><style>{CSS}</style></head>'
            f"<body>{''.join(blocks)}{script}</body></html>")


def index(shots: list[Shot]) -> str:
    """Every message at both widths, captioned, in one page to look at."""
    rows = []
    for shot in shots:
        message = render_message(shot)
        desktop = f'<div class="shot desktop" style="width:{DESKTOP}px">{message}</div>'
        phone = f'<div class="shot phone" style="width:{PHONE}px">{message}</div>'
        rows.append(f'<h2 style="color:#f2f3f5;font-size:16px;margin:24px 12px 4px">'
                    f"{html.escape(shot.caption)} <span style=\"color:#949ba4\">({shot.name}: "
                    f"{shot.content.get('desktop', '?')} px on desktop, "
                    f"{shot.content.get('phone', '?')} px on a phone, {shot.rows()} row(s) of "
                    f"components)</span></h2>"
                    f'<div style="display:flex;gap:24px;align-items:flex-start">{desktop}'
                    f'<div style="border-left:1px solid #1e1f22">{phone}</div></div>')
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>article-bot preview'
            f"</title><style>{CSS}</style></head><body>{''.join(rows)}</body></html>")


def stable_json(shots: list[Shot]) -> str:
    """What the bot sent, without what changes from one run to the next (nonces, message
    ids, the fake's command ids), so that the file changes only when the replies do."""
    payloads = {s.name: {k: v for k, v in s.payload.items()
                         if k not in ("nonce", "enforce_nonce", "message_reference")}
                for s in shots}
    text = json.dumps(payloads, ensure_ascii=False, indent=1) + "\n"
    return re.sub(r"(</[\w -]+:)\d{6,}>", r"\g<1>ID>", text)


# --- screenshots -----------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
                  "--force-device-scale-factor=1", "--disable-extensions", "--mute-audio"]


def chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def measure(browser: str, shots: list[Shot], folder: Path) -> None:
    """Each message's height at each width, as Chromium lays it out."""
    path = folder / "measure.html"
    path.write_text(page(shots, (DESKTOP, PHONE), measure=True), encoding="utf-8")
    dom = subprocess.run([browser, *CHROMIUM_FLAGS, "--window-size=1000,800", "--dump-dom",
                          path.as_uri()], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    found = re.search(r'data-heights="([^"]+)"', dom)
    if found is None:
        raise RuntimeError("Chromium gave no heights")
    heights = json.loads(html.unescape(found.group(1)))
    for shot in shots:
        shot.heights = {kind: heights[f"{shot.name}-{kind}"] for kind in ("desktop", "phone")}
        shot.content = {kind: heights[f"{shot.name}-{kind}-content"]
                        for kind in ("desktop", "phone")}


def screenshot(browser: str, shot: Shot, folder: Path, out: Path) -> Path:
    """Desktop and phone side by side in one PNG."""
    height = max(shot.heights.values())
    gap = 16
    body = (f'<div style="display:flex;gap:{gap}px;align-items:flex-start">'
            f'<div class="shot desktop" style="width:{DESKTOP}px">{render_message(shot)}</div>'
            f'<div class="shot phone" style="width:{PHONE}px;box-shadow:-1px 0 #1e1f22">'
            f"{render_message(shot)}</div></div>")
    path = folder / f"{shot.name}.html"
    path.write_text(f'<!doctype html><html><head><meta charset="utf-8"><style>{CSS}</style>'
                    f"</head><body>{body}</body></html>", encoding="utf-8")
    png = out / f"{shot.name}.png"
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--window-size={DESKTOP + PHONE + gap},{height}",
                    f"--screenshot={png}", path.as_uri()], capture_output=True, timeout=120,
                   check=True)
    quantizer = shutil.which("pngquant")
    if quantizer:
        subprocess.run([quantizer, "--force", "--skip-if-larger", "--strip", "--quality=60-90",
                        "--output", str(png), "32", str(png)], capture_output=True, check=False)
    return png


# --- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "preview")
    parser.add_argument("--no-png", action="store_true", help="HTML and payloads only")
    parser.add_argument("--only", nargs="*", help="PNGs of these messages only")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="article-bot-preview-") as temp:
        folder = Path(temp)
        shots = asyncio.run(capture(folder))
        (out / "payloads.json").write_text(stable_json(shots), encoding="utf-8")
        browser = None if args.no_png else chromium()
        if browser is not None:
            measure(browser, shots, folder)
        (out / "index.html").write_text(index(shots), encoding="utf-8")
        print("height in px of what the bot sent (embeds and components), and its rows")
        print(f"{'message':<20} {'desktop':>8} {'phone':>6}  rows")
        for shot in shots:
            print(f"{shot.name:<20} {shot.content.get('desktop', '-'):>8} "
                  f"{shot.content.get('phone', '-'):>6}  {shot.rows()}")
        if browser is None:
            print("no PNGs: " + ("--no-png" if args.no_png else "Chromium not found"))
            return 0
        total = 0
        for shot in shots:
            if args.only and shot.name not in args.only:
                continue
            total += screenshot(browser, shot, folder, out).stat().st_size
        print(f"PNGs in {out}: {total // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
