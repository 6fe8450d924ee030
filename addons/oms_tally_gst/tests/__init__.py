from . import test_tally_einvoice
