"""Runs one UDF benchmark case on one engine in this process and prints a JSON line.

    python harness.py <engine> <case>
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _peak_rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    engine, case = sys.argv[1], sys.argv[2]
    if engine == "skipjack":
        import skipjack as d

        d.set_execution_config(progress_bar=False)
    else:
        import daft as d

        try:
            d.context.set_execution_config(enable_progress_bar=False)  # newer Daft
        except Exception:
            pass
    from cases import CASES

    result = CASES[case](d)
    result["peak_rss"] = _peak_rss()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
