"""Open an Odoo environment on a database from a benchmark script (run by bench/run with the suite's
virtual environment and connection options)."""

import argparse
import contextlib

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def parse_arguments(description, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", required=True)
    parser.add_argument("--odoo-config", required=True)
    parser.add_argument(
        "--odoo-option", action="append", default=[], help="extra Odoo option, e.g. --db_host=/x"
    )
    for name, kwargs in (extra or {}).items():
        parser.add_argument(name, **kwargs)
    return parser.parse_args()


CONFIGURED = []


@contextlib.contextmanager
def odoo_environment(arguments, user_xmlid=None):
    """Yield an environment in one transaction that is rolled back at the end: benchmarks leave no trace.
    A benchmark may open several, one after the other (Odoo's configuration is read once: a second
    ``parse_config`` fails)."""
    if not CONFIGURED:
        odoo.tools.config.parse_config(["-c", arguments.odoo_config, *arguments.odoo_option])
        CONFIGURED.append(arguments.odoo_config)
    registry = Registry(arguments.database)
    with registry.cursor() as cursor:
        env = api.Environment(cursor, SUPERUSER_ID, {})
        if user_xmlid:
            env = env(user=env.ref(user_xmlid))
        try:
            yield env
        finally:
            cursor.rollback()
