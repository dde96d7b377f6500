"""Manage the dashboard's local accounts.

    python -m dashboard.users add LOGIN --role admin|staff|partner|committee [--partner P] [--commune C ...]
    python -m dashboard.users set-role LOGIN --role ROLE [--partner P] [--commune C ...]
    python -m dashboard.users reset-password LOGIN
    python -m dashboard.users remove LOGIN
    python -m dashboard.users grant LOGIN suivi_cas      (a partner's own follow-up; off by default)
    python -m dashboard.users revoke LOGIN suivi_cas
    python -m dashboard.users list
    python -m dashboard.users migrate --to postgresql://…   (several machines: README « Plusieurs machines »)

The password is asked twice (or read from standard input with --password-stdin).
The users file is $KANGABA_USERS (default users.json at the project root): never commit it. With
KANGABA_DATABASE_URL set, the accounts are in that PostgreSQL database (state/), the same commands.
`migrate` copies this machine's files (accounts, failed sign-ins, the whole audit log with its imports)
into the database named by --to, losing nothing; run again, it adds nothing.
Every change is written to the audit log by dashboard/auth.py (who: "cli").
"""
from __future__ import annotations

import argparse
import getpass
import sys

import state

from . import auth


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    p1 = getpass.getpass("Mot de passe (10 caractères au moins) : ")
    p2 = getpass.getpass("Confirmez le mot de passe : ")
    if p1 != p2:
        raise ValueError("les deux mots de passe diffèrent")
    return p1


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.users", description="Comptes du tableau de bord.")
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("add", "set-role"):
        s = sub.add_parser(name)
        s.add_argument("login")
        s.add_argument("--role", required=True, choices=auth.ROLES)
        s.add_argument("--partner", choices=auth.contract.PARTNERS)
        s.add_argument("--commune", action="append", choices=auth.contract.COMMUNES)
        if name == "add":
            s.add_argument("--password-stdin", action="store_true")
    r = sub.add_parser("reset-password")
    r.add_argument("login")
    r.add_argument("--password-stdin", action="store_true")
    sub.add_parser("remove").add_argument("login")
    for name in ("grant", "revoke"):
        g = sub.add_parser(name)
        g.add_argument("login")
        g.add_argument("right", choices=tuple(auth.RIGHTS))
    sub.add_parser("list")
    m = sub.add_parser("migrate", help="copier les comptes et le journal de cette machine dans PostgreSQL")
    m.add_argument("--to", required=True, metavar="postgresql://…")
    a = p.parse_args(argv)
    try:
        if a.cmd == "migrate":
            dst = state.open_url(a.to)
            n = state.migrate(state.FileState(), dst)
            print(f"Copié de {state.users_path()} et {state.audit_path()} vers {dst.label()} : "
                  f"{n['comptes']} compte(s) ({n['comptes_deja_la']} déjà présent(s), laissés tels quels), "
                  f"{n['echecs']} échec(s) de connexion récents, {n['journal']} ligne(s) du journal "
                  f"({n['journal_deja_la']} déjà copiée(s)).")
            return 0
        if a.cmd == "add":
            auth.add_user(a.login, _password(a), a.role, a.partner, a.commune)
        elif a.cmd == "set-role":
            auth.set_role(a.login, a.role, a.partner, a.commune)
        elif a.cmd == "reset-password":
            auth.reset_password(a.login, _password(a))
        elif a.cmd == "remove":
            auth.remove_user(a.login)
        elif a.cmd in ("grant", "revoke"):
            auth.set_right(a.login, a.right, a.cmd == "grant")
        else:
            for login, u in sorted(auth.load_users().items()):
                extra = " ".join(x for x in (u.get("partner") or "", ",".join(u.get("communes") or [])) if x)
                rights = ", ".join(u.get("rights") or []) or "-"
                print(f"{login:20s} {u['role']:10s} {extra:28s} droits : {rights}")
            return 0
    except (ValueError, state.StateError) as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 2
    print(f"Fait ({auth.store_label()}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
