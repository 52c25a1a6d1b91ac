"""Unit names as plans write them ("VP UBND tỉnh", "UBND cấp xã", "Sở TP") matched to agencies of the tree.

Matching is diacritic- and case-insensitive (:func:`tthc.core.folding.fold`) and reads, in order:

1. the remembered aliases (:class:`~tthc.plans.models.UnitAlias`), which the officer's mappings create;
2. the generic groups: "UBND cấp xã" is every commune committee, "Các cơ quan chuyên môn, cơ quan thuộc UBND
   tỉnh" / "Các sở, ban, ngành" every department, "UBND cấp huyện" every district committee;
3. an agency's name, short name and other names (``Agency.aliases``), compared after the usual abbreviations
   are written out ("VP" → "văn phòng", "UBND" → "ủy ban nhân dân", "TT" → "trung tâm") and punctuation and
   "và" are dropped ("Sở Thông tin – Truyền thông" is "Sở Thông tin và Truyền thông");
4. initials of a department ("Sở TP" → "Sở Tư pháp"), when exactly one department has them.

A name that matches nothing stays unmatched, for the officer to map; nothing is guessed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

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

# Generic groups, by their canonical text: each names every agency of one kind.
GENERIC_GROUPS: dict[str, str] = {
    "uy ban nhan dan cap xa": Agency.Kind.COMMUNE_COMMITTEE,
    "uy ban nhan dan cac xa phuong thi tran": Agency.Kind.COMMUNE_COMMITTEE,
    "uy ban nhan dan xa phuong thi tran": Agency.Kind.COMMUNE_COMMITTEE,
    "uy ban nhan dan cac xa phuong dac khu": Agency.Kind.COMMUNE_COMMITTEE,
    "uy ban nhan dan cap huyen": Agency.Kind.DISTRICT_COMMITTEE,
    "uy ban nhan dan cac huyen thanh pho thi xa": Agency.Kind.DISTRICT_COMMITTEE,
    "uy ban nhan dan huyen thanh pho thi xa": Agency.Kind.DISTRICT_COMMITTEE,
    "cac co quan chuyen mon co quan thuoc uy ban nhan dan tinh": Agency.Kind.DEPARTMENT,
    "cac co quan chuyen mon thuoc uy ban nhan dan tinh": Agency.Kind.DEPARTMENT,
    "cac co quan chuyen mon co quan thuoc": Agency.Kind.DEPARTMENT,
    "cac so ban nganh": Agency.Kind.DEPARTMENT,
    "cac so ban nganh cap tinh": Agency.Kind.DEPARTMENT,
    "cac so ban nganh tinh": Agency.Kind.DEPARTMENT,
}


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
class Match:
    """What a name means: agencies (maybe several, for a group), or an external unit, or nothing known."""

    name: str
    agency_ids: tuple[int, ...] = ()
    how: str = ""  # "alias", "group", "name", "initials", "external"; "" when unmatched
    label: str = ""  # what the screen shows ("Sở Tư pháp", "Mọi UBND cấp xã (26)")

    @property
    def matched(self) -> bool:
        return bool(self.how)


@dataclass
class Matcher:
    """Reads the agencies and aliases once; :meth:`match` then costs no query."""

    on: datetime.date
    _aliases: dict[str, UnitAlias] = field(default_factory=dict)
    _by_text: dict[str, list[Agency]] = field(default_factory=dict)
    _by_kind: dict[str, list[Agency]] = field(default_factory=dict)
    _by_initials: dict[str, list[Agency]] = field(default_factory=dict)
    agencies: dict[int, Agency] = field(default_factory=dict)

    def __post_init__(self):
        for agency in Agency.objects.valid_on(self.on).order_by("path"):
            self.agencies[agency.pk] = agency
            self._by_kind.setdefault(agency.kind, []).append(agency)
            names = [agency.name, agency.short_name, *agency.aliases.splitlines()]
            for text in {canonical(n) for n in names if n and n.strip()}:
                self._by_text.setdefault(text, []).append(agency)
                initials = _initials(text)
                if initials and agency.kind == Agency.Kind.DEPARTMENT:
                    self._by_initials.setdefault(initials, [])
                    if agency not in self._by_initials[initials]:
                        self._by_initials[initials].append(agency)
        for alias in UnitAlias.objects.select_related("agency"):
            self._aliases[alias.name_folded] = alias

    def kind_label(self, kind: str) -> str:
        return f"Mọi {Agency.Kind(kind).label} ({len(self._by_kind.get(kind, []))})"

    def for_alias(self, name: str, alias: UnitAlias) -> Match:
        if alias.external:
            return Match(name=name, how="external", label="Không phải cơ quan trong tỉnh")
        if alias.agency_id:
            agency = self.agencies.get(alias.agency_id)
            if agency is None:
                return Match(name=name)
            return Match(name=name, agency_ids=(agency.pk,), how="alias", label=agency.name)
        agencies = self._by_kind.get(alias.agency_kind, [])
        return Match(
            name=name,
            agency_ids=tuple(a.pk for a in agencies),
            how="alias",
            label=self.kind_label(alias.agency_kind),
        )

    def match(self, name: str) -> Match:
        alias = self._aliases.get(fold(name))
        if alias is not None:
            return self.for_alias(name, alias)
        text = canonical(name)
        kind = GENERIC_GROUPS.get(text)
        if kind is not None:
            agencies = self._by_kind.get(kind, [])
            return Match(
                name=name, agency_ids=tuple(a.pk for a in agencies), how="group", label=self.kind_label(kind)
            )
        found = self._by_text.get(text, [])
        if len(found) == 1:
            return Match(name=name, agency_ids=(found[0].pk,), how="name", label=found[0].name)
        found = self._by_initials.get(text, [])
        if len(found) == 1:
            return Match(name=name, agency_ids=(found[0].pk,), how="initials", label=found[0].name)
        return Match(name=name)

    def resolve(self, name: str, mapping: dict | None) -> Match:
        """``name`` with the officer's not yet remembered ``mapping`` (from a draft) taking precedence."""
        if mapping:
            alias = UnitAlias(
                name=name,
                agency_id=mapping.get("agency"),
                agency_kind=mapping.get("kind") or "",
                external=bool(mapping.get("external")),
            )
            return self.for_alias(name, alias)
        return self.match(name)
