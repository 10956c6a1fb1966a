"""Summarises a Stryker mutation-report.json for one folder: counts by status and the score as Stryker computes it, detected
(killed + timeout) / (detected + survived + no coverage); with --survivors, every surviving or uncovered mutant as
'file:line mutator: replacement' (the list docs/MUTATION.md classifies).

    score.py REPORT FOLDER [--survivors]
"""
import json
import sys
from collections import Counter


def main() -> int:
    report, folder = sys.argv[1], sys.argv[2].rstrip("/") + "/"
    survivors = "--survivors" in sys.argv[3:]
    with open(report, encoding="utf-8") as f:
        files = json.load(f)["files"]
    counts = Counter()
    listed = []
    for path, entry in sorted(files.items()):
        relative = path[path.find(folder):] if folder in path else None
        if relative is None:
            continue
        for m in entry["mutants"]:
            counts[m["status"]] += 1
            if m["status"] in ("Survived", "NoCoverage"):
                line = m["location"]["start"]["line"]
                listed.append(f"{relative}:{line} {m['status']} {m['mutatorName']}: {m.get('replacement', '').strip()[:120]}")
    detected = counts["Killed"] + counts["Timeout"]
    valid = detected + counts["Survived"] + counts["NoCoverage"]
    score = 100.0 * detected / valid if valid else 100.0
    print(f"killed {counts['Killed']}, survived {counts['Survived']}, timeout {counts['Timeout']}, "
          f"no coverage {counts['NoCoverage']}, compile error {counts['CompileError']}, ignored {counts['Ignored']}, "
          f"score {score:.1f}%")
    if survivors:
        print("\n".join(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
