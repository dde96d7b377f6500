"""Headless access to the indicators (data-contract.md, « Headless output »).

    python -m queries indicators --data DIR [--commune C ...] [--start D] [--end D]
                                 [--partner P] [--sex S] [--format json|csv|table]
    python -m queries check --data DIR

Unsuppressed: for the data owner, on the extracts given. Each indicator is judged as on every screen
(queries/status.py): `target` scoped to the filters, `project_target`, `expected`, `status`, `status_from`. Exit code 2 when the
extracts cannot be loaded (the message says which file, column and values).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date

from . import DataError, Filters, contract, default_data_dir, indicators, indicators_records, open_dataset


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {s} » : format attendu AAAA-MM-JJ")


def _code(choices):
    def parse(s: str) -> str:
        v = s.strip().upper()
        if v not in choices:
            raise argparse.ArgumentTypeError(f"valeur inconnue « {s} » : valeurs admises {', '.join(choices)}")
        return v
    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m queries", description="Indicateurs du cadre logique, sans interface.")
    sub = p.add_subparsers(dest="command", required=True)
    ind = sub.add_parser("indicators", help="valeur de chaque indicateur du cadre logique")
    chk = sub.add_parser("check", help="vérifie que les extraits respectent le contrat")
    for s in (ind, chk):
        s.add_argument("--data", default=None, help="dossier des extraits parquet (défaut : data/ ou $KANGABA_DATA)")
    ind.add_argument("--commune", action="append", type=_code(contract.COMMUNES), help="NOUGA ou KANIOGO (répétable)")
    ind.add_argument("--start", type=_date, help="début de période, AAAA-MM-JJ (inclus)")
    ind.add_argument("--end", type=_date, help="fin de période, AAAA-MM-JJ (incluse)")
    ind.add_argument("--partner", type=_code(contract.PARTNERS), help="CASE_SAHEL, ENDA_MALI ou ACESEM")
    ind.add_argument("--sex", type=_code(contract.SEXES), help="F ou M")
    ind.add_argument("--format", choices=("json", "csv", "table"), default="json")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "start", None) and getattr(args, "end", None) and args.start > args.end:
        print("Erreur : --start est postérieur à --end.", file=sys.stderr)
        return 2
    try:
        ds = open_dataset(args.data or default_data_dir())
    except DataError as e:
        print(str(e), file=sys.stderr)
        return 2
    if args.command == "check":
        print(f"Extraits conformes au contrat ({ds.data_dir}) :")
        for t, n in ds.rows.items():
            print(f"  {t:14s} {n:>9d} lignes")
        for t, cols in ds.ignored_columns.items():
            print(f"  colonnes hors contrat ignorées dans {t} : {', '.join(cols)}")
        return 0
    f = Filters(communes=args.commune, start=args.start, end=args.end, partner=args.partner, sex=args.sex)
    records = indicators_records(indicators(ds.con, f))
    out = sys.stdout
    if args.format == "json":
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "csv":
        w = csv.DictWriter(out, fieldnames=list(records[0]))
        w.writeheader()
        w.writerows(records)
    else:
        def fmt(v, unit):
            if v is None:
                return "—"
            return f"{v:.1f} %".replace(".", ",") if unit == "percent" else f"{v:,}".replace(",", " ")
        print(f"{'indicateur':24s} {'valeur':>10s} {'cible':>8s} {'attendu':>8s} {'statut':>11s} "
              f"{'filles/femmes':>14s} {'garçons/hommes':>15s}")
        for r in records:
            print(f"{r['id']:24s} {fmt(r['value'], r['unit']):>10s} {fmt(r['target'], r['unit']):>8s} "
                  f"{fmt(r['expected'], r['unit']):>8s} {r['status']:>11s} "
                  f"{fmt(r['female'], r['unit']):>14s} {fmt(r['male'], r['unit']):>15s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
