from . import oms_tally_config
from . import oms_tally_config_lines
from . import oms_tally_mapper
from . import oms_tally_sync
from . import sale_order
from . import account_move
from . import sale_order_timeline
from . import sale_order_blockers
