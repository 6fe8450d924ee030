from . import stock_warehouse
from . import oms_tally_config
from . import oms_tally_mapper
