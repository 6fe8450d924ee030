"""Odoo's Create Invoice on an order whose goods leave only through the pipeline.

Its tax invoices follow the company's policy for goods sent in lots (an invoice per tranche, made by Invoice
Tranche for the picked quantities; or one invoice for the whole supply, made by Invoice Supply, and a
challan per later lot). An invoice of the "regular" kind made here would cover no tranche, count against the
ordered quantities and leave the next tranche without documents, so it is refused with the way to go;
down payments (advances) stay Odoo's.
"""

from odoo import models
from odoo.exceptions import UserError


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        if self.advance_payment_method == "delivered":
            tranche_invoiced = sale_orders.filtered(lambda order: order._oms_goods_leave_through_pipeline())
            if tranche_invoiced:
                raise UserError(
                    self.env._(
                        "Order %(orders)s is invoiced through its tranches: use Invoice Tranche on its planned "
                        "tranche (an invoice per tranche) or Invoice Supply (one invoice for the supply, a "
                        "challan per later lot), as the company's lot policy says. Down payments stay "
                        "available here.",
                        orders=", ".join(tranche_invoiced.mapped("name")),
                    )
                )
        return super()._create_invoices(sale_orders)
