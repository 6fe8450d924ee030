from . import test_order_type
