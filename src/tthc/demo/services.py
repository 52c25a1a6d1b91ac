"""Loading the demo province: Quảng Trị in the post-2025 two-level shape.

The data lives in ``demo/data/`` as plain JSON a reader can check: ``agencies.json`` (the provincial
committee, its office, departments, the service centre and 26 commune committees with their desks),
``users.json`` (one login per role) and ``procedures.json`` (procedure records in the national database's
shape, imported through the catalog like any other file). Administrative units come from the
``vietnam-provinces`` package.

:func:`load_demo` is idempotent and cheap on a second run (``make run`` calls it every time): rows that
already match their data are read, compared and left alone; nothing is written unless something differs.
"""

from __future__ import annotations

import datetime
import importlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.test.utils import override_settings
from tqdm import tqdm

from tthc.catalog.services import import_records
from tthc.core.errors import DomainError
from tthc.organisation.models import AdministrativeLevel, AdministrativeUnit, Agency, Membership, User
from tthc.organisation.services import LoadReport, load_units

DATA_DIR = Path(__file__).resolve().parent / "data"

# Quảng Trị's code in the post-2025 list of 34 provinces; the demo data is written for this province.
DEMO_PROVINCE_CODE = 44

# The one password of every demo login (printed by ``tthc demo logins``). It passes the project's password
# validators; a real deployment never runs ``tthc demo load``.
DEMO_PASSWORD = "tthc-demo-2026"


@dataclass(frozen=True)
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class DemoReport:
    units: LoadReport
    agencies: Tally
    users: Tally
    procedures: Tally
    capabilities: dict[str, Tally] = field(default_factory=dict)


# Each capability may ship demo data in ``tthc.<app>.demo`` with ``load_demo_data(*, now) -> Tally``; it runs
# after the organisation and catalog are in place and must be idempotent like the rest of the load. The
# summary counts each capability's main records (the model named here) before and after its load, so it says
# how many plans, feedback cases and dossiers there are, whatever else (categories, templates, rules) the
# capability's own tally counts.
CAPABILITY_DEMOS = {
    "tthc.plans.demo": "plans.Plan",
    "tthc.feedback.demo": "feedback.Feedback",
    "tthc.dossiers.demo": "dossiers.Dossier",
}


def load_capability_demos(*, now: datetime.datetime) -> dict[str, Tally]:
    """Load each capability's demo data; per capability, its main records: created now, and there before."""
    loaded = {}
    for module_name, model_label in CAPABILITY_DEMOS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        model = apps.get_model(model_label)
        before = model.objects.count()
        module.load_demo_data(now=now)
        after = model.objects.count()
        loaded[module_name.split(".")[1]] = Tally(
            created=max(after - before, 0), unchanged=min(before, after)
        )
    return loaded


@contextmanager
def messages_silenced():
    """E-mail and SMS the demo data sends (receipts, acknowledgements) go nowhere: the demo addresses are
    made up, and ``make run`` would print every e-mail on the console. They stay in the outbox."""
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TTHC_SMS_BACKEND="tthc.demo.services.SilentSMSBackend",
    ):
        yield


class SilentSMSBackend:
    """An SMS backend that sends nothing (the demo's messages)."""

    def send(self, *, phone: str, text: str) -> None:
        return None


# --- the data files -----------------------------------------------------------------------------------------


def _read(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as file:
        return json.load(file)


@cache
def _agency_file() -> dict:
    return _read("agencies.json")


def agency_specs() -> list[dict]:
    """The demo agencies, each parent before its children."""
    return _agency_file()["agencies"]


def user_specs() -> list[dict]:
    """The demo users: username, full name, e-mail, whether superuser, and roles as (role, agency code)."""
    return _read("users.json")["users"]


def procedure_records() -> list[dict]:
    """The demo procedures as raw records (``tthc.catalog.records.ProcedureRecord`` shape)."""
    return _read("procedures.json")


# --- loading ------------------------------------------------------------------------------------------------


def load_demo(*, now: datetime.datetime, progress: bool = False, reset_passwords: bool = False) -> DemoReport:
    """Load (or bring up to date) the whole demo province in one transaction.

    ``now`` is the instant of the load: procedures without a publication decision are in force from its date.
    ``reset_passwords`` sets existing demo users' passwords back to :data:`DEMO_PASSWORD`.
    """
    # Messages are delivered when the transaction commits, so the silence covers the commit.
    with messages_silenced(), transaction.atomic():
        units = load_units(province_code=DEMO_PROVINCE_CODE, progress=progress)
        agencies = sync_agencies(specs=agency_specs(), progress=progress)
        users = sync_users(specs=user_specs(), password=DEMO_PASSWORD, reset_passwords=reset_passwords)
        procedures = load_procedures(records=procedure_records(), now=now, progress=progress)
        capabilities = load_capability_demos(now=now)
    return DemoReport(
        units=units, agencies=agencies, users=users, procedures=procedures, capabilities=capabilities
    )


def sync_agencies(*, specs: list[dict], progress: bool = False) -> Tally:
    """Create or update the agencies of ``specs`` by code; agencies already matching are not written."""
    valid_from = datetime.date.fromisoformat(_agency_file()["valid_from"])
    levels = {level.code: level.pk for level in AdministrativeLevel.objects.all()}
    units = _units_named_by(specs)
    by_code = {agency.code: agency for agency in Agency.objects.filter(code__in=[s["code"] for s in specs])}
    created = updated = unchanged = 0
    for spec in tqdm(specs, desc="Cơ quan", unit=" cơ quan", disable=not progress):
        parent = by_code.get(spec["parent"]) if spec["parent"] else None
        if spec["parent"] and parent is None:
            raise DomainError(
                f"Cơ quan {spec['code']}: cơ quan cấp trên {spec['parent']} phải được khai trước."
            )
        values = {
            "name": spec["name"],
            "short_name": spec["short_name"],
            "aliases": spec["aliases"],
            "kind": spec["kind"],
            "level_id": levels[spec["level"]],
            "parent_id": parent.pk if parent else None,
            "administrative_unit_id": units[spec["code"]].pk if spec["code"] in units else None,
            "supervises_province": spec["supervises_province"],
            "address": spec["address"],
            "phone": spec["phone"],
            "email": spec["email"],
            "valid_from": valid_from,
            "valid_to": None,
        }
        agency = by_code.get(spec["code"])
        if agency is None:
            agency = Agency(code=spec["code"], **values)
            agency.save()
            by_code[agency.code] = agency
            created += 1
            continue
        changed = {key: value for key, value in values.items() if getattr(agency, key) != value}
        if not changed:
            unchanged += 1
            continue
        for key, value in changed.items():
            setattr(agency, key, value)
        agency.save()
        updated += 1
    return Tally(created=created, updated=updated, unchanged=unchanged)


def _units_named_by(specs: list[dict]) -> dict[str, AdministrativeUnit]:
    """The administrative unit of each agency that names one, by agency code.

    A unit is found by its national code, or failing that by its exact name (so the demo survives a
    renumbering in a later release of the package).
    """
    wanted = {s["code"]: s["administrative_unit"] for s in specs if s["administrative_unit"]}
    rows = AdministrativeUnit.objects.filter(parent__code=str(DEMO_PROVINCE_CODE))
    by_code = {u.code: u for u in rows}
    by_name = {u.name: u for u in rows}
    found = {}
    for agency_code, ref in wanted.items():
        unit = by_code.get(ref["code"]) or by_name.get(ref["name"])
        if unit is None:
            raise DomainError(
                f"Không tìm thấy đơn vị hành chính {ref['name']} (mã {ref['code']}) của tỉnh mã "
                f"{DEMO_PROVINCE_CODE}. Hãy nạp đơn vị hành chính: tthc org load-units --province "
                f"{DEMO_PROVINCE_CODE}"
            )
        found[agency_code] = unit
    return found


def sync_users(*, specs: list[dict], password: str, reset_passwords: bool = False) -> Tally:
    """Create or update the demo users and give them their roles.

    A new user gets ``password``. An existing user's password is left as it is unless ``reset_passwords``,
    and then rehashed only when it does not already match: verifying an Argon2 hash costs a noticeable
    fraction of a second, which every ``make run`` would pay for each user. Roles are only added, so an
    administrator's later changes to a demo user's roles survive a re-run.
    """
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=[r["agency"] for s in specs for r in s["roles"]])
    }
    existing = {u.username: u for u in User.objects.filter(username__in=[s["username"] for s in specs])}
    held = set(
        Membership.objects.filter(user__in=existing.values()).values_list(
            "user__username", "agency__code", "role"
        )
    )
    created = updated = unchanged = 0
    for spec in specs:
        values = {
            "full_name": spec["full_name"],
            "email": spec["email"],
            "is_superuser": spec["superuser"],
            # Only the superuser uses Django's admin site; staff work in tthc's own screens.
            "is_staff": spec["superuser"],
            "is_active": True,
        }
        user = existing.get(spec["username"])
        if user is None:
            user = User(username=spec["username"], **values)
            user.set_password(password)
            user.save()
            created += 1
        else:
            changed = {key: value for key, value in values.items() if getattr(user, key) != value}
            for key, value in changed.items():
                setattr(user, key, value)
            if reset_passwords and not user.check_password(password):
                user.set_password(password)
                changed["password"] = True
            if changed:
                user.save()
                updated += 1
            else:
                unchanged += 1
        for role in spec["roles"]:
            if (user.username, role["agency"], role["role"]) in held:
                continue
            if role["agency"] not in agencies:
                raise DomainError(f"Người dùng {user.username}: không có cơ quan mã {role['agency']}.")
            Membership.objects.create(user=user, agency=agencies[role["agency"]], role=role["role"])
    return Tally(created=created, updated=updated, unchanged=unchanged)


def load_procedures(*, records: list[dict], now: datetime.datetime, progress: bool = False) -> Tally:
    """Import the demo procedures through the catalog: unchanged records write nothing."""
    with tqdm(total=len(records), desc="Thủ tục hành chính", unit=" thủ tục", disable=not progress) as bar:
        report = import_records(records=records, user=None, now=now, progress=bar.update)
    return Tally(created=len(report.created), updated=len(report.updated), unchanged=len(report.unchanged))
