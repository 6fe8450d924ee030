from . import test_tally_push
from . import test_tally_outbox
from . import test_tally_access
from . import test_tally_export_reconcile
from . import test_tally_credit_note
from . import test_outbox_concurrency
from . import test_tally_pull
from . import test_demo_tally_readback
