"""What each role may DO and what it may SEE — one row per role, read by every page and function.

Pages and functions ask a capability question (`ctx.can("import")`), never for a role name. A
capability is either held outright by a role or held only by an account that was also granted a
right (`python -m dashboard.users grant LOGIN suivi_cas`, dashboard/auth.RIGHTS): the row says which.
What a role sees is its scope: « all » (every commune and partner) or « own » (its organisation and
its communes); `protected` roles get small case counts hidden and rounded, and never see cases
without consent (queries.Scope).

Adding a role = one row in ROLES below, plus its two labels (French, English) in
dashboard/auth.ROLE_LABELS. Pure Python: no Streamlit, no query runs (the importer CLI and the
accounts CLI import it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# What a capability lets an account do (French, English): the words of `python -m dashboard.users`
# and of the tests; the page that uses each one is named.
CAPABILITIES = {
    "see_case_codes": ("voir les codes des cas en attente (prise en charge)",
                       "see the codes of stalled cases (case management)"),
    "follow_own": ("voir les codes de ses propres cas en attente et les lignes de qualité de son organisation",
                   "see its own stalled cases' codes and its organisation's data-quality rows"),
    "see_dq_rows": ("voir les lignes de qualité des données de tous les partenaires",
                    "see every partner's data-quality rows"),
    "see_dq_exact": ("voir les effectifs exacts des extraits et des problèmes (qualité des données)",
                     "see the exact counts of extracts and problems (data quality)"),
    "see_data_folder": ("voir le dossier des données sur le serveur", "see the data folder on the server"),
    "import": ("importer des données et remettre une version en vigueur", "import data and restore a version"),
    "read_audit": ("lire le journal d'audit", "read the audit journal"),
    "manage_accounts": ("gérer les comptes", "manage accounts"),
    "see_budget": ("voir le budget (toutes les lignes, ou celles de son organisation)",
                   "see the budget (every line, or its organisation's)"),
    "export": ("exporter les tableaux et rapports de sa vue", "export its view's tables and reports"),
}
ALL, OWN = "all", "own"       # what a role sees: everything, or its own organisation and communes


@dataclass(frozen=True)
class Role:
    """One row: `does` maps each capability the role holds to None (held outright) or the right an
    account of the role must also have been granted. `every_right`: the account holds every right
    (auth.RIGHTS) without a grant. `sees`: ALL or OWN. `protected`: small counts hidden, no case
    without consent."""
    sees: str
    protected: bool
    does: dict[str, str | None] = field(default_factory=dict)
    every_right: bool = False

    def grantable(self) -> set[str]:
        """The rights an account of this role may be granted (those a capability of the row asks for)."""
        return {r for r in self.does.values() if r}


_EVERYONE = {"see_budget": None, "export": None}

# The table. Order: the order of the « Voir comme » selector and of the CLI's --role choices.
ROLES: dict[str, Role] = {
    "admin": Role(ALL, protected=False, every_right=True, does={
        "see_case_codes": None, "see_dq_rows": None, "see_dq_exact": None, "see_data_folder": None,
        "import": None, "read_audit": None, "manage_accounts": None, **_EVERYONE}),
    "staff": Role(ALL, protected=True, does=dict(_EVERYONE)),
    "partner": Role(OWN, protected=True, does={"follow_own": "suivi_cas", **_EVERYONE}),
    "committee": Role(ALL, protected=True, does=dict(_EVERYONE)),
}
PREVIEW_DEFAULT = "admin"     # the role the demo's « Voir comme » shows first


def role(name: str) -> Role:
    try:
        return ROLES[name]
    except KeyError:
        raise ValueError(f"rôle inconnu : {name}") from None


def can(role_name: str, capability: str, rights=()) -> bool:
    """May an account of `role_name` holding `rights` (granted rights) do `capability`?"""
    if capability not in CAPABILITIES:
        raise ValueError(f"capacité inconnue : {capability} ({', '.join(CAPABILITIES)})")
    r = role(role_name)
    if capability not in r.does:
        return False
    needed = r.does[capability]
    return needed is None or holds(role_name, rights, needed)


def holds(role_name: str, rights, right: str) -> bool:
    """An account holds a right when its role holds every right, or when it was granted the right and
    its role may be granted it."""
    r = ROLES.get(role_name)
    return r is not None and (r.every_right or (right in (rights or ()) and right in r.grantable()))


def roles_granted(right: str) -> tuple[str, ...]:
    """The roles whose accounts may be granted `right`."""
    return tuple(name for name, r in ROLES.items() if right in r.grantable())


def sees_own(role_name: str) -> bool:
    """The role sees its own organisation and communes only (an account of it must name its organisation)."""
    return role(role_name).sees == OWN
