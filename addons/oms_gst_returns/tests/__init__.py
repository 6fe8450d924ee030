from . import test_gstr1_return
from . import test_demo_gstr1
