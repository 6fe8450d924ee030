from . import test_board
from . import test_purchase
from . import test_shipment
from . import test_dispatch
from . import test_dispatch_concurrency
