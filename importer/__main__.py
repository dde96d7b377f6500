"""Command line of the importer (French messages).

    python -m importer FICHIER... --data DIR [--dry-run] [--report RAPPORT.csv] [--replace-demo]
    python -m importer template --out MODELE.xlsx
    python -m importer xlsform --out DOSSIER
    python -m importer versions --data DIR
    python -m importer restore VERSION --data DIR

Exit codes of an import: 0 nothing rejected; 1 some rows rejected (the valid rows imported);
2 nothing could be imported, or bad usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import queries

USAGE = __doc__.split("\n\n")[1]


def _data_arg(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--data", default=None,
                    help=f"dossier des extraits (défaut : ${queries.DATA_ENV} ou data/)")


def _data(args) -> Path:
    return Path(args.data) if args.data else queries.default_data_dir()


class Parser(argparse.ArgumentParser):
    def error(self, message):                       # bad usage: exit code 2, message in French
        self.print_usage(sys.stderr)
        print(f"Erreur : {message}", file=sys.stderr)
        sys.exit(2)


def cmd_import(argv: list[str]) -> int:
    ap = Parser(prog="python -m importer", usage=USAGE,
                description="Importe des fichiers des partenaires (modèle XLSX, CSV/XLSX aux colonnes du contrat, "
                            "exports KoboToolbox) dans une nouvelle version des extraits.")
    ap.add_argument("files", nargs="+", metavar="FICHIER", help="fichiers .xlsx ou .csv")
    _data_arg(ap)
    ap.add_argument("--dry-run", action="store_true", help="tout vérifier sans rien écrire")
    ap.add_argument("--report", metavar="RAPPORT.csv", help="écrire le rapport complet (CSV pour Excel)")
    ap.add_argument("--replace-demo", action="store_true",
                    help="si le dossier contient les données fictives de démonstration : les remplacer "
                         "(l'import part d'extraits vides ; la démonstration reste une version précédente)")
    args = ap.parse_args(argv)
    from importer import Source, run_import
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print("Erreur : fichier(s) introuvable(s) : " + ", ".join(missing), file=sys.stderr)
        return 2
    res = run_import([Source.from_path(f) for f in args.files], _data(args), dry_run=args.dry_run,
                     replace_demo=args.replace_demo)
    for line in res.summary_lines():
        print(line)
    shown = [p for p in res.problems if p.severity != "info"]
    if shown:
        print(f"\n{len(shown)} problème(s) :")
        for p in shown:
            print("  " + p.line())
    if args.report:
        Path(args.report).write_bytes(res.csv_bytes())
        print(f"\nRapport écrit dans {args.report}")
    return res.exit_code


def cmd_template(argv: list[str]) -> int:
    ap = Parser(prog="python -m importer template", description="Écrit le modèle XLSX à remplir par les partenaires.")
    ap.add_argument("--out", required=True, metavar="MODELE.xlsx")
    args = ap.parse_args(argv)
    from importer.templates import build_template
    Path(args.out).write_bytes(build_template())
    print(f"Modèle écrit dans {args.out}")
    return 0


def cmd_xlsform(argv: list[str]) -> int:
    ap = Parser(prog="python -m importer xlsform",
                description="Écrit les formulaires XLSForm (KoboToolbox / ODK) : rapport d'activité, étape d'un cas.")
    ap.add_argument("--out", required=True, metavar="DOSSIER")
    args = ap.parse_args(argv)
    from importer.xlsform import write_forms
    for p in write_forms(args.out):
        print(f"Formulaire écrit : {p}")
    return 0


def cmd_versions(argv: list[str]) -> int:
    ap = Parser(prog="python -m importer versions", description="Liste les versions des extraits.")
    _data_arg(ap)
    args = ap.parse_args(argv)
    from importer import store
    d = _data(args)
    store.tidy(d)                                   # what a killed import left (unless one is running)
    vs = store.list_versions(d)
    if not vs:
        print(f"Aucune version dans {d / store.VERSIONS} (aucun import encore fait).")
        return 0
    for v in vs:
        mark = "→" if v["en_vigueur"] else " "
        n = "" if v["lignes"] is None else f"{v['lignes']} lignes, "
        print(f"{mark} {v['version']}  créée le {v['cree_le']}  {n}{v['origine']}"
              + ("  [fictives]" if v["fictives"] else ""))
    print(f"(→ : version en vigueur ; on garde les {store.KEEP} dernières)")
    _print_versions_log()
    return 0


_LOG_EVENTS = {"import": "import", "import_failed": "import refusé", "restore": "restauration",
               "restore_failed": "restauration refusée"}


def versions_log_lines(records: list[dict]) -> list[str]:
    """The log of imports and restores (the shared state's: every server's), one line each, newest last:
    when (UTC), what, who, which version, which files or why it was refused."""
    out = []
    for r in records:
        what = _LOG_EVENTS.get(r.get("event"), r.get("event") or "?")
        line = f"  {str(r.get('at', '?'))[:19].replace('T', ' ')}  {what} par {r.get('who') or '?'}"
        if r.get("version"):
            line += f" : version {r['version']}"
        if r.get("files"):
            line += f" ({', '.join(map(str, r['files']))})"
        if r.get("reason") and r.get("event", "").endswith("_failed"):
            line += f" — {str(r['reason'])[:120]}"
        out.append(line)
    return out


def _print_versions_log(limit: int = 10) -> None:
    """The last imports and restores of the shared log (files, or PostgreSQL with KANGABA_DATABASE_URL)."""
    import state
    try:
        store_ = state.current()
        records = store_.versions_log(limit)
    except state.StateError as e:
        print(f"Journal des imports indisponible : {e}", file=sys.stderr)
        return
    if records:
        print(f"Derniers imports et restaurations (UTC, journal {store_.kind}) :")
        print("\n".join(versions_log_lines(records)))


def cmd_restore(argv: list[str]) -> int:
    ap = Parser(prog="python -m importer restore", description="Remet en vigueur une version précédente.")
    ap.add_argument("version", metavar="VERSION", help="identifiant (ex. 0002-20250103-091200) ou numéro (2)")
    _data_arg(ap)
    args = ap.parse_args(argv)
    from importer import restore, store
    try:
        vid = restore(_data(args), args.version)
    except store.StoreError as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 2
    print(f"Version {vid} remise en vigueur ({_data(args) / store.CURRENT} → {store.VERSIONS}/{vid}).")
    return 0


COMMANDS = {"template": cmd_template, "xlsform": cmd_xlsform, "versions": cmd_versions, "restore": cmd_restore,
            "import": cmd_import}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    if argv[0] in COMMANDS and not Path(argv[0]).is_file():
        return COMMANDS[argv[0]](argv[1:])
    return cmd_import(argv)


if __name__ == "__main__":
    sys.exit(main())
