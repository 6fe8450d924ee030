from . import oms_irn_cancel_wizard
