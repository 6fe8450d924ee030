from . import oms_move_wizard
from . import oms_cancel_wizard
from . import oms_credit_decision_wizard
from . import oms_pipeline_transfer
from . import oms_pricelist_change_wizard
from . import oms_duplicate_merge_wizard
from . import oms_approval_decision_wizard
