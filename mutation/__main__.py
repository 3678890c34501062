from mutation.runner import main

raise SystemExit(main())
