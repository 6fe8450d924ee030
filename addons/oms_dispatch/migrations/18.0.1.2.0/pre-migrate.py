"""18.0.1.2.0 keeps on the order the last tranche's dispatch and delivery dates, and when the order was first
invoiced and paid. Made and set here, in SQL,
before the module loads: Odoo would otherwise compute them order by order through the ORM, minutes on a
large database."""

from odoo.tools import SQL

from odoo.addons.oms_dispatch.models.sale_order_cash_dates import fill_cash_dates_sql
from odoo.addons.oms_dispatch.models.sale_order_tranche_dates import fill_tranche_dates_sql


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE sale_order ADD COLUMN IF NOT EXISTS oms_last_dispatch_date date, "
        "ADD COLUMN IF NOT EXISTS oms_last_pod_date date, ADD COLUMN IF NOT EXISTS oms_first_invoice_date date, "
        "ADD COLUMN IF NOT EXISTS oms_invoices_paid boolean, ADD COLUMN IF NOT EXISTS oms_paid_date date"
    )
    cr.execute(fill_tranche_dates_sql(SQL("TRUE")))
    cr.execute(fill_cash_dates_sql(SQL("TRUE")))
