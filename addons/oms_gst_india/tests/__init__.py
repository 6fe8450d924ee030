import sys
from pathlib import Path

# The loopback simulators live in the repository's tests/ folder (outside the add-on).
_REPO_TESTS = str(Path(__file__).resolve().parents[3] / "tests")
if _REPO_TESTS not in sys.path:
    sys.path.insert(0, _REPO_TESTS)

from . import test_gst_engine  # noqa: E402
from . import test_hsn_gstin  # noqa: E402
from . import test_commercial_invoice  # noqa: E402
from . import test_einvoice  # noqa: E402
from . import test_eway_bill  # noqa: E402
from . import test_eway_bill_lifecycle  # noqa: E402
from . import test_eway_bill_generation  # noqa: E402
from . import test_gst_rounding_line  # noqa: E402
from . import test_customer_mails  # noqa: E402
from . import test_rpc_security  # noqa: E402
from . import test_rpc_security_actions  # noqa: E402
from . import test_rpc_portal_credentials  # noqa: E402
from . import test_rpc_bad_input  # noqa: E402
from . import test_no_secret_in_logs  # noqa: E402
from . import test_rpc_action_table  # noqa: E402
from . import test_portal_address  # noqa: E402
from . import test_challan_gst  # noqa: E402
from . import test_dispatch_compliance  # noqa: E402
from . import test_cess  # noqa: E402
from . import test_gst_document  # noqa: E402
from . import test_rpc_dispatch_gate  # noqa: E402
from . import test_pipeline_law  # noqa: E402
from . import test_report_pdfs  # noqa: E402
from . import test_demo_truthful  # noqa: E402
