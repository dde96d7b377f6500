"""Known-answer tests of the indicators and of the other query functions on tests/fixtures.py.

Every expected number below was worked out by hand from the literal rows of tests/fixtures.py
against the definitions of shared/data-contract.md; the comment next to it shows how.
Fixture reminder (the rows the comments refer to):

  activities  A1 formation_pairs 2020-06-10 KOKOYO/NOUGA CASE_SAHEL  -> PE1 F, PE2 M
              A2 formation_pairs 2021-02-01 KOFLATIE/KANIOGO ENDA_MALI -> PE3 F
              F1 focus_group 2020-09-01 KOKOYO/NOUGA CASE_SAHEL led by PE1 -> K1 F site, K2 F site, K3 M ecole
              F2 focus_group 2021-03-01 DANGA/NOUGA CASE_SAHEL led by PE1 -> K1, K3
              F3 focus_group 2022-05-01 KOFLATIE/KANIOGO ENDA_MALI led by PE3 -> K4 (sex null, site)
              C1 causerie 2021-01-15 TOMBOLA/NOUGA  g10 b5 w20 m15      C2 causerie 2022-07-01 SOMBO/KANIOGO g3 b2 w4 m1
              R1 radio 2021-06-01 (no locality) NOUGA g100 b100 w200 m100
              T1 theatre_forum 2022-02-01 TEGUE/KANIOGO g5 b5 w10 m10
              W1 atelier_ccpe 2021-04-10 NOUGA -> M1 F, M2 M (both of NOUGA)
              W2 atelier_plaidoyer 2022-03-01 KANIOGO -> M3 F (KANIOGO)
              S1 formation_travailleurs_sociaux 2021-05-01 NOUGA -> TS1 M
              X1 formation_acteurs 2021-09-01 KANIOGO (ACESEM) -> I1 F (KANIOGO), I2 M (NOUGA)
  people      PE1, PE2, K1, K2 live in KOKOYO; K3 DANGA; PE3, K4 KOFLATIE (KANIOGO)
  post tests  K1 2021-06-01 14/20; K2 2021-01-01 10/20 then 2022-01-01 13/20; K3 2021-06-01 11/20
  cases       C01 F 15 MLI KOKOYO ACESEM     identifie 2021-01-10 evalue 01-15 pec 01-20 retour 04-20 reins 07-01 cloture 12-01
              C02 F 16 BFA KOKOYO ACESEM     identifie 2021-03-01 evalue 03-05 pec 03-10 retour 08-10
              C03 M 13 GIN KOFLATIE ENDA     identifie 2022-02-01 evalue 02-03 pec 02-10
              C04 F 11 MLI KOFLATIE ENDA     identifie 2022-11-01 (consent_reporting false)
              C05 - 17 CIV KOKOYO ACESEM     identifie 2020-10-01 evalue 10-05 pec 10-06 retour 2021-01-06 reins 2022-01-06
  milestones  MS1 ccpe_operationnel NOUGA planned 2020-12-31 achieved 2021-03-01
              MS2 ccpe_operationnel KANIOGO planned 2020-12-31 achieved 2020-11-15
              MS3 plan_action NOUGA planned 2021-06-30 achieved 2021-06-15
              MS4 strategie_plaidoyer KANIOGO planned 2022-03-31 achieved 2022-05-01
              MS5 integration_pdesc KANIOGO planned 2022-09-30 not achieved
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import attack
import queries as q
from conftest import ALL_IDS, COUNT_IDS, RATE_IDS, F, ind, to_frames, vfm
from fixtures import ROWS

D = date.fromisoformat

# The 21 indicator ids of shared/data-contract.md, « Logframe indicators ».
CONTRACT_IDS = {
    "pe_trained", "children_life_skills", "focus_groups", "people_rights", "people_ccpe_campaigns",
    "cases_identified", "cases_in_care", "cases_returned", "cases_reinserted", "ccpe_operational",
    "ccpe_trained", "action_plans", "social_workers_trained", "actors_trained", "ccpe_advocacy_trained",
    "advocacy_strategy", "pdesc_integrated", "children_pass_rate", "pe_active_rate", "returned_rate",
    "reinsertion_rate",
}
MILESTONE_IDS = {"ccpe_operational", "action_plans", "advocacy_strategy", "pdesc_integrated"}
CASE_COUNT_IDS = ("cases_identified", "cases_in_care", "cases_returned", "cases_reinserted")


def test_indicator_ids_are_the_contract_ids():
    assert set(ALL_IDS) == CONTRACT_IDS and len(ALL_IDS) == 21


# ------------------------------------------------------------ whole fixture

# id: (value, female, male); rates on a 0-100 scale rounded to 2 decimals
WHOLE = {
    # formation_pairs A1 (PE1 F, PE2 M) + A2 (PE3 F): 3 distinct, F 2, M 1
    "pe_trained": (3, 2, 1),
    # focus groups F1 (K1 F, K2 F, K3 M), F2 (K1, K3 again), F3 (K4 sex null): 4 distinct, F 2, M 1 (+1 unknown)
    "children_life_skills": (4, 2, 1),
    # F1, F2, F3; a number of activities has no F/M split
    "focus_groups": (3, None, None),
    # children reached with a post test: K1 latest 14/20 = .70 pass; K2 latest (2022) 13/20 = .65 pass
    # (its 2021 10/20 fail is not the latest); K3 11/20 = .55 fail; K4 no test -> 2/3.  F: K1, K2 2/2; M: K3 0/1
    "children_pass_rate": (66.67, 100.0, 0.0),
    # trained PE1 F, PE2 M, PE3 F; focus-group facilitators PE1 (F1, F2) and PE3 (F3) -> 2/3; F 2/2; M 0/1
    "pe_active_rate": (66.67, 100.0, 0.0),
    # every case has an identifie event: C01 F, C02 F, C03 M, C04 F, C05 null
    "cases_identified": (5, 3, 1),
    # pris_en_charge reached by C01 F, C02 F, C03 M, C05 null
    "cases_in_care": (4, 2, 1),
    # retour_famille reached by C01 F, C02 F, C05 null
    "cases_returned": (3, 2, 0),
    # in care and returned 3 / in care 4; F C01, C02 2/2; M C03 0/1
    "returned_rate": (75.0, 100.0, 0.0),
    # reinsertion reached by C01 F, C05 null
    "cases_reinserted": (2, 1, 0),
    # reinserted 2 / identified 5; F C01 out of C01, C02, C04 = 1/3; M 0/1
    "reinsertion_rate": (40.0, 33.33, 0.0),
    # causeries C1 10+5+20+15 = 50 (F 10+20, M 5+15) + C2 3+2+4+1 = 10 (F 7, M 3)
    "people_rights": (60, 37, 23),
    # radio R1 100+100+200+100 = 500 (F 300, M 200) + theatre T1 5+5+10+10 = 30 (F 15, M 15); no caravane
    "people_ccpe_campaigns": (530, 315, 215),
    # ccpe_operationnel MS1 (2021-03-01) and MS2 (2020-11-15) achieved; milestones have no sex
    "ccpe_operational": (2, None, None),
    # atelier_ccpe W1: M1 F, M2 M
    "ccpe_trained": (2, 1, 1),
    # plan_action MS3 achieved 2021-06-15
    "action_plans": (1, None, None),
    # formation_travailleurs_sociaux S1: TS1 M
    "social_workers_trained": (1, 0, 1),
    # formation_acteurs X1: I1 F, I2 M
    "actors_trained": (2, 1, 1),
    # atelier_plaidoyer W2: M3 F
    "ccpe_advocacy_trained": (1, 1, 0),
    # strategie_plaidoyer MS4 achieved 2022-05-01
    "advocacy_strategy": (1, None, None),
    # integration_pdesc MS5 has no achieved_on
    "pdesc_integrated": (0, None, None),
}


def test_whole_fixture_every_indicator(con):
    assert set(WHOLE) == CONTRACT_IDS
    assert vfm(con) == WHOLE


def test_whole_fixture_unknown_sex_and_setting(con):
    r = ind(con)
    # children: K4 has no sex; settings K1, K2, K4 site, K3 ecole
    assert (r["children_life_skills"]["sex_unknown"], r["children_life_skills"]["site"],
            r["children_life_skills"]["ecole"]) == (1, 3, 1)
    # cases: C05 has no sex, at every stage it reached (identifie, pec, retour, reinsertion)
    assert [r[i]["sex_unknown"] for i in CASE_COUNT_IDS] == [1, 1, 1, 1]
    # rate parts: returned_rate 3/4, reinsertion_rate 2/5, pass 2/3, active 2/3
    assert (r["returned_rate"]["numerator"], r["returned_rate"]["denominator"]) == (3, 4)
    assert (r["reinsertion_rate"]["numerator"], r["reinsertion_rate"]["denominator"]) == (2, 5)
    assert (r["children_pass_rate"]["numerator"], r["children_pass_rate"]["denominator"]) == (2, 3)
    assert (r["pe_active_rate"]["numerator"], r["pe_active_rate"]["denominator"]) == (2, 3)


def test_targets_and_units(con):
    r = ind(con)
    assert r["pe_trained"]["target"] == 48 and r["people_ccpe_campaigns"]["target"] == 6993
    assert {i for i in r if r[i]["unit"] == "percent"} == {
        "children_pass_rate", "pe_active_rate", "returned_rate", "reinsertion_rate"}


# ------------------------------------------------------------------ period

PERIOD_2021 = {
    # A2 (2021-02-01) trains PE3 F; A1 is 2020
    "pe_trained": (1, 1, 0),
    # only F2 (2021-03-01): K1 F site, K3 M ecole
    "children_life_skills": (2, 1, 1),
    "focus_groups": (1, None, None),
    # children of 2021 = K1, K3; their 2021 post tests: K1 pass, K3 fail -> 1/2
    # (K2's 2021 fail does not count: K2 attended no 2021 focus group)
    "children_pass_rate": (50.0, 100.0, 0.0),
    # trained in 2021: PE3 only; 2021 focus groups: F2 led by PE1 -> 0/1; no man trained -> male null
    "pe_active_rate": (0.0, 0.0, None),
    # identified in 2021: C01 (01-10), C02 (03-01), both F
    "cases_identified": (2, 2, 0),
    # C01 pec 01-20, C02 pec 03-10
    "cases_in_care": (2, 2, 0),
    # C01 retour 04-20, C02 retour 08-10
    "cases_returned": (2, 2, 0),
    "returned_rate": (100.0, 100.0, None),
    # C01 reinsertion 2021-07-01
    "cases_reinserted": (1, 1, 0),
    "reinsertion_rate": (50.0, 50.0, None),
    # C1 only (C2 is 2022)
    "people_rights": (50, 30, 20),
    # R1 only (T1 is 2022)
    "people_ccpe_campaigns": (500, 300, 200),
    # MS1 achieved 2021-03-01 (MS2 was 2020)
    "ccpe_operational": (1, None, None),
    # W1 2021-04-10
    "ccpe_trained": (2, 1, 1),
    # MS3 2021-06-15
    "action_plans": (1, None, None),
    "social_workers_trained": (1, 0, 1),
    # X1 2021-09-01
    "actors_trained": (2, 1, 1),
    # W2 is 2022
    "ccpe_advocacy_trained": (0, 0, 0),
    # MS4 achieved 2022
    "advocacy_strategy": (0, None, None),
    "pdesc_integrated": (0, None, None),
}


def test_period_2021(con):
    assert vfm(con, F(start="2021-01-01", end="2021-12-31")) == PERIOD_2021
    r = ind(con, F(start="2021-01-01", end="2021-12-31"))
    assert (r["children_life_skills"]["site"], r["children_life_skills"]["ecole"]) == (1, 1)


def test_end_only_is_a_cohort_up_to_end(con):
    got = vfm(con, F(end="2021-06-30"))
    # cohort identified on or before 2021-06-30: C05 (2020-10-01), C01 (2021-01-10), C02 (2021-03-01)
    assert got["cases_identified"] == (3, 2, 0)
    # all three reached pris_en_charge by then (10-06, 01-20, 03-10)
    assert got["cases_in_care"] == (3, 2, 0)
    # retour by 06-30: C05 (2021-01-06, sex null), C01 (04-20); C02 only on 08-10
    assert got["cases_returned"] == (2, 1, 0)
    # reinsertion by 06-30: none (C01 07-01, C05 2022-01-06)
    assert got["cases_reinserted"] == (0, 0, 0)
    assert got["returned_rate"] == (66.67, 50.0, None)      # 2/3; F C01 of C01, C02; no man
    assert got["reinsertion_rate"] == (0.0, 0.0, None)      # 0/3
    # people: A1, A2 before the end -> 3; F1, F2 -> K1, K2, K3; X1 (09-01) not yet
    assert got["pe_trained"] == (3, 2, 1)
    assert got["children_life_skills"] == (3, 2, 1)
    assert got["actors_trained"] == (0, 0, 0)
    # latest post test on or before 06-30: K1 pass, K2 10/20 fail (2021-01-01), K3 fail -> 1/3; F 1/2
    assert got["children_pass_rate"] == (33.33, 50.0, 0.0)
    # trained PE1, PE2, PE3; led by then: PE1 only -> 1/3; F PE1 of PE1, PE3
    assert got["pe_active_rate"] == (33.33, 50.0, 0.0)
    # R1 on 2021-06-01 counts (dates inclusive)
    assert got["people_ccpe_campaigns"] == (500, 300, 200)
    # milestones achieved on or before: MS1, MS2, MS3
    assert (got["ccpe_operational"][0], got["action_plans"][0], got["advocacy_strategy"][0]) == (2, 1, 0)


def test_start_only(con):
    got = vfm(con, F(start="2021-01-01"))
    # identified since 2021-01-01: C01 F, C02 F, C03 M, C04 F (C05 was 2020)
    assert got["cases_identified"] == (4, 3, 1)
    assert got["cases_in_care"] == (3, 2, 1)        # C01, C02, C03
    assert got["cases_reinserted"] == (1, 1, 0)     # C01
    # milestones achieved since: MS1 (MS2 was 2020-11-15)
    assert got["ccpe_operational"][0] == 1
    # focus groups F2, F3 -> K1, K3, K4; trained A2 -> PE3
    assert got["children_life_skills"] == (3, 1, 1)
    assert got["pe_trained"] == (1, 1, 0)


def test_end_2020_and_start_2021_split_milestones(con):
    # MS2 achieved 2020-11-15 is the only one by 2020-12-31; MS1 (2021-03-01) the only one since 2021
    assert ind(con, F(end="2020-12-31"))["ccpe_operational"]["value"] == 1
    assert ind(con, F(start="2021-01-01"))["ccpe_operational"]["value"] == 1


def test_period_bounds_are_inclusive(con):
    # R1 (radio) is on 2021-06-01 exactly; C1 (2021-01-15) is outside
    got = vfm(con, F(start="2021-06-01", end="2021-06-01"))
    assert got["people_ccpe_campaigns"] == (500, 300, 200)
    assert got["people_rights"] == (0, 0, 0)


def test_empty_period_gives_zero_counts_and_null_rates(con):
    # April-May 2020: nothing happened yet (A1 is 2020-06-10, first case 2020-10-01)
    got = vfm(con, F(start="2020-04-01", end="2020-05-31"))
    for i in COUNT_IDS:
        assert got[i][0] == 0, i
    for i in RATE_IDS:
        assert got[i] == (None, None, None), i


def test_rates_with_empty_denominator_are_null(con):
    # 2020-04-01..2020-09-30: no case identified -> both case rates null; children reached on F1
    # (2020-09-01) have no post test in the period -> pass rate null; PE1, PE2 trained (A1), PE1 led F1 -> 50
    got = vfm(con, F(start="2020-04-01", end="2020-09-30"))
    assert got["returned_rate"] == (None, None, None)
    assert got["reinsertion_rate"] == (None, None, None)
    assert got["children_pass_rate"] == (None, None, None)
    assert got["pe_active_rate"] == (50.0, 100.0, 0.0)
    # KANIOGO: K4 has no test -> null; C03, C04 in KANIOGO: only C03 (M) in care -> returned_rate female null
    k = vfm(con, F(communes="KANIOGO"))
    assert k["children_pass_rate"] == (None, None, None)
    assert k["returned_rate"] == (0.0, None, 0.0)


# ----------------------------------------------------------------- commune

NOUGA = {
    # PE1, PE2 live in NOUGA (PE3 in KANIOGO)
    "pe_trained": (2, 1, 1),
    # K1, K2, K3 live in NOUGA (K4 in KANIOGO)
    "children_life_skills": (3, 2, 1),
    # F1, F2 held in NOUGA
    "focus_groups": (2, None, None),
    # K1 pass, K2 pass, K3 fail
    "children_pass_rate": (66.67, 100.0, 0.0),
    # PE1 active, PE2 not
    "pe_active_rate": (50.0, 100.0, 0.0),
    # site KOKOYO is in NOUGA: C01 F, C02 F, C05 null
    "cases_identified": (3, 2, 0),
    "cases_in_care": (3, 2, 0),
    "cases_returned": (3, 2, 0),
    "returned_rate": (100.0, 100.0, None),
    # C01 F, C05 null
    "cases_reinserted": (2, 1, 0),
    "reinsertion_rate": (66.67, 50.0, None),
    # C1 (TOMBOLA, NOUGA)
    "people_rights": (50, 30, 20),
    # R1 (NOUGA, commune-wide)
    "people_ccpe_campaigns": (500, 300, 200),
    # MS1
    "ccpe_operational": (1, None, None),
    # M1, M2 of NOUGA
    "ccpe_trained": (2, 1, 1),
    # MS3
    "action_plans": (1, None, None),
    "social_workers_trained": (1, 0, 1),
    # X1 was held in KANIOGO but I2 belongs to NOUGA: the person's commune counts
    "actors_trained": (1, 0, 1),
    # M3 belongs to KANIOGO
    "ccpe_advocacy_trained": (0, 0, 0),
    "advocacy_strategy": (0, None, None),
    "pdesc_integrated": (0, None, None),
}
KANIOGO = {
    "pe_trained": (1, 1, 0),                  # PE3
    "children_life_skills": (1, 0, 0),        # K4, sex unknown
    "focus_groups": (1, None, None),          # F3
    "children_pass_rate": (None, None, None),  # K4 has no test
    "pe_active_rate": (100.0, 100.0, None),   # PE3 led F3
    "cases_identified": (2, 1, 1),            # KOFLATIE: C03 M, C04 F
    "cases_in_care": (1, 0, 1),               # C03
    "cases_returned": (0, 0, 0),
    "returned_rate": (0.0, None, 0.0),        # 0/1, no woman in care
    "cases_reinserted": (0, 0, 0),
    "reinsertion_rate": (0.0, 0.0, 0.0),      # 0/2
    "people_rights": (10, 7, 3),              # C2
    "people_ccpe_campaigns": (30, 15, 15),    # T1
    "ccpe_operational": (1, None, None),      # MS2
    "ccpe_trained": (0, 0, 0),
    "action_plans": (0, None, None),
    "social_workers_trained": (0, 0, 0),
    "actors_trained": (1, 1, 0),              # I1
    "ccpe_advocacy_trained": (1, 1, 0),       # M3
    "advocacy_strategy": (1, None, None),     # MS4
    "pdesc_integrated": (0, None, None),      # MS5 not achieved
}


def test_commune_nouga(con):
    assert vfm(con, F(communes="NOUGA")) == NOUGA


def test_commune_kaniogo(con):
    assert vfm(con, F(communes="KANIOGO")) == KANIOGO


def test_both_communes_equal_no_filter(con):
    assert vfm(con, F(communes=("NOUGA", "KANIOGO"))) == WHOLE


def test_commune_with_period(con):
    # pe_trained in NOUGA during 2021: A2 is the only 2021 training and PE3 is of KANIOGO -> 0
    assert ind(con, F(communes="NOUGA", start="2021-01-01", end="2021-12-31"))["pe_trained"]["value"] == 0
    # NOUGA (KOKOYO) cases identified by 2021-06-30: C05, C01, C02 -> 3 (all of the early cohort)
    assert ind(con, F(communes="NOUGA", end="2021-06-30"))["cases_identified"]["value"] == 3


# ----------------------------------------------------------------- partner

def test_partner_enda_mali(con):
    got = vfm(con, F(partner="ENDA_MALI"))
    assert got["pe_trained"] == (1, 1, 0)            # A2 (ENDA_MALI): PE3
    assert got["children_life_skills"] == (1, 0, 0)  # F3 (ENDA_MALI): K4
    assert got["focus_groups"] == (1, None, None)    # F3
    assert got["people_rights"] == (10, 7, 3)        # C2
    assert got["people_ccpe_campaigns"] == (30, 15, 15)  # T1
    assert got["cases_identified"] == (2, 1, 1)      # C03, C04 managed by ENDA_MALI
    assert got["cases_in_care"] == (1, 0, 1)         # C03
    assert got["pe_active_rate"] == (100.0, 100.0, None)  # PE3 led F3, an ENDA_MALI focus group
    assert got["ccpe_operational"] == (2, None, None)     # milestones ignore the partner


def test_partner_case_sahel(con):
    got = vfm(con, F(partner="CASE_SAHEL"))
    assert got["pe_trained"] == (2, 1, 1)            # A1: PE1, PE2
    assert got["children_life_skills"] == (3, 2, 1)  # F1, F2: K1, K2, K3
    assert got["ccpe_trained"] == (0, 0, 0)          # W1 is ACESEM's
    assert got["cases_identified"] == (0, 0, 0)      # CASE_SAHEL manages no case
    assert got["returned_rate"] == (None, None, None)
    assert got["pe_active_rate"] == (50.0, 100.0, 0.0)  # PE1 led F1/F2 (CASE_SAHEL), PE2 none


def test_partner_acesem_and_two_partners(con):
    got = vfm(con, F(partner="ACESEM"))
    assert got["cases_identified"] == (3, 2, 0)      # C01, C02, C05
    assert got["actors_trained"] == (2, 1, 1)        # X1 is ACESEM's
    assert got["pe_trained"] == (0, 0, 0)
    assert got["pe_active_rate"] == (None, None, None)
    two = vfm(con, F(partner=("CASE_SAHEL", "ENDA_MALI")))
    assert two["pe_trained"] == (3, 2, 1) and two["cases_identified"] == (2, 1, 1)


# --------------------------------------------------------------------- sex

SEX_F = {
    "pe_trained": (2, 2, 0),                  # PE1, PE3
    "children_life_skills": (2, 2, 0),        # K1, K2 (K4's sex is unknown)
    "focus_groups": (3, None, None),          # no sex column: unchanged
    "children_pass_rate": (100.0, 100.0, None),  # K1, K2 pass; no boy
    "pe_active_rate": (100.0, 100.0, None),   # PE1, PE3 both led
    "cases_identified": (3, 3, 0),            # C01, C02, C04
    "cases_in_care": (2, 2, 0),               # C01, C02
    "cases_returned": (2, 2, 0),
    "returned_rate": (100.0, 100.0, None),    # male rate: empty denominator
    "cases_reinserted": (1, 1, 0),            # C01
    "reinsertion_rate": (33.33, 33.33, None),
    "people_rights": (37, 37, 0),             # girls + women: 10+20 + 3+4
    "people_ccpe_campaigns": (315, 315, 0),   # 100+200 + 5+10
    "ccpe_operational": (2, None, None),      # milestones ignore sex
    "ccpe_trained": (1, 1, 0),                # M1
    "action_plans": (1, None, None),
    "social_workers_trained": (0, 0, 0),      # TS1 is M
    "actors_trained": (1, 1, 0),              # I1
    "ccpe_advocacy_trained": (1, 1, 0),       # M3
    "advocacy_strategy": (1, None, None),
    "pdesc_integrated": (0, None, None),
}


def test_sex_f(con):
    assert vfm(con, F(sex="F")) == SEX_F


def test_sex_m(con):
    got = vfm(con, F(sex="M"))
    assert got["pe_trained"] == (1, 0, 1)              # PE2
    assert got["children_life_skills"] == (1, 0, 1)    # K3
    assert got["focus_groups"] == (3, None, None)
    assert got["people_rights"] == (23, 0, 23)         # boys + men: 5+15 + 2+1
    assert got["people_ccpe_campaigns"] == (215, 0, 215)  # 100+100 + 5+10
    assert got["cases_identified"] == (1, 0, 1)        # C03
    assert got["returned_rate"] == (0.0, None, 0.0)    # C03 in care, not returned
    assert got["children_pass_rate"] == (0.0, None, 0.0)  # K3 fails
    assert got["pe_active_rate"] == (0.0, None, 0.0)   # PE2 never led


# ---------------------------------------------------------------- locality

def test_locality_kokoyo(con):
    got = vfm(con, F(localities="KOKOYO"))
    assert got["pe_trained"] == (2, 1, 1)              # PE1, PE2 live in KOKOYO
    assert got["children_life_skills"] == (2, 2, 0)    # K1, K2 live in KOKOYO
    assert got["focus_groups"] == (1, None, None)      # F1 held in KOKOYO
    assert got["people_rights"] == (0, 0, 0)           # causeries at TOMBOLA, SOMBO
    assert got["people_ccpe_campaigns"] == (0, 0, 0)   # R1 has no locality, T1 at TEGUE
    assert got["cases_identified"] == (3, 2, 0)        # C01, C02, C05 identified at KOKOYO
    assert got["ccpe_operational"] == (2, None, None)  # milestones ignore the locality


def test_locality_tombola_and_outside_commune(con):
    assert ind(con, F(localities="TOMBOLA"))["people_rights"]["value"] == 50   # C1
    # KOFLATIE is not in NOUGA: commune and locality intersect to nothing
    got = vfm(con, F(communes="NOUGA", localities="KOFLATIE"))
    assert got["pe_trained"][0] == 0 and got["cases_identified"][0] == 0 and got["focus_groups"][0] == 0


# ------------------------------------------------------------------- scope

def test_scope_hide_no_consent(con):
    got = vfm(con, scope=q.Scope(hide_no_consent=True))
    # C04 (F, consent_reporting false) is left out
    assert got["cases_identified"] == (4, 2, 1)
    assert got["cases_in_care"] == (4, 2, 1)       # C04 never reached care
    assert got["returned_rate"] == (75.0, 100.0, 0.0)
    assert got["reinsertion_rate"] == (50.0, 50.0, 0.0)   # 2/4; F C01 of C01, C02
    # only case figures change
    assert got["pe_trained"] == WHOLE["pe_trained"]


def test_case_left_out(con):
    assert q.case_left_out(con) == {"n": 1, "left_out": False, "text": "1"}          # data owner: exact
    assert q.case_left_out(con, scope=q.Scope(hide_no_consent=True)) == {"n": None, "left_out": True, "text": "< 5"}
    # C04 (identified 2022-11-01) is not in a cohort ending 2021-06-30
    assert q.case_left_out(con, F(end="2021-06-30"), q.Scope(hide_no_consent=True))["left_out"] is False


# ------------------------------------------------------------------ funnel

STAGES = list(q.contract.STAGES)


def funnel_n(df, by=None):
    if by is None:
        return df.set_index("stage").loc[STAGES, "n"].astype(int).tolist()
    return {k: g.set_index("stage").loc[STAGES, "n"].astype(int).tolist() for k, g in df.groupby(by)}


def test_case_funnel_whole_cohort(con):
    f = q.case_funnel(con)
    # identifie 5 (all), evalue 4 (not C04: it has only identifie), pris_en_charge 4 (C01 C02 C03 C05),
    # retour_famille 3 (C01 C02 C05), reinsertion 2 (C01 C05), cloture 1 (C01)
    assert funnel_n(f) == [5, 4, 4, 3, 2, 1]
    assert f["share_identified"].round(2).tolist() == [100.0, 80.0, 80.0, 60.0, 40.0, 20.0]
    assert f["share_previous"].round(2).tolist()[1:] == [80.0, 100.0, 75.0, 66.67, 50.0]


def test_case_funnel_by_sex(con):
    f = funnel_n(q.case_funnel(con, by="sex"), "sex")
    assert f == {
        "F": [3, 2, 2, 2, 1, 1],   # C01 (all six), C02 (to retour), C04 (identifie only)
        "M": [1, 1, 1, 0, 0, 0],   # C03 (to pris_en_charge)
        "NR": [1, 1, 1, 1, 1, 0],  # C05 (to reinsertion)
    }


def test_case_funnel_by_age_group(con):
    f = funnel_n(q.case_funnel(con, by="age_group"), "age_group")
    assert f == {
        "15-17": [3, 3, 3, 3, 2, 1],  # C01 15, C02 16, C05 17
        "12-14": [1, 1, 1, 0, 0, 0],  # C03 13
        "<12": [1, 0, 0, 0, 0, 0],    # C04 11
    }                                 # 18+ never occurs: dropped


def test_case_funnel_with_end(con):
    # cohort by 2021-06-30: C05, C01, C02; evalue/pec all 3; retour C05, C01; nobody reinserted or closed yet
    assert funnel_n(q.case_funnel(con, F(end="2021-06-30"))) == [3, 3, 3, 2, 0, 0]
    # KANIOGO: C03 (to pec), C04 (identifie only)
    assert funnel_n(q.case_funnel(con, F(communes="KANIOGO"))) == [2, 1, 1, 0, 0, 0]


# ------------------------------------------------------------------ delays

def test_case_delay_summary(con):
    s = q.case_delay_summary(con).set_index("from_stage")
    # identifie -> evalue: C01 01-10..01-15 = 5, C02 03-01..03-05 = 4, C03 02-01..02-03 = 2, C05 10-01..10-05 = 4
    r = s.loc["identifie"]
    assert (r["to_stage"], r["n"], r["median"], r["min"], r["max"]) == ("evalue", 4, 4.0, 2, 5)
    # evalue -> pec: C01 5, C02 5, C03 7, C05 1 -> median 5
    assert (s.loc["evalue", "n"], s.loc["evalue", "median"]) == (4, 5.0)
    # pec -> retour: C01 01-20..04-20 = 90, C02 03-10..08-10 = 153, C05 2020-10-06..2021-01-06 = 92
    assert (s.loc["pris_en_charge", "n"], s.loc["pris_en_charge", "median"],
            s.loc["pris_en_charge", "min"], s.loc["pris_en_charge", "max"]) == (3, 92.0, 90, 153)
    # retour -> reinsertion: C01 04-20..07-01 = 72, C05 2021-01-06..2022-01-06 = 365 -> median 218.5
    assert (s.loc["retour_famille", "n"], s.loc["retour_famille", "median"]) == (2, 218.5)
    # reinsertion -> cloture: C01 07-01..12-01 = 153
    assert (s.loc["reinsertion", "n"], s.loc["reinsertion", "median"]) == (1, 153.0)


def test_case_delays_hidden_under_min_cell(con):
    # a distribution of fewer than 5 cases is not shown: every step has at most 4 cases
    assert q.case_delays(con, scope=q.Scope(min_cell=5)).empty
    assert q.case_delay_summary(con, scope=q.Scope(min_cell=5))["n"].tolist() == [0, 0, 0, 0, 0]


# ------------------------------------------------------- services, breakdowns

def test_case_services(con):
    d = q.case_services(con)
    got = {(r.service, r.sex): (r.cases, r.services) for r in d.itertuples()}
    # C01 (F) psychosocial + medical, C03 (M) psychosocial, C05 (sex null) hebergement
    assert got == {("psychosocial", "F"): (1, 1), ("medical", "F"): (1, 1),
                   ("psychosocial", "M"): (1, 1), ("hebergement", "NR"): (1, 1)}
    # with end 2021-01-21: C01's medical (01-22) not yet, C03 not in the cohort
    d = q.case_services(con, F(end="2021-01-21"))
    assert {(r.service, r.sex) for r in d.itertuples()} == {("psychosocial", "F"), ("hebergement", "NR")}


def breakdown(con, dim, filters=F()):
    d = q.case_breakdown(con, dim, filters)
    return d.groupby(["value", "sex"])["n"].sum().to_dict(), d


def test_case_breakdown_totals(con):
    # MLI: C01 F, C04 F; BFA: C02 F; GIN: C03 M; CIV: C05 sex null
    totals, _ = breakdown(con, "nationality")
    assert totals == {("MLI", "F"): 2, ("BFA", "F"): 1, ("GIN", "M"): 1, ("CIV", "NR"): 1}
    # reinsertion_type of the reinsertion reached: C01 scolarisation, C05 agr; others not reinserted
    totals, _ = breakdown(con, "reinsertion_type")
    assert totals == {("scolarisation", "F"): 1, ("agr", "NR"): 1}
    # by 2021-06-30 nobody is reinserted
    assert breakdown(con, "reinsertion_type", F(end="2021-06-30"))[0] == {}
    # origin_region only for Malians: C01 Sikasso, C04 Kayes
    assert breakdown(con, "origin_region")[0] == {("Sikasso", "F"): 1, ("Kayes", "F"): 1}
    # site: KOKOYO C01 F, C02 F, C05; KOFLATIE C03 M, C04 F
    assert breakdown(con, "site_id")[0] == {("KOKOYO", "F"): 2, ("KOKOYO", "NR"): 1,
                                           ("KOFLATIE", "F"): 1, ("KOFLATIE", "M"): 1}
    with pytest.raises(ValueError):
        q.case_breakdown(con, "name")


def test_case_breakdown_grain_is_value_x_sex(con):
    _, d = breakdown(con, "nationality")
    assert not d.duplicated(["value", "sex"]).any()
    assert d.query("value == 'MLI' and sex == 'F'")["n"].tolist() == [2]


def test_case_stalled(con):
    d = q.case_stalled(con, stall_days=90)
    # as-of date = last event in the data (C04 identifie 2022-11-01); C01 is closed
    # C02 last step retour 2021-08-10 -> 448 days; C05 reinsertion 2022-01-06 -> 299; C03 pec 2022-02-10 -> 264;
    # C04 identified that very day -> 0 (not stalled)
    assert list(zip(d["case_id"], d["days_without_step"])) == [("C02", 448), ("C05", 299), ("C03", 264)]
    assert q.case_stalled(con, stall_days=300)["case_id"].tolist() == ["C02"]
    # with end 2021-06-30: C05 retour 2021-01-06 -> 175 days, C01 retour 04-20 -> 71, C02 pec 03-10 -> 112
    d = q.case_stalled(con, F(end="2021-06-30"), stall_days=100)
    assert d["case_id"].tolist() == ["C05", "C02"]
    # small-cell scope: only a count per site, hidden (KOKOYO 2, KOFLATIE 1)
    c = q.case_stalled(con, scope=q.Scope(min_cell=5), stall_days=90)
    assert c["n"].isna().all() and c["n_hidden"].all()


# ----------------------------------------------------------- sensitisation

def test_sensitisation_sums_per_type(con):
    s = q.sensitisation(con).groupby(["activity_type", "sex_group"])["n"].sum().unstack()
    # focus groups F1 2/1/0/0 + F2 1/1/0/0 + F3 0: girls 3, boys 2
    assert s.loc["focus_group"].to_dict() == {"boys": 2, "girls": 3, "men": 0, "women": 0}
    # causeries C1 10/5/20/15 + C2 3/2/4/1
    assert s.loc["causerie"].to_dict() == {"boys": 7, "girls": 13, "men": 16, "women": 24}
    assert s.loc["radio"].to_dict() == {"boys": 100, "girls": 100, "men": 100, "women": 200}
    assert s.loc["theatre_forum"].to_dict() == {"boys": 5, "girls": 5, "men": 10, "women": 10}
    assert "caravane" not in s.index


def test_sensitisation_filters(con):
    # under sex F only girls and women remain: causerie 13 + 24
    s = q.sensitisation(con, F(sex="F"))
    assert set(s["sex_group"]) == {"girls", "women"}
    assert s.query("activity_type == 'causerie'")["n"].sum() == 37
    # one type, one quarter: C1 is in 2021-T1
    c = q.sensitisation(con, types=("causerie",))
    assert c.groupby("quarter")["n"].sum().to_dict() == {"2021-T1": 50, "2022-T3": 10}
    # commune-wide radio has a null locality
    r = q.sensitisation(con, types=("radio",))
    assert r["locality_id"].isna().all() and r["n"].sum() == 500


def test_children_reach(con):
    d = q.children_reach(con)
    got = {(r.setting, r.sex): (r.children, r.participations) for r in d.itertuples()}
    # K1 (F site) 2 focus groups + K2 (F site) 1; K3 (M ecole) 2; K4 (sex null, site) 1
    assert got == {("site", "F"): (2, 3), ("ecole", "M"): (1, 2), ("site", "NR"): (1, 1)}
    assert (d["children"].sum(), d["participations"].sum()) == (4, 6)


def test_assessment_rates(con):
    d = q.assessment_rates(con)
    got = {(r.kind, r.sex): (r.tested, r.passed, round(r.rate, 2)) for r in d.itertuples()}
    assert got == {
        ("pre", "F"): (1, 0, 0.0),      # K1 pre 8/20 = .40 fail
        ("pre", "M"): (1, 1, 100.0),    # K3 pre 12/20 = .60: passed (>= 0.6)
        ("post", "F"): (2, 2, 100.0),   # K1 14/20 and K2's latest 13/20 pass
        ("post", "M"): (1, 0, 0.0),     # K3 11/20 fail
    }


def test_pe_activity(con):
    d = q.pe_activity(con)
    # F: PE1 and PE3 trained and active; M: PE2 trained, never led
    assert {r.sex: (r.trained, r.active) for r in d.itertuples()} == {"F": (2, 2), "M": (1, 0)}


# ---------------------------------------------------------------- monthly

def test_indicator_monthly(con):
    m = q.indicator_monthly(con)
    assert set(m["id"]) == set(COUNT_IDS)
    # the project runs April 2020 - December 2022: 33 months per indicator
    assert (m.groupby("id").size() == 33).all()
    m = m.sort_values(["id", "month"])
    assert (m.groupby("id")["value"].diff().dropna() >= 0).all()
    last = m.groupby("id").tail(1).set_index("id")
    assert str(pd.Timestamp(last["month"].iloc[0]).date()) == "2022-12-01"
    whole = ind(con)
    for i in COUNT_IDS:
        assert last.loc[i, "value"] == whole[i]["value"], i
        assert last.loc[i, "trajectory"] == last.loc[i, "target"], i   # the line reaches the target in 2022-12
    assert (m.groupby("id")["trajectory"].diff().dropna() >= 0).all()
    v = m.assign(month=pd.to_datetime(m["month"]).dt.strftime("%Y-%m")).set_index(["id", "month"])["value"]
    # pe_trained: A1 (2020-06) trains PE1, PE2; A2 (2021-02) PE3
    assert [v["pe_trained", k] for k in ("2020-05", "2020-06", "2021-01", "2021-02")] == [0, 2, 2, 3]
    # cases_in_care: C05 2020-10, C01 2021-01, C02 2021-03, C03 2022-02
    assert [v["cases_in_care", k] for k in ("2020-09", "2020-10", "2021-02", "2021-03", "2022-02")] == [0, 1, 2, 3, 4]
    # cases_returned: C05 2021-01, C01 2021-04, C02 2021-08
    assert [v["cases_returned", k] for k in ("2020-12", "2021-01", "2021-04", "2021-08")] == [0, 1, 2, 3]


def test_indicator_monthly_equals_indicators_at_month_end(con):
    m = q.indicator_monthly(con)
    v = m.assign(me=pd.to_datetime(m["month_end"]).dt.date).set_index(["id", "me"])["value"]
    for me in (D("2020-10-31"), D("2021-03-31"), D("2021-06-30"), D("2022-02-28")):
        at = ind(con, F(end=me))
        for i in COUNT_IDS:
            assert v[i, me] == at[i]["value"], (i, me)


def test_indicator_monthly_with_period_and_filter(con):
    f = F(communes="NOUGA", start="2021-01-01", end="2021-12-31")
    m = q.indicator_monthly(con, f)
    assert (m.groupby("id").size() == 12).all()
    last = m.sort_values("month").groupby("id").tail(1).set_index("id")["value"]
    at = ind(con, f)
    for i in COUNT_IDS:
        assert last[i] == at[i]["value"], i


# --------------------------------------------------------------------- map

def test_map_localities(con):
    d = q.map_localities(con)
    got = {(r.metric, r.locality_id): (r.value, None if pd.isna(r.female) else r.female,
                                       None if pd.isna(r.male) else r.male) for r in d.itertuples()}
    assert got == {
        # children by the child's own locality: K1, K2 KOKOYO; K3 DANGA; K4 KOFLATIE (sex unknown)
        ("children_reached", "KOKOYO"): (2, 2, 0), ("children_reached", "DANGA"): (1, 0, 1),
        ("children_reached", "KOFLATIE"): (1, 0, 0),
        # crowds held at a locality: C1 TOMBOLA, C2 SOMBO, T1 TEGUE (R1 has no locality: not mapped)
        ("people_sensitised", "TOMBOLA"): (50, 30, 20), ("people_sensitised", "SOMBO"): (10, 7, 3),
        ("people_sensitised", "TEGUE"): (30, 15, 15),
        # focus groups F1 KOKOYO, F2 DANGA, F3 KOFLATIE
        ("focus_groups", "KOKOYO"): (1, None, None), ("focus_groups", "DANGA"): (1, None, None),
        ("focus_groups", "KOFLATIE"): (1, None, None),
        # cases at the sites: KOKOYO C01 F, C02 F, C05; KOFLATIE C03 M, C04 F
        ("cases_identified", "KOKOYO"): (3, 2, 0), ("cases_identified", "KOFLATIE"): (2, 1, 1),
    }


# -------------------------------------------------------------- milestones

def test_milestones_list(con):
    d = q.milestones_list(con).set_index("milestone_id")
    # as-of = latest of max achieved_on (2022-05-01) and max activity start (C2 2022-07-01) = 2022-07-01
    assert d["status"].to_dict() == {
        "MS1": "en_retard",   # planned 2020-12-31, achieved 2021-03-01: 60 days late
        "MS2": "a_temps",     # achieved 2020-11-15, 46 days early
        "MS3": "a_temps",     # achieved 2021-06-15, 15 days early
        "MS4": "en_retard",   # planned 2022-03-31, achieved 2022-05-01: 31 days late
        "MS5": "prevu",       # planned 2022-09-30, after the as-of date
    }
    assert d["days_late"].dropna().astype(int).to_dict() == {"MS1": 60, "MS2": -46, "MS3": -15, "MS4": 31}
    # at the end of 2022 MS5 (planned 2022-09-30) is overdue
    assert q.milestones_list(con, F(end="2022-12-31")).set_index("milestone_id").loc["MS5", "status"] == "depasse"
    # at 2021-01-31 MS1 (planned 2020-12-31) is overdue and not yet achieved
    e = q.milestones_list(con, F(end="2021-01-31")).set_index("milestone_id")
    assert e.loc["MS1", "status"] == "depasse" and pd.isna(e.loc["MS1", "achieved_on"])
    assert set(q.milestones_list(con, F(communes="NOUGA"))["milestone_id"]) == {"MS1", "MS3"}


# ------------------------------------------------------------ data quality

TODAY = D("2023-01-01")


def test_dq_issues_on_the_clean_fixture(con):
    d = q.dq_issues(con, TODAY)
    assert sorted(zip(d["table_name"], d["row_key"], d["code"], d["value"].fillna("-"))) == [
        ("cases", "C04", "consent_refused", "-"),            # consent_reporting false
        ("participants", "K4", "sex_not_recorded", "enfant"),  # K4's sex is null; the value is its role
    ]


def test_dq_issues_on_a_broken_fixture(make_dataset):
    rows = {k: list(v) for k, v in ROWS.items()}
    rows["attendance"] += [("ZZ9", "K1"),      # attendance at an activity that does not exist
                           ("F1", "K9")]       # attendance of a person never registered
    rows["cases"] += [("C06", "M", 12, "MLI", None, "KOKOYO", "ACESEM", "autre", "autre", True)]
    ev = []
    for e in rows["case_events"]:
        if e[:2] == ("C03", "evalue"):
            e = ("C03", "evalue", D("2022-01-20"), None)   # before C03's identification (2022-02-01)
        ev.append(e)
    ev += [("C06", "evalue", D("2022-03-01"), None),        # C06 has no identifie event
           ("C04", "evalue", D("2030-01-01"), None)]        # in the future
    rows["case_events"] = ev
    rows["activities"] += [("Z1", "causerie", D("2030-01-01"), None, "TOMBOLA", "NOUGA", "CASE_SAHEL", None,
                            1, 1, 1, 1)]
    ds = make_dataset(to_frames({k: rows[k] for k in ("attendance", "cases", "case_events", "activities")}))
    d = q.dq_issues(ds.con, TODAY)
    found = set(zip(d["table_name"], d["row_key"], d["code"]))
    expected = {
        ("attendance", "ZZ9 / K1", "attendance_unknown_activity"),
        ("attendance", "F1 / K9", "attendance_unknown_person"),
        ("case_events", "C03", "event_before_identification"),
        ("cases", "C06", "no_identified_step"),
        ("case_events", "C06", "stage_without_previous"),
        ("case_events", "C04", "event_in_future"),
        ("activities", "Z1", "activity_in_future"),
        ("activities", "Z1", "date_outside_project"),
    }
    assert expected <= found, expected - found
    # the values each message is written with (the words: dashboard/texts/quality.py, tests/test_texts.py)
    got = d.set_index(["table_name", "row_key", "code"])[["value", "expected", "on_date", "other_date"]]
    got = got.astype(object).where(got.notna(), None)
    assert tuple(got.loc["case_events", "C03", "event_before_identification"]) == \
        ("evalue", None, pd.Timestamp("2022-01-20"), pd.Timestamp("2022-02-01"))   # C03 identified 2022-02-01
    assert tuple(got.loc["case_events", "C04", "event_in_future"]) == ("evalue", None, pd.Timestamp("2030-01-01"), None)
    assert tuple(got.loc["case_events", "C06", "stage_without_previous"]) == ("evalue", "identifie", None, None)
    assert tuple(got.loc["activities", "Z1", "activity_in_future"]) == (None, None, pd.Timestamp("2030-01-01"), None)
    # the rows left out do not count: C06 is not in the cohort, ZZ9 and K9 attendances are dropped
    got = vfm(ds.con, F(end="2022-12-31"))
    assert got["cases_identified"] == (5, 3, 1)
    assert got["children_life_skills"] == (4, 2, 1)


# ============================================================== invariants
# On the literal fixture AND on a random-but-valid variant (conftest.random_rows).

INVARIANT_FILTERS = [
    F(), F(communes="KANIOGO"), F(start="2021-01-01", end="2021-12-31"), F(end="2021-06-30"),
    F(partner="ENDA_MALI"), F(sex="M"), F(localities="KOKOYO"),
    F(communes="NOUGA", start="2020-06-01", end="2022-06-30", partner=("ACESEM", "CASE_SAHEL"), sex="F"),
]


@pytest.mark.parametrize("f", INVARIANT_FILTERS, ids=repr)
def test_funnel_never_increases_and_matches_the_indicators(any_con, f):
    whole = q.case_funnel(any_con, f)
    n = whole.sort_values("stage_order")["n"].astype(int).tolist()
    assert len(n) == 6 and all(a >= b for a, b in zip(n, n[1:])), n
    whole = whole.set_index("stage")["n"]
    r = ind(any_con, f)
    assert [whole[s] for s in ("identifie", "pris_en_charge", "retour_famille", "reinsertion")] == \
        [r[i]["value"] for i in CASE_COUNT_IDS]
    for by in ("sex", "age_group"):
        d = q.case_funnel(any_con, f, by=by)
        for key, g in d.groupby(by):
            n = g.sort_values("stage_order")["n"].astype(int).tolist()
            assert len(n) == 6 and all(a >= b for a, b in zip(n, n[1:])), (by, key, n)
        parts = d.groupby("stage")["n"].sum()
        assert (parts.reindex(STAGES, fill_value=0) == whole.reindex(STAGES)).all(), by


@pytest.mark.parametrize("f", INVARIANT_FILTERS, ids=repr)
def test_female_male_unknown_add_up(any_con, f):
    for i, r in ind(any_con, f).items():
        if r["sex_unknown"] is not None:
            assert r["female"] + r["male"] + r["sex_unknown"] == r["value"], i
        if i == "children_life_skills":
            assert r["site"] + r["ecole"] <= r["value"]
        if i in ("people_rights", "people_ccpe_campaigns"):
            assert r["female"] + r["male"] == r["value"], i


@pytest.mark.parametrize("f", INVARIANT_FILTERS[1:], ids=repr)
def test_filtered_never_exceeds_unfiltered(any_con, f):
    whole, got = ind(any_con), ind(any_con, f)
    for i in COUNT_IDS:
        assert got[i]["value"] <= whole[i]["value"], i
        for s in ("female", "male", "sex_unknown"):
            if got[i].get(s) is not None:
                assert got[i][s] <= whole[i][s], (i, s)


def test_sex_filter_equals_the_sex_split(any_con):
    whole = ind(any_con)
    for sex, col in (("F", "female"), ("M", "male")):
        got = ind(any_con, F(sex=sex))
        for i in COUNT_IDS:
            if whole[i][col] is not None:
                assert got[i]["value"] == whole[i][col], (i, sex)


def test_union_of_communes_is_the_whole(any_con):
    whole, n, k = ind(any_con), ind(any_con, F(communes="NOUGA")), ind(any_con, F(communes="KANIOGO"))
    for i in COUNT_IDS:   # every count is additive: a person, activity, case or milestone has one commune
        assert n[i]["value"] + k[i]["value"] == whole[i]["value"], i
        for s in ("female", "male"):
            if whole[i][s] is not None:
                assert n[i][s] + k[i][s] == whole[i][s], (i, s)
    assert vfm(any_con, F(communes=("NOUGA", "KANIOGO"))) == vfm(any_con)


@pytest.mark.parametrize("f", INVARIANT_FILTERS, ids=repr)
def test_other_views_agree_with_the_indicators(any_con, f):
    r = ind(any_con, f)
    reach = q.children_reach(any_con, f)
    assert reach["children"].sum() == r["children_life_skills"]["value"]
    s = q.sensitisation(any_con, f).groupby("activity_type")["n"].sum()
    assert s.get("causerie", 0) == r["people_rights"]["value"]
    assert sum(s.get(t, 0) for t in ("radio", "theatre_forum", "caravane")) == r["people_ccpe_campaigns"]["value"]
    for dim in ("nationality", "site_id", "age_group"):
        assert q.case_breakdown(any_con, dim, f)["n"].sum() == r["cases_identified"]["value"], dim
    assert q.case_breakdown(any_con, "reinsertion_type", f)["n"].sum() == r["cases_reinserted"]["value"]
    m = q.map_localities(any_con, f)
    assert m.query("metric == 'cases_identified'")["value"].sum() <= r["cases_identified"]["value"]
    assert m.query("metric == 'children_reached'")["value"].sum() <= r["children_life_skills"]["value"]
    assert m.query("metric == 'focus_groups'")["value"].sum() == r["focus_groups"]["value"]
    pe = q.pe_activity(any_con, f)
    assert pe["trained"].sum() == r["pe_trained"]["value"]
    last = q.indicator_monthly(any_con, f).sort_values("month").groupby("id").tail(1).set_index("id")["value"]
    for i in COUNT_IDS:
        assert last[i] == r[i]["value"], i


# ------------------------------------------------------- scope only narrows

def test_scope_can_only_narrow(any_con):
    scope, f = q.Scope(communes=("NOUGA",)), F(communes="KANIOGO")
    got = ind(any_con, f, scope)
    for i in COUNT_IDS:
        assert got[i]["value"] == 0, i
    for i in RATE_IDS:
        assert got[i]["value"] is None, i
    assert (q.case_funnel(any_con, f, scope)["n"] == 0).all()
    for frame in (q.case_breakdown(any_con, "nationality", f, scope), q.case_services(any_con, f, scope),
                  q.map_localities(any_con, f, scope), q.sensitisation(any_con, f, scope),
                  q.children_reach(any_con, f, scope), q.assessment_rates(any_con, f, scope),
                  q.pe_activity(any_con, f, scope), q.case_delays(any_con, f, scope)):
        assert frame.empty
    assert (q.indicator_monthly(any_con, f, scope)["value"] == 0).all()
    # a locality outside the scope is not reachable either
    assert ind(any_con, F(localities="KOFLATIE"), scope)["cases_identified"]["value"] == 0


def test_scope_alone_equals_the_same_filter(any_con):
    nouga = q.Scope(communes=("NOUGA",))
    assert vfm(any_con, scope=nouga) == vfm(any_con, F(communes="NOUGA"))
    assert set(q.map_localities(any_con, scope=nouga)["locality_id"]) <= {"KOKOYO", "DANGA", "TOMBOLA"}
    assert set(q.sensitisation(any_con, scope=nouga)["commune"]) <= {"NOUGA"}
    assert set(q.case_breakdown(any_con, "site_id", scope=nouga)["value"]) <= {"KOKOYO", "DANGA", "TOMBOLA"}
    # a role scoped to a partner asking for another partner sees nothing that has a partner
    got = ind(any_con, F(partner="CASE_SAHEL"), q.Scope(partners=("ACESEM",)))
    for i in COUNT_IDS:
        if i not in MILESTONE_IDS:   # milestones have no partner column (contract: ignored)
            assert got[i]["value"] == 0, i
    assert vfm(any_con, scope=q.Scope(partners=("ACESEM",))) == vfm(any_con, F(partner="ACESEM"))


def test_bind_intersects_scope_and_filters():
    p = q.bind(F(communes=("NOUGA", "KANIOGO"), partner="ACESEM"), q.Scope(communes=("NOUGA",), partners=("ENDA_MALI",)))
    assert p["communes"] == ["NOUGA"] and p["partners"] == []
    assert q.bind(F(), q.Scope(communes=("KANIOGO",)))["communes"] == ["KANIOGO"]
    assert q.bind(F())["communes"] is None
    assert q.bind(F(localities=("KOKOYO", "TEGUE")), q.Scope(communes=("KANIOGO",)))["localities"] == ["TEGUE"]


# -------------------------------------------------- small-cell protection

K = 5
PROTECTED = q.Scope(min_cell=K)


def _small(v) -> bool:
    return v is not None and not pd.isna(v) and 1 <= v < K


def _protected_frames(con, f):
    """(name, frame, count columns, breakdown columns) of every case view under min_cell."""
    out = [("funnel", q.case_funnel(con, f, PROTECTED), ["n"], None)]
    for by in ("sex", "age_group"):
        out.append((f"funnel_{by}", q.case_funnel(con, f, PROTECTED, by=by), ["n"], ["stage"]))
    for dim in ("nationality", "referral_source", "exploitation", "reinsertion_type", "site_id", "partner",
                "age_group", "origin_region"):
        out.append((f"breakdown_{dim}", q.case_breakdown(con, dim, f, PROTECTED), ["n"], ["value"]))
    out.append(("services", q.case_services(con, f, PROTECTED), ["cases"], ["service"]))
    m = q.map_localities(con, f, PROTECTED).query("metric == 'cases_identified'")
    out.append(("map", m, ["value"], None))
    out.append(("map_sex", m, ["female", "male"], ["locality_id"]))
    return out


@pytest.mark.parametrize("f", [F(), F(communes="NOUGA", start="2021-01-01", partner=("ACESEM", "ENDA_MALI"))],
                         ids=repr)
def test_no_small_case_count_anywhere(any_con, f):
    for i, r in ind(any_con, f, PROTECTED).items():
        if i in CASE_COUNT_IDS:
            for c in ("value", "female", "male", "sex_unknown"):
                assert not _small(r[c]), (i, c, r[c])
            if r["hidden"]:
                assert r["value"] is None
    unprotected = ind(any_con, f)
    prot = ind(any_con, f, PROTECTED)
    for rid in ("returned_rate", "reinsertion_rate"):   # no rate on fewer than 5 cases
        if prot[rid]["value"] is not None:
            assert unprotected[rid]["denominator"] >= K, rid
        for s, den in (("female", "den_female"), ("male", "den_male")):
            if prot[rid][s] is not None:
                assert unprotected[rid][den] >= K, (rid, s)
    for name, d, cols, _ in _protected_frames(any_con, f):
        for c in cols:
            v = pd.to_numeric(d[c], errors="coerce")
            assert not v.between(1, K - 1).any(), (name, c, d)
            if c + "_hidden" in d:
                assert d.loc[d[c + "_hidden"], c].isna().all(), (name, c)
                assert (d[c].notna() | d[c + "_hidden"]).all(), (name, c)
    m = q.indicator_monthly(any_con, f, PROTECTED)
    assert not m[m["id"].isin(CASE_COUNT_IDS)]["value"].between(1, K - 1).any()


@pytest.mark.parametrize("f", [F(), F(communes="KANIOGO", sex="M")], ids=repr)
def test_shown_case_counts_are_rounded_to_five_and_close_to_the_truth(any_con, f):
    """Protected case counts: 0, hidden, or a multiple of 5 (at least 5) less than 5 away from the truth."""
    exact, prot = ind(any_con, f), ind(any_con, f, PROTECTED)
    for i in CASE_COUNT_IDS:
        for c in ("value", "female", "male", "sex_unknown"):
            v, true = prot[i][c], exact[i][c]
            if v is None:
                assert 0 <= true < 5, (i, c, true)           # zero too: « < 5 » never means « at least one »
            else:
                assert v % 5 == 0 and v >= 5 and abs(v - true) < 5, (i, c, v, true)


def test_the_same_cases_read_the_same_in_every_view(any_con):
    """The cell key is the cases' own: the girls of the whole view and the view filtered on girls are
    the same cases, so the same published number; likewise the funnel's first stage and the card."""
    whole, girls = ind(any_con, F(), PROTECTED), ind(any_con, F(sex="F"), PROTECTED)
    for i in CASE_COUNT_IDS:
        assert girls[i]["value"] == whole[i]["female"], i
    funnel = q.case_funnel(any_con, F(), PROTECTED).set_index("stage")["n"]
    for stage, cid in (("identifie", "cases_identified"), ("reinsertion", "cases_reinserted")):
        assert (pd.isna(funnel[stage]) and whole[cid]["value"] is None) or funnel[stage] == whole[cid]["value"]
    again = ind(any_con, F(), PROTECTED)
    assert again == whole                                  # asking again teaches nothing


def test_small_cells_on_the_fixture(con):
    r = ind(con, scope=PROTECTED)
    # identified 5 stays; its split F 3 / M 1 / unknown 1 is hidden; in care 4, returned 3, reinserted 2 hidden
    assert (r["cases_identified"]["value"], r["cases_identified"]["female"], r["cases_identified"]["male"]) == \
        (5, None, None)
    assert [r[i]["value"] for i in ("cases_in_care", "cases_returned", "cases_reinserted")] == [None] * 3
    assert [r[i]["hidden"] for i in ("cases_in_care", "cases_returned", "cases_reinserted")] == [True] * 3
    # returned_rate rests on 4 cases in care: hidden
    assert r["returned_rate"]["value"] is None and r["returned_rate"]["hidden"]
    # people-based indicators are not case counts: untouched
    assert vfm(con, scope=PROTECTED)["pe_trained"] == WHOLE["pe_trained"]
    f = q.case_funnel(con, scope=PROTECTED)
    assert f["n"].tolist()[0] == 5 and f["n"].isna().tolist() == [False] + [True] * 5
    m = q.map_localities(con, scope=PROTECTED).query("metric == 'cases_identified'")
    assert m["value"].isna().all() and m["value_hidden"].all()   # KOKOYO 3, KOFLATIE 2


def test_protected_map_with_no_site_in_view_is_empty_not_an_error(con):
    # a Kaniogo partner filtered to Kokoyo (a Nouga site): no site in view, no row, no exception
    scope = q.Scope(partners=("ACESEM",), communes=("KANIOGO",), min_cell=K)
    m = q.map_localities(con, q.Filters(localities=("KOKOYO",)), scope)
    assert m.empty and "value_hidden" in m.columns


def test_a_hidden_count_cannot_be_recomputed_from_a_rate(con):
    r = ind(con, scope=PROTECTED)
    for rid, num_id, den_id in (("reinsertion_rate", "cases_reinserted", "cases_identified"),
                                ("returned_rate", None, "cases_in_care")):
        if r[rid]["value"] is not None and r[den_id]["value"] is not None:
            implied = round(r[rid]["value"] * r[den_id]["value"] / 100)
            assert not _small(implied), (rid, implied)


def test_services_do_not_reveal_hidden_case_counts(con):
    d = q.case_services(con, scope=PROTECTED)
    assert not pd.to_numeric(d["services"], errors="coerce").between(1, K - 1).any(), d


def _cases(spec, site="KOKOYO"):
    """Cases identified on 2021-05-01 from [(sex, how many, last stage reached)]."""
    cases, events, i = [], [], 0
    for sex, n, last in spec:
        for _ in range(n):
            cid = f"Z{i:03d}"
            i += 1
            cases.append((cid, sex, 15, "MLI", None, site, "ACESEM", "autre", "autre", True))
            for k, stage in enumerate(STAGES[:STAGES.index(last) + 1]):
                events.append((cid, stage, D("2021-05-01") + pd.Timedelta(days=k).to_pytimedelta(), None))
    return cases, events


def test_map_does_not_reveal_unknown_sex_cases(make_dataset):
    c1, e1 = _cases([("F", 5, "identifie"), ("M", 5, "identifie"), (None, 2, "identifie")])
    c2, e2 = _cases([("F", 6, "identifie"), ("M", 5, "identifie")], site="KOFLATIE")
    c2 = [(f"Y{c[0]}",) + c[1:] for c in c2]
    e2 = [(f"Y{e[0]}",) + e[1:] for e in e2]
    ds = make_dataset(to_frames({"cases": c1 + c2, "case_events": e1 + e2, "case_services": []}))
    r = ind(ds.con, scope=PROTECTED)["cases_identified"]
    assert r["sex_unknown"] is None                        # 2 cases of sex not recorded: hidden
    m = q.map_localities(ds.con, scope=PROTECTED).query("metric == 'cases_identified'")
    for row in m.itertuples():                             # all - girls - boys: the unknown, never pinned
        cells = [attack.interval(row.value), attack.interval(row.female), attack.interval(row.male)]
        lo, hi = cells[0][0] - cells[1][1] - cells[2][1], cells[0][1] - cells[1][0] - cells[2][0]
        assert attack.pinned(lo, hi, K) is None, (row.locality_id, row.value, row.female, row.male)


def test_funnel_shares_do_not_reveal_hidden_cells(make_dataset):
    cases, events = _cases([("F", 8, "evalue"), ("F", 2, "identifie"), ("M", 3, "identifie"), (None, 6, "evalue")])
    ds = make_dataset(to_frames({"cases": cases, "case_events": events, "case_services": []}))
    whole = q.case_funnel(ds.con, scope=PROTECTED).set_index("stage")["n"]
    assert whole["identifie"] in (15, 20) and whole["evalue"] in (10, 15)     # 19 and 14, rounded
    d = q.case_funnel(ds.con, scope=PROTECTED, by="sex")
    ident = d[d["stage"] == "identifie"].set_index("sex")
    assert ident.loc["M", "n_hidden"] and not ident.loc["NR", "n_hidden"]     # 3 hidden; 6 rounded
    for sex, g in d.groupby("sex"):
        g = g.sort_values("stage_order").reset_index(drop=True)
        for i in range(1, len(g)):
            if pd.isna(g.loc[i, "n"]) or g.loc[i, "n"] == 0:
                continue   # a hidden row, or 0 % of anything: reveals nothing
            if g.loc[0, "n_hidden"]:
                assert pd.isna(g.loc[i, "share_identified"]), (sex, g.loc[i, "stage"], g.loc[i, "share_identified"])
            if g.loc[i - 1, "n_hidden"]:
                assert pd.isna(g.loc[i, "share_previous"]), (sex, g.loc[i, "stage"], g.loc[i, "share_previous"])


# ------------------------------------------------------- protect_counts itself

def test_protect_counts_hides_small_and_rounds_the_rest_by_key():
    d = pd.DataFrame({"k": ["a", "b", "c", "d", "e"], "n": [10, 3, 7, 0, 7],
                      "n_key": [123, 5, 0, 9, q.protect.KEY_RANGE - 1]})
    p = q.protect_counts(d, ["n"], 5)
    # 10 stays 10 (a multiple of 5); 3 and 0 hidden; 7 = 5 + 2 goes up when key/range < 2/5
    assert p.loc[0, "n"] == 10 and pd.isna(p.loc[1, "n"]) and pd.isna(p.loc[3, "n"])
    assert p["n_hidden"].tolist() == [False, True, False, True, False]
    assert p.loc[2, "n"] == 10 and p.loc[4, "n"] == 5
    assert "n_key" not in p                                # keys never leave the query layer
    assert d["n"].tolist() == [10, 3, 7, 0, 7]             # input untouched


def test_rounding_is_unbiased_and_never_below_five():
    keys = range(0, q.protect.KEY_RANGE, q.protect.KEY_RANGE // 1000)
    for n in (5, 6, 7, 8, 9, 13, 101):
        out = [q.protect.rounded(n, key, 5) for key in keys]
        assert set(out) <= {5 * (n // 5), 5 * (n // 5) + 5} and min(out) >= 5
        assert abs(sum(out) / len(out) - n) < 0.05, n       # unbiased: the mean is the true count
    assert q.protect.rounded(0, 7, 5) is None and q.protect.rounded(4, 7, 5) is None   # « < 5 », zero too


def test_protect_counts_off_and_empty():
    d = pd.DataFrame({"n": [1, 2]})
    p = q.protect_counts(d, ["n"], 0)
    assert p["n"].tolist() == [1, 2] and not p["n_hidden"].any()
    e = q.protect_counts(pd.DataFrame({"n": []}), ["n"], 5)
    assert e.empty and "n_hidden" in e


def test_band():
    assert [q.band(n) for n in (0, 1, 4, 5, 9, 10, 23, None)] == ["0", "< 5", "< 5", "5–9", "5–9", "10–19",
                                                                 "20–29", "0"]
