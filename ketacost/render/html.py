"""HTML output: a quote as one standalone page (styles inline, nothing fetched), readable
on a phone, a desktop and on paper."""

from __future__ import annotations

from html import escape

from ketacost import i18n
from ketacost.i18n import _
from ketacost.model.sources import Source
from ketacost.quote import Quote
from ketacost.render import Options
from ketacost.render.answer import (
    ANSWER_TITLE,
)
from ketacost.render.document import (
    Bullets,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    Verdict,
    quote_document,
)
from ketacost.words import format_day, status_word, verdict_word

_STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p, td, th, dd { overflow-wrap: break-word; }
li { overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem;
  border-bottom: 1px solid var(--rule); }
th { background: #f2f2f2; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: none; }
.strong { font-weight: 700; font-size: 1.1rem; }
.verdict { display: inline-block; padding: 0 .45rem; border-radius: .3rem; font-weight: 700;
  white-space: nowrap; border: 1px solid currentColor; }
.verdict.likely { color: #0b6b2e; background: #e6f4ea; }
.verdict.possible { color: #7a4d00; background: #fff4d6; }
.verdict.unlikely { color: #8a1c1c; background: #fdecea; }
.verdict.not-eligible { color: #444; background: #eee; }
.muted { color: var(--muted); font-size: .9rem; }
section.answer { border: 3px solid var(--ink); border-radius: .4rem; padding: .2rem 1rem .4rem;
  margin: 0 0 1.2rem; break-inside: avoid; }
section.answer h2 { margin: .4rem 0; border: none; }
section.answer ul { margin: 0; padding-left: 1.1rem; }
section.answer li { font-size: 1.05rem; margin: .2rem 0; }
footer { margin-top: 2rem; padding-top: .8rem; border-top: 1px solid var(--rule);
  font-style: italic; }
@media (max-width: 40rem) {
  main { padding: 1rem .75rem 2rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
  table.wide, table.wide tbody, table.wide tr, table.wide td { display: block; width: 100%; }
  table.wide thead { display: none; }
  table.wide tr { border-bottom: 1px solid var(--rule); padding: .4rem 0; }
  table.wide td { border: none; padding: .1rem .25rem; text-align: left; white-space: normal; }
  table.wide td::before { content: attr(data-label) ": "; font-weight: 600; }
  table.wide td:empty { display: none; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  tr, li { break-inside: avoid; }
}
@page { margin: 18mm 15mm; }
"""


def quote(view: Quote, options: Options) -> str:
    """The quote as a standalone HTML page."""
    return page(quote_document(view, options.explain))


def page(document: Document) -> str:
    """A document as one HTML page."""
    body = [f"<h1>{escape(document.title)}</h1>"]
    if document.answer:
        items = "".join(f"<li>{escape(line)}</li>" for line in document.answer)
        answer_title = escape(_(ANSWER_TITLE))
        body.append(
            f'<section class="answer" aria-label="{answer_title}">\n'
            f"<h2>{answer_title}</h2>\n<ul>{items}</ul>\n</section>"
        )
    body.append(_facts(document.header))
    for section in document.sections:
        body.append(_section(section))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{i18n.current()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + f"\n<footer>{escape(document.footer)}</footer>\n</main>\n</body>\n</html>\n"
    )


def _section(section: Section) -> str:
    parts = [f"<section>\n<h2>{escape(section.title)}</h2>"]
    for block in section.blocks:
        if isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Facts):
            parts.append(_facts(block))
        elif isinstance(block, Paragraph):
            css = ' class="strong"' if block.strong else ""
            parts.append(f"<p{css}>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            parts.append(_bullets(block))
    parts.append("</section>")
    return "\n".join(parts)


def _facts(facts: Facts) -> str:
    rows = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in facts.pairs
    )
    return f'<dl class="facts">{rows}</dl>'


def _table(table: Table) -> str:
    def cell(tag: str, index: int, value, label: str = "") -> str:
        css = ' class="num"' if index in table.numeric else ""
        data = f' data-label="{escape(label)}"' if label else ""
        if isinstance(value, Verdict):
            # The class is the verdict's id (its colours); the badge, its word.
            verdict, word = escape(value.word), escape(verdict_word(value.word))
            value_html = f'<span class="verdict {verdict}">{word}</span>'
        else:
            value_html = escape(value)
        return f"<{tag}{css}{data}>{value_html}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(table.headers))
    rows = [
        "<tr>" + "".join(cell("td", i, v, table.headers[i]) for i, v in enumerate(row)) + "</tr>"
        for row in table.rows
    ]
    if table.total is not None:
        rows.append(
            '<tr class="total">'
            + "".join(cell("td", i, v, table.headers[i]) for i, v in enumerate(table.total))
            + "</tr>"
        )
    # Tables of more than three columns fold into labelled blocks on a phone.
    css = ' class="wide"' if len(table.headers) > 3 else ""
    return f"<table{css}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _bullets(bullets: Bullets) -> str:
    title = f"<h3>{escape(bullets.title)}</h3>" if bullets.title else ""
    items = "".join(f"<li>{_item(item)}</li>" for item in bullets.items)
    return f"{title}<ul>{items}</ul>"


def _item(item: str | Source) -> str:
    if not isinstance(item, Source):
        return escape(item)
    date = format_day(item.date) if item.date else _("date not given")
    text = f"{escape(item.title)} ({escape(status_word(item.status))}; {escape(date)})"
    if item.url:
        url = escape(item.url)
        return _("{source}: {url}").format(source=text, url=f'<a href="{url}">{url}</a>')
    return "{text}; {missing}".format(text=text, missing=escape(_("URL not given")))
