"""Odoo's HTTP service while the demo history is made, for the PDFs the history stores.

wkhtmltopdf loads each document's styles and fonts over HTTP from ``report.url``, as in production. The
history is made by a script with no server running: every delivery challan, invoice and summary it
attached would come out unstyled ("Exit with code 1 due to network error"), and the demo would show
documents no customer ever gets. The script serves Odoo's own HTTP application on a free loopback port
for its length, and points ``report.url`` at it.
"""

import contextlib
import logging
import re
import threading

import odoo
from odoo.service.server import ThreadedWSGIServerReloadable


@contextlib.contextmanager
def serving_reports(env, database):
    """Serve ``database`` over HTTP on 127.0.0.1 and render the PDFs against it, until the block ends.

    ``report.url`` is set in the history's transaction and put back before it commits: the database keeps
    the value it had (the demo server's address is the web.base.url Odoo already uses)."""
    # wkhtmltopdf's requests carry no session: the one database must answer them, whatever else the
    # PostgreSQL server holds.
    odoo.tools.config["dbfilter"] = f"^{re.escape(database)}$"
    server = ThreadedWSGIServerReloadable("127.0.0.1", 0, odoo.http.root)  # port 0: a free one
    # Each PDF fetches its styles and seven fonts: the access log would bury the history's own output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    thread = threading.Thread(target=server.serve_forever, name="demo-history-http", daemon=True)
    thread.start()
    parameters = env["ir.config_parameter"].sudo()
    previous = parameters.get_param("report.url")
    parameters.set_param("report.url", f"http://127.0.0.1:{server.server_port}")
    try:
        yield server.server_port
    finally:
        parameters.set_param("report.url", previous or False)
        server.shutdown()
        server.server_close()
