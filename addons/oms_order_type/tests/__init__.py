from . import test_order_type
from . import test_type_flows
