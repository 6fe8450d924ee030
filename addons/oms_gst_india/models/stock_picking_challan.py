"""The GST part of a delivery challan (CGST Rule 55(2)): this delivery's quantities valued at the order
line's price and taxed with the order line's taxes (Odoo's own ``compute_all``, no tax math here), split
into central, state, integrated tax and cess by l10n_in's tax type; the place of supply when inter-state;
the tax invoices the consignment goes against (Rule 55(5), supply in lots) and its e-way bills."""

from odoo import models

from ..oms_gst.tax_split import INTER

TAX_TYPES = ("cgst", "sgst", "igst", "cess")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _oms_challan_moves(self):
        self.ensure_one()
        return self.move_ids.filtered(lambda move: move.state != "cancel" and move.quantity)

    def _oms_challan_tax_lines(self):
        """One plain dict per goods line of the challan: ``move_id``, ``hsn``, ``quantity`` (in the order
        line's unit), ``price_unit`` (after discount), ``taxable_value``, per tax type ``<type>_rate``
        and ``<type>_amount`` (type in cgst, sgst, igst, cess), ``total``. Lines without an order line
        (goods added on the delivery) are carried at no value."""
        self.ensure_one()
        return [self._oms_challan_tax_line(move) for move in self._oms_challan_moves()]

    def _oms_challan_tax_line(self, move):
        line = move.sale_line_id
        values = {
            "move_id": move.id,
            "hsn": move.product_id.l10n_in_hsn_code or "",
            "quantity": move.quantity,
            "price_unit": 0.0,
            "taxable_value": 0.0,
            "total": 0.0,
        }
        for tax_type in TAX_TYPES:
            values.update({f"{tax_type}_rate": 0.0, f"{tax_type}_amount": 0.0})
        if not line:
            # Goods moved without an order (sent on consignment) are carried at the value their transfer
            # declares (Rule 55(2) wants it on the challan), untaxed; goods added by hand, at none.
            quantity, _unit, price_unit = self._oms_non_supply_unit_value(move)
            value = self.company_id.currency_id.round(quantity * price_unit)
            values.update(quantity=quantity, price_unit=price_unit, taxable_value=value, total=value)
            return values
        quantity = move.product_uom._compute_quantity(move.quantity, line.product_uom)
        price_unit = line.price_unit * (1 - (line.discount or 0.0) / 100)
        order = line.order_id
        result = line.tax_id.compute_all(
            price_unit,
            currency=order.currency_id,
            quantity=quantity,
            product=line.product_id,
            partner=order.partner_shipping_id,
        )
        values.update(
            quantity=quantity,
            price_unit=price_unit,
            taxable_value=result["total_excluded"],
            total=result["total_included"],
        )
        for tax_values in result["taxes"]:
            tax = self.env["account.tax"].browse(tax_values["id"])
            tax_type = tax.l10n_in_tax_type
            if tax_type not in TAX_TYPES:
                continue
            values[f"{tax_type}_amount"] += tax_values["amount"]
            # A fixed cess (per unit) has no percentage to print; its amount says it all.
            if tax.amount_type == "percent":
                values[f"{tax_type}_rate"] += tax.amount
        return values

    def _oms_challan_tax_totals(self, tax_lines=None):
        """Totals of :meth:`_oms_challan_tax_lines` (``taxable_value``, ``<type>_amount``, ``total``) and
        ``tax_types``: the tax types this challan has, in print order, so the PDF shows only those."""
        self.ensure_one()
        tax_lines = self._oms_challan_tax_lines() if tax_lines is None else tax_lines
        keys = ["taxable_value", "total"] + [f"{tax_type}_amount" for tax_type in TAX_TYPES]
        totals = {key: sum(line[key] for line in tax_lines) for key in keys}
        totals["tax_amount"] = totals["total"] - totals["taxable_value"]
        totals["tax_types"] = [
            tax_type
            for tax_type in TAX_TYPES
            if any(line[f"{tax_type}_amount"] or line[f"{tax_type}_rate"] for line in tax_lines)
        ]
        return totals

    def _oms_challan_inter_state(self):
        """True when the supply behind this delivery is inter-state (the challan then names the place of
        supply), by the order's own GST decision."""
        self.ensure_one()
        decision = self._oms_supply_decision()
        return bool(decision and decision.supply_kind == INTER)

    def _oms_challan_place_of_supply(self):
        """The order's place of supply (a res.country.state), or an empty record."""
        self.ensure_one()
        if self.sale_id:
            return self.sale_id.oms_place_of_supply_id
        return self._oms_non_supply_buyer().state_id  # goods moved without an order: where they go

    def _oms_challan_invoices(self):
        """The tax invoice the consignment travels with: its own (an invoice per tranche), else the order's
        posted tax invoices, which the challan of a lot of a supply invoiced once refers to (Rule 55(5))."""
        self.ensure_one()
        if self.oms_tranche_invoice_id:
            return self._oms_gst_invoice()  # its own invoice (an invoice per tranche), once posted
        return self.sale_id.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        ).sorted("id")

    def _oms_challan_eway_bill_numbers(self):
        """Numbers of this consignment's e-way bills that NIC has given and nobody cancelled."""
        self.ensure_one()
        bills = self.oms_eway_bill_ids.filtered(
            lambda bill: bill.oms_ewb_no and bill.oms_ewb_status != "cancelled"
        )
        return bills.mapped("oms_ewb_no")
