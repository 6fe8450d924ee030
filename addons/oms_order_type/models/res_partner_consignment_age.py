"""Six months on consignment: goods sent on approval (or for sale or return) must be invoiced when they are
sold, and at the latest six months after they left (CGST Act s.31(7)). A daily scheduled action finds the
consignment stock that has reached that age and gives the customer's salesperson an activity to invoice it
(a consignee sales report, or the return of the goods)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import float_compare

INVOICE_WITHIN_MONTHS = 6


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _oms_cron_consignment_age(self):
        # sudo: a scheduled action over every company's consignment locations, as the system.
        locations = self.env["stock.location"].sudo().search([("oms_consignee_id", "!=", False)])
        deadline = fields.Datetime.now() - relativedelta(months=INVOICE_WITHIN_MONTHS)
        for location in locations:
            overdue = location._oms_consignment_held_since(deadline)
            if overdue:
                location.oms_consignee_id._oms_remind_consignment_invoice(location, overdue)

    def _oms_remind_consignment_invoice(self, location, overdue):
        """One open activity per customer: the lines are the products and quantities overdue."""
        summary = self.env._("Invoice consignment stock (6 months)")
        existing = self.activity_ids.filtered(lambda activity: activity.summary == summary)
        if existing:
            return
        lines = "".join(
            f"<li>{product.display_name}: {quantity:g} {product.uom_id.name}</li>"
            for product, quantity in overdue.items()
        )
        self._oms_schedule_queued(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=self.env._(
                "%(customer)s has held these goods at %(location)s for six months or more. Under CGST "
                "section 31(7) they must be invoiced now: enter its sales report, or take them back.",
                customer=self.name,
                location=location.display_name,
            )
            + f"<ul>{lines}</ul>",
            user_id=(self.user_id or self.env.ref("base.user_admin")).id,
        )


class StockLocation(models.Model):
    _inherit = "stock.location"

    def _oms_consignment_held_since(self, deadline):
        """{product: quantity} of this consignment location's stock that arrived before ``deadline``: what is
        held now, matched first in first out against the transfers that brought it."""
        self.ensure_one()
        quants = self.env["stock.quant"].sudo().search([("location_id", "=", self.id), ("quantity", ">", 0)])
        held = {}
        for quant in quants:
            held[quant.product_id] = held.get(quant.product_id, 0.0) + quant.quantity
        overdue = {}
        for product, quantity in held.items():
            # The newest arrivals account for what is held first (the oldest goods were sold first).
            recent = sum(
                self.env["stock.move.line"]
                .sudo()
                .search(
                    [
                        ("location_dest_id", "=", self.id),
                        ("product_id", "=", product.id),
                        ("state", "=", "done"),
                        ("date", ">=", deadline),
                    ]
                )
                .mapped("quantity_product_uom")
            )
            old = quantity - recent
            if float_compare(old, 0.0, precision_rounding=product.uom_id.rounding) > 0:
                overdue[product] = old
        return overdue
