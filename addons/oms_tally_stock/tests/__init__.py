from . import test_tally_godown
