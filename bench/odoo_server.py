"""Odoo's command line as a file, for the load test's server: in prefork mode Odoo starts its gevent worker
by running ``sys.argv[0]`` again, which ``python -m odoo`` leaves pointing at a module it cannot run."""

import odoo

if __name__ == "__main__":
    odoo.cli.main()
