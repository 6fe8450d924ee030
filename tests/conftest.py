"""Pure tier: the core packages of each add-on are importable without Odoo.

Each add-on keeps its rules in a plain package (``oms_pipeline``, ``oms_logistics``,
``oms_gst``, ``oms_tally``) that imports nothing from ``odoo``; putting the add-on
folders on ``sys.path`` lets these tests import them directly.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for addon in sorted((ROOT / "addons").iterdir()):
    if addon.is_dir() and str(addon) not in sys.path:
        sys.path.insert(0, str(addon))
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))
