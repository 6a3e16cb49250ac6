from wax.cli import main

raise SystemExit(main())
