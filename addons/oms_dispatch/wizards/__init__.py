from . import oms_place_vendor_wizard
from . import oms_dispatch_wizard
from . import oms_tranche_cancel_wizard
from . import oms_pod_wizard
from . import sale_advance_payment_inv
