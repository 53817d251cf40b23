"""Start the kiosk: `python main.py [run|validate|render ...]` is the same as `kiosk ...`."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
