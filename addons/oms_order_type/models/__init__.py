from . import sale_order_type
from . import sale_order
from . import sale_order_staff
from . import sale_order_free_supply
from . import sale_order_counter
from . import oms_tally_voucher_type
from . import oms_approval_rule
from . import sale_order_demo
