"""Timeline entries of the GST documents: commercial invoices, the IRN of each tax invoice, and the
e-way bills of the deliveries with their number and validity."""

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_timeline_entries(self):
        entries = super()._oms_timeline_entries()
        entry = self._oms_timeline_entry
        # Every role follows the order's GST documents; opening one still checks the user's rights.
        order = self.sudo()
        for invoice in order.oms_commercial_invoice_ids:
            entries.append(
                entry(
                    invoice.date,
                    "commercial_invoice",
                    self.env._("Commercial invoice %(name)s", name=invoice.name),
                    invoice.create_uid,
                    invoice,
                    self._oms_selection_label(invoice, "state"),
                )
            )
        moves = {move.id: move for move in order.invoice_ids}
        for item in entries:
            move = moves.get(item["res_id"]) if item["model"] == "account.move" else None
            if move and move.oms_irn:
                item["title"] = self.env._("%(title)s, IRN %(irn)s", title=item["title"], irn=move.oms_irn)
                item["state"] = self._oms_selection_label(move, "oms_einvoice_state") or item["state"]
        for bill in order.picking_ids.oms_eway_bill_ids:
            valid_until = (
                fields.Datetime.context_timestamp(self, bill.oms_ewb_valid_until).strftime("%Y-%m-%d %H:%M")
                if bill.oms_ewb_valid_until
                else "-"
            )
            entries.append(
                entry(
                    bill.oms_ewb_date or bill.create_date,
                    "eway_bill",
                    self.env._(
                        "E-way bill %(number)s for %(picking)s, valid until %(valid_until)s",
                        number=bill.oms_ewb_no or "-",
                        picking=bill.picking_id.name,
                        valid_until=valid_until,
                    ),
                    bill.create_uid,
                    bill,
                    self._oms_selection_label(bill, "oms_ewb_status"),
                )
            )
        return entries
