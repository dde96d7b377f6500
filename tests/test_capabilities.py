"""The capability table (dashboard/capabilities.py): what each role may do and see, answered for every
role and every capability, with and without the granted right « suivi_cas »."""
import pytest

from dashboard import auth, capabilities
from dashboard.capabilities import CAPABILITIES, can
from queries import contract

EVERY = set(CAPABILITIES)


def held(role: str, rights=()) -> set[str]:
    return {c for c in CAPABILITIES if can(role, c, rights)}


def test_the_data_owner_may_do_everything_but_follow_its_own_cases():
    # no organisation of its own: it sees every case code outright
    assert held("admin") == EVERY - {"follow_own"}
    assert held("admin", ("suivi_cas",)) == EVERY - {"follow_own"}
    assert auth.scope_for("admin") == auth.Scope()
    assert auth.holds("admin", (), "suivi_cas")          # the data owner holds every right


@pytest.mark.parametrize("role", ["staff", "committee"])
def test_staff_and_committee_see_all_protected_and_may_only_export_and_see_the_budget(role):
    assert held(role) == {"see_budget", "export"}
    assert held(role, ("suivi_cas",)) == {"see_budget", "export"}     # a right their role cannot be given
    assert not auth.holds(role, ("suivi_cas",), "suivi_cas")
    s = auth.scope_for(role)
    assert (s.communes, s.partners, s.protected, s.hide_no_consent) == (None, None, True, True)


def test_a_partner_follows_its_own_cases_only_with_the_granted_right():
    assert held("partner") == {"see_budget", "export"}
    assert held("partner", ("suivi_cas",)) == {"see_budget", "export", "follow_own"}
    assert not can("partner", "see_case_codes", ("suivi_cas",))
    assert not can("partner", "import", ("suivi_cas",))
    s = auth.scope_for("partner", "CASE_SAHEL", ("NOUGA",))
    assert (s.communes, s.partners, s.protected, s.hide_no_consent) == (("NOUGA",), ("CASE_SAHEL",), True, True)
    assert auth.scope_for("partner", "ENDA_MALI").communes == tuple(contract.COMMUNES)


def test_the_budget_capability_is_everyones_and_the_scope_says_which_lines():
    assert {r for r in capabilities.ROLES if can(r, "see_budget")} == {"admin", "staff", "committee", "partner"}
    assert [r for r in capabilities.ROLES if capabilities.sees_own(r)] == ["partner"]


def test_the_table_is_the_list_of_roles_and_of_grantable_rights():
    assert auth.ROLES == ("admin", "staff", "partner", "committee")
    assert auth.RIGHT_ROLES == {"suivi_cas": ("partner",)}
    assert set(auth.ROLE_LABELS) == set(capabilities.ROLES)       # every row has its two labels
    for name, row in capabilities.ROLES.items():
        assert set(row.does) <= EVERY, name
        assert row.grantable() <= set(auth.RIGHTS), name


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="rôle inconnu"):
        can("visitor", "export")
    with pytest.raises(ValueError, match="rôle inconnu"):
        auth.scope_for("visitor")
    with pytest.raises(ValueError, match="capacité inconnue"):
        can("admin", "suivi_cas")          # a right is not a capability
    assert not auth.holds("visitor", ("suivi_cas",), "suivi_cas")


def test_a_new_role_is_one_row(monkeypatch):
    row = capabilities.Role(capabilities.OWN, protected=True, does={"see_budget": None})
    monkeypatch.setitem(capabilities.ROLES, "donor", row)
    assert held("donor") == {"see_budget"}
    s = auth.scope_for("donor", "ACESEM")
    assert (s.partners, s.protected) == (("ACESEM",), True)
