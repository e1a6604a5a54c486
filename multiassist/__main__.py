"""``python -m multiassist``."""

from .cli import main

raise SystemExit(main())
