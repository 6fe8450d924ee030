from . import oms_tally_config
from . import oms_tally_purchase_ledger
from . import oms_tally_sync
from . import oms_tally_mapper
from . import purchase_order
from . import account_move
