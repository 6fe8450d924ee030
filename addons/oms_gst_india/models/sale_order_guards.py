"""The pipeline checks oms_gst_india owns: HSN before leaving Sale Order, commercial and tax invoice."""

from odoo import models

from ..oms_gst.hsn import HsnError, check_hsn


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_hsn_failures(self):
        if not (self._oms_is_indian() and self.company_id.oms_gst_enforce):
            return []
        digits = int(self.company_id.l10n_in_hsn_code_digit or 4)
        failures = []
        lines = self.order_line.filtered(lambda line: not line.display_type)
        for number, line in enumerate(lines, start=1):
            if not line.product_id or not line.tax_id:
                continue  # HSN is required on taxable lines
            try:
                check_hsn(line.product_id.l10n_in_hsn_code, digits, number, line.product_id.display_name)
            except HsnError as error:
                failures.append(
                    self.env._(
                        "%(error)s: set it on the product (order %(order)s).",
                        error=str(error),
                        order=self.name,
                    )
                )
        return failures

    def _oms_check_order_header_complete(self):
        return super()._oms_check_order_header_complete() + self._oms_hsn_failures()

    def _oms_check_commercial_invoice_issued(self):
        if self.oms_commercial_invoice_ids.filtered(lambda invoice: invoice.state in ("issued", "paid")):
            return []
        return [
            self.env._(
                "Issue the commercial invoice of order %(order)s before entering Tax Invoice.",
                order=self.name,
            )
        ]

    def _oms_check_tax_invoice_posted(self):
        invoices = self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )
        if not invoices:
            return [self.env._("Post the tax invoice of order %(order)s first.", order=self.name)]
        missing = invoices.filtered(
            lambda move: (
                move._oms_einvoice_applies()
                and move.oms_einvoice_state != "sent"
                and not move._oms_has_l10n_in_edi_document()
            )
        )
        return [
            self.env._(
                "Invoice %(invoice)s has no IRN yet (e-invoice: %(state)s). %(error)s",
                invoice=move.name,
                state=move._oms_einvoice_state_label(),
                error=move.oms_einvoice_error or "",
            )
            for move in missing
        ]

    def _oms_order_facts(self):
        facts = super()._oms_order_facts()
        decision = self._oms_supply_decision() if self.company_id.oms_gst_enforce else None
        if decision is None:
            return facts
        # Goods value above the company's threshold for the move (₹50,000 unless set per state) needs an
        # e-way bill; below it the E-Way Bill stage is skipped.
        required = self.env["oms.ewb.threshold"]._oms_required(
            self.company_id,
            self.amount_total,
            decision.supply_kind == "inter",
            self.company_id.state_id.l10n_in_tin,
        )
        return facts.with_stage("eway_bill", required)

    def _oms_check_eway_bill_generated(self):
        """Leaving E-Way Bill: the planned consignment has its e-way bill when its own value needs one
        (CGST Rule 138: before the goods move); a consignment within the threshold goes without."""
        planned = self._oms_open_deliveries().filtered(lambda picking: picking._oms_is_planned())
        if not planned:
            return [
                self.env._(
                    "Plan the next tranche of order %(order)s (Plan Tranche): its e-way bill is made for its "
                    "picked quantities.",
                    order=self.name,
                )
            ]
        failures = []
        for picking in planned:
            required, _value, _threshold = picking._oms_ewb_requirement()
            if required and not picking._oms_active_eway_bill():
                failures.append(
                    self.env._("Generate the e-way bill of delivery %(picking)s first.", picking=picking.name)
                )
        return failures
