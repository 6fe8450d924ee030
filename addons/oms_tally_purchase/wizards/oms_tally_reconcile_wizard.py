"""Reconciliation of the purchase side: the period's confirmed purchase orders and posted vendor bills
and credit notes are expected in Tally, as the sales documents are."""

from odoo import fields, models


class OmsTallyReconcileWizard(models.TransientModel):
    _inherit = "oms.tally.reconcile.wizard"

    def _oms_expected(self):
        expected = super()._oms_expected()
        orders, bills = self.env["oms.tally.mapper"]._oms_purchases_of_period(self.date_from, self.date_to)
        Mapper = self.env["oms.tally.mapper"]
        expected.update((Mapper._oms_remote_id(document), document) for document in [*orders, *bills])
        return expected


class OmsTallyReconcileLine(models.TransientModel):
    _inherit = "oms.tally.reconcile.line"

    document_ref = fields.Reference(selection_add=[("purchase.order", "Purchase Order")])
