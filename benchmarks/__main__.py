"""``python -m benchmarks``: see benchmarks/suite.py and benchmarks/README.md."""

import sys

from benchmarks.suite import main

sys.exit(main())
