from psm_desktop.cli import main

raise SystemExit(main())
