"""python -m demo --data DIR [--seed 2020] [--scale N] [--force]"""
from __future__ import annotations

import argparse
import sys
import time

from .generate import generate

LABELS_FR = {
    "activities": "activités", "participants": "participants", "attendance": "présences",
    "assessments": "tests de connaissances", "cases": "cas", "case_events": "étapes des cas",
    "case_services": "services aux cas", "milestones": "jalons", "budget": "lignes budgétaires",
}


def _n(x: int) -> str:
    return f"{x:,}".replace(",", "\u202f")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m demo",
                                 description="Génère des données fictives de démonstration (format du contrat de données).")
    ap.add_argument("--data", default="data", help="dossier de sortie (défaut : data)")
    ap.add_argument("--seed", type=int, default=2020, help="graine aléatoire (défaut : 2020)")
    ap.add_argument("--scale", type=int, default=1, help="multiplie le volume N fois (défaut : 1)")
    ap.add_argument("--force", action="store_true",
                    help="écraser un dossier contenant des extraits qui ne sont pas des données de démonstration")
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale doit être un entier ≥ 1")
    t0 = time.perf_counter()
    try:
        counts = generate(args.data, seed=args.seed, scale=args.scale, force=args.force)
    except (FileExistsError, NotADirectoryError) as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 2
    dt = time.perf_counter() - t0
    print(f"Données fictives de démonstration écrites dans {args.data} "
          f"(graine {args.seed}, échelle {args.scale}, {dt:.2f} s) :")
    width = max(len(v) for v in LABELS_FR.values())
    for name, n in counts.items():
        print(f"  {LABELS_FR.get(name, name):<{width}}  {_n(n):>10}  ({name}.parquet)")
    print("Ces données sont synthétiques : ne pas les utiliser dans un rapport.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
