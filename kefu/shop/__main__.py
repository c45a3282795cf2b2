"""python -m kefu.shop [--db PATH] [--data DIR]: seed the shop database from data/shop/*.yml."""

import sys

from kefu.shop.seed import main

if __name__ == "__main__":
    sys.exit(main())
