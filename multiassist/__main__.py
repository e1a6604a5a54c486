"""``python -m multiassist``."""

from multiassist.cli.main import main

raise SystemExit(main())
