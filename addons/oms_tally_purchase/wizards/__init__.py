from . import oms_tally_export_wizard
from . import oms_tally_reconcile_wizard
