"""Synthetic data for load and serving benchmarks: a complete, valid data directory.

    python -m bench.synth OUT_DIR --contingents 100000 --quotes 100000 --officials 10000
    python -m bench.synth OUT_DIR ... --database-url sqlite:////tmp/big.db

writes the nine YAML files of data/ and one stored source text (with its sha256, so
excerpts are verified) into OUT_DIR, deterministically for a given --seed. With
--database-url it then runs the real console script, `mss-facts validate` and
`mss-facts load`, and prints how long each phase took and the peak memory of each.
The output never goes into data/: that folder holds curated facts only.
"""

import argparse
import calendar
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from app.db import sqlite_path

REPO_ROOT = Path(__file__).resolve().parents[1]
STORED_SLUG = "bench-wire-mss-roundup"
STORED_FILE = f"sources/{STORED_SLUG}.txt"

# Real ISO 3166-1 codes. NO (Norway) is plain in the files on purpose: a YAML 1.1 reader
# would turn it into False.
NATIONS = [
    ("KE", "Kenya"), ("HT", "Haiti"), ("JM", "Jamaica"), ("BS", "Bahamas"), ("BZ", "Belize"),
    ("GT", "Guatemala"), ("SV", "El Salvador"), ("US", "United States"), ("CA", "Canada"),
    ("NO", "Norway"), ("BJ", "Benin"), ("TD", "Chad"), ("BD", "Bangladesh"),
    ("BB", "Barbados"), ("AG", "Antigua and Barbuda"), ("FR", "France"), ("DE", "Germany"),
    ("ES", "Spain"), ("IT", "Italy"), ("MX", "Mexico"), ("BR", "Brazil"), ("CL", "Chile"),
    ("SN", "Senegal"), ("RW", "Rwanda"), ("GH", "Ghana"), ("NG", "Nigeria"),
    ("BI", "Burundi"), ("SE", "Sweden"), ("DK", "Denmark"), ("FI", "Finland"),
    ("IE", "Ireland"), ("PT", "Portugal"), ("DM", "Dominica"), ("GD", "Grenada"),
    ("TT", "Trinidad and Tobago"), ("KN", "Saint Kitts and Nevis"), ("CI", "Côte d’Ivoire"),
]  # fmt: skip
FIRST = (
    "Amara", "Joseph", "Grace", "Mwangi", "Wanjiru", "Jean", "Marie", "Olav", "Ingrid", "José",
    "Émile", "Chidi", "Aisha", "Nadia", "Kofi", "Lucía", "Søren", "Pierre", "Fatou", "Ruth",
    "Daniel", "Esther", "Samuel", "Akinyi", "Otieno", "Hélène", "Tomás", "Kamala", "Rohan",
    "Ana", "Björn", "Mercy", "Faith", "Brian", "Kevin", "Sharon", "Moses", "Linet", "Zawadi",
)  # fmt: skip
LAST = (
    "Okafor", "Boinnet", "Kariuki", "Lolmodoni", "Masengeli", "Ochieng", "Baptiste",
    "Pierre-Louis", "Hansen", "Lindqvist", "García", "Mensah", "Diallo", "Uwimana",
    "Ndayishimiye", "Ferreira", "Dubois", "Kamau", "Njoroge", "Wekesa", "Otieno", "Mutua",
    "Étienne", "Joseph", "Desir", "Johansen", "Rossi", "Müller", "O’Brien", "Campbell", "Brown",
    "Thompson", "Richards", "Fraser", "Mendoza", "Silva", "Nkurunziza", "Haidara", "Sow",
)  # fmt: skip
PLACES = (
    "Port-au-Prince",
    "Cap-Haïtien",
    "Les Cayes",
    "Gonaïves",
    "Jacmel",
    "Carrefour",
    "Pétion-Ville",
    "Croix-des-Bouquets",
    "Cité Soleil",
    "Saint-Marc",
    "Nairobi",
    "Mombasa",
)
ORG_KINDS = (
    ("national-police", "National Police of {n}", "NP"),
    ("defence-force", "{n} Defence Force", "DF"),
    ("foreign-ministry", "Ministry of Foreign Affairs of {n}", None),
    ("interior-ministry", "Ministry of the Interior of {n}", None),
    ("coast-guard", "{n} Coast Guard", "CG"),
    ("police-union", "{n} Police Officers’ Union", None),
)
TITLES = (
    "Commissioner",
    "Deputy Commissioner",
    "Commander",
    "Inspector General",
    "Minister",
    "Ambassador",
    "Spokesperson",
    "Chief of Staff",
    "Colonel",
    "Superintendent",
)
VERBS = (
    "restore", "secure", "protect", "rebuild", "support", "patrol", "reopen", "defend", "serve",
    "train",
)  # fmt: skip
OBJECTS = (
    "the roads to the airport",
    "every school in the district",
    "the port and its workers",
    "the markets of the capital",
    "families who fled their homes",
    "the national police",
    "public order",
    "the northern corridor",
    "the hospitals",
    "the rule of law",
)
MOODS = (
    "We are here to {v} {o} in {p}",
    "Our officers will {v} {o} until the job is done",
    "Nobody should doubt that we came to {v} {o}",
    "The people of {p} asked us to {v} {o}, and we will",
    "It is our duty to {v} {o} with our Haitian partners",
    "We cannot {v} {o} alone; we need every partner",
)
STATUSES = ("arrived", "arrived", "deployed", "departed", "planned")
QUALIFIERS = ("exact", "exact", "approximately", "at_least", "more_than", "at_most")
UNITS = ("officers", "police officers", "soldiers", "military personnel")
EVENT_KINDS = ("arrival", "departure", "deployment", "planned_deployment", "speech", "statement")
PUBLISHERS = (
    "The Star (Kenya)",
    "Daily Nation",
    "Le Nouvelliste",
    "Haiti Libre",
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "NRK",
    "Jamaica Gleaner",
    "Citizen Digital",
)
RESERVED = frozenset({"true", "false", "null", "~"})
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_ ,.'’()/&-]*[A-Za-z0-9.)’]|[A-Za-z]")


# --- a small YAML writer: block style, flow lists, folded claims, anchors ---------------


@dataclass(frozen=True)
class Flow:
    """A mapping written on one line, as curators write `speaker: {official: x}`."""

    items: dict[str, Any]


@dataclass(frozen=True)
class Folded:
    text: str


@dataclass(frozen=True)
class Anchored:
    name: str
    value: dict[str, Any]


@dataclass(frozen=True)
class Alias:
    name: str


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | dt.date):
        return str(value)
    if PLAIN.fullmatch(value) and value.lower() not in RESERVED:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _mapping(items: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in items.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:\n")
            _mapping(value, indent + 2, out)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{pad}{key}:\n")
            for item in value:
                start = len(out)
                _mapping(item, indent + 4, out)
                out[start] = f"{pad}  - {out[start][indent + 4 :]}"
        elif isinstance(value, list):
            out.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]\n")
        elif isinstance(value, Flow):
            inner = ", ".join(f"{k}: {scalar(v)}" for k, v in value.items.items())
            out.append(f"{pad}{key}: {{{inner}}}\n")
        elif isinstance(value, Folded):
            out.append(f"{pad}{key}: >-\n")
            out.extend(f"{pad}  {line}\n" for line in _wrap(value.text, 84 - indent))
        elif isinstance(value, Anchored):
            out.append(f"{pad}{key}: &{value.name}\n")
            _mapping(value.value, indent + 2, out)
        elif isinstance(value, Alias):
            out.append(f"{pad}{key}: *{value.name}\n")
        else:
            out.append(f"{pad}{key}: {scalar(value)}\n")


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def write_yaml(path: Path, top: str, records: Iterable[dict[str, Any]], comment: str) -> None:
    """Write `records` as the list under `top`, as they come (a million need not fit)."""
    with path.open("w", encoding="utf-8") as file:
        file.write(f"# {comment}\n{top}:\n")
        for record in records:
            out: list[str] = []
            _mapping(record, 4, out)
            out[0] = f"  - {out[0][4:]}"
            file.write("".join(out))


# --- the dataset --------------------------------------------------------------------------


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class Story:
    """The stored source text and the sentences that records quote from it."""

    text: str = ""
    contingent_sentences: list[str] = field(default_factory=list)
    quote_sentences: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # sentence, quote, speaker slug


class Synth:
    def __init__(self, seed: int, officials: int, contingents: int, quotes: int) -> None:
        self.rng = Random(seed)
        self.n_officials, self.n_contingents, self.n_quotes = officials, contingents, quotes
        self.epoch = dt.date(2024, 6, 25)
        self.claim_sources = [
            f"{slugify(PUBLISHERS[i % len(PUBLISHERS)])}-report-{i + 1:03d}" for i in range(120)
        ]
        self.orgs = [
            (f"{slugify(name)}-{kind}", tmpl.format(n=name), acr and f"{code}{acr}", code)
            for code, name in NATIONS
            for kind, tmpl, acr in ORG_KINDS
        ]
        self.roster: list[tuple[str, str, str]] = []  # slug, name, nation code
        for i in range(max(officials, 1)):  # quotes and escorts need at least one
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            self.roster.append((f"{slugify(name)}-{i + 1}", name, self.rng.choice(NATIONS)[0]))
        self.events = [f"event-{i + 1:05d}" for i in range(max(20, contingents // 50))]
        self.story = self._story()

    # Dates, evidence, sentences ----------------------------------------------------------

    def day(self, spread: int = 540) -> dt.date:
        return self.epoch + dt.timedelta(days=self.rng.randrange(spread))

    def fuzzy(self, day: dt.date) -> dict[str, Any]:
        r = self.rng.random()
        month = calendar.month_name[day.month]
        if r < 0.5:
            text = f"{calendar.day_name[day.weekday()]} {day.day} {month} {day.year}"
            return {"text": text, "earliest_on": day, "latest_on": day, "precision": "day"}
        if r < 0.7:
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            return {
                "text": f"{month} {day.year}",
                "earliest_on": day.replace(day=1),
                "latest_on": last,
                "precision": "month",
            }
        if r < 0.8:
            return {
                "text": str(day.year),
                "earliest_on": dt.date(day.year, 1, 1),
                "latest_on": dt.date(day.year, 12, 31),
                "precision": "year",
            }
        if r < 0.9:
            text = self.rng.choice(("Last week", "Earlier this month", f"{month} {day.day}"))
            return {"text": text, "earliest_on": None, "latest_on": None, "precision": "unknown"}
        return {
            "text": "now",
            "earliest_on": day,
            "latest_on": None,
            "precision": "unknown",
            "inferred": True,
            "inference_reason": "The report is dated no earlier than this day.",
        }

    def claim(self, text: str, supports: list[str]) -> dict[str, Any]:
        body: Any = Folded(text) if len(text) > 90 else text
        return {"source": self.rng.choice(self.claim_sources), "claim": body, "supports": supports}

    def excerpt(self, text: str, supports: list[str] | None = None) -> dict[str, Any]:
        item: dict[str, Any] = {"source": STORED_SLUG, "excerpt": text}
        if supports:
            item["supports"] = supports
        return item

    def saying(self) -> str:
        r = self.rng
        mood = r.choice(MOODS)
        return mood.format(v=r.choice(VERBS), o=r.choice(OBJECTS), p=r.choice(PLACES))

    def _story(self) -> Story:
        r, story = self.rng, Story()
        names = [name for _, name in NATIONS]
        parts = [
            "The Multinational Security Support (MSS) mission in Haiti, spearheaded by Kenya, "
            "comprises personnel from " + ", ".join(names[:-1]) + f", and {names[-1]}."
        ]
        for _ in range(80):
            name = r.choice(NATIONS)[1]
            day = self.day()
            sentence = (
                f"A contingent of {r.randrange(40, 900)} {r.choice(UNITS)} from {name} "
                f"reached {r.choice(PLACES)} on {day.day} {calendar.month_name[day.month]} "
                f"{day.year}, Haiti’s {r.choice(('capital', 'second city', 'south'))} "
                "welcoming them."
            )
            story.contingent_sentences.append(sentence)
            parts.append(sentence)
        for slug, name, _ in self.roster[:60]:
            quote = self.saying()
            sentence = f"“{quote},” {r.choice(TITLES)} {name} said in {r.choice(PLACES)}."
            story.quote_sentences.append((sentence, quote, slug))
            parts.append(sentence)
        for _, name, _, _ in self.orgs:
            parts.append(f"The {name} issued a statement.")
        story.text = " ".join(parts)
        return story

    # Files --------------------------------------------------------------------------------

    def sources(self) -> list[dict[str, Any]]:
        stored = {
            "slug": STORED_SLUG,
            "title": "Roundup: contingents, officials and statements of the MSS mission",
            "publisher": "Bench Wire",
            "url": "https://example.org/bench/mss-roundup",
            "kind": "news_agency_report",
            "language": "en",
            "wire": "Bench Wire",
            "published": self.fuzzy(self.epoch),
            "retrieved_on": dt.date(2025, 3, 1),
            "text_file": STORED_FILE,
            "sha256": hashlib.sha256(self.story.text.encode()).hexdigest(),
        }
        out: list[dict[str, Any]] = [stored]
        for i, slug in enumerate(self.claim_sources):
            record = {
                "slug": slug,
                "title": None if i % 3 else f"Report {i + 1} on the MSS mission",
                "publisher": PUBLISHERS[i % len(PUBLISHERS)],
                "url": f"https://example.org/{slug}",
                "kind": ("news_article", "news_agency_report", "video_report", "statement")[i % 4],
                "language": ("en", "fr", "es", "sw")[i % 4],
                "published": self.fuzzy(self.day()),
            }
            if i % 4 == 1:  # agency copies: every fourth pair carries one story
                record["wire"] = "Bench Wire"
                record["wire_story"] = f"bench-wire-story-{i // 8 + 1}"
            if i % 7 == 0:
                record["title_note"] = "The title is read from the page’s address."
            out.append(record)
        return out

    def nations(self) -> list[dict[str, Any]]:
        return [
            {"code": code, "name": name, "evidence": [self.excerpt(name, ["name"])]}
            for code, name in NATIONS
        ]

    def organisations(self) -> list[dict[str, Any]]:
        return [
            {
                "slug": slug,
                "name": name,
                "acronym": acronym,
                "nation": code,
                "evidence": [self.excerpt(f"The {name} issued a statement.", ["name"])],
            }
            for slug, name, acronym, code in self.orgs
        ]

    def officials(self) -> list[dict[str, Any]]:
        r = self.rng
        out: list[dict[str, Any]] = []
        quoted = {slug for _, _, slug in self.story.quote_sentences}
        for slug, name, code in self.roster:
            positions = []
            for n in range(r.choice((0, 1, 1, 1, 2, 3))):
                org = r.choice(self.orgs) if r.random() < 0.7 else None
                title = r.choice(TITLES)
                positions.append(
                    {
                        "title": title,
                        "organisation": org[0] if org else None,
                        "nation": org[3] if org else code,
                        "current": n == 0,
                        "evidence": [self.claim(f"{name} served as {title}.", ["title"])],
                    }
                )
            evidence = (
                [self.excerpt(name, ["name"])]
                if slug in quoted
                else [self.claim(f"{name} is an official of {code}.", ["name", "nation"])]
            )
            out.append(
                {
                    "slug": slug,
                    "name": name,
                    "nation": code,
                    "positions": positions,
                    "evidence": evidence,
                }
            )
        return out

    def missions(self) -> list[dict[str, Any]]:
        r = self.rng
        out: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        for m in range(3):
            slug = ("mss-haiti", "mss-support-office", "mss-coastal-task-force")[m]
            parts = []
            for code, name in NATIONS[: 12 + 8 * m]:
                role = (
                    "host"
                    if code == "HT"
                    else r.choice(
                        (
                            "police_contributor",
                            "military_contributor",
                            "personnel_contributor",
                            "supporter",
                        )
                    )
                )
                self.figures += [
                    {
                        "slug": f"{slug}-{code.lower()}-figure-{f + 1}",
                        "mission": slug,
                        "nation": code,
                        "participation": f"{slug}-{code.lower()}",
                        "value": r.randrange(10, 1000),
                        "qualifier": r.choice(QUALIFIERS),
                        "unit": r.choice(UNITS),
                        "as_of": self.fuzzy(self.day()),
                        "evidence": [
                            self.claim(f"{name} had personnel in the mission.", ["value"])
                        ],
                    }
                    for f in range(r.randrange(3))
                ]
                parts.append(
                    {
                        "slug": f"{slug}-{code.lower()}",
                        "nation": code,
                        "role": role,
                        "evidence": [self.excerpt(name, ["nation"])],
                    }
                )
            out.append(
                {
                    "slug": slug,
                    "name": f"Multinational Security Support, part {m + 1}",
                    "acronym": "MSS" if m == 0 else None,
                    "purpose": "To assist the Haitian National Police in restoring order.",
                    "host_nation": "HT",
                    "lead_nation": "KE",
                    "authorised_by": self.orgs[0][0],
                    "partner_organisation": self.orgs[6][0],
                    "participations": parts,
                    "evidence": [self.excerpt(self.story.text[:60], ["name", "lead_nation"])],
                }
            )
        return out

    def strength(self) -> list[dict[str, Any]]:
        """The figures `missions` drew (it runs first), and whole-mission totals."""
        r = self.rng
        totals = [
            {
                "slug": f"mss-haiti-total-{n + 1}",
                "mission": "mss-haiti",
                "value": r.randrange(100, 2000),
                "qualifier": r.choice(QUALIFIERS),
                "unit": "personnel",
                "as_of": self.fuzzy(self.day()),
                "evidence": [self.claim("The mission had personnel in Haiti.", ["value"])],
            }
            for n in range(40)
        ]
        return [*self.figures, *totals]

    def decisions(self) -> list[dict[str, Any]]:
        r = self.rng
        out: list[dict[str, Any]] = []
        for n in range(30):
            abstaining = sorted({r.choice(NATIONS)[0] for _ in range(r.randrange(3))})
            out.append(
                {
                    "slug": f"resolution-{2600 + n}",
                    "mission": "mss-haiti",
                    "kind": "resolution",
                    "title": f"Resolution {2600 + n}",
                    "body": self.orgs[0][0],
                    "number": str(2600 + n),
                    "date": self.fuzzy(self.day()),
                    "vote": {
                        "in_favour": 15 - len(abstaining),
                        "against": 0,
                        "abstentions": len(abstaining),
                        "abstaining": abstaining,
                        "unanimous": not abstaining,
                    },
                    "authorises": "The mission, for twelve months.",
                    "evidence": [self.claim("The council adopted the resolution.", ["number"])],
                }
            )
        return out

    def pledges(self) -> list[dict[str, Any]]:
        r = self.rng
        return [
            {
                "slug": f"pledge-{n + 1:04d}",
                "mission": "mss-haiti",
                "nation": r.choice(NATIONS)[0],
                "kind": r.choice(("pledge", "notification", "offer")),
                "personnel": {
                    "value": r.randrange(10, 1000),
                    "qualifier": "exact",
                    "unit": "personnel",
                },
                "made": self.fuzzy(self.day()),
                "evidence": [self.claim("The nation promised personnel.", ["personnel"])],
            }
            for n in range(60)
        ]

    def events_file(self) -> list[dict[str, Any]]:
        r = self.rng
        out: list[dict[str, Any]] = []
        for slug in self.events:
            kind = r.choice(EVENT_KINDS)
            involves = [f"nations/{r.choice(NATIONS)[0]}", f"officials/{r.choice(self.roster)[0]}"]
            if self.n_contingents:
                involves.append(f"contingents/contingent-{r.randrange(self.n_contingents) + 1:06d}")
            out.append(
                {
                    "slug": slug,
                    "kind": kind,
                    "title": f"A {kind.replace('_', ' ')} in {r.choice(PLACES)}",
                    "date": self.fuzzy(self.day()),
                    "place": r.choice(PLACES) if r.random() < 0.6 else None,
                    "involves": involves,
                    "evidence": [self.claim(f"The {kind.replace('_', ' ')} took place.", ["kind"])],
                }
            )
        return out

    def contingents(self) -> Iterator[dict[str, Any]]:
        r = self.rng
        for i in range(self.n_contingents):
            code, name = r.choice(NATIONS)
            status = r.choice(STATUSES)
            value = r.randrange(20, 1000)
            qualifier = r.choice(QUALIFIERS)
            record: dict[str, Any] = {
                "slug": f"contingent-{i + 1:06d}",
                "mission": "mss-haiti" if r.random() < 0.8 else "mss-coastal-task-force",
                "nation": code,
                "ordinal": r.randrange(1, 12) if r.random() < 0.6 else None,
                "personnel": {"value": value, "qualifier": qualifier, "unit": r.choice(UNITS)},
                "status": status,
            }
            if qualifier == "exact" and r.random() < 0.3:
                women = r.randrange(value // 2)
                record["personnel"]["breakdown"] = {"men": value - women, "women": women}
            start = self.day()
            if status in ("arrived", "departed"):
                record["departed"] = self.fuzzy(start)
            if status == "arrived":
                record["arrived"] = self.fuzzy(start + dt.timedelta(days=1))
                record["arrival_place"] = r.choice(PLACES)
                record["received_by"] = "Haitian authorities"
            if status in ("deployed", "planned"):
                record["deployed"] = self.fuzzy(start)
            escorts = r.sample(self.roster, min(len(self.roster), r.choice((0, 0, 1, 2))))
            record["escorts"] = [slug for slug, _, _ in escorts]
            words = f"{value} {record['personnel']['unit']} from {name} {status} ({qualifier})."
            evidence = [self.claim(f"A contingent of {words}", ["nation", "status", "personnel"])]
            if r.random() < 0.3:
                evidence.append(
                    self.excerpt(r.choice(self.story.contingent_sentences), ["ordinal"])
                )
            record["evidence"] = evidence
            yield record

    def quotes(self) -> Iterator[dict[str, Any]]:
        r, anchors, previous = self.rng, 0, None
        for i in range(self.n_quotes):
            stored = r.random() < 0.25
            if stored:
                sentence, text, speaker_slug = r.choice(self.story.quote_sentences)
                speaker = Flow({"official": speaker_slug})
                evidence = [self.excerpt(sentence, ["text", "speaker"])]
            else:
                text = f"{self.saying()}."
                if r.random() < 0.85:
                    speaker = Flow({"official": r.choice(self.roster)[0]})
                else:
                    speaker = Flow({"organisation": r.choice(self.orgs)[0]})
                evidence = [self.claim(f"The speaker said: {text}", ["text", "speaker"])]
            date: Any = self.fuzzy(self.day())
            if isinstance(previous, Anchored) and r.random() < 0.5:
                date = Alias(previous.name)
            elif r.random() < 0.2:
                anchors += 1
                date = Anchored(f"d{anchors}", date)
            previous = date
            yield (
                {
                    "slug": f"quote-{i + 1:06d}",
                    "text": text,
                    "speaker": speaker,
                    "venue": r.choice(PLACES) if r.random() < 0.5 else None,
                    "event": r.choice(self.events) if r.random() < 0.3 else None,
                    "date": date,
                    "occasion": "At a press briefing." if r.random() < 0.3 else None,
                    "kind": r.choice(("speech", "statement", "interview")),
                    "evidence": evidence,
                }
            )

    def conflicts(self) -> list[dict[str, Any]]:
        r = self.rng
        out: list[dict[str, Any]] = []
        if self.n_contingents < 2:
            return out
        for i in range(max(1, self.n_contingents // 1000)):
            a, b = r.sample(range(1, self.n_contingents + 1), 2)
            out.append(
                {
                    "slug": f"conflict-{i + 1:04d}",
                    "description": "Two reports disagree about this contingent.",
                    "claims": [
                        {"record": f"contingents/contingent-{a:06d}", "field": "personnel"},
                        {"record": f"contingents/contingent-{b:06d}", "field": "personnel"},
                    ],
                }
            )
        return out


def generate(out_dir: Path, seed: int, officials: int, contingents: int, quotes: int) -> None:
    """Write a complete data directory into `out_dir` (created if missing)."""
    if out_dir.resolve().is_relative_to((REPO_ROOT / "data").resolve()):
        raise SystemExit("refusing to write synthetic data into data/")
    synth = Synth(seed, officials, contingents, quotes)
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    (out_dir / STORED_FILE).write_bytes(synth.story.text.encode())
    files = {
        "sources.yaml": ("sources", synth.sources, "Sources; one with stored text."),
        "nations.yaml": ("nations", synth.nations, "Nations, by ISO code."),
        "organisations.yaml": ("organisations", synth.organisations, "Organisations."),
        "officials.yaml": ("officials", synth.officials, "Officials and their positions."),
        "missions.yaml": ("missions", synth.missions, "Missions and participations."),
        "strength.yaml": ("strength", synth.strength, "Reported strength figures."),
        "decisions.yaml": ("decisions", synth.decisions, "Decisions."),
        "pledges.yaml": ("pledges", synth.pledges, "Pledges of personnel."),
        "events.yaml": ("events", synth.events_file, "Events."),
        "contingents.yaml": ("contingents", synth.contingents, "Contingents."),
        "quotes.yaml": ("quotes", synth.quotes, "Quotes."),
        "conflicts.yaml": ("conflicts", synth.conflicts, "Conflicting claims."),
    }
    for name, (top, build, comment) in files.items():
        write_yaml(out_dir / name, top, build(), f"Synthetic benchmark data. {comment}")


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("mss-facts")
    if script.exists():
        return [str(script)]
    found = shutil.which("mss-facts")
    return [found] if found else [sys.executable, "-c", "from app.cli import main; main()"]


@dataclass(frozen=True)
class Timed:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system: steadier than wall clock on a busy machine
    peak_rss_mib: int

    def __str__(self) -> str:
        return (
            f"{self.seconds:7.1f} s  (cpu {self.cpu_seconds:.1f} s)  "
            f"peak RSS {self.peak_rss_mib} MiB"
        )


def run_timed(args: list[str], env: dict[str, str]) -> Timed:
    """Run a command to completion and measure it; fail loudly if it fails."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=REPO_ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}")
    return Timed(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--contingents", type=int, default=100_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--officials", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", help="then validate and load OUT_DIR into this database, timed"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    generate(args.out_dir, args.seed, args.officials, args.contingents, args.quotes)
    size = sum(p.stat().st_size for p in args.out_dir.rglob("*") if p.is_file())
    records = args.contingents + args.quotes + args.officials
    print(
        f"generate  {time.perf_counter() - started:7.1f} s  "
        f"{records} records, {size / 2**20:.1f} MiB in {args.out_dir}",
        flush=True,
    )
    if not args.database_url:
        return
    cli = _console_script()
    env = {**os.environ, "DATABASE_URL": args.database_url}
    print(f"validate  {run_timed([*cli, 'validate', str(args.out_dir)], env)}", flush=True)
    loaded = run_timed([*cli, "load", str(args.out_dir)], env)
    print(f"load      {loaded}  (validation included)", flush=True)
    database = sqlite_path(args.database_url)
    if database is not None and database.exists():
        print(f"database  {database.stat().st_size / 2**20:.1f} MiB  {database}", flush=True)


if __name__ == "__main__":
    main()
