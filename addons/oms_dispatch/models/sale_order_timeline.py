"""Timeline entries of the dispatch documents: purchase orders and their receipts, the shipment plan,
each dispatched tranche with its challan, and each proof of delivery; and the tranches with their challans
on the customer's portal page."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_timeline_entries(self):
        entries = super()._oms_timeline_entries()
        entry = self._oms_timeline_entry
        # Every role follows the order's documents on its timeline; opening one still checks the user's
        # rights on that document.
        order = self.sudo()
        purchases = order._get_purchase_orders()
        for purchase in purchases:
            entries.append(
                entry(
                    purchase.date_approve or purchase.date_order,
                    "purchase",
                    self.env._(
                        "Purchase order %(name)s to %(vendor)s",
                        name=purchase.name,
                        vendor=purchase.partner_id.name,
                    ),
                    purchase.user_id,
                    purchase,
                    self._oms_selection_label(purchase, "state"),
                )
            )
        for receipt in purchases.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "incoming"
        ):
            entries.append(
                entry(
                    receipt.date_done or None,
                    "receipt",
                    self.env._("Receipt %(name)s", name=receipt.name),
                    receipt.user_id,
                    receipt,
                    self._oms_selection_label(receipt, "state"),
                )
            )
        if order.oms_transporter_id or order.oms_vehicle_number:
            entries.append(
                entry(
                    order.oms_expected_dispatch_date or None,
                    "shipment",
                    self.env._(
                        "Shipment planned: %(transporter)s, vehicle %(vehicle)s, LR %(lr)s",
                        transporter=order.oms_transporter_id.name or "-",
                        vehicle=order.oms_vehicle_number or "-",
                        lr=order.oms_lr_number or "-",
                    ),
                )
            )
        deliveries = order.picking_ids.filtered(lambda picking: picking.picking_type_code == "outgoing")
        for picking in deliveries:
            entries.append(order._oms_timeline_delivery_entry(picking))
            if picking.oms_pod_date:
                entries.append(
                    entry(
                        picking.oms_pod_date,
                        "pod",
                        self.env._(
                            "Proof of delivery of %(name)s, received by %(receiver)s",
                            name=picking.name,
                            receiver=picking.oms_pod_receiver or "-",
                        ),
                        record=picking,
                    )
                )
        return entries

    def _oms_timeline_delivery_entry(self, picking):
        """A delivery: once done, a dispatched tranche with its challan; before, the open delivery."""
        dispatched = picking.state == "done"
        title = (
            self.env._(
                "Dispatch %(name)s: vehicle %(vehicle)s, LR %(lr)s",
                name=picking.name,
                vehicle=picking.oms_vehicle_number or "-",
                lr=picking.oms_lr_number or "-",
            )
            if dispatched
            else self.env._("Delivery %(name)s", name=picking.name)
        )
        challan = (
            f"/report/pdf/oms_dispatch.report_delivery_challan/{picking.id}"
            if dispatched and not picking.oms_tranche_cancelled
            else None
        )
        return self._oms_timeline_entry(
            picking.date_done or None,
            "dispatch" if dispatched else "delivery",
            title,
            picking.user_id,
            picking,
            self._oms_selection_label(picking, "state"),
            challan,
        )

    # ----- the same documents on the customer's portal page -----

    def _oms_portal_tranches(self):
        return self.picking_ids.filtered(lambda picking: picking._oms_is_tranche()).sorted("date_done")

    def _oms_portal_dispatches(self):
        """Dispatched tranches as dicts: ``date``, ``name``, ``vehicle``, ``lr``, ``transporter``,
        ``eway_bill`` (text), ``challan_url``."""
        self.ensure_one()
        dispatches = []
        for picking in self._oms_portal_tranches():
            dispatches.append(
                {
                    "date": picking.oms_dispatch_date or picking.date_done,
                    "name": picking.name,
                    "vehicle": picking.oms_vehicle_number or "",
                    "lr": picking.oms_lr_number or "",
                    "transporter": picking.oms_transporter_id.name or "",
                    "eway_bill": picking._oms_eway_bill_summary(),
                    "challan_url": self._oms_portal_url(f"challan/{picking.id}"),
                }
            )
        return dispatches

    def _oms_portal_challan(self, picking_id):
        """(report xmlid, tranche) of a challan of this order the customer may download, or None."""
        self.ensure_one()
        picking = self._oms_portal_tranches().filtered(lambda record: record.id == picking_id)
        return ("oms_dispatch.action_report_delivery_challan", picking) if picking else None
