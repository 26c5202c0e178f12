"""National-scale benchmark (issue #10): every page under load, at two sizes of corpus.

For each size (default 1,500 and 150,000 findings) it makes (or reuses) the PostgreSQL database
crl_scale_bench_<size> with `generate_scale_data`, serves it with gunicorn (2 workers, DEBUG off)
on loopback, and drives each page with 8 concurrent clients (threads): a warm-up, then a bounded
number of requests (and seconds). It prints one table: p50/p95/p99 in ms and requests per second
per page and size, the growth of p95 from the small size to the large one, and the findings list
against the Django admin changelist for the same filter. The CSV export is timed apart: time to
first byte and to the last, one client.

Three rows ask for many different addresses, each about once ("finding: 240 findings", "search:
240 queries", "findings: 240 filters", picked by bench_scale_setup.py): with the page cache on
they measure what a miss costs under load, as most of 150,000 finding pages, searches people type
and filter combinations will be.

    .venv/bin/python scripts/bench_scale.py [--sizes 1500 150000] [--requests 200] [--fresh]

Needs PostgreSQL (BENCH_PG, default postgres://crl:crl@127.0.0.1:5432) where the role may create
databases. Results and how to read them: docs/performance.md.
"""

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = os.environ.get("BENCH_PG", "postgres://crl:crl@127.0.0.1:5432")
PORT = 8765
CLIENTS = 8
REDIS_PORT = 8766  # a private Redis for the shared cache, as production has (docs/production.md)
PAGE_CACHE = True  # --no-page-cache measures every page as rendered, the cache off
SQLITE = False  # --sqlite: the embedded default (a SQLite file, the cache in files, no Redis)
SQLITE_DIR = ROOT / "var" / "bench"


def env_for(size):
    if SQLITE:
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{SQLITE_DIR / f'scale_{size}.sqlite3'}",
            "DJANGO_SECRET_KEY": "benchmark-only-secret",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_CACHE_URL": "",  # as `make run` deploys: no Redis, files in DJANGO_CACHE_DIR
            "DJANGO_CACHE_DIR": str(SQLITE_DIR / f"cache_{size}"),
            "DJANGO_PAGE_CACHE_SECONDS": "600" if PAGE_CACHE else "0",
        }
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/crl_scale_bench_{size}",
        "DJANGO_SECRET_KEY": "benchmark-only-secret",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback (production redirects to HTTPS once debug is off; TLS would end
        # at the proxy there, so it is no part of the pages' own time).
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # Each size its own Redis database: the cached pages' keys do not name the database.
        "DJANGO_CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/{[1500, 150000].index(size) + 1 if size in (1500, 150000) else 3}",
        "DJANGO_PAGE_CACHE_SECONDS": "600" if PAGE_CACHE else "0",
    }


def psql(sql, db="postgres"):
    return subprocess.run(
        ["psql", "-qAt", f"{PG}/{db}", "-c", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def prepare(size, fresh):
    """The database for `size`, generated unless it is there already (or --fresh)."""
    name = f"crl_scale_bench_{size}"
    if SQLITE:
        path = SQLITE_DIR / f"scale_{size}.sqlite3"
        exists = path.exists()
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        if exists and not fresh:
            print(f"{path}: reused")
        elif exists:
            path.unlink()
        shutil.rmtree(SQLITE_DIR / f"cache_{size}", ignore_errors=True)  # a fresh cache
    else:
        exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
        if exists and not fresh:
            print(f"{name}: reused")
        else:
            psql(f'DROP DATABASE IF EXISTS "{name}"')
            psql(f'CREATE DATABASE "{name}"')
            psql(f'ALTER DATABASE "{name}" SET jit = off')
    env = env_for(size)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    if not exists or fresh:
        subprocess.run(
            [PYTHON, "manage.py", "generate_scale_data", "--findings", str(size)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [PYTHON, "scripts/bench_scale_setup.py"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return dict(line.split("=", 1) for line in out.strip().splitlines())


def start_redis():
    """A throwaway Redis on loopback, configured as docs/production.md says (no persistence)."""
    return subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def flush_redis():
    subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "flushall"], check=True, capture_output=True
    )


def get(path, cookie="", read_all=True):
    """(status, seconds to first byte, seconds in all) of one GET over a new connection."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read(1)
    first = time.perf_counter() - start
    if read_all:
        while response.read(65536):
            pass
    conn.close()
    return response.status, first, time.perf_counter() - start


def load(path, cookie, requests, seconds):
    """p50, p95, p99 (ms) and requests per second of `path` under CLIENTS concurrent clients.

    `path` is one address, or a list of many: then the warm-up asks for the last few and the
    clients take the others in turn, each once (a page cache has none of them yet).
    """
    paths = [path] if isinstance(path, str) else list(path)
    warm = paths[-4:] if len(paths) > 4 else paths * 4
    todo = iter(paths[:-4] if len(paths) > 4 else [])
    for warm_path in warm:
        get(warm_path, cookie)
    timings, errors, lock = [], [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(n):
        for _ in range(n):
            if time.perf_counter() > deadline:
                return
            with lock:
                next_path = next(todo, None) if len(paths) > 4 else path
            if next_path is None:
                return
            status, _, took = get(next_path, cookie)
            with lock:
                (timings if status == 200 else errors).append(took * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, [requests // CLIENTS] * CLIENTS))
    wall = time.perf_counter() - started
    if errors:
        print(f"  {path}: {len(errors)} non-200 responses", file=sys.stderr)
    q = statistics.quantiles(timings, n=100, method="inclusive") if len(timings) > 1 else [0] * 99
    return {"p50": q[49], "p95": q[94], "p99": q[98], "rps": len(timings) / wall, "n": len(timings)}


IDS = {"lead_session": "", "admin_session": "", "neglect_id": 0, "board_id": 0,
       "board_slug": "", "finding_id": 0, "review_slug": "", "varied_findings": "",
       "varied_searches": "", "varied_filters": ""}  # fmt: skip


def pages(ids, only=()):
    """[(label, path, cookie)], those whose label contains one of `only` (all if empty)."""
    return [page for page in all_pages(ids) if not only or any(o in page[0] for o in only)]


def all_pages(ids):
    def varied(kind):  # the distinct addresses bench_scale_setup.py picked (none before setup)
        return [v for v in ids.get(f"varied_{kind}", "").split(",") if v] or ["/healthz"]

    lead, admin = f"sessionid={ids['lead_session']}", f"sessionid={ids['admin_session']}"
    theme_board = f"theme=neglect&board={ids['board_slug']}"
    admin_filter = (
        f"themes__id__exact={ids['neglect_id']}&review__board__id__exact={ids['board_id']}"
    )
    return [
        ("floor: /healthz", "/healthz", ""),
        ("home", "/", ""),
        ("themes matrix", "/themes/", ""),
        ("matrix: a region", "/themes/?region=london", ""),
        ("theme: neglect", "/themes/neglect/", ""),
        ("7-minute briefing", "/themes/neglect/7-minute-briefing/", ""),
        ("finding (similar)", f"/findings/{ids['finding_id']}/", ""),
        ("finding: 240 findings", [f"/findings/{pk}/" for pk in varied("findings")], ""),
        ("search: professional challenge", "/search/?q=professional+challenge", ""),
        ("search: neglect", "/search/?q=neglect", ""),
        ("search: rare word", "/search/?q=dental+caries", ""),
        ("search: 240 queries", [f"/search/?q={q}" for q in varied("searches")], ""),
        ("findings", "/findings/", ""),
        ("findings: 240 filters", [f"/findings/?{f}" for f in varied("filters")], ""),
        ("findings: theme+board", f"/findings/?{theme_board}", ""),
        ("admin changelist: same", f"/admin/findings/finding/?{admin_filter}", admin),
        ("reviews", "/reviews/", ""),
        ("review", f"/reviews/{ids['review_slug']}/", ""),
        ("boards", "/boards/", ""),
        ("board", f"/boards/{ids['board_slug']}/", ""),
        ("actions tracker (lead)", "/actions/", lead),
        ("my actions (lead)", "/actions/mine/", lead),
    ]


def serve(size):
    return subprocess.Popen(
        [GUNICORN, "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env_for(size),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 150000])
    parser.add_argument("--requests", type=int, default=200, help="per page, over all clients")
    parser.add_argument("--seconds", type=float, default=20, help="at most, per page")
    parser.add_argument("--fresh", action="store_true", help="regenerate the databases")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="measure pages as rendered (cache off)"
    )
    parser.add_argument("--only", nargs="+", default=[], help="only pages whose label has these")
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="the embedded default: a SQLite file under var/bench, the cache in files (1,500)",
    )
    args = parser.parse_args()
    global PAGE_CACHE, SQLITE
    PAGE_CACHE = not args.no_page_cache
    SQLITE = args.sqlite
    if SQLITE and args.sizes == parser.get_default("sizes"):
        args.sizes = [1500]
    results, exports = {}, {}
    redis = start_redis()
    try:
        run(args, results, exports)
    finally:
        redis.terminate()
        redis.wait()
    report(results, exports, args.sizes, args.only)


def run(args, results, exports):
    for size in args.sizes:
        ids = prepare(size, args.fresh)
        if not SQLITE:
            flush_redis()  # a fresh cache: the warm-up fills it, as a deployment's first readers do
        server = serve(size)
        try:
            for _ in range(100):
                try:
                    get("/healthz")
                    break
                except OSError:
                    time.sleep(0.2)
            for label, path, cookie in pages(ids, args.only):
                results[(label, size)] = load(path, cookie, args.requests, args.seconds)
                r = results[(label, size)]
                load_1 = os.getloadavg()[0]
                print(
                    f"  {size:>7} {label:32} p95 {r['p95']:8.1f} ms  {r['rps']:6.1f}/s  load {load_1:.1f}"
                )
            if args.only:
                continue
            runs = [get("/findings/export.csv?theme=neglect") for _ in range(3)]
            exports[size] = (
                statistics.median(r[1] for r in runs) * 1000,
                statistics.median(r[2] for r in runs) * 1000,
            )
        finally:
            server.terminate()
            server.wait()


def report(results, exports, sizes, only):
    small, large = sizes[0], sizes[-1]
    head = (
        f"| page | {' | '.join(f'{s:,}: p50 / p95 / p99 ms, req/s' for s in sizes)} | growth p95 |"
    )
    print("\n" + head)
    print("|" + "---|" * (len(sizes) + 2))
    database = "SQLite (files cache)" if SQLITE else "PostgreSQL (Redis cache)"
    print(f"{database}; page cache: {'on' if PAGE_CACHE else 'off'}; load now {os.getloadavg()}")
    for label, _, _ in pages(IDS, only):
        cells = []
        for size in sizes:
            r = results[(label, size)]
            cells.append(f"{r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f}, {r['rps']:.0f}")
        growth = results[(label, large)]["p95"] / max(results[(label, small)]["p95"], 0.1)
        print(f"| {label} | {' | '.join(cells)} | {growth:.2f}× |")
    for size in sizes:
        if size not in exports:
            continue
        ours = results[("findings: theme+board", size)]["rps"]
        admin = results[("admin changelist: same", size)]["rps"]
        print(
            f"\nfindings list vs admin changelist at {size:,}: {ours / admin:.2f}× the throughput"
        )
        first, total = exports[size]
        print(
            f"CSV export ?theme=neglect at {size:,}: first bytes {first:.0f} ms, all {total:.0f} ms"
        )


if __name__ == "__main__":
    main()
