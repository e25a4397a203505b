"""Allow `python -m coappoint`."""

import sys

from coappoint.cli import main

sys.exit(main())
