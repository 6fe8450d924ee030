from . import models


def post_init_hook(env):
    """Map every existing warehouse to a godown of its own name, as new warehouses are."""
    warehouses = (
        env["stock.warehouse"].with_context(active_test=False).search([("oms_tally_godown", "=", False)])
    )
    for warehouse in warehouses:
        warehouse.oms_tally_godown = warehouse.name
