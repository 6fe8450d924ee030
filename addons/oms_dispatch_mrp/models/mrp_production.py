from odoo import models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_cancel(self):
        # Read and flagged as superuser: the flag is the system's consequence of the cancel, whoever cancels.
        orders = (self.sudo().sale_line_id.order_id | self.sudo().procurement_group_id.sale_id).filtered(
            lambda order: order.oms_stage_id and order.state == "sale"
        )
        result = super().action_cancel()
        for order in orders:
            order._oms_flag_cancelled_production(self.sudo())
        return result
