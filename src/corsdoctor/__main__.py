"""``python -m corsdoctor``."""

from corsdoctor.cli.main import main

raise SystemExit(main())
