from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def button_cancel(self):
        # A buyer without sales rights may cancel a PO bought for an order; the flag on the order is the
        # system's consequence, as Odoo's own sale_purchase activity is (read and flagged as superuser).
        orders = self.sudo()._get_sale_orders()
        result = super().button_cancel()
        for order in orders.filtered(lambda record: record.oms_stage_id and record.state == "sale"):
            order._oms_flag_cancelled_purchase(
                self.sudo().filtered(lambda purchase, o=order: o in purchase._get_sale_orders())
            )
        return result
