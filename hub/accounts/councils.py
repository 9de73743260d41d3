"""Every council in England with adult social care duties in 2014–16, as organisations.

The list ships as data (``data/councils_2015.csv``; its source, licence and checks are in
``data/councils_2015.md``). Loading it is idempotent and matches by ONS code, then by name, so
the organisations already on the hub (the trailblazer sites with their flags, their members and
documents) are updated in place, never duplicated. The flags are the programme team's and are
never touched here.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Organisation, OrganisationDomain

COUNCILS_FILE = Path(__file__).parent / "data" / "councils_2015.csv"
COLUMNS = ["ons_code", "ons_area_name", "name", "region", "email_domains"]
# County councils, unitaries, metropolitan boroughs, London boroughs and the City of London.
ONS_CODE = re.compile(r"E(06|08|09|10)\d{6}")
DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
REGIONS = {
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
}


class CouncilFileError(ValueError):
    """The councils file cannot be loaded; the message names the line."""


@dataclass(frozen=True)
class Council:
    line: int
    ons_code: str
    name: str
    region: str
    domains: tuple[str, ...] = field(default=())


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_councils(path=COUNCILS_FILE) -> list[Council]:
    """Every council in the file, checked; CouncilFileError at the first bad line."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != COLUMNS:
                raise CouncilFileError(
                    f"Line 1: the columns must be {', '.join(COLUMNS)} "
                    f"(found {', '.join(reader.fieldnames or []) or 'none'})."
                )
            return _checked(reader)
    except UnicodeDecodeError as error:
        raise CouncilFileError("The councils file is not UTF-8 text.") from error
    except csv.Error as error:
        raise CouncilFileError(f"The councils file is not valid CSV: {error}.") from error


def _checked(reader) -> list[Council]:
    councils, lines_by_code, lines_by_name = [], {}, {}
    for row in reader:
        line = reader.line_num
        if None in row or any(value is None for value in row.values()):
            raise CouncilFileError(f"Line {line}: expected {len(COLUMNS)} columns.")
        code = row["ons_code"].strip().upper()
        name = " ".join(row["name"].split())
        region = row["region"].strip()
        if not ONS_CODE.fullmatch(code):
            raise CouncilFileError(
                f"Line {line}: {code or 'an empty code'!s} is not the ONS code of a council "
                "with adult social care duties (E06, E08, E09 or E10 and six digits)."
            )
        if not name:
            raise CouncilFileError(f"Line {line}: the council has no name.")
        if region not in REGIONS:
            raise CouncilFileError(f"Line {line}: {region or 'an empty region'} is not a region.")
        if code in lines_by_code:
            raise CouncilFileError(f"Line {line}: {code} is already on line {lines_by_code[code]}.")
        if name.lower() in lines_by_name:
            raise CouncilFileError(
                f"Line {line}: {name} is already on line {lines_by_name[name.lower()]}."
            )
        domains = tuple(row["email_domains"].lower().split())
        for domain in domains:
            if not DOMAIN.fullmatch(domain):
                raise CouncilFileError(f"Line {line}: {domain} is not an email domain.")
        lines_by_code[code] = lines_by_name[name.lower()] = line
        councils.append(Council(line, code, name, region, domains))
    if not councils:
        raise CouncilFileError("The councils file lists no councils.")
    return councils


@transaction.atomic
def councils_load(*, path=COUNCILS_FILE) -> LoadResult:
    """Create or update an organisation per council: all of them or, on any error, none."""
    councils = read_councils(path)
    by_code = {
        o.ons_code: o
        for o in Organisation.objects.filter(ons_code__in=[c.ons_code for c in councils])
    }
    by_name = {o.name.lower(): o for o in Organisation.objects.all()}
    taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
    result = LoadResult()
    for council in councils:
        organisation = by_code.get(council.ons_code) or by_name.get(council.name.lower())
        if organisation is None:
            organisation = Organisation.objects.create(
                name=council.name,
                slug=_free_slug(council.name, taken_slugs),
                kind=Organisation.Kind.LOCAL_AUTHORITY,
                ons_code=council.ons_code,
                region=council.region,
            )
            result.created += 1
        elif organisation.ons_code not in ("", council.ons_code):
            raise CouncilFileError(
                f"Line {council.line}: {organisation.name} is already on the hub with the ONS "
                f"code {organisation.ons_code}, not {council.ons_code}."
            )
        elif _update(organisation, council):
            result.updated += 1
        else:
            result.unchanged += 1
        for domain in council.domains:
            # A domain the programme team has given to another organisation stays theirs.
            OrganisationDomain.objects.get_or_create(
                domain=domain, defaults={"organisation": organisation}
            )
    return result


def _update(organisation, council) -> bool:
    wanted = {
        "kind": Organisation.Kind.LOCAL_AUTHORITY,
        "ons_code": council.ons_code,
        "region": council.region,
    }
    changed = [name for name, value in wanted.items() if getattr(organisation, name) != value]
    for name in changed:
        setattr(organisation, name, wanted[name])
    if changed:
        organisation.save(update_fields=changed)
    return bool(changed)


def _free_slug(name, taken) -> str:
    base = slugify(name)[:190] or "council"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug
