from . import test_factory_order
