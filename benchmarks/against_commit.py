#!/usr/bin/env python3
"""The office pages and `init` of this tree beside those of an earlier commit, in one run.

A refactor should leave the measured figures where they were; comparing against numbers
written down on another day says little on a shared machine. This script checks the earlier
commit out into a temporary git worktree (the same virtual environment serves both trees),
prepares a database for each tree with that tree's own code (`init`, then the synthetic
office of `office_pages.py`: 10,000 engagements), and then alternates: a round of requests
against one tree, a round against the other, `--rounds` times, each round in a fresh process.
It prints, per page, the median CPU time of each tree and their ratio, and the CPU time
(user + system) of `init` run 1 (empty database) and run 2 (nothing to change) of each tree.

    .venv/bin/python benchmarks/against_commit.py [--base fac398e] [--rounds 4] [--repeat 15]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
from pathlib import Path

from _common import PROJECT_DIR, fail, load_average, machine

PYTHON = PROJECT_DIR / ".venv" / "bin" / "python"
CLI = PROJECT_DIR / ".venv" / "bin" / "citydiplomacy"

# Runs inside a tree (its own office_pages module): prints {url: median CPU ms} as JSON.
_MEASURE = """
import json, os, sys, time
sys.path[:0] = [os.environ["TREE"], os.environ["TREE"] + "/benchmarks"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")
import django
django.setup()
from django.test import Client
import office_pages
from citydiplomacy.engagements.models import Engagement
office, user = office_pages.create_office()
if not Engagement.objects.filter(office=office).exists():
    office_pages.add_engagements(office, user, 0, int(os.environ["ENGAGEMENTS"]))
    sys.exit(0)
client = Client()
client.force_login(user)
figures = {}
for url in office_pages.pages():
    for _ in range(2):
        client.get(url)
    spent = []
    for _ in range(int(os.environ["REPEAT"])):
        started = time.process_time()
        client.get(url)
        spent.append(time.process_time() - started)
    figures[url] = sorted(spent)[len(spent) // 2] * 1000
print(json.dumps(figures))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="fac398e", help="The commit to compare with.")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=15, help="Requests per page and round.")
    parser.add_argument("--engagements", type=int, default=10_000)
    return parser.parse_args()


def tree_env(tree: Path, data_dir: Path, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        CITYDIPLOMACY_DATA_DIR=str(data_dir),
        CITYDIPLOMACY_PAGE_CACHE="0",
        PYTHONPATH=str(tree),  # ahead of the editable install, which points at this tree
        TREE=str(tree),
        REPEAT=str(args.repeat),
        ENGAGEMENTS=str(args.engagements),
    )
    return env


def cpu_of(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Run `command`; return the CPU seconds (user + system) it used and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        fail(RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-2000:]}"))
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return spent, done.stdout


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-ab-") as scratch:
        base_tree = Path(scratch) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(base_tree), args.base],
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
        )
        try:
            for name in (".venv", "node_modules"):
                (base_tree / name).symlink_to(PROJECT_DIR / name)
            run(args, {args.base: base_tree, "this tree": PROJECT_DIR}, Path(scratch))
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base_tree)],
                cwd=PROJECT_DIR,
                check=False,
            )


def run(args: argparse.Namespace, trees: dict[str, Path], scratch: Path) -> None:
    init: dict[str, list[float]] = {}
    envs: dict[str, dict[str, str]] = {}
    for label, tree in trees.items():
        data_dir = scratch / f"data-{len(envs)}"
        data_dir.mkdir()
        envs[label] = tree_env(tree, data_dir, args)
        init[label] = [cpu_of([str(CLI), "init", "-v0"], envs[label], tree)[0] for _ in range(2)]
        cpu_of([str(PYTHON), "-c", _MEASURE], envs[label], tree)  # the office, written once
    pages: dict[str, dict[str, list[float]]] = {}
    for _ in range(args.rounds):
        for label, tree in trees.items():
            _, output = cpu_of([str(PYTHON), "-c", _MEASURE], envs[label], tree)
            for url, ms in json.loads(output.strip().splitlines()[-1]).items():
                pages.setdefault(url, {}).setdefault(label, []).append(ms)
    report(args, list(trees), init, pages)


def report(
    args: argparse.Namespace,
    labels: list[str],
    init: dict[str, list[float]],
    pages: dict[str, dict[str, list[float]]],
) -> None:
    base, this = labels
    print(f"\nThis tree beside {base}: {machine()}; {load_average()}")
    print(f"  pages: median CPU ms of {args.rounds} alternated rounds of {args.repeat} requests")
    print(f"  each, signed in as the editor of an office with {args.engagements:,} engagements\n")
    width = max(len(url) for url in pages)
    print(f"{'page':<{width}}  {base:>10}  {this:>10}  ratio")
    for url, by_tree in pages.items():
        a, b = statistics.median(by_tree[base]), statistics.median(by_tree[this])
        print(f"{url:<{width}}  {a:>10.1f}  {b:>10.1f}  {b / a:5.2f}")
    print(f"\n{'init (CPU s)':<{width}}  {base:>10}  {this:>10}  ratio")
    for run_number in (0, 1):
        a, b = init[base][run_number], init[this][run_number]
        label = f"init run {run_number + 1}"
        print(f"{label:<{width}}  {a:>10.2f}  {b:>10.2f}  {b / a:5.2f}")


if __name__ == "__main__":
    main()
