"""The data contract (../shared/data-contract.md, version 1) as Python data.

One place for table names, columns, types and enumerations. The loader
(queries/__init__.py), the demo generator and the importer all read it, so
that none of them can drift from the contract.
"""
from __future__ import annotations

from dataclasses import dataclass

PROJECT_START = "2020-04-01"
PROJECT_END = "2022-12-31"

COMMUNES = ("NOUGA", "KANIOGO")
SITES = ("KOKOYO", "KOFLATIE")
VILLAGES = ("DANGA", "TOMBOLA", "TEGUE", "SOMBO")
LOCALITIES = SITES + VILLAGES
LOCALITY_COMMUNE = {
    "KOKOYO": "NOUGA", "DANGA": "NOUGA", "TOMBOLA": "NOUGA",
    "KOFLATIE": "KANIOGO", "TEGUE": "KANIOGO", "SOMBO": "KANIOGO",
}
PARTNERS = ("CASE_SAHEL", "ENDA_MALI", "ACESEM")
SEXES = ("F", "M")
ROLES = ("enfant", "pair_educateur", "membre_ccpe", "travailleur_social", "acteur_institutionnel")
SETTINGS = ("site", "ecole")
ACTIVITY_TYPES = (
    "formation_pairs", "focus_group", "causerie", "radio", "theatre_forum", "caravane",
    "atelier_ccpe", "atelier_plan_action", "formation_travailleurs_sociaux", "formation_acteurs",
    "atelier_plaidoyer", "autre",
)
STAGES = ("identifie", "evalue", "pris_en_charge", "retour_famille", "reinsertion", "cloture")
SERVICES = ("psychosocial", "medical", "sanitaire", "alimentaire", "hebergement", "vestimentaire", "juridique")
REINSERTION_TYPES = ("reunification_familiale", "formation_professionnelle", "agr", "scolarisation")
EXPLOITATIONS = ("prostitution_forcee", "abus_contre_avantages", "pornographie", "autre")
REFERRAL_SOURCES = ("pair_educateur", "ccpe", "tomboloma", "brigade", "communaute", "auto_signalement", "autre")
MILESTONE_KINDS = ("ccpe_operationnel", "plan_action", "strategie_plaidoyer", "integration_pdesc")
ASSESSMENT_KINDS = ("pre", "post")
AGE_GROUPS = ("<12", "12-14", "15-17", "18+")
PASS_THRESHOLD = 0.6

# ECOWAS members 2020-2022 (ISO 3166-1 alpha-3), for the origin map and the demo data.
ECOWAS = ("BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO")


@dataclass(frozen=True)
class Column:
    name: str
    type: str                      # DuckDB type the column is cast to
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    optional: bool = False         # may be absent from the file (added with its default)
    default: str = "null"          # SQL expression used when an optional column is absent


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


C = Column
TABLES: dict[str, Table] = {t.name: t for t in (
    Table("activities", (
        C("activity_id", "varchar"), C("activity_type", "varchar", enum=ACTIVITY_TYPES),
        C("start_date", "date"), C("end_date", "date", nullable=True),
        C("locality_id", "varchar", nullable=True, enum=LOCALITIES),
        C("commune", "varchar", enum=COMMUNES), C("partner", "varchar", enum=PARTNERS),
        C("facilitator_id", "varchar", nullable=True),
        C("girls", "bigint"), C("boys", "bigint"), C("women", "bigint"), C("men", "bigint"),
    ), key=("activity_id",)),
    Table("participants", (
        C("person_id", "varchar"), C("role", "varchar", enum=ROLES),
        C("sex", "varchar", nullable=True, enum=SEXES), C("age", "integer", nullable=True),
        C("setting", "varchar", nullable=True, enum=SETTINGS),
        C("locality_id", "varchar", nullable=True, enum=LOCALITIES),
        C("commune", "varchar", enum=COMMUNES), C("partner", "varchar", enum=PARTNERS),
        C("enrolled_on", "date"),
    ), key=("person_id",)),
    Table("attendance", (C("activity_id", "varchar"), C("person_id", "varchar")),
          key=("activity_id", "person_id")),
    Table("assessments", (
        C("person_id", "varchar"), C("kind", "varchar", enum=ASSESSMENT_KINDS),
        C("assessed_on", "date"), C("score", "double"), C("max_score", "double"),
    ), key=("person_id", "kind", "assessed_on")),
    Table("cases", (
        C("case_id", "varchar"), C("sex", "varchar", nullable=True, enum=SEXES), C("age", "integer"),
        C("nationality", "varchar"), C("origin_region", "varchar", nullable=True),
        C("site_id", "varchar", enum=LOCALITIES), C("partner", "varchar", enum=PARTNERS),
        C("referral_source", "varchar", enum=REFERRAL_SOURCES),
        C("exploitation", "varchar", enum=EXPLOITATIONS),
        C("consent_reporting", "boolean", nullable=True, optional=True),   # absent or null: consent unknown
    ), key=("case_id",)),
    Table("case_events", (
        C("case_id", "varchar"), C("stage", "varchar", enum=STAGES), C("event_date", "date"),
        C("detail", "varchar", nullable=True),
    ), key=("case_id", "stage", "event_date")),
    Table("case_services", (
        C("case_id", "varchar"), C("service", "varchar", enum=SERVICES), C("service_date", "date"),
        C("partner", "varchar", enum=PARTNERS),
    ), key=("case_id", "service", "service_date")),
    Table("milestones", (
        C("milestone_id", "varchar"), C("kind", "varchar", enum=MILESTONE_KINDS),
        C("commune", "varchar", enum=COMMUNES), C("title", "varchar"),
        C("planned_on", "date", nullable=True), C("achieved_on", "date", nullable=True),
    ), key=("milestone_id",)),
    Table("budget", (
        C("quarter", "varchar"), C("budget_line", "varchar"),
        C("partner", "varchar", nullable=True, enum=PARTNERS),
        C("planned_eur", "double"), C("spent_eur", "double"),
    ), key=("quarter", "budget_line", "partner"), optional=True),
)}
del C

METADATA_FILE = "_dataset.json"   # written by the demo generator: {"synthetic": true, ...}
