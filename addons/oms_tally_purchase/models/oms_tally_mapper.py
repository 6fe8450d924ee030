"""Vendors and input GST for the Tally mapping: vendor ledgers under the creditor group, taxes of a
purchase booked to the input ledgers, purchase orders found back from their remote id."""

from odoo import api, fields, models

from odoo.addons.oms_tally_bridge.oms_tally import purchases

VENDOR_MOVE_TYPES = ("in_invoice", "in_refund")


class OmsTallyMapper(models.AbstractModel):
    _inherit = "oms.tally.mapper"

    @api.model
    def _oms_purchases_of_period(self, date_from, date_to):
        """(purchase orders, vendor bills and credit notes) of the current company that Tally holds for the
        period: orders by their confirmation date, bills by their accounting date (their voucher's date)."""
        company = [("company_id", "=", self.env.company.id)]
        orders = self.env["purchase.order"].search(
            [
                *company,
                ("state", "in", ("purchase", "done")),
                ("date_approve", ">=", date_from),
                ("date_approve", "<", fields.Date.add(date_to, days=1)),
            ]
        )
        bills = self.env["account.move"].search(
            [
                *company,
                ("state", "=", "posted"),
                ("move_type", "in", VENDOR_MOVE_TYPES),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        return orders, bills

    @api.model
    def _oms_input_ledger_of(self, tax, config):
        """The input GST ledger (input tax credit) of a tax of a purchase."""
        return config.input_tax_ledgers()[self._oms_duty(tax)]

    @api.model
    def _oms_vendor_master_elements(self, config, settings, partner, product_uoms, godowns=()):
        """The masters a purchase-side voucher needs: as for a sale, but the party is a vendor ledger
        under the creditor group."""
        elements = self._oms_master_elements(config, settings, None, product_uoms, godowns)
        elements.append(purchases.build_vendor_ledger(self._oms_party_master(partner), config))
        return elements

    @api.model
    def _oms_document_of_remote_id(self, remote_id):
        document = super()._oms_document_of_remote_id(remote_id)
        prefix = self._oms_remote_id_prefix()
        if document is not None or not (remote_id or "").startswith(prefix):
            return document
        model, _sep, record_id = remote_id[len(prefix) :].rpartition("-")
        if model != "purchase.order" or not record_id.isdigit():
            return None
        return self.env[model].browse(int(record_id)).exists() or None

    @api.model
    def _oms_tally_godown_for_line(self, line):
        """A purchase line is received into the warehouse of its order's operation type (when
        ``purchase_stock`` and ``oms_tally_stock`` are installed and the Tally company tracks godowns)."""
        godown = super()._oms_tally_godown_for_line(line)
        if godown or line._name not in ("purchase.order.line", "account.move.line"):
            return godown
        order = line.order_id if line._name == "purchase.order.line" else line.purchase_line_id.order_id
        warehouse = order.picking_type_id.warehouse_id if "picking_type_id" in order._fields else None
        if not warehouse or "oms_tally_godown" not in warehouse._fields:
            return None
        settings = self.env["oms.tally.config"]._oms_for_company(line.company_id, raise_if_missing=False)
        if not settings or not settings.tracks_godowns:
            return None
        # sudo: whoever confirms the order may not read warehouses; only the godown name is used.
        return warehouse.sudo().oms_tally_godown or None
