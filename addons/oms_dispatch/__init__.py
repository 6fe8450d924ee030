from . import controllers
from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """Turn the dispatch gate on for the companies that exist at install: from then on their pipeline
    orders' goods leave only through the dispatch checks. A company created later starts without it and
    turns it on in the settings (Odoo's own flows and tests create companies that know nothing of it)."""
    env["res.company"].search([]).write({"oms_dispatch_gate": True})
