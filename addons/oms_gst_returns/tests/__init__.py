from . import test_gstr1_return
