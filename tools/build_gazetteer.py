"""Regenerate ``asnscraper/data/regions.csv`` from the npm package ``idn-area-data``.

Not part of the installed package. Usage (from the repository root)::

    cd /tmp && npm pack idn-area-data@4.0.1          # → /tmp/idn-area-data-4.0.1.tgz
    python tools/build_gazetteer.py /tmp/idn-area-data-4.0.1.tgz

The argument may be the ``.tgz`` from ``npm pack`` or an unpacked ``package/`` directory.
The output has one row per province and per kabupaten/kota::

    code,name,level,province_code,province

``name`` is the official name with its level prefix (``Provinsi Sumatera Selatan``,
``Kabupaten Kuantan Singingi``, ``Kota Pagar Alam``, ``Kota Administrasi Jakarta Pusat``);
``level`` is ``provinsi``, ``kabupaten`` or ``kota``; ``province`` the province name without
prefix. Rows are sorted by code. The script checks the counts it expects from the source
(38 provinces, 514 kabupaten/kota) and exits non-zero when they differ.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "asnscraper" / "data" / "regions.csv"
EXPECTED = {"provinces": 38, "regencies": 514}


def _read_source(source: Path) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, list[dict[str, str]]] = {}
    for table in ("provinces", "regencies"):
        member = f"package/data/{table}.csv"
        if source.is_dir():
            base = source if (source / "data").is_dir() else source / "package"
            text = (base / "data" / f"{table}.csv").read_text(encoding="utf-8")
        else:
            with tarfile.open(source) as tar:
                handle = tar.extractfile(member)
                if handle is None:
                    raise SystemExit(f"{member} missing in {source}")
                text = handle.read().decode("utf-8")
        tables[table] = list(csv.DictReader(io.StringIO(text)))
    return tables


def _level(name: str) -> str:
    if name.startswith("Kabupaten "):
        return "kabupaten"
    if name.startswith("Kota "):
        return "kota"
    raise SystemExit(f"unknown level prefix in {name!r}")


def build(source: Path, out: Path = OUT) -> int:
    tables = _read_source(source)
    for table, count in EXPECTED.items():
        if len(tables[table]) != count:
            raise SystemExit(f"{table}: {len(tables[table])} rows, expected {count}")
    provinces = {row["code"]: row["name"].strip() for row in tables["provinces"]}
    rows = [
        {
            "code": code,
            "name": f"Provinsi {name}",
            "level": "provinsi",
            "province_code": code,
            "province": name,
        }
        for code, name in provinces.items()
    ]
    for row in tables["regencies"]:
        name = " ".join(row["name"].split())
        rows.append(
            {
                "code": row["code"],
                "name": name,
                "level": _level(name),
                "province_code": row["province_code"],
                "province": provinces[row["province_code"]],
            }
        )
    rows.sort(key=lambda r: [int(part) for part in r["code"].split(".")])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="idn-area-data .tgz or unpacked package dir")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    count = build(args.source, args.out)
    sys.stdout.write(f"wrote {count} rows to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
