"""`make bench`: run every benchmark in bench/ and print its figures.

Each benchmark is a script that prints JSON and writes bench/results/<name>.json.
Pass names to run only some: `python bench/run.py seed_bulk`.
`letters_submit` (and `cases_pages --database postgres`) need the local PostgreSQL at
127.0.0.1:5432 (user postgres, trust); they create and drop scratch databases of their own.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names):
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != "run.py" and not p.name.startswith("_"))
    if names:
        scripts = [p for p in scripts if p.stem in names]
    failed = 0
    for script in scripts:
        print(f"=== {script.stem} ===", flush=True)
        failed += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
