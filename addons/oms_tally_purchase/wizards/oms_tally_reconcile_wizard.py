"""Reconciliation of the purchase side: the period's confirmed purchase orders and posted vendor bills
and credit notes are expected in Tally, as the sales documents are."""

from odoo import fields, models

from .oms_tally_export_wizard import VENDOR_MOVE_TYPES


class OmsTallyReconcileWizard(models.TransientModel):
    _inherit = "oms.tally.reconcile.wizard"

    def _oms_expected(self):
        expected = super()._oms_expected()
        company = [("company_id", "=", self.env.company.id)]
        orders = self.env["purchase.order"].search(
            [
                *company,
                ("state", "in", ("purchase", "done")),
                ("date_approve", ">=", self.date_from),
                ("date_approve", "<", fields.Date.add(self.date_to, days=1)),
            ]
        )
        # A Purchase voucher is dated on the bill's accounting date (see account_move.py).
        bills = self.env["account.move"].search(
            [
                *company,
                ("state", "=", "posted"),
                ("move_type", "in", VENDOR_MOVE_TYPES),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ]
        )
        Mapper = self.env["oms.tally.mapper"]
        expected.update((Mapper._oms_remote_id(document), document) for document in [*orders, *bills])
        return expected


class OmsTallyReconcileLine(models.TransientModel):
    _inherit = "oms.tally.reconcile.line"

    document_ref = fields.Reference(selection_add=[("purchase.order", "Purchase Order")])
