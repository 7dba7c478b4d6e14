"""Write candidate ``*.expected.json`` files for article fixtures, for a human to review.

    python -m tools.review_expected metro24            # only fixtures that have none yet
    python -m tools.review_expected metro24 --diff     # show how the current output differs

Expected files are the project's reviewed contract: read every field of a candidate and correct it
by hand where the output is wrong; never regenerate one just to make a failing test pass.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.expected import article_fixtures, expected_path, final_item, load_expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spider")
    parser.add_argument(
        "--diff", action="store_true", help="print fields that differ from the expected file"
    )
    args = parser.parse_args(argv)
    for spider, name in article_fixtures():
        if spider != args.spider:
            continue
        item = final_item(spider, name)
        path = expected_path(spider, name)
        if isinstance(item, str):
            sys.stdout.write(f"{name}: {item}\n")
            continue
        if args.diff and path.exists():
            expected = load_expected(spider, name)
            for field, value in item.items():
                if expected.get(field) != value:
                    sys.stdout.write(
                        f"{name} {field}:\n  expected {expected.get(field)!r}\n  got      {value!r}\n"
                    )
            continue
        if not path.exists():
            path.write_text(json.dumps(item, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            sys.stdout.write(f"wrote {path} (review it)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
