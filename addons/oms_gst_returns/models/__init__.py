from . import oms_gstr1_return
from . import oms_gstr1_lines
