"""Writes a scenario of N Lambda workloads (default 1,000,000: about 114 MB) for measuring how the
readers scale: `python bench/make_large_scenario.py OUT.json [N]`. The figures are in docs/benchmarks.md."""

import sys


def main() -> None:
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"schema": "costmodel/scenario/v1", "name": "large", "catalog": "builtin", "workloads": [\n')
        for i in range(count):
            sep = ",\n" if i + 1 < count else "\n"
            f.write(
                f'  {{"name": "lambda-{i:07d}", "service": "lambda", "invocations_per_month": {1000 + i % 9000}, '
                f'"duration_ms": {100 + i % 900}, "memory_mb": 512}}{sep}'
            )
        f.write("]}\n")


if __name__ == "__main__":
    main()
