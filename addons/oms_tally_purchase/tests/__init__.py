from . import test_tally_purchase
from . import test_tally_purchase_export
