from . import oms_irn_cancel_wizard
from . import oms_ewb_operation_wizard
