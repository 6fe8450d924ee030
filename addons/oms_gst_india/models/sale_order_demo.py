"""Demo data only: the work of the stages this add-on owns, done as their teams do it (see oms_handover's
sale_order_demo.py): the commercial invoice, the IRN of the tax invoice, and the e-way bill of the planned
consignment. What the outbox's scheduled action would send is sent at once (in this transaction), through
the company's e-invoice connection: a paused connection leaves the job queued, and the order waits."""

from odoo import models

# The queues the scheduled action works through for this add-on: IRNs, then e-way bill operations.
DEMO_NIC_QUEUES = ("oms.irn.job", "oms.eway.bill.operation")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_demo_stage_work(self, code):
        result = super()._oms_demo_stage_work(code)  # oms_dispatch posts the tranche's tax invoice first
        if code == "invoice":
            finance = self._oms_demo_as("finance")
            finance.action_oms_create_commercial_invoice()
            finance.oms_commercial_invoice_ids.filtered(
                lambda invoice: invoice.state == "draft"
            ).action_issue()
        elif code == "tax_invoice":
            self._oms_demo_send_nic_queues()
        elif code == "eway_bill":
            self._oms_demo_generate_eway_bills(required_only=False)
        elif code == "partial_dispatch":  # the next lot, invoiced by oms_dispatch's part: its IRN and bill
            self._oms_demo_send_nic_queues()
            self._oms_demo_generate_eway_bills(required_only=True)
        return result

    def _oms_demo_generate_eway_bills(self, required_only):
        """Dispatch generates the e-way bill of each planned lot (at the E-Way Bill stage, of the first lot
        whatever its value; of a later lot when its own value needs one), and it is sent."""
        for picking in self._oms_open_deliveries().filtered(lambda picking: picking._oms_is_planned()):
            if picking._oms_live_eway_bills() or (required_only and not picking._oms_ewb_requirement()[0]):
                continue
            picking.with_user(self._oms_demo_user("dispatch")).action_oms_generate_ewb()
        self._oms_demo_send_nic_queues()

    def _oms_demo_send_nic_queues(self):
        for queue in DEMO_NIC_QUEUES:
            # sudo: as the scheduled action runs (as the superuser); without its commit, as the demo is
            # loaded in one transaction.
            self.env[queue].sudo()._oms_process_pending(commit=False)
