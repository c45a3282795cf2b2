import sys

from actions.shop.seed import main

sys.exit(main())
