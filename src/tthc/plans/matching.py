"""Unit names as plans write them ("VP UBND tỉnh", "UBND cấp xã", "Sở TP") matched to agencies of the tree.

The tree is the one of the plan's year: the agencies valid at some time in that year (a 2022 plan speaks of
district committees, which ended on 1 Jul 2025). When the tree holds no agency at all for that year (it was
recorded only from a later date), today's tree is used and :attr:`Matcher.tree_note` says so, for the
preview to show.

Matching is diacritic- and case-insensitive (:func:`tthc.core.folding.fold`) and reads, for a name, in order:

1. the officer's mapping in the draft being previewed, then the remembered aliases
   (:class:`~tthc.plans.models.UnitAlias`) that earlier mappings created; a mapping names one or more
   targets (agencies and/or every agency of a kind), or says the unit is no agency of the province;
2. the generic groups (:data:`GENERIC_GROUPS`): "UBND cấp xã" is every commune committee, "Các sở, ban,
   ngành cấp tỉnh" / "Các cơ quan chuyên môn thuộc UBND tỉnh" every department, "UBND cấp huyện" every
   district committee; a qualifier that narrows a group to "those concerned" ("… có liên quan", "… được giao
   chủ trì soạn thảo") keeps the group, since each of them decides whether it is concerned;
3. an agency's name, short name and other names (``Agency.aliases``), compared after the usual abbreviations
   are written out ("VP" → "văn phòng", "UBND" → "ủy ban nhân dân") and punctuation and "và" are dropped,
   with or without the province they end with ("Trung tâm Phục vụ hành chính công tỉnh Quảng Trị");
4. initials of a department ("Sở TP" → "Sở Tư pháp"), when exactly one department has them.

A name none of these reads is split on its commas and "và" into the longest pieces that are read ("Các sở,
ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã" is three groups; "UBND cấp huyện, xã" two: a bare level
after a committee group names that level's committees). A piece that only says "and the agencies concerned"
("các cơ quan, đơn vị liên quan") adds nobody and is not asked about when other pieces name agencies.

What is left is *unmatched* and shown to the officer: a name (or a piece of a combined name) that matches
nothing, and a generic group that resolves to no agency in the plan year's tree ("UBND cấp huyện" after the
district level ended). Nothing is guessed. The agencies the other pieces name are kept.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Q

from tthc.core.folding import fold
from tthc.organisation.models import Agency
from tthc.plans.models import UnitAlias

_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "vp": "van phong",
    "tt": "trung tam",
    "pvhcc": "phuc vu hanh chinh cong",
    "tthc": "thu tuc hanh chinh",
    "ks": "kiem soat",
    "bql": "ban quan ly",
    "kkt": "khu kinh te",
    "tw": "trung uong",
}
_WORD = re.compile(r"[a-z0-9]+")
_DROPPED = {"va"}

_COMMUNES = Agency.Kind.COMMUNE_COMMITTEE
_DISTRICTS = Agency.Kind.DISTRICT_COMMITTEE
_DEPARTMENTS = Agency.Kind.DEPARTMENT


def _department_names() -> dict[str, tuple[str, ...]]:
    heads = [
        "so ban nganh",
        "so nganh",
        "so ban nganh doan the",
        "co quan chuyen mon",
        "co quan chuyen mon co quan",
        "co quan chuyen mon co quan thuoc",  # cut short by a page break (seed 000 VII.2)
    ]
    tails = [
        "",
        " tinh",
        " cap tinh",
        " thuoc uy ban nhan dan tinh",
        " truc thuoc uy ban nhan dan tinh",
        " cap tinh thuoc uy ban nhan dan tinh",
        " thuoc tinh",
    ]
    return {
        f"{lead}{head}{tail}": (_DEPARTMENTS,) for lead in ("", "cac ") for head in heads for tail in tails
    }


def _committee_names(kind: str, level: str, units: list[str]) -> dict[str, tuple[str, ...]]:
    names = [f"uy ban nhan dan cap {level}", f"chinh quyen cap {level}"]
    for unit in units:
        names += [f"uy ban nhan dan {unit}", f"uy ban nhan dan cac {unit}"]
    # A level's one-stop desks and administrative centres answer to its committees.
    for desk in (
        "bo phan mot cua",
        "bo phan tiep nhan tra ket qua",
        "bo phan tiep nhan tra ket qua hien dai",
        "trung tam hanh chinh cong",
        "trung tam phuc vu hanh chinh cong",
    ):
        names += [f"{desk} cap {level}", f"cac {desk} cap {level}"]
    return {name: (kind,) for name in names}


# Generic groups, by their canonical text (:func:`canonical`): each names every agency of some kinds.
GENERIC_GROUPS: dict[str, tuple[str, ...]] = {
    **_department_names(),
    **_committee_names(
        _COMMUNES,
        "xa",
        [
            "xa",
            "xa phuong",
            "xa phuong thi tran",
            "xa thi tran",
            "xa phuong dac khu",
            "xa phuong thi tran dac khu",
        ],
    ),
    **_committee_names(
        _DISTRICTS,
        "huyen",
        [
            "huyen",
            "huyen thanh pho",
            "huyen thi xa",
            "huyen thanh pho thi xa",
            "huyen thi xa thanh pho",
        ],
    ),
}
# A bare level after a committee group: "UBND cấp huyện, xã" is "UBND cấp huyện, UBND cấp xã".
_LEVEL_WORDS = {
    "xa": "uy ban nhan dan cap xa",
    "cap xa": "uy ban nhan dan cap xa",
    "huyen": "uy ban nhan dan cap huyen",
    "cap huyen": "uy ban nhan dan cap huyen",
}
# Words narrowing a group to "those of them concerned": each of them decides whether it is.
_QUALIFIERS = re.compile(
    r" (?:co lien quan|lien quan|duoc giao chu tri soan thao|duoc giao chu tri|duoc giao|"
    r"tren dia ban tinh|tren dia ban)$"
)
# "And the agencies concerned": adds nobody to a combined name.
_VAGUE = re.compile(
    r"^(?:cac )?(?:co quan|don vi|to chuc)(?: (?:co quan|don vi|to chuc|dia phuong))* "
    r"(?:(?:co )?lien quan|duoc giao .+|duoc nha nuoc uy quyen .+)$"
)
_PROVINCE_TAIL = re.compile(r" tinh(?: [a-z0-9 ]+)?$")
_PIECES = re.compile(r"(\s*(?:,|;|\+|&|(?<!\w)và(?!\w)|(?<!\w)va(?!\w))\s*)", re.IGNORECASE)


def canonical(name: str) -> str:
    """``name`` folded, abbreviations written out, punctuation and "và" dropped."""
    words = []
    for word in _WORD.findall(fold(name)):
        if word in _DROPPED:
            continue
        words.append(_ABBREVIATIONS.get(word, word))
    return " ".join(words)


def _initials(agency_canonical: str) -> str | None:
    words = agency_canonical.split()
    if len(words) < 2 or words[0] != "so":
        return None
    return "so " + "".join(word[0] for word in words[1:])


@dataclass(frozen=True)
class Targets:
    """What a mapping points to: some agencies, every agency of some kinds, or "no agency of the province"."""

    agency_ids: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    external: bool = False

    @classmethod
    def of_mapping(cls, mapping: dict) -> Targets:
        """A draft's mapping; the one-target shape of earlier drafts ("agency", "kind") is read too."""
        agencies = list(mapping.get("agencies") or [])
        if mapping.get("agency") is not None:
            agencies.append(mapping["agency"])
        kinds = list(mapping.get("kinds") or [])
        if mapping.get("kind"):
            kinds.append(mapping["kind"])
        return cls(
            agency_ids=tuple(int(pk) for pk in agencies),
            kinds=tuple(kinds),
            external=bool(mapping.get("external")),
        )

    @classmethod
    def of_alias(cls, alias: UnitAlias) -> Targets:
        return cls(
            agency_ids=tuple(agency.pk for agency in alias.agencies.all()),
            kinds=tuple(alias.agency_kinds or ()),
            external=alias.external,
        )


@dataclass(frozen=True)
class Match:
    """What a name means: agencies (maybe several, for a group), an external unit, or nothing known.

    ``unmatched_parts`` are the names (or pieces of a combined name) the officer has to map; the agencies
    of the other pieces are in ``agency_ids`` all the same.
    """

    name: str
    agency_ids: tuple[int, ...] = ()
    how: str = (
        ""  # "mapping", "alias", "group", "name", "initials", "external", "combined"; "" when unmatched
    )
    label: str = ""  # what the screen shows ("Sở Tư pháp", "Mọi UBND cấp xã (26)")
    unmatched_parts: tuple[str, ...] = ()
    # Per unmatched part: why ("Không có UBND cấp huyện nào trong năm 2022").
    reasons: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        return bool(self.how) and not self.unmatched_parts


@dataclass(frozen=True)
class _Read:
    """One name or piece, read on its own."""

    how: str  # as Match.how, or "zero" (a group without agencies), "vague"
    agency_ids: tuple[int, ...] = ()
    label: str = ""
    kinds: tuple[str, ...] = ()


@dataclass
class Matcher:
    """Reads the tree of the plan year and the aliases once; :meth:`match` then costs no query.

    ``year`` is the plan's year (None: the tree of ``today``).
    """

    today: datetime.date
    year: int | None = None
    tree_note: str = ""
    _aliases: dict[str, Targets] = field(default_factory=dict)
    _by_text: dict[str, list[Agency]] = field(default_factory=dict)
    _by_kind: dict[str, list[Agency]] = field(default_factory=dict)
    _by_initials: dict[str, list[Agency]] = field(default_factory=dict)
    agencies: dict[int, Agency] = field(default_factory=dict)

    def __post_init__(self):
        for agency in self._tree().order_by("path"):
            self.agencies[agency.pk] = agency
            self._by_kind.setdefault(agency.kind, []).append(agency)
            names = [agency.name, agency.short_name, *agency.aliases.splitlines()]
            texts = {canonical(n) for n in names if n and n.strip()}
            if agency.kind != Agency.Kind.PROVINCIAL_COMMITTEE:
                # Plans leave out the province: "Trung tâm Phục vụ hành chính công (tỉnh Quảng Trị)".
                texts |= {
                    short for text in texts if len((short := _PROVINCE_TAIL.sub("", text)).split()) >= 3
                }
            for text in texts:
                self._by_text.setdefault(text, []).append(agency)
                initials = _initials(text)
                if initials and agency.kind == Agency.Kind.DEPARTMENT:
                    self._by_initials.setdefault(initials, [])
                    if agency not in self._by_initials[initials]:
                        self._by_initials[initials].append(agency)
        for alias in UnitAlias.objects.prefetch_related("agencies"):
            self._aliases[canonical(alias.name)] = Targets.of_alias(alias)

    def _tree(self):
        if self.year is None:
            return Agency.objects.valid_on(self.today)
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        in_year = Agency.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=first)
        )
        if in_year.exists():
            return in_year
        self.tree_note = (
            f"Cây tổ chức chưa có cơ quan nào của năm {self.year}; tên đơn vị được ghép với các cơ quan "
            f"hiện nay ({self.today:%d/%m/%Y})."
        )
        return Agency.objects.valid_on(self.today)

    @property
    def tree_label(self) -> str:
        return f"năm {self.year}" if self.year is not None and not self.tree_note else "hiện nay"

    def kind_label(self, kind: str) -> str:
        return f"Mọi {Agency.Kind(kind).label} ({len(self._by_kind.get(kind, []))})"

    # --- one name or piece ---

    def _targets(self, how: str, targets: Targets) -> _Read:
        if targets.external:
            return _Read(how="external", label="Không phải cơ quan trong tỉnh")
        ids: list[int] = []
        labels: list[str] = []
        for pk in targets.agency_ids:
            agency = self.agencies.get(pk)
            if agency is not None and pk not in ids:
                ids.append(pk)
                labels.append(agency.name)
        for kind in targets.kinds:
            ids.extend(a.pk for a in self._by_kind.get(kind, []) if a.pk not in ids)
            labels.append(self.kind_label(kind))
        if not ids:
            return _Read(how="zero", kinds=targets.kinds)
        return _Read(how=how, agency_ids=tuple(ids), label=" + ".join(labels), kinds=targets.kinds)

    def _group(self, kinds: tuple[str, ...], *, qualified: bool) -> _Read:
        read = self._targets("group", Targets(kinds=kinds))
        if qualified and read.how == "group":
            return _Read(
                how="group", agency_ids=read.agency_ids, label=f"{read.label}, cơ quan liên quan", kinds=kinds
            )
        return read

    def _read(self, name: str, mappings: dict[str, dict]) -> _Read | None:
        text = canonical(name)
        if text in mappings:
            return self._targets("mapping", Targets.of_mapping(mappings[text]))
        if text in self._aliases:
            return self._targets("alias", self._aliases[text])
        if text in GENERIC_GROUPS:
            return self._group(GENERIC_GROUPS[text], qualified=False)
        found = self._by_text.get(text, [])
        if len(found) == 1:
            return _Read(how="name", agency_ids=(found[0].pk,), label=found[0].name)
        found = self._by_initials.get(text, [])
        if len(found) == 1:
            return _Read(how="initials", agency_ids=(found[0].pk,), label=found[0].name)
        stripped = _QUALIFIERS.sub("", text)
        if stripped != text and stripped in GENERIC_GROUPS:
            return self._group(GENERIC_GROUPS[stripped], qualified=True)
        if _VAGUE.match(text):
            return _Read(how="vague")
        return None

    def _zero_reason(self, part: str, read: _Read | None) -> str:
        if read is not None and read.how == "zero":
            labels = ", ".join(Agency.Kind(kind).label for kind in read.kinds) or "cơ quan"
            return f"Không có {labels} nào trong cây tổ chức {self.tree_label}."
        if read is not None and read.how == "vague":
            return "Không chỉ rõ cơ quan nào."
        return "Không trùng tên cơ quan nào."

    # --- a whole name ---

    def match(self, name: str, mappings: dict | None = None) -> Match:
        """What ``name`` means; ``mappings`` are a draft's not yet remembered mappings (by folded name).

        Mappings and aliases are read by the canonical form of their name, so a mapping of "Sở Thông tin và
        Truyền thông" also reads "Sở Thông tin – Truyền thông".
        """
        mappings = {canonical(mapping["name"]): mapping for mapping in (mappings or {}).values()}
        whole = self._read(name, mappings)
        if whole is not None and whole.how not in ("zero", "vague"):
            return Match(name=name, agency_ids=whole.agency_ids, how=whole.how, label=whole.label)
        pieces = _PIECES.split(name)
        texts, separators = pieces[0::2], pieces[1::2]
        if len(texts) > 1:
            combined = self._combined(name, texts, separators, mappings)
            if combined is not None:
                return combined
        return Match(name=name, unmatched_parts=(name,), reasons=(self._zero_reason(name, whole),))

    def _combined(self, name: str, texts: list[str], separators: list[str], mappings) -> Match | None:
        segments: list[tuple[str, _Read | None]] = []
        index = 0
        while index < len(texts):
            for end in range(len(texts), index, -1):
                piece = _joined(texts, separators, index, end)
                read = self._read(piece, mappings)
                if read is None and end == index + 1 and segments:
                    read = self._level_word(piece, segments[-1][1], mappings)
                if read is not None:
                    break
            else:
                end, piece, read = index + 1, texts[index], None
            if read is None and segments and segments[-1][1] is None:
                # Pieces nobody reads stay together: "Báo Quảng Trị, Đài Phát thanh" is one unknown name.
                start = segments.pop()[0]
                piece = f"{start}{separators[index - 1]}{piece}"
            if piece.strip():
                segments.append((piece.strip(), read))
            index = end
        known = [read for _, read in segments if read is not None and read.how not in ("zero", "vague")]
        missing = [(piece, read) for piece, read in segments if read is None or read.how == "zero"]
        if len(segments) < 2 or (not known and (not missing or len(missing) == len(segments))):
            return None  # nothing read apart from the whole: the whole name is what the officer maps
        ids: list[int] = []
        for read in known:
            ids.extend(pk for pk in read.agency_ids if pk not in ids)
        return Match(
            name=name,
            agency_ids=tuple(ids),
            how="combined" if known else "",
            label=" + ".join(read.label for read in known),
            unmatched_parts=tuple(piece for piece, _ in missing),
            reasons=tuple(self._zero_reason(piece, read) for piece, read in missing),
        )

    def _level_word(self, piece: str, previous: _Read | None, mappings) -> _Read | None:
        committees = {_COMMUNES, _DISTRICTS}
        if previous is None or not committees.intersection(previous.kinds):
            return None
        full = _LEVEL_WORDS.get(canonical(piece))
        return self._read(full, mappings) if full else None


def _joined(texts: list[str], separators: list[str], start: int, end: int) -> str:
    parts = [texts[start]]
    for index in range(start + 1, end):
        parts += [separators[index - 1], texts[index]]
    return "".join(parts).strip()
