"""A person's situation, as far as coverage rules ask about it, checked against the
words the coverage data defines (provinces, conditions, kinds of insurance,
federal plans).

A fact the person did not give is None: the rules answer "unknown" for it, never
"no". The two switches and the lists of insurances and federal plans are what
the person says they have; left out, they mean "no".

A person may have several conditions. Rules are decided for one condition at a
time (`Situation.each_condition`), and each program's verdict is the best over
them.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator

from ketacost.errors import RequestError, UnknownChoiceError, field_name
from ketacost.i18n import N_, _
from ketacost.model.record import field, fields, record, replace

MAX_FAILED_ANTIDEPRESSANTS = 50

# The facts a situation holds, in the order they are shown.
FACTS = (
    "province",
    "claim_province",
    "conditions",
    "failed_antidepressants",
    "work_injury",
    "veteran",
    "insurance",
    "federal_plans",
    "treatment",
)


# A fact that holds several values, named for one (an option given once per value, a
# batch column): every other fact's name is its own.
SINGULAR = {"conditions": "condition", "federal_plans": "federal_plan"}


@record
class Vocabulary:
    """The values each fact may take, with the words shown for them."""

    provinces: dict[str, str]  # code (AB) -> name
    conditions: dict[str, str]  # id -> label
    insurance: dict[str, str]  # id -> label
    treatments: tuple[str, ...]
    federal_plans: dict[str, str] = field(default_factory=dict)  # id -> label
    # Other names a person may write for a value, by kind ("provinces", "conditions",
    # "insurance"): the name as written in the data -> the value it stands for.
    also_called: dict[str, dict[str, str]] = field(default_factory=dict)
    # Words that could mean several values, by kind: the word -> (the values, what tells
    # them apart, in words).
    ambiguous: dict[str, dict[str, tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    # Carriers' names as written (each also an insurance's other name) -> the carrier's id.
    carriers: dict[str, str] = field(default_factory=dict)
    # Words that name a program or a plan, not an insurance -> the fact that gives it
    # ("none": no insurance at all).
    not_insurance: dict[str, str] = field(default_factory=dict)
    # Words by which a name is read as an insurer's ("insurance", "life"...): an unknown
    # name with one of them is a private plan.
    insurer_words: tuple[str, ...] = ()

    @functools.cached_property
    def carrier_readings(self) -> dict[str, str]:
        """Every carrier's names, reduced by `reduced`, -> the carrier's id."""
        return {reduced(name): carrier for name, carrier in self.carriers.items()}

    @functools.cached_property
    def named_insurance(self) -> frozenset[str]:
        """The insurances' ids and labels, reduced: what is not another name for one."""
        return frozenset(reduced(n) for pair in self.insurance.items() for n in pair)

    @functools.cached_property
    def readings(self) -> dict[str, dict[str, str]]:
        """By kind, every way of writing a value (its code or id, its name or label, the
        other names it is called), reduced by `reduced`, -> the value."""
        found: dict[str, dict[str, str]] = {}
        for kind, names in (
            ("provinces", self.provinces),
            ("conditions", self.conditions),
            ("insurance", self.insurance),
            ("federal_plans", self.federal_plans),
        ):
            table = found[kind] = {}
            for value, label in names.items():
                table[reduced(value)] = value
                table.setdefault(reduced(label), value)
            for name, value in self.also_called.get(kind, {}).items():
                table.setdefault(reduced(name), value)
        return found


@functools.lru_cache(maxsize=4096)  # a batch reads the same few names again and again
def reduced(text: str) -> str:
    """A name as it is compared: no case, no accents, no spaces, dots, hyphens or
    apostrophes ('Québec', 'quebec' and 'QUÉBEC' alike; 'B.C.' and 'bc')."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in plain if not unicodedata.combining(c) and c not in _IGNORED)


# What a name is compared without (a line break or a tab is not ignored: 'A\nB' is no
# province).
_IGNORED = frozenset(" .-'’_")


@record
class Situation:
    """What a person told us about themselves (None: not given).

    `claim_province` is where an accepted workers' compensation claim is, when
    the person said so; the rules read `where_claim`: that, or else `province`.
    """

    province: str | None = None
    claim_province: str | None = None
    conditions: tuple[str, ...] | None = None
    failed_antidepressants: int | None = None
    work_injury: bool = False
    veteran: bool = False
    insurance: frozenset[str] = field(default_factory=frozenset)
    federal_plans: frozenset[str] = field(default_factory=frozenset)
    treatment: str | None = None
    # Insurers' names the person gave, each with the kind of insurance it was read as
    # ("Sun Life" -> private): said back to them, never a fact the rules read.
    read_as: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    # The carriers named, by id ("Sun Life" -> sun-life): what each publishes is said
    # beside its verdict, never a fact the rules read.
    carriers: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def where_claim(self) -> str | None:
        """The province or territory of the claim: the one given, else where the person
        lives; None when neither is given."""
        return self.claim_province or self.province

    def read(self, fact: str) -> object:
        """The value the rules read for `fact` (for `claim_province`: `where_claim`)."""
        return self.where_claim if fact == "claim_province" else getattr(self, fact)

    @property
    def given(self) -> bool:
        """Whether the person stated anything beyond the treatment."""
        return any(_stated(getattr(self, fact)) for fact in FACTS if fact != "treatment")

    def each_condition(self) -> Iterator[Situation]:
        """The situation once per condition given (once, unchanged, if none or one is)."""
        if not self.conditions or len(self.conditions) == 1:
            yield self
            return
        for condition in self.conditions:
            yield replace(self, conditions=(condition,))

    def completed(self, values: dict[str, object]) -> Situation:
        """The same situation with facts set to `values`, unchecked: a quick copy for
        trying every value of facts not given (record.replace is ten times slower)."""
        copy = object.__new__(Situation)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(values)
        return copy

    def with_change(self, fact: str, value: object) -> Situation:
        """The same situation with one fact changed (an insurance or federal plan is added,
        not replaced; a condition replaces the conditions)."""
        if fact in ("insurance", "federal_plans"):
            return replace(self, **{fact: getattr(self, fact) | {value}})
        if fact == "conditions":
            return replace(self, conditions=(value,))
        return replace(self, **{fact: value})


@record
class SituationRequest:
    """The situation as given on the command line or in a file, not yet checked."""

    province: str | None = None
    claim_province: str | None = None
    conditions: tuple[str, ...] = ()
    failed_antidepressants: int | None = None
    work_injury: bool = False
    veteran: bool = False
    insurance: tuple[str, ...] = ()
    federal_plans: tuple[str, ...] = ()
    treatment: str | None = None


def check_situation(
    request: SituationRequest, words: Vocabulary, treatment: str | None = None
) -> Situation:
    """Check every value against `words` and build the Situation. `treatment`, when
    given, is the course's own and replaces the request's (unchecked: a price file
    may define treatments the coverage rules do not name).

    Codes and ids are read in any case (`-p ab` means AB). Raises
    UnknownChoiceError for a value the data does not define, RequestError for
    a count out of range.
    """
    failed = request.failed_antidepressants
    if failed is not None and not 0 <= failed <= MAX_FAILED_ANTIDEPRESSANTS:
        raise RequestError(
            _("{field} must be between 0 and {top}, not {value}").format(
                field=field_name("failed_antidepressants"),
                top=MAX_FAILED_ANTIDEPRESSANTS,
                value=failed,
            )
        )
    conditions = tuple(
        dict.fromkeys(_read(words, "conditions", "condition", c) for c in request.conditions)
    )
    insurance, read_as, carriers = _insurances(words, request.insurance)
    return Situation(
        province=_read(words, "provinces", "province", request.province),
        claim_province=_read(words, "provinces", "province", request.claim_province),
        conditions=conditions or None,
        failed_antidepressants=failed,
        work_injury=request.work_injury,
        veteran=request.veteran,
        insurance=insurance,
        federal_plans=frozenset(
            _read(words, "federal_plans", "federal plan", value) for value in request.federal_plans
        ),
        treatment=treatment or _choice("treatment", request.treatment, words.treatments),
        read_as=read_as,
        carriers=carriers,
    )


# What to give instead of a word (`given`) that names a program or a plan, not an
# insurance.
_INSTEAD = {
    "work_injury": N_(
        "'{given}' names a workers' compensation board, not an insurance: give an accepted "
        "claim with {work_injury} (the board is that of your province, or of {claim_province})"
    ),
    "veteran": N_(
        "'{given}' names Veterans Affairs Canada, not an insurance: give {veteran} if you are "
        "a VAC client for a service-related condition"
    ),
    "province": N_(
        "'{given}' names a provincial health plan, not an insurance: your province's plan is "
        "judged from {province}"
    ),
    "federal_plans": N_(
        "'{given}' names a federal health program, not an insurance: give it with {federal_plans}"
    ),
    "none": N_(
        "'{given}' says you have no insurance: leave {insurance} out (without it, ketacost "
        "takes it that you have none)"
    ),
}
# The longest insurer's name read as a private plan; longer text is refused.
_NAME_LENGTH = 80


def _insurances(
    words: Vocabulary, given: tuple[str, ...]
) -> tuple[frozenset[str], tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The kinds of insurance `given` names; each name that is not an id or a label,
    with the kind it was read as (to be said back); and the carriers named, by id."""
    kinds, read_as, carriers = [], [], []
    for value in given:
        key = reduced(value)
        kind = _read_insurance(words, value)
        kinds.append(kind)
        if key not in words.named_insurance:
            read_as.append((value, kind))
        if key in words.carrier_readings:
            carriers.append(words.carrier_readings[key])
    return frozenset(kinds), tuple(read_as), tuple(dict.fromkeys(carriers))


def _read_insurance(words: Vocabulary, value: str) -> str:
    """The kind of insurance `value` names: an id, a label, a carrier's or another name;
    else any other insurer's name is a private plan. Raises RequestError for a word that
    names a program (WSIB, VAC) or could mean several kinds, UnknownChoiceError for a
    mistyped kind."""
    try:
        return _read(words, "insurance", "insurance", value)
    except UnknownChoiceError:
        key = reduced(value)
        for word, fact in words.not_insurance.items():
            if reduced(word) == key:
                named = ("work_injury", "claim_province", "veteran", "province", "insurance")
                said = _(_INSTEAD[fact]).format(
                    **{f: field_name(f) for f in named},
                    federal_plans=field_name("federal_plans"),
                    given=value.strip(),
                )
                raise RequestError(said) from None
        from difflib import get_close_matches

        mistyped = get_close_matches(key, list(words.readings["insurance"]), n=1, cutoff=0.75)
        name_like = (
            any(c.isalpha() for c in value)
            and len(value.strip()) <= _NAME_LENGTH
            and value.isprintable()
        )
        # Read as a private plan only what reads as an insurer's name (a word such as
        # "insurance", "life", "benefits"): any other word is asked about, never guessed.
        insurer = any(reduced(word) in key for word in words.insurer_words)
        if mistyped or not name_like or not insurer or "private" not in words.insurance:
            raise
        return "private"


def _read(words: Vocabulary, kind: str, name: str, given: str | None) -> str | None:
    """The value `given` stands for, read as a person may write it (any case, accents
    or not, a name or another name the data gives). Raises RequestError for a word
    that could mean several values (saying what tells them apart), UnknownChoiceError
    for one the data does not know."""
    if given is None:
        return None
    key = reduced(given)
    found = words.readings[kind].get(key)
    if found is not None:
        return found
    for word, (values, explain) in words.ambiguous.get(kind, {}).items():
        if reduced(word) == key:
            from ketacost.words import alternatives

            options = alternatives(f"{field_name(_SINGULAR_OF[kind])} {v}" for v in values)
            raise RequestError(
                _(_MORE_THAN_ONE[kind]).format(
                    given=given.strip(), explain=explain, options=options
                )
            )
    hint = ""
    from difflib import get_close_matches

    names = getattr(words, kind)
    close = get_close_matches(key, list(words.readings[kind]), n=1, cutoff=0.75)
    # A mistyped name (the error itself suggests only from the ids and codes).
    if close and not get_close_matches(given.strip().lower(), list(names), n=1, cutoff=0.5):
        value = words.readings[kind][close[0]]
        hint = _("Did you mean {code} ({name})?").format(code=value, name=names[value])
    if kind == "insurance" and not hint and "private" in words.insurance:
        hint = _(
            "An employer's group plan or any other private plan, whoever the insurer, is "
            "{option} private."
        ).format(option=field_name("insurance"))
    raise UnknownChoiceError(name, given, list(getattr(words, kind)), hint)


# A word that could mean several values of a kind: what tells them apart (`explain`),
# and how to give each (`options`).
_MORE_THAN_ONE = {
    "provinces": N_("'{given}' could be more than one province: {explain} Give {options}."),
    "conditions": N_("'{given}' could be more than one condition: {explain} Give {options}."),
    "insurance": N_("'{given}' could be more than one insurance: {explain} Give {options}."),
    "federal_plans": N_("'{given}' could be more than one federal plan: {explain} Give {options}."),
}
_SINGULAR_OF = {
    "provinces": "province",
    "conditions": "conditions",
    "insurance": "insurance",
    "federal_plans": "federal_plans",
}


def _choice(kind: str, given: str | None, valid: Collection[str]) -> str | None:
    if given is None:
        return None
    value = given.strip().lower()
    if value not in valid:
        raise UnknownChoiceError(kind, given, list(valid))
    return value


def _stated(value: object) -> bool:
    """Whether a fact's value says something: not None, a switch on, a count (even 0),
    a list that is not empty."""
    if value is None or value is False:
        return False
    return not isinstance(value, tuple | frozenset) or bool(value)


@functools.cache
def switches() -> tuple[str, ...]:
    """The facts that are on or off (a flag on the command line, yes/no in a batch)."""
    return tuple(f.name for f in fields(SituationRequest) if f.default is False)


@functools.cache
def several() -> tuple[str, ...]:
    """The facts that hold several values (an option repeated, a list in a cell)."""
    return tuple(f.name for f in fields(SituationRequest) if f.default == ())


def independent(facts: frozenset[str]) -> frozenset[str]:
    """Of facts not given, those that vary on their own: a claim not placed is where the
    person lives, so with the province unknown the claim's province is no other fact."""
    return facts - {"claim_province"} if "province" in facts else facts


def unknown_facts(situation: Situation) -> list[str]:
    """The facts a rule may ask about that were not given."""
    return [f for f in FACTS if situation.read(f) is None]


def facts_of(situation: Situation) -> dict[str, object]:
    """Every fact's value as plain data, in the order of FACTS: a list for a fact that
    holds several (sorted where the order given does not matter)."""
    data: dict[str, object] = {}
    for fact in FACTS:
        value = getattr(situation, fact)
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, tuple) or (fact == "conditions" and value is None):
            value = list(value or ())
        data[fact] = value
    return data
