"""Offline mode for purchases: confirmed purchase orders and posted vendor bills and credit notes in
the same Tally XML file as the sales documents."""

from odoo import api, fields, models

from ..models.oms_tally_mapper import VENDOR_MOVE_TYPES


class OmsTallyExportWizard(models.TransientModel):
    _inherit = "oms.tally.export.wizard"

    purchase_order_ids = fields.Many2many(
        "purchase.order", string="Purchase Orders", domain=[("state", "in", ("purchase", "done"))]
    )
    vendor_bill_ids = fields.Many2many(
        "account.move",
        "oms_tally_export_wizard_vendor_bill_rel",
        "wizard_id",
        "move_id",
        string="Vendor Bills",
        domain=[("state", "=", "posted"), ("move_type", "in", VENDOR_MOVE_TYPES)],
    )
    include_purchases = fields.Boolean(
        default=True, help="Purchase orders, vendor bills and vendor credit notes of the period."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model, ids = self.env.context.get("active_model"), self.env.context.get("active_ids") or []
        if model == "purchase.order":
            values["purchase_order_ids"] = [fields.Command.set(ids)]
        elif model == "account.move":
            bills = (
                self.env["account.move"]
                .browse(ids)
                .filtered(lambda move: move.move_type in VENDOR_MOVE_TYPES)
            )
            values["vendor_bill_ids"] = [fields.Command.set(bills.ids)]
        return values

    def _oms_purchase_documents(self):
        self.ensure_one()
        if self.mode == "documents":
            orders = self.purchase_order_ids.filtered(lambda order: order.state in ("purchase", "done"))
            bills = self.vendor_bill_ids.filtered(
                lambda move: move.state == "posted" and move.move_type in VENDOR_MOVE_TYPES
            )
            return orders, bills
        if not self.include_purchases:
            return self.env["purchase.order"], self.env["account.move"]
        return self.env["oms.tally.mapper"]._oms_purchases_of_period(self.date_from, self.date_to)

    def _oms_export_documents(self):
        """Sales documents first, then purchase orders, then vendor bills and credit notes."""
        documents = super()._oms_export_documents()
        orders, bills = self._oms_purchase_documents()
        return [*documents, *orders, *bills]
