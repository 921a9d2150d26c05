"""Records that break the file format or the curation rules are refused, each problem as
`file:line: record: field: reason`: unknown keys, wrong types, duplicate slugs, dangling
references, evidence that does not check out, inconsistent dates, and figures whose
qualifier contradicts their own evidence."""

from dataclasses import dataclass

import pytest

from tests.loader.conftest import DataCopy


@dataclass(frozen=True)
class Break:
    """One edit to one file, and the single problem it must cause.

    The problem's line is the line of `at` (the first after `after`) in the edited file.
    """

    file: str
    old: str
    new: str
    record: str
    field: str
    reason: str
    at: str
    after: str | None = None


def _case(id_: str, *args: str, after: str | None = None) -> object:
    return pytest.param(Break(*args, after=after), id=id_)


UNKNOWN_KEYS = [
    _case(
        "nested-unknown-key",
        "contingents.yaml",
        "      unit: officers\n    status: arrived",
        "      unit: officers\n      colour: blue\n    status: arrived",
        "contingents/ke-217-january-2025",
        "personnel.colour",
        "Extra inputs are not permitted",
        "colour: blue",
    ),
    _case(
        "record-unknown-key",
        "organisations.yaml",
        "    name: United Nations Security Council\n",
        "    name: United Nations Security Council\n    website: https://un.org\n",
        "organisations/un-security-council",
        "website",
        "Extra inputs are not permitted",
        "website:",
    ),
    _case(
        "evidence-unknown-key",
        "nations.yaml",
        '        excerpt: "comprises personnel from Kenya, Jamaica"\n',
        '        excerpt: "comprises personnel from Kenya, Jamaica"\n        page: 2\n',
        "nations/JM",
        "evidence.0.page",
        "Extra inputs are not permitted",
        "page: 2",
    ),
]

WRONG_TYPES = [
    _case(
        "quoted-number",
        "contingents.yaml",
        "    ordinal: 3\n    personnel:\n      value: 217",
        '    ordinal: "3"\n    personnel:\n      value: 217',
        "contingents/ke-217-january-2025",
        "ordinal",
        "Input should be a valid integer",
        'ordinal: "3"',
    ),
    _case(
        "quoted-count",
        "contingents.yaml",
        "      value: 217",
        '      value: "217"',
        "contingents/ke-217-january-2025",
        "personnel.value",
        "Input should be a valid integer",
        'value: "217"',
    ),
    _case(
        "count-past-32-bits",
        "contingents.yaml",
        "      value: 217",
        "      value: 99999999999999999999",
        "contingents/ke-217-january-2025",
        "personnel.value",
        "Input should be less than or equal to 2147483647",
        "value: 9999",
    ),
    _case(
        "negative-count",
        "strength.yaml",
        "    value: 600",
        "    value: -600",
        "strength/mss-haiti-ke-police-over-600",
        "value",
        "Input should be greater than or equal to 0",
        "value: -600",
    ),
    _case(
        "yes-is-not-a-boolean",
        "officials.yaml",
        "        current: true",
        "        current: yes",
        "officials/william-ruto",
        "positions.0.current",
        "Input should be a valid boolean",
        "current: yes",
    ),
    _case(
        "string-for-a-list",
        "contingents.yaml",
        "escorts: [joseph-boinnet, gilbert-masengeli, ranson-lolmodoni]",
        "escorts: joseph-boinnet",
        "contingents/ke-217-january-2025",
        "escorts",
        "Input should be a valid list",
        "escorts: joseph-boinnet",
    ),
    _case(
        "an-escort-listed-twice",
        "contingents.yaml",
        "escorts: [joseph-boinnet, gilbert-masengeli, ranson-lolmodoni]",
        "escorts: [joseph-boinnet, gilbert-masengeli, joseph-boinnet]",
        "contingents/ke-217-january-2025",
        "escorts",
        "Value error, 'joseph-boinnet' is listed twice",
        "escorts: [joseph-boinnet, gilbert-masengeli, joseph-boinnet]",
    ),
    _case(
        "an-involved-record-listed-twice",
        "events.yaml",
        "involves: [missions/mss-haiti, organisations/un-security-council]",
        "involves: [missions/mss-haiti, missions/mss-haiti]",
        "events/mss-authorised-by-unsc",
        "involves",
        "Value error, 'missions/mss-haiti' is listed twice",
        "involves: [missions/mss-haiti, missions/mss-haiti]",
    ),
    _case(
        "number-for-a-string",
        "nations.yaml",
        "    name: Jamaica",
        "    name: 1962",
        "nations/JM",
        "name",
        "Input should be a valid string",
        "name: 1962",
    ),
    _case(
        "unknown-enum-value",
        "missions.yaml",
        "        role: military_contributor",
        "        role: navy",
        "missions/mss-haiti",
        "participations.3.role",
        "Input should be 'lead', 'police_contributor', 'personnel_contributor', "
        "'military_contributor', 'supporter' or 'host'",
        "role: navy",
    ),
    _case(
        "datetime-for-a-day",
        "contingents.yaml",
        "      earliest_on: 2025-01-17\n",
        "      earliest_on: 2025-01-17 10:00:00\n",
        "contingents/ke-217-january-2025",
        "departed.earliest_on",
        "Value error, expected a day as YYYY-MM-DD",
        "earliest_on: 2025-01-17 10",
    ),
    _case(
        "slug-with-spaces",
        "conflicts.yaml",
        "  - slug: which-contingent-was-third",
        "  - slug: Which contingent was third",
        "conflicts/Which contingent was third",
        "slug",
        "String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        "slug: Which",
    ),
]

DUPLICATES = [
    _case(
        "slug-twice-in-a-file",
        "officials.yaml",
        "  - slug: joe-biden\n",
        "  - slug: joe-biden\n    name: Joe Biden\n    evidence:\n"
        "      - source: odrimedia-ruto-haiti-mss\n"
        '        excerpt: "former President Joe Biden"\n\n'
        "  - slug: joe-biden\n",
        "officials/joe-biden",
        "slug",
        "duplicate slug 'joe-biden' among officials (first at data/officials.yaml:{first})",
        "slug: joe-biden",
        after='excerpt: "former President Joe Biden"',
    ),
    _case(
        "code-twice",
        "nations.yaml",
        "  - code: JM\n",
        "  - code: JM\n    name: Jamaica\n    evidence:\n"
        "      - source: odrimedia-ruto-haiti-mss\n"
        '        excerpt: "Jamaica"\n'
        "  - code: JM\n",
        "nations/JM",
        "code",
        "duplicate code 'JM' among nations (first at data/nations.yaml:{first})",
        "code: JM",
        after='excerpt: "Jamaica"',
    ),
    _case(
        "nested-slug-twice",
        "missions.yaml",
        "      - slug: mss-haiti-bz-military",
        "      - slug: mss-haiti-bs-military",
        "participations/mss-haiti-bs-military",
        "slug",
        "duplicate slug 'mss-haiti-bs-military' among participations "
        "(first at data/missions.yaml:{first})",
        "slug: mss-haiti-bs-military",
        after="role: military_contributor",
    ),
    _case(
        "figure-slug-twice",
        "strength.yaml",
        "  - slug: mss-haiti-ke-police-more-than-700",
        "  - slug: mss-haiti-ke-police-over-600",
        "strength/mss-haiti-ke-police-over-600",
        "slug",
        "duplicate slug 'mss-haiti-ke-police-over-600' among strength "
        "(first at data/strength.yaml:{first})",
        "slug: mss-haiti-ke-police-over-600",
        after="value: 600",
    ),
]


def _ref(id_: str, file: str, old: str, new: str, record: str, fld: str, target: str) -> object:
    at = new.strip().splitlines()[0].strip()
    return _case(id_, file, old, new, record, fld, f"refers to {target}, which does not exist", at)


REFERENCES = [
    _ref(
        "organisation-nation",
        "organisations.yaml",
        "    nation: HT",
        "    nation: ZZ",
        "organisations/haitian-national-police",
        "nation",
        "nations/ZZ",
    ),
    _ref(
        "official-nation",
        "officials.yaml",
        "    nation: KE\n    positions:",
        "    nation: ZZ\n    positions:",
        "officials/william-ruto",
        "nation",
        "nations/ZZ",
    ),
    _ref(
        "position-organisation",
        "officials.yaml",
        "organisation: general-service-unit",
        "organisation: general-services",
        "officials/ranson-lolmodoni",
        "positions.0.organisation",
        "organisations/general-services",
    ),
    _ref(
        "position-nation",
        "officials.yaml",
        "        nation: KE\n        current: true",
        "        nation: ZZ\n        current: true",
        "officials/william-ruto",
        "positions.0.nation",
        "nations/ZZ",
    ),
    _ref(
        "mission-host-nation",
        "missions.yaml",
        "host_nation: HT",
        "host_nation: HA",
        "missions/mss-haiti",
        "host_nation",
        "nations/HA",
    ),
    _ref(
        "mission-lead-nation",
        "missions.yaml",
        "lead_nation: KE",
        "lead_nation: KN",
        "missions/mss-haiti",
        "lead_nation",
        "nations/KN",
    ),
    _ref(
        "mission-authorised-by",
        "missions.yaml",
        "authorised_by: un-security-council",
        "authorised_by: un-general-assembly",
        "missions/mss-haiti",
        "authorised_by",
        "organisations/un-general-assembly",
    ),
    _ref(
        "mission-partner",
        "missions.yaml",
        "partner_organisation: haitian-national-police",
        "partner_organisation: haiti-police",
        "missions/mss-haiti",
        "partner_organisation",
        "organisations/haiti-police",
    ),
    _ref(
        "participation-nation",
        "missions.yaml",
        "        nation: JM",
        "        nation: JA",
        "missions/mss-haiti",
        "participations.2.nation",
        "nations/JA",
    ),
    _ref(
        "contingent-mission",
        "contingents.yaml",
        "    mission: mss-haiti",
        "    mission: minustah",
        "contingents/ke-217-january-2025",
        "mission",
        "missions/minustah",
    ),
    _ref(
        "contingent-nation",
        "contingents.yaml",
        "    nation: KE",
        "    nation: KY",
        "contingents/ke-217-january-2025",
        "nation",
        "nations/KY",
    ),
    _case(
        "contingent-escort",
        "contingents.yaml",
        "escorts: [joseph-boinnet, gilbert-masengeli,",
        "escorts: [joseph-boinnet, gilbert-masengel,",
        "contingents/ke-217-january-2025",
        "escorts.1",
        "refers to officials/gilbert-masengel, which does not exist",
        "escorts: [",
    ),
    _case(
        "quote-speaker-official",
        "quotes.yaml",
        "speaker: {official: william-ruto}",
        "speaker: {official: w-ruto}",
        "quotes/ruto-us-blessing-to-our-nation",
        "speaker.official",
        "refers to officials/w-ruto, which does not exist",
        "speaker:",
    ),
    _case(
        "quote-speaker-organisation",
        "quotes.yaml",
        "speaker: {organisation: national-police-service-kenya}",
        "speaker: {organisation: kenya-police}",
        "quotes/nps-wishes-mss-success",
        "speaker.organisation",
        "refers to organisations/kenya-police, which does not exist",
        "speaker: {organisation: kenya-police}",
    ),
    _ref(
        "quote-event",
        "quotes.yaml",
        "    event: ruto-global-cathedral-speech",
        "    event: cathedral-speech",
        "quotes/ruto-us-blessing-to-our-nation",
        "event",
        "events/cathedral-speech",
    ),
    _case(
        "event-involves",
        "events.yaml",
        "nations/KE, officials/joe-biden]",
        "nations/KE, officials/joseph-biden]",
        "events/mss-initiated-at-us-request",
        "involves.3",
        "refers to officials/joseph-biden, which does not exist",
        "involves: [",
    ),
    _case(
        "event-involves-unknown-kind",
        "events.yaml",
        "involves: [missions/mss-haiti, nations/US,",
        "involves: [missions/mss-haiti, planets/US,",
        "events/mss-initiated-at-us-request",
        "involves.1",
        "unknown record kind 'planets' in 'planets/US'",
        "involves: [",
    ),
    _ref(
        "conflict-claim",
        "conflicts.yaml",
        "      - record: contingents/ke-144-february-2025",
        "      - record: contingents/ke-144-march-2025",
        "conflicts/which-contingent-was-third",
        "claims.1.record",
        "contingents/ke-144-march-2025",
    ),
    _case(
        "evidence-source",
        "nations.yaml",
        "      - source: odrimedia-ruto-haiti-mss",
        "      - source: odri-media",
        "nations/KE",
        "evidence.0.source",
        "refers to sources/odri-media, which does not exist",
        "source: odri-media",
    ),
    _case(
        "nested-evidence-source",
        "officials.yaml",
        '          - source: odrimedia-ruto-haiti-mss\n            excerpt: "President William',
        '          - source: odri-media\n            excerpt: "President William',
        "positions/william-ruto-1",
        "evidence.0.source",
        "refers to sources/odri-media, which does not exist",
        "source: odri-media",
    ),
]

EVIDENCE = [
    _case(
        "changed-excerpt",
        "contingents.yaml",
        "arrived safely in Port-au-Prince, Haiti’s capital.",
        "arrived safely in Cap-Haïtien.",
        "contingents/ke-217-january-2025",
        "evidence.0.excerpt",
        "excerpt not found in source 'odrimedia-ruto-haiti-mss': "
        "'Last week, the third contingent of 217 Kenyan officers arri…'",
        'excerpt: "Last week',
    ),
    _case(
        "changed-figure-excerpt",
        "strength.yaml",
        'excerpt: "now has over 600 Kenyan police officers stationed in Haiti"',
        'excerpt: "now has over 650 Kenyan police officers stationed in Haiti"',
        "strength/mss-haiti-ke-police-over-600",
        "evidence.0.excerpt",
        "excerpt not found in source 'odrimedia-ruto-haiti-mss': "
        "'now has over 650 Kenyan police officers stationed in Haiti'",
        "over 650",
    ),
    _case(
        "claim-for-a-stored-source",
        "nations.yaml",
        '        excerpt: "comprises personnel from Kenya, Jamaica"',
        '        claim: "Jamaica contributes personnel."',
        "nations/JM",
        "evidence.0.claim",
        "source 'odrimedia-ruto-haiti-mss' has stored text: give the exact excerpt, not a claim",
        'claim: "Jamaica',
    ),
    _case(
        "excerpt-for-an-unstored-source",
        "events.yaml",
        "        claim: The third contingent of 217 officers left Kenya",
        "        excerpt: The third contingent of 217 officers left Kenya",
        "events/ke-217-departs-kenya",
        "evidence.0.excerpt",
        "source 'latestly-ap-kenya-deploys-217' has no stored text to verify an excerpt: "
        "give a claim",
        "excerpt: The third",
    ),
    _case(
        "both-excerpt-and-claim",
        "nations.yaml",
        '        excerpt: "comprises personnel from Kenya, Jamaica"\n',
        '        excerpt: "comprises personnel from Kenya, Jamaica"\n        claim: Jamaica.\n',
        "nations/JM",
        "evidence.0",
        "Value error, give exactly one of excerpt (stored source) or claim",
        "source:",
        after="code: JM",
    ),
    _case(
        "no-evidence",
        "nations.yaml",
        "    evidence:\n      - source: odrimedia-ruto-haiti-mss\n"
        '        excerpt: "comprises personnel from Kenya, Jamaica"\n',
        "    evidence: []\n",
        "nations/JM",
        "evidence",
        "List should have at least 1 item after validation, not 0",
        "evidence: []",
    ),
    _case(
        "supports-an-unknown-field",
        "contingents.yaml",
        "supports: [received_by, escorts]",
        "supports: [received_by, escort]",
        "contingents/ke-217-january-2025",
        "evidence.1.supports.1",
        "'escort' is not a field of contingents",
        "supports: [received_by, escort]",
    ),
    _case(
        "quote-not-inside-its-excerpt",
        "quotes.yaml",
        "    text: a blessing to our nation.",
        "    text: a blessing to our great nation.",
        "quotes/ruto-us-blessing-to-our-nation",
        "text",
        "quote text is not inside any of its excerpts",
        "text: a blessing",
    ),
    _case(
        "conflict-claim-without-evidence",
        "conflicts.yaml",
        "february-2025\n        field: ordinal",
        "february-2025\n        field: arrival_place",
        "conflicts/which-contingent-was-third",
        "claims.1.field",
        "contingents/ke-144-february-2025 has no evidence that supports 'arrival_place'",
        "field: arrival_place",
    ),
]

SOURCES = [
    _case(
        "text-file-outside-sources",
        "sources.yaml",
        "text_file: sources/odrimedia-ruto-haiti-mss.txt",
        "text_file: sources/../../../etc/passwd",
        "sources/odrimedia-ruto-haiti-mss",
        "text_file",
        "Value error, text_file must be a path under sources/",
        "text_file:",
    ),
    _case(
        "checksum-without-text",
        "sources.yaml",
        "    text_file: sources/odrimedia-ruto-haiti-mss.txt\n",
        "",
        "sources/odrimedia-ruto-haiti-mss",
        "-",
        "Value error, text_file and sha256 go together",
        "slug: odrimedia-ruto-haiti-mss",
    ),
]

DATES = [
    _case(
        "earliest-after-latest",
        "contingents.yaml",
        "      earliest_on: 2025-01-17\n",
        "      earliest_on: 2025-01-19\n",
        "contingents/ke-217-january-2025",
        "departed",
        "Value error, earliest_on is after latest_on",
        "departed:",
    ),
    _case(
        "inferred-without-reason",
        "contingents.yaml",
        "      inferred: false\n      inference_reason: null",
        "      inferred: true\n      inference_reason: null",
        "contingents/ke-217-january-2025",
        "arrived",
        "Value error, an inferred date needs an inference_reason",
        "arrived:",
    ),
    _case(
        "reason-without-inference",
        "contingents.yaml",
        "      inferred: false\n      inference_reason: null",
        "      inferred: false\n      inference_reason: AP says so.",
        "contingents/ke-217-january-2025",
        "arrived",
        "Value error, inference_reason is given but inferred is false",
        "arrived:",
    ),
    _case(
        "day-precision-without-a-day",
        "contingents.yaml",
        "      text: February\n      earliest_on: null\n      latest_on: null\n"
        "      precision: unknown",
        "      text: February\n      earliest_on: null\n      latest_on: null\n"
        "      precision: day",
        "contingents/ke-planned-february",
        "deployed",
        "Value error, precision day needs both earliest_on and latest_on",
        "deployed:",
        after="slug: ke-planned-february",
    ),
    _case(
        "month-precision-not-a-whole-month",
        "contingents.yaml",
        "      text: February\n      earliest_on: null\n      latest_on: null\n"
        "      precision: unknown",
        "      text: February\n      earliest_on: 2025-02-01\n      latest_on: 2025-02-27\n"
        "      precision: month",
        "contingents/ke-planned-february",
        "deployed",
        "Value error, precision month needs the first and last day of one month",
        "deployed:",
        after="slug: ke-planned-february",
    ),
    _case(
        "arrived-without-a-date",
        "contingents.yaml",
        "    arrived:\n      text: Last week\n      earliest_on: 2025-01-18\n"
        "      latest_on: 2025-01-18\n      precision: day\n      inferred: false\n"
        "      inference_reason: null\n",
        "",
        "contingents/ke-217-january-2025",
        "-",
        "Value error, status arrived needs an arrived date",
        "slug: ke-217-january-2025",
    ),
]

QUANTITIES = [
    _case(
        "over-600-without-qualifier",
        "strength.yaml",
        "    value: 600\n    qualifier: more_than\n",
        "    value: 600\n",
        "strength/mss-haiti-ke-police-over-600",
        "qualifier",
        "Field required",
        "slug: mss-haiti-ke-police-over-600",
    ),
    _case(
        "over-600-as-exact",
        "strength.yaml",
        "    value: 600\n    qualifier: more_than\n",
        "    value: 600\n    qualifier: exact\n",
        "strength/mss-haiti-ke-police-over-600",
        "qualifier",
        'its evidence says "over 600", which is not exact: use more_than',
        "qualifier: exact",
    ),
    _case(
        "over-600-as-at-least",
        "strength.yaml",
        "    value: 600\n    qualifier: more_than\n",
        "    value: 600\n    qualifier: at_least\n",
        "strength/mss-haiti-ke-police-over-600",
        "qualifier",
        'its evidence says "over 600", which is not at_least: use more_than',
        "qualifier: at_least",
    ),
    _case(
        "more-than-700-claim-as-exact",
        "strength.yaml",
        "    value: 700\n    qualifier: more_than\n",
        "    value: 700\n    qualifier: exact\n",
        "strength/mss-haiti-ke-police-more-than-700",
        "qualifier",
        'its evidence says "more than 700", which is not exact: use more_than',
        "qualifier: exact",
        after="value: 700",
    ),
    _case(
        "breakdown-does-not-add-up",
        "contingents.yaml",
        "        women: 24",
        "        women: 42",
        "contingents/ke-144-february-2025",
        "personnel",
        "Value error, breakdown does not add up to the exact value",
        "personnel:",
        after="slug: ke-144-february-2025",
    ),
]


@pytest.mark.parametrize(
    "case",
    UNKNOWN_KEYS + WRONG_TYPES + DUPLICATES + REFERENCES + EVIDENCE + SOURCES + DATES + QUANTITIES,
)
def test_a_broken_record_is_refused_with_its_place_and_reason(
    data_copy: DataCopy, case: Break
) -> None:
    data_copy.edit(case.file, case.old, case.new)
    line = data_copy.line(case.file, case.at, after=case.after)
    reason = case.reason
    if "{first}" in reason:
        reason = reason.format(first=data_copy.line(case.file, case.at))

    problems = data_copy.problems()

    assert problems == [f"data/{case.file}:{line}: {case.record}: {case.field}: {reason}"]
