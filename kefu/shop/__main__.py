import sys

from actions.shop.seed import main

if __name__ == "__main__":  # rasa_sdk imports every module of the actions package
    sys.exit(main())
