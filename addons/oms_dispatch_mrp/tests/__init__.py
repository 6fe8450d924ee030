from . import test_factory_order
from . import test_assembly_plan
from . import test_finished_products
from . import test_kit_availability
from . import test_check_queries
