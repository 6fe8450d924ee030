from . import account_move
from . import oms_irn_job
from . import oms_eway_bill_operation
