from . import test_stage_engine
from . import test_handover
from . import test_credit_and_duplicates
from . import test_cancel
from . import test_concurrency
from . import test_access
from . import test_feedback
from . import test_portal
