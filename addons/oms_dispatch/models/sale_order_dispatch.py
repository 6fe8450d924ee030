"""Partial and complete dispatch (seed 002): tranches validated through Odoo's own delivery with
backorders, cumulative dispatched never above ordered (checked under a row lock), challans, the
completion mail, the header lock, and proof of delivery."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH

from ..oms_logistics.dispatch_quantities import DispatchQuantityError, plan_tranche
from .oms_shipment_mixin import SHIPMENT_FIELDS

CLOSED_CODES = ("complete_dispatch", "customer_feedback")
# What the customer agreed to and where the goods go: frozen once the order is completely dispatched.
LOCKED_HEADER_FIELDS = {
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "client_order_ref",
    "oms_agreed_date",
    "warehouse_id",
    "payment_term_id",
    "pricelist_id",
    "commitment_date",
    "oms_expected_dispatch_date",
    *SHIPMENT_FIELDS,
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_tranche_count = fields.Integer(string="Tranches", compute="_compute_oms_tranche_count")

    def _compute_oms_tranche_count(self):
        for order in self:
            order.oms_tranche_count = len(
                order.picking_ids.filtered(lambda picking: picking._oms_is_tranche())
            )

    def write(self, vals):
        if not self.env.su and LOCKED_HEADER_FIELDS & set(vals):
            closed = self.filtered(lambda order: order.locked and order.oms_stage_id.code in CLOSED_CODES)
            if closed:
                raise UserError(
                    self.env._(
                        "Order %(order)s is completely dispatched and its header is locked; only the "
                        "feedback may change. A sales manager may unlock it.",
                        order=closed[0].name,
                    )
                )
        return super().write(vals)

    # ----- tranches -----

    def _oms_lock_for_dispatch(self):
        """Hold the order's row until commit (the engine's NOWAIT lock). A second user dispatching the same
        order meanwhile is refused, also when the first has already committed (Odoo's repeatable-read
        snapshot then fails the lock), so quantities are always checked against what is really dispatched."""
        self.ensure_one()
        self._oms_lock()
        self.env.invalidate_all()

    def _oms_plan_tranche(self, quantities, dispatch_date=None, vehicle_number=None):
        """Plan one tranche (the pick confirmation): ``quantities`` maps sale lines to quantities in the
        line's unit; they are set as picked on the open delivery, which becomes this consignment. Its
        documents are made for exactly these quantities; it leaves when the delivery is validated.
        Returns the delivery picking."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_DISPATCH):
            raise AccessError(
                self.env._("Only Dispatch may plan the tranches of order %(order)s.", order=self.name)
            )
        return self._oms_pick_tranche(quantities, dispatch_date, vehicle_number)

    def _oms_pick_tranche(self, quantities, dispatch_date=None, vehicle_number=None):
        """The work of Plan Tranche, with every check but the role's: for the flows in which the system
        plans a tranche on a user's action that is not Dispatch's (a cash-and-carry sale on confirmation)."""
        self.ensure_one()
        self._oms_lock_for_dispatch()
        tranche = self._oms_checked_tranche(quantities)
        self._oms_check_stock_for_tranche(tranche)
        picking = self._oms_open_deliveries().filtered(lambda p: p.location_dest_id.usage == "customer")[:1]
        if not picking:
            raise UserError(
                self.env._("Order %(order)s has no open delivery to dispatch from.", order=self.name)
            )
        invoice = picking.oms_tranche_invoice_id.filtered(lambda move: move.state != "cancel")
        planned = {
            self.env["sale.order.line"].browse(line_id): quantity for line_id, quantity in tranche.items()
        }
        if invoice and invoice._oms_sale_lines_differing(planned):
            raise UserError(
                self.env._(
                    "Delivery %(picking)s is already invoiced (%(invoice)s) for its planned quantities; "
                    "dispatch it as planned, or have Finance credit the invoice before planning again.",
                    picking=picking.name,
                    invoice=invoice.name,
                )
            )
        for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            quantity = tranche.get(move.sale_line_id.id, 0.0)
            quantity = move.sale_line_id.product_uom._compute_quantity(quantity, move.product_uom)
            # Each sale line is dispatched once per tranche, on its first open move.
            tranche.pop(move.sale_line_id.id, None)
            move.write({"quantity": quantity, "picked": bool(quantity)})
        if tranche:
            raise UserError(
                self.env._(
                    "Some lines have no open delivery move; check the delivery of %(order)s.", order=self.name
                )
            )
        values = {"oms_dispatch_date": dispatch_date or fields.Date.context_today(self)}
        if vehicle_number:
            values["oms_vehicle_number"] = vehicle_number
        picking.write(values)
        # A later lot of a supply invoiced once travels on its own numbered delivery challan (Rule 55(5)).
        picking._oms_assign_challan_number()
        picking.message_post(body=self.env._("Tranche planned: quantities picked for dispatch."))
        return picking

    def _oms_dispatch_tranche(self, quantities=None, dispatch_date=None, vehicle_number=None):
        """Dispatch one tranche: plan ``quantities`` when given (else the planned tranche leaves as it is),
        then validate its delivery, which runs the dispatch checks (stock_picking_tranche.py).
        Returns the validated delivery picking."""
        self.ensure_one()
        if quantities is not None:
            picking = self._oms_plan_tranche(quantities, dispatch_date, vehicle_number)
        else:
            picking = self._oms_planned_tranche()
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "The delivery %(picking)s needs attention before it can be validated.",
                    picking=picking.name,
                )
            )
        return picking

    def _oms_checked_tranche(self, quantities):
        """{sale line id: quantity} of a tranche of ``quantities`` ({sale line: quantity}), refused with a
        UserError when it is empty or would take a line beyond what is ordered (oms_logistics' rule)."""
        lines = self._oms_goods_lines()
        try:
            return plan_tranche(
                {line.id: line.product_uom_qty for line in lines},
                {line.id: line.qty_delivered for line in lines},
                {line.id: quantity for line, quantity in quantities.items()},
                rounding={line.id: line.product_uom.rounding for line in lines},
                line_labels={line.id: line._oms_label() for line in lines},
            )
        except DispatchQuantityError as error:
            raise UserError(self.env._(error.template, **error.params)) from error  # pylint: disable=translation-required

    def _oms_check_stock_for_tranche(self, tranche):
        # ``tranche``: {sale line id: quantity in the line's unit}.
        """Refuse a tranche larger than the stock there is: Odoo would validate it by forcing the missing
        quantity out of the location (a negative quant). Available to a line is what is reserved for it on
        the delivery plus the free quantity of the delivery's source location."""
        picking = self._oms_open_deliveries().filtered(lambda p: p.location_dest_id.usage == "customer")[:1]
        if not picking:
            return
        lines = self.env["sale.order.line"].browse(list(tranche)).filtered("product_id.is_storable")
        reserved = lines._oms_reserved_quantities()
        products = lines.product_id.with_context(location=picking.location_id.id)
        free = {product: product.free_qty for product in products}
        for line in lines:
            product = line.product_id
            wanted = line.product_uom._compute_quantity(tranche[line.id], product.uom_id)
            available = reserved.get(line.id, 0.0) + max(free[product], 0.0)
            if float_compare(wanted, available, precision_rounding=product.uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "Line %(line)s: only %(available)s %(unit)s are in stock at %(location)s, "
                        "%(wanted)s asked. Dispatch at most the available quantity or receive the goods "
                        "first; stock never goes negative.",
                        line=line._oms_label(),
                        available=available,
                        unit=product.uom_id.name,
                        location=picking.location_id.display_name,
                        wanted=wanted,
                    )
                )
            free[product] -= max(wanted - reserved.get(line.id, 0.0), 0.0)

    def _oms_after_move(self, previous, stage):
        result = super()._oms_after_move(previous, stage)
        if stage.code == "complete_dispatch":
            self._oms_complete_dispatch()
        return result

    def _oms_complete_dispatch(self):
        """Lock the header (Odoo's own lock) and queue the customer's dispatch-completed mail with the final
        challan and the dispatch summary."""
        self.ensure_one()
        # Locking is the system's consequence of the move the engine just allowed, whatever the user's rights.
        self.sudo().action_lock()
        template = self.env.ref("oms_dispatch.mail_template_dispatch_complete", raise_if_not_found=False)
        if not template:
            return
        self._oms_post_customer_mail(template, preparer="_oms_dispatch_complete_attachments")

    def _oms_dispatch_complete_attachments(self):
        """The dispatch-completed mail's PDFs, rendered when the mail is sent: the dispatch summary and the
        final tranche's challan."""
        self.ensure_one()
        # date_done keeps whole seconds: two tranches left within one second are told apart by their order
        # of creation (each later tranche is the backorder of the one before).
        final = self.picking_ids.filtered(
            lambda picking: picking._oms_is_tranche() and picking.date_done
        ).sorted(lambda picking: (picking.date_done, picking.id))[-1:]
        attachments = self._oms_report_attachment(
            "oms_dispatch.action_report_dispatch_summary", self, f"Dispatch Summary {self.name}"
        )
        if final:
            attachments |= self._oms_report_attachment(
                "oms_dispatch.action_report_delivery_challan", final, f"Challan {final.name}"
            )
        # Explicit attachments replace the template's own reports in the composer: both are passed.
        return {"attachment_ids": attachments.ids}

    def _oms_report_attachment(self, report_xmlid, records, name):
        content, kind = self.env["ir.actions.report"]._render_qweb_pdf(report_xmlid, records.ids)
        return self.env["ir.attachment"].create(
            {
                "name": f"{name.replace('/', '-')}.{kind}",
                "raw": content,
                "res_model": "sale.order",
                "res_id": self.id,
            }
        )

    # ----- proof of delivery -----

    def _oms_check_pod(self):
        """Every tranche delivered and the order fully dispatched: the board shows Delivered."""
        for order in self.filtered(lambda record: not record.oms_pod_received):
            tranches = order.picking_ids.filtered(lambda picking: picking._oms_is_tranche())
            if tranches and all(tranches.mapped("oms_pod_date")) and order._oms_is_fully_dispatched():
                order._oms_write_protected({"oms_pod_received": True})
                order.message_post(body=self.env._("Proof of delivery received for every tranche."))
