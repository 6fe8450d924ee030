"""Consignment orders: the sale of goods a customer already holds on consignment, made from its sales report
(oms_consignment_report.py) with an order type invoiced from sales reports.

On confirmation the order's delivery takes the goods from the customer's consignment location (not the
warehouse's stock), and its documents are made at once, as for cash and carry: the tranche of the whole
order and its tax invoice, posted (its IRN queued). Payment follows the customer's terms. Nothing travels:
the shipment needs no transporter, and no e-way bill is due (stock_consignment.py); the delivery is still
validated by Dispatch through the pipeline, which books the goods out of the company's stock.
"""

from odoo import models
from odoo.exceptions import UserError

CONSIGNEE_REPORT = "consignee_report"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_sells_consignment_stock(self):
        self.ensure_one()
        return self.type_id.oms_invoicing == CONSIGNEE_REPORT

    def _oms_invoiced_on_confirmation(self):
        return super()._oms_invoiced_on_confirmation() or self._oms_sells_consignment_stock()

    def _oms_make_counter_documents(self):
        if self._oms_sells_consignment_stock():
            self._oms_deliver_from_consignee()
        return super()._oms_make_counter_documents()

    def _oms_deliver_from_consignee(self):
        """Point the order's open deliveries at the customer's consignment location, where its goods are."""
        location = self.partner_id._oms_consignment_location(self.warehouse_id)
        if not location:
            raise UserError(
                self.env._(
                    "%(customer)s holds no consignment stock of %(warehouse)s: a consignment order sells goods the "
                    "customer already holds.",
                    customer=self.partner_id.commercial_partner_id.name,
                    warehouse=self.warehouse_id.name,
                )
            )
        # sudo: the order's confirmation moves its own delivery's source, as its type says (Sales confirms).
        deliveries = self.sudo()._oms_open_deliveries()
        deliveries.do_unreserve()
        deliveries.write({"location_id": location.id})
        deliveries.move_ids.filtered(lambda move: move.state not in ("done", "cancel")).write(
            {"location_id": location.id}
        )

    def _oms_confirmation_documents_note(self, picking, invoice):
        if not self._oms_sells_consignment_stock():
            return super()._oms_confirmation_documents_note(picking, invoice)
        return self.env._(
            "Consignment sale: invoice %(invoice)s posted for what the customer reported sold; delivery "
            "%(picking)s takes the goods from its consignment stock.",
            picking=picking._get_html_link(),
            invoice=invoice._get_html_link(),
        )

    # The rule for consignment orders (seed 004, Compiere's "Consignment Type Order"): no credit check, no
    # ATP and no duplicate check. The goods are already with the customer, which reports them sold: they
    # do not come from the warehouse's stock, the customer already had them on the company's terms, and a
    # report that repeats last month's items is no duplicate order.
    def _oms_credit_exempt_reason(self):
        if self._oms_sells_consignment_stock():
            return self.env._("Consignment sale: no credit check (the goods are with the customer already).")
        return super()._oms_credit_exempt_reason()

    def _oms_duplicate_matches(self):
        if self._oms_sells_consignment_stock():
            return (), self.browse()
        return super()._oms_duplicate_matches()

    def _oms_stock_shortages(self):
        if self._oms_sells_consignment_stock():
            return {}  # the sales report refused more than the customer holds
        return super()._oms_stock_shortages()

    def _oms_sync_backorder_demands(self):
        return super(
            SaleOrder, self.filtered(lambda order: order.type_id.oms_invoicing != CONSIGNEE_REPORT)
        )._oms_sync_backorder_demands()

    def _oms_check_shipment_planned(self):
        if self._oms_sells_consignment_stock():
            return []  # nothing travels: the goods are with the customer already
        return super()._oms_check_shipment_planned()
