"""The GST documents of one consignment (tranche): which invoice or challan it travels on, whether its own
value needs an e-way bill, and what still keeps it from leaving.

Rules (DOMAIN.md, "Goods in lots"):
- CGST Rule 138: a consignment worth more than the threshold (taxable value + taxes of that consignment
  alone; ₹50,000 inter-state, per-state intra-state thresholds of the company) needs its e-way bill BEFORE
  the goods move, so before its delivery is validated.
- CGST Rule 55(5): with one invoice for a supply sent in lots, the first lot travels on the invoice (e-way
  bill document type INV, or generated from the IRN) and each later lot on its own delivery challan (type
  CHL, sub-supply type 9 "SKD/CKD/Lots"). With an invoice per tranche, each tranche travels on its own.
"""

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH, GROUP_FINANCE

from .oms_eway_bill import LIVE_STATUSES
from .oms_eway_bill_payload import consignment_value, non_supply_value


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _oms_gst_invoice(self):
        """The posted tax invoice this consignment is valued on: its own (an invoice per tranche), else,
        with one invoice per supply, the order's invoice of the whole supply."""
        self.ensure_one()
        own = self.oms_tranche_invoice_id
        if own:
            return own.filtered(lambda move: move.state == "posted")
        order = self.sudo().sale_id
        if order.company_id.oms_lot_document_policy != "challan_per_lot":
            return self.env["account.move"]
        invoices = order.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )
        return invoices.sorted("id")[-1:]

    def _oms_travels_on_challan(self, invoice):
        """True for a later lot of a supply invoiced once: an earlier consignment of the same invoice has
        left or has its e-way bill already, so this one travels on its own delivery challan."""
        self.ensure_one()
        if not invoice or self.oms_tranche_invoice_id:
            return False
        order = self.sudo().sale_id
        earlier_left = order.picking_ids.filtered(
            lambda picking: picking != self and picking._oms_is_tranche()
        )
        earlier_bill = (
            self.env["oms.eway.bill"]
            .sudo()
            .search_count(
                [
                    ("move_id", "=", invoice.id),
                    ("picking_id", "!=", self.id),
                    ("oms_ewb_status", "in", LIVE_STATUSES),
                ]
            )
        )
        return bool(earlier_left or earlier_bill)

    def _oms_non_supply_reason(self):
        """Why this delivery's goods move without being supplied (a free sample, a gift, goods for display),
        in words for the challan and the e-way bill (sub-supply type 8, Others); '' when the delivery is a
        supply on a tax invoice. The add-ons that know such deliveries say so."""
        return ""

    def _oms_supply_decision(self):
        """The GST decision (intra- or inter-state, place of supply) of the goods this delivery moves: its
        order's; None without one. Add-ons whose transfers move goods without an order say theirs."""
        self.ensure_one()
        order = self.sudo().sale_id
        return order._oms_supply_decision() if order else None

    def _oms_non_supply_buyer(self):
        """The party a challan of goods moved without a supply names as consignee: the order's customer."""
        self.ensure_one()
        return self.sudo().sale_id.partner_id or self.partner_id

    def _oms_non_supply_unit_value(self, move):
        """(quantity, unit, value per unit in rupees) of ``move`` on a challan of goods moved without a
        supply: at its order line's price after discount, in the order line's unit."""
        line = move.sale_line_id
        if not line:
            return move.quantity, move.product_uom, 0.0
        order = line.order_id
        quantity = move.product_uom._compute_quantity(move.quantity, line.product_uom)
        price_unit = line.price_unit * (1 - (line.discount or 0.0) / 100)
        return quantity, line.product_uom, price_unit / (order.currency_rate or 1.0)  # NIC takes rupees

    def _oms_no_movement_reason(self):
        """Why this delivery's validation moves no goods on the road (they are with the customer already,
        such as goods held on consignment), so that no e-way bill is due for it; '' when goods travel."""
        return ""

    def _oms_ewb_requirement(self):
        """(required, value, threshold) of this consignment; (False, 0, 0) outside GST enforcement."""
        self.ensure_one()
        company = self.company_id
        non_supply = self._oms_non_supply_reason()
        invoice = self.env["account.move"] if non_supply else self._oms_gst_invoice()
        decision = self._oms_supply_decision() if company.oms_gst_enforce else None
        if decision is None or not (invoice or non_supply) or self._oms_no_movement_reason():
            return False, 0.0, 0.0
        try:
            # Goods moved for reasons other than a supply need a bill above the threshold as well
            # (Rule 138(1)(iii)), judged on their challan's value.
            value = non_supply_value(self) if non_supply else consignment_value(self, invoice)
        except UserError:
            # Goods the invoice does not cover: the bill cannot be judged yet, so it is due; generating it
            # names what is wrong, and the dispatch checks refuse the uncovered goods on their own.
            return True, 0.0, 0.0
        threshold = self.env["oms.ewb.threshold"]._oms_threshold(
            company, decision.supply_kind == "inter", company.state_id.l10n_in_tin
        )
        return threshold is not None and value > threshold, value, threshold or 0.0

    def _oms_eway_bill_refusal_note(self):
        """Why the consignment's last e-way bill was refused by NIC, for the dispatch checks; '' if none."""
        self.ensure_one()
        bills = self.sudo().oms_eway_bill_ids.sorted("id", reverse=True)
        if not bills or bills[0].oms_ewb_status != "refused":
            return ""
        return " " + self.env._(
            "NIC refused the last one: %(reason)s", reason=bills[0].oms_generation_error or ""
        )

    def _oms_active_eway_bill(self):
        self.ensure_one()
        return self.sudo().oms_eway_bill_ids.filtered(
            lambda bill: bill.oms_ewb_no and bill.oms_ewb_status == "active"
        )[:1]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_tranche_compliance_failures(self, picking):
        failures = super()._oms_tranche_compliance_failures(picking)
        if not self.company_id.oms_gst_enforce:
            return failures
        invoice = picking._oms_gst_invoice()
        if (
            invoice
            and invoice._oms_einvoice_applies()
            and invoice.oms_einvoice_state != "sent"
            and not invoice._oms_has_l10n_in_edi_document()
        ):
            failures.append(
                (
                    GROUP_FINANCE,
                    self.env._(
                        "Invoice %(invoice)s has no IRN yet (e-invoice: %(state)s).",
                        invoice=invoice.name,
                        state=invoice._oms_einvoice_state_label(),
                    ),
                )
            )
        required, value, threshold = picking._oms_ewb_requirement()
        if required and not picking._oms_active_eway_bill():
            failures.append(
                (
                    GROUP_DISPATCH,
                    self.env._(
                        "Generate the e-way bill of delivery %(picking)s before the goods move: the consignment "
                        "is worth %(value).2f, above the threshold of %(threshold).2f (CGST Rule 138).",
                        picking=picking.name,
                        value=value,
                        threshold=threshold,
                    )
                    + picking._oms_eway_bill_refusal_note(),
                )
            )
        return failures

    def _oms_after_tranche_left(self, picking):
        required, value, threshold = picking._oms_ewb_requirement()
        no_movement = picking._oms_no_movement_reason()
        if self.company_id.oms_gst_enforce and no_movement:
            self.message_post(
                body=self.env._(
                    "Tranche %(picking)s needed no e-way bill: %(reason)s",
                    picking=picking.name,
                    reason=no_movement,
                ),
                subtype_xmlid="mail.mt_note",
            )
        elif self.company_id.oms_gst_enforce and not required and not picking._oms_active_eway_bill():
            # The timeline says why a consignment left without an e-way bill.
            self.message_post(
                body=self.env._(
                    "Tranche %(picking)s left without an e-way bill: the consignment is worth %(value).2f, "
                    "within the threshold of %(threshold).2f.",
                    picking=picking.name,
                    value=value,
                    threshold=threshold,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return super()._oms_after_tranche_left(picking)
