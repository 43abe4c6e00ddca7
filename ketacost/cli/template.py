"""A clinic's own price file: the commented template `ketacost init-clinic` writes, and
what a checked file adds to the bundled prices (`ketacost validate`)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from ketacost.errors import RequestError
from ketacost.i18n import _
from ketacost.model.prices import PriceList

MAX_NAME = 200

# Placeholders only: the template invents no price. "AMOUNT" in a comment is for the
# clinic to fill in; the live entries say "not published" until it does.
_TEMPLATE = """\
# ketacost price file for {name}: your own prices, laid over the bundled market
# data, so this file needs only your clinic and its programs.
#
# Check it:  ketacost validate {file}
# Estimate:  ketacost estimate --pricing {file} --clinic {id} --program {program} -n 6
# Quote:     ketacost quote --pricing {file} --clinic {id} --program {program} -n 6 -o q.html
# Or set KETACOST_PRICING={file} once, instead of --pricing.
#
# Every price is a dated value: the key is the date it holds from. When a price
# changes, add a new date below the old one; estimates for an earlier day
# (--as-of) keep the old price. Amounts are in CAD. Where you publish no figure,
# write "not published": ketacost then says so, and never guesses one.
schema_version: 1

sources:
  # Where your prices are published: a page, a brochure, a signed price list.
  {id}-prices:
    title: {quoted_title}
    url: not given      # or the page's address, https://...
    date: {today}    # when the list was published or last checked
    status: official

clinics:
  {id}:                 # the id for --clinic: lower-case letters, digits, dashes
    name: {quoted_name}
    source: {id}-prices
    # quote_valid_days: DAYS   # how long your quotes hold (ketacost quote; default 30)
    # A deposit asked before a program starts (counts_toward_price: true if it is part of
    # the program's price, false if paid on top; left out, patients are told to ask):
    # deposit:
    #   {today}:
    #     amount: AMOUNT
    #     refundable: false
    #     counts_toward_price: true
    #     source: {id}-prices
    programs:
      {program}:       # the id for --program
        label: IV ketamine infusion series
        treatment: iv   # one of: {treatments}
        # Price a program in exactly one of three ways.
        # 1. The same price for every session:
        per_session:
          {today}: {{low: not published, high: not published, source: {id}-prices}}
        # 2. A first (initial) session, then each additional one:
        # first_session:
        #   {today}: {{low: AMOUNT, high: AMOUNT, source: {id}-prices}}
        # additional_session:
        #   {today}: {{low: AMOUNT, high: AMOUNT, source: {id}-prices}}
        # 3. One price for the whole program, however many sessions:
        # whole_program:
        #   {today}: {{low: AMOUNT, high: AMOUNT, source: {id}-prices}}
        #
        # A package price, for a course of exactly that many sessions
        # (whole-course) or for the first that many of a longer one
        # (first-sessions, such as an induction); not with whole_program:
        # courses:
        #   - sessions: 6
        #     applies: whole-course
        #     label: 6-session package
        #     price:
        #       {today}: {{low: AMOUNT, high: AMOUNT, source: {id}-prices}}
"""

_TEMPLATE_PROGRAM = "iv-series"


def clinic_id(name: str) -> str:
    """The id a clinic's name gives: 'Calm Mind Clinic' -> 'calm-mind-clinic'.

    Raises RequestError for a name with no letter or digit to make one from.
    """
    # "Clinique Étoile" -> "clinique-etoile": accents are dropped, not the letters.
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    found = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_NAME].strip("-")
    if not found:
        raise RequestError(
            _("cannot make a clinic id from the name {name}; give --id").format(name=repr(name))
        )
    return found


def template(name: str, clinic: str, file: str, today: dt.date, treatments: list[str]) -> str:
    """The commented template of a clinic's price file, valid as it is.

    Raises RequestError for a name that is not one line of text or an id that is not
    lower-case letters, digits and dashes.
    """
    # isprintable() is False for tabs, line breaks of every kind (U+2028 too) and
    # direction controls: any of them would break out of the template's lines.
    if not name.strip() or not name.isprintable():
        raise RequestError(_("--name must be one line of printable text"))
    if len(name) > MAX_NAME:
        raise RequestError(
            _("--name is {length} characters long; at most {most}").format(
                length=len(name), most=MAX_NAME
            )
        )
    if len(clinic) > MAX_NAME or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", clinic):
        raise RequestError(
            _(
                "--id {id} is not an id: use lower-case letters, digits and dashes (at most {most})"
            ).format(id=repr(clinic[:40]), most=MAX_NAME)
        )
    return _TEMPLATE.format(
        name=name.strip(),
        # A JSON string is a valid double-quoted YAML scalar: any name reads back as text.
        quoted_name=json.dumps(name.strip(), ensure_ascii=False),
        quoted_title=json.dumps(f"{name.strip()} price list", ensure_ascii=False),
        id=clinic,
        program=_TEMPLATE_PROGRAM,
        file=file,
        today=today.isoformat(),
        treatments=", ".join(treatments),
    )


def summary(own: PriceList, base: PriceList, file: str) -> list[str]:
    """What a checked clinic file defines, what it replaces in the bundled prices, and a
    command to try it with."""
    lines = []
    defined = []
    if own.clinics:
        count = len(own.clinics)
        programs = sum(len(c.programs) for c in own.clinics.values())
        clinics = _("{count} clinic") if count == 1 else _("{count} clinics")
        with_programs = _("{count} program") if programs == 1 else _("{count} programs")
        defined.append(
            _("{clinics} ({ids}) with {programs}").format(
                clinics=clinics.format(count=count),
                ids=", ".join(own.clinics),
                programs=with_programs.format(count=programs),
            )
        )
    if own.treatments:
        count = len(own.treatments)
        treatments = _("{count} treatment") if count == 1 else _("{count} treatments")
        ids = ", ".join(own.treatments)
        defined.append(f"{treatments.format(count=count)} ({ids})")
    lines.append(_("Defines {things}.").format(things=(" " + _("and") + " ").join(defined)))
    replaced = [_("treatment '{id}'").format(id=t) for t in own.treatments if t in base.treatments]
    replaced += [_("clinic '{id}'").format(id=c) for c in own.clinics if c in base.clinics]
    if replaced:
        lines.append(
            _("Over the bundled prices it replaces the {things}.").format(
                things=", ".join(replaced)
            )
        )
    if own.clinics:
        clinic = next(iter(own.clinics.values()))
        program = next(iter(clinic.programs.values()))
        length = "" if program.pricing.whole_program is not None else " -n 6"
        command = (
            f"ketacost estimate --pricing {file} --clinic {clinic.id} "
            f"--program {program.id}{length}"
        )
    else:
        command = f"ketacost estimate --pricing {file} -t {next(iter(own.treatments))} -n 6"
    lines.append(_("Try: {command}").format(command=command))
    return lines
