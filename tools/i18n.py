"""Keep ketacost's gettext catalog: extract every message, update the French catalog,
compile it, and split or merge it for translators.

    python tools/i18n.py extract     # ketacost/locale/ketacost.pot from the code, the
                                     # commands' help and the bundled data's texts, then
                                     # the French .po updated from it (translations kept)
    python tools/i18n.py compile     # the .po compiled to the .mo the wheel carries
    python tools/i18n.py split N DIR # the untranslated entries in N .po files in DIR
    python tools/i18n.py merge DIR   # the translations of DIR's .po files merged back
    python tools/i18n.py stats       # how many messages are translated

Needs Babel (pip install babel; it is a dependency of ketacost). The .po is the file a
translator edits, with any gettext tool (Poedit, Lokalize, a text editor).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ketacost"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "ketacost.pot"
DATA = ROOT / "data"
DATA_FILES = ("coverage.yaml", "pricing.yaml", "plans.yaml", "tax.yaml")


def po_path(language: str = "fr") -> Path:
    return LOCALE / language / "LC_MESSAGES" / "ketacost.po"


def extract() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po, write_po

    catalog = Catalog(project="ketacost", charset="utf-8", fuzzy=False)
    keywords = {"_": None, "N_": None}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for line, message, comments, _context in extract_from_file(
            "python", str(path), keywords=keywords, comment_tags=("Translators:",)
        ):
            if message:
                catalog.add(message, locations=[(relative, line)], auto_comments=comments)
    for text, where in help_texts():
        catalog.add(text, locations=[(where, 0)])
    sys.path.insert(0, str(ROOT))
    from ketacost.load.translate import texts
    from ketacost.load.yamldoc import load

    for name in DATA_FILES:
        doc = load(DATA / name)
        for path, text in texts(doc.data, name):
            catalog.add(text, locations=[(f"data/{name}", doc.line(path) or 0)])
    LOCALE.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as out:
        write_po(out, catalog, width=88, sort_output=False, omit_header=False)
    target = po_path()
    if target.exists():
        with target.open("rb") as f:
            french = read_po(f, locale="fr_CA")
        french.update(catalog, no_fuzzy_matching=True)
    else:
        french = Catalog(locale="fr_CA", project="ketacost", charset="utf-8")
        for message in catalog:
            if message.id:
                french.add(message.id, locations=message.locations)
    french.obsolete.clear()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        write_po(out, french, width=88, omit_header=False)
    print(f"{len(catalog)} messages in {POT.relative_to(ROOT)}; {stats_line(french)}")


def help_texts():
    """Each command's help and each of its options' help, as the CLI declares them."""
    sys.path.insert(0, str(ROOT))
    import typer.main

    from ketacost.cli import COMMAND_MODULES, app_for

    seen = set()
    for name in COMMAND_MODULES:
        group = typer.main.get_command(app_for([name]))
        for command_name, command in group.commands.items():
            if command_name in seen:
                continue
            seen.add(command_name)
            where = f"ketacost {command_name}"
            for text in (command.help, command.short_help):
                if text:
                    yield text, where
            for param in command.params:
                for text in (getattr(param, "help", None), getattr(param, "rich_help_panel", None)):
                    if text:
                        yield text, where
    whole = typer.main.get_command(app_for([]))
    for item in (whole, *whole.params):
        for text in (getattr(item, "help", None), getattr(item, "rich_help_panel", None)):
            if text:
                yield text, "ketacost"


def compile_mo() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path().open("rb") as f:
        french = read_po(f, locale="fr_CA")
    with po_path().with_suffix(".mo").open("wb") as out:
        write_mo(out, french, use_fuzzy=False)
    print(f"compiled {po_path().with_suffix('.mo').relative_to(ROOT)}; {stats_line(french)}")


def stats_line(catalog) -> str:
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    total = sum(1 for m in catalog if m.id)
    return f"{done} of {total} translated"


def split(parts: int, directory: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with po_path().open("rb") as f:
        french = read_po(f, locale="fr_CA")
    todo = [m for m in french if m.id and not m.string]
    directory.mkdir(parents=True, exist_ok=True)
    size = -(-len(todo) // parts)
    for index in range(parts):
        chunk = Catalog(locale="fr_CA", project="ketacost", charset="utf-8")
        for message in todo[index * size : (index + 1) * size]:
            chunk.add(message.id, locations=message.locations)
        with (directory / f"part-{index + 1}.po").open("wb") as out:
            write_po(out, chunk, width=88, omit_header=False)
    print(f"{len(todo)} untranslated messages in {parts} files in {directory}")


def merge(directory: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    with po_path().open("rb") as f:
        french = read_po(f, locale="fr_CA")
    found = 0
    for part in sorted(directory.glob("*.po")):
        with part.open("rb") as f:
            for message in read_po(f, locale="fr_CA"):
                if message.id and message.string and message.id in french:
                    french[message.id].string = message.string
                    found += 1
    with po_path().open("wb") as out:
        write_po(out, french, width=88, omit_header=False)
    print(f"merged {found} translations; {stats_line(french)}")


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "stats"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_mo()
    elif command == "split":
        split(int(argv[1]), Path(argv[2]))
    elif command == "merge":
        merge(Path(argv[1]))
    elif command == "stats":
        from babel.messages.pofile import read_po

        with po_path().open("rb") as f:
            print(stats_line(read_po(f, locale="fr_CA")))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
