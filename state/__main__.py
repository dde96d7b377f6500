"""Set up the PostgreSQL database of a several-machine install (README, « Plusieurs machines »).

    python -m state setup --url postgresql://kangaba_owner@db/kangaba --app-role kangaba_app
        schema and tables (owned by the role of --url), the application's role given what it needs:
        accounts read and written, the audit trail and the versions log read and appended to, never
        changed or deleted. Idempotent.
    python -m state check          the back-end in use ($KANGABA_DATABASE_URL, else the files) answers
"""
from __future__ import annotations

import argparse
import sys

from . import StateError, current, database_url, safe_url
from .pg import setup


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m state", description="Base partagée du tableau de bord.")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup", help="créer le schéma et donner ses droits au rôle de l'application")
    s.add_argument("--url", help="URL du rôle PROPRIÉTAIRE (défaut : $KANGABA_DATABASE_URL)")
    s.add_argument("--app-role", help="rôle PostgreSQL de l'application (existe déjà)")
    sub.add_parser("check", help="la base en usage répond")
    a = p.parse_args(argv)
    try:
        if a.cmd == "setup":
            url = a.url or database_url()
            if not url:
                print("Erreur : --url ou KANGABA_DATABASE_URL requis", file=sys.stderr)
                return 2
            for line in setup(url, a.app_role):
                print(line)
            print(f"Fait ({safe_url(url)}).")
        else:
            st = current()
            n = len(st.load_users())
            print(f"{st.kind} : {st.label()} — {n} compte(s) ; journal lisible ({len(st.read_audit(5))} "
                  "dernière(s) ligne(s) lue(s))")
    except StateError as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
