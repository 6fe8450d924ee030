from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH, GROUP_FINANCE

from .oms_eway_bill import LIVE_STATUSES
from .oms_eway_bill_payload import (
    ewb_by_irn_payload_for,
    ewb_challan_payload_for,
    ewb_non_supply_payload_for,
    ewb_payload_for,
)

DISPATCH_GROUPS = (GROUP_DISPATCH, GROUP_FINANCE)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # Dispatch, Finance and administrators read e-way bills; the flags and numbers other roles see on a
    # delivery or an invoice are computed as superuser from them.
    oms_eway_bill_ids = fields.One2many(
        "oms.eway.bill",
        "picking_id",
        string="E-Way Bills",
        readonly=True,
        groups="oms_handover.group_oms_dispatch,oms_handover.group_oms_finance,base.group_system",
    )
    oms_has_live_eway_bill = fields.Boolean(compute="_compute_oms_has_live_eway_bill")

    @api.depends("oms_eway_bill_ids.oms_ewb_status")
    def _compute_oms_has_live_eway_bill(self):
        # sudo: a flag on a delivery every inventory user opens (it hides Generate E-Way Bill); the bills
        # themselves stay Dispatch's and Finance's to read.
        for picking in self:
            picking.oms_has_live_eway_bill = bool(picking.sudo()._oms_live_eway_bills())

    def _oms_live_eway_bills(self):
        """The consignment's bill being generated or in force (at most one: a unique index says so)."""
        return self.oms_eway_bill_ids.filtered(lambda bill: bill.oms_ewb_status in LIVE_STATUSES)

    @api.model
    def _oms_check_ewb_role(self, lifecycle=True):
        if lifecycle and not self.env.user.has_group(GROUP_DISPATCH):  # managers have it by implication
            raise AccessError(self.env._("Only Dispatch may update, extend or cancel e-way bills."))
        if not lifecycle and not any(self.env.user.has_group(group) for group in DISPATCH_GROUPS):
            raise AccessError(self.env._("Only Dispatch or Finance may generate e-way bills."))

    def _oms_has_odoo_ewaybill(self, invoice):
        """True when Odoo's own e-way bill modules, if installed, hold a live bill for this delivery."""
        bills = self["l10n_in_ewaybill_id"] if "l10n_in_ewaybill_id" in self._fields else []
        documents = invoice["edi_document_ids"] if "edi_document_ids" in invoice._fields else []
        return any(bill.state in ("generated", "challan") for bill in bills) or any(
            document.edi_format_id.code == "in_ewaybill_1_03" and document.state != "cancelled"
            for document in documents
        )

    def action_oms_generate_ewb(self):
        """Queue the e-way bill of this consignment, before it moves, after checking its data with NIC's
        rules: on its own invoice, on the supply's invoice for the first lot, or on its delivery challan for
        a later lot (Rule 55(5)); generated from the IRN where the invoice has one."""
        self.ensure_one()
        self._oms_check_ewb_role(lifecycle=False)
        if self.state == "done":
            raise UserError(
                self.env._(
                    "Delivery %(picking)s has left already: an e-way bill is generated before the goods move "
                    "(CGST Rule 138), not after.",
                    picking=self.name,
                )
            )
        if self._oms_live_eway_bills():
            raise UserError(self.env._("Delivery %(picking)s already has an e-way bill.", picking=self.name))
        if not self._oms_is_planned():
            raise UserError(
                self.env._(
                    "Plan the tranche of delivery %(picking)s first: the e-way bill is for the picked quantities.",
                    picking=self.name,
                )
            )
        if self._oms_non_supply_reason():
            return self._oms_queue_non_supply_ewb()
        invoice = self._oms_gst_invoice()
        if not invoice:
            raise UserError(
                self.env._(
                    "Post the tax invoice of this delivery (order %(order)s) first.", order=self.sale_id.name
                )
            )
        if self._oms_has_odoo_ewaybill(invoice):
            raise UserError(
                self.env._(
                    "Odoo's own e-way bill (l10n_in_ewaybill_stock / l10n_in_edi_ewaybill) already covers "
                    "delivery %(picking)s: it is not sent a second time.",
                    picking=self.name,
                )
            )
        on_challan = self._oms_travels_on_challan(invoice)
        by_irn = (
            not on_challan and invoice._oms_einvoice_applies() and not invoice._oms_has_l10n_in_edi_document()
        )
        if by_irn and not invoice.oms_irn:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s has no IRN yet (e-invoice: %(state)s); the e-way bill is generated "
                    "from the IRN once the IRP has registered the invoice.",
                    invoice=invoice.name,
                    state=invoice._oms_einvoice_state_label(),
                )
            )
        if on_challan:
            self._oms_assign_challan_number()
            payload = ewb_challan_payload_for(self, invoice, self.oms_challan_number, self.oms_challan_date)
        elif by_irn:
            payload = ewb_by_irn_payload_for(self, invoice)
        else:
            payload = ewb_payload_for(self, invoice)
        self._oms_queue_ewb(payload, invoice, by_irn=by_irn, on_challan=on_challan)
        return True

    def _oms_queue_non_supply_ewb(self):
        """Goods that move without being supplied travel on their numbered delivery challan (Rule 55(1)(c)),
        and so does their e-way bill: no invoice exists to carry it."""
        self._oms_assign_challan_number()
        payload = ewb_non_supply_payload_for(
            self, self.oms_challan_number, self.oms_challan_date, self._oms_non_supply_reason()
        )
        self._oms_queue_ewb(payload, self.env["account.move"], by_irn=False, on_challan=True)
        return True

    def _oms_queue_ewb(self, payload, invoice, by_irn, on_challan):
        # Bills are read-only for Dispatch and Finance; they are made by the checked actions above only.
        self.env["oms.eway.bill"].sudo()._oms_queue(
            {
                "picking_id": self.id,
                "move_id": invoice.id,
                "company_id": self.company_id.id,
                "oms_by_irn": by_irn,
                "oms_on_challan": on_challan,
                "oms_distance_km": self.oms_distance_km,
                "oms_odc": self.oms_vehicle_type == "odc",
                "oms_vehicle_number": self.oms_vehicle_number,
                "oms_transporter_ref": self.oms_transporter_id.oms_transporter_gst_id
                or self.oms_transporter_id.vat,
            },
            payload,
        )
