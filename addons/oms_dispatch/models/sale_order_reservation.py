"""Stock is reserved after approval, not while an order waits on one.

Odoo reserves an order's goods when the order is confirmed. An order that waits on an approval (the credit
check's hold or refusal, or an approval of the company's approval matrix waiting or rejected) must not lock
stock other customers' approved orders need: its reservations are released and no reservation is made for
it (Check Availability, the scheduler, a new move) until it is approved. On the approval the reservation is
made, and the warehouse (the company's Dispatch member) gets an activity on each delivery with the pick list
attached. ``sale.order._oms_awaiting_approval`` (oms_handover) is the one place that says which orders wait.
"""

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH

OPEN_PICKING_STATES = ("waiting", "confirmed", "assigned")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_open_pickings(self):
        return self.picking_ids.filtered(lambda picking: picking.state in OPEN_PICKING_STATES)

    def _oms_check_credit(self):
        result = super()._oms_check_credit()
        self.filtered(lambda order: order._oms_awaiting_approval())._oms_release_reservation()
        return result

    def _oms_decide_credit(self, state, note):
        result = super()._oms_decide_credit(state, note)
        self.filtered(lambda order: not order._oms_awaiting_approval())._oms_reserve_after_approval()
        return result

    def _oms_hold_changed(self, was_held):
        result = super()._oms_hold_changed(was_held)
        held = self.filtered(lambda order: order._oms_awaiting_approval())
        if not was_held:
            held._oms_release_reservation()
        else:
            (self - held)._oms_reserve_after_approval()
        return result

    def _oms_release_reservation(self):
        for order in self:
            pickings = order._oms_open_pickings()
            if pickings.move_ids.move_line_ids:
                # sudo: the user whose action put the order on hold may not unreserve stock; the hold decides it.
                pickings.sudo().do_unreserve()
                order.message_post(
                    body=self.env._("Stock released: nothing is reserved while the order waits on approval."),
                    subtype_xmlid="mail.mt_note",
                )

    def _oms_reserve_after_approval(self):
        """Reserve the approved orders' goods and hand the warehouse the pick list."""
        report = self.env.ref("stock.action_report_picking")
        for order in self:
            pickings = order._oms_open_pickings()
            if not pickings:
                continue
            # sudo: Finance approves; reserving stock and printing the pick list are the warehouse's
            # rights, exercised here on the warehouse's behalf for exactly these deliveries.
            pickings.sudo().action_assign()
            pdf, _kind = self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, pickings.ids)
            assignee = order._oms_team_assignee(GROUP_DISPATCH)
            # sudo: Finance may not write deliveries; the note and the activity are the warehouse's to read.
            for picking in pickings.sudo():
                picking.message_post(
                    body=self.env._(
                        "%(order)s was approved: its goods are reserved. The pick list is attached.",
                        order=order.name,
                    ),
                    attachments=[(f"Pick list {order.name}.pdf", pdf)],
                    subtype_xmlid="mail.mt_note",
                )
                picking._oms_schedule_queued(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Pick %(order)s: approved", order=order.name),
                    note=self.env._(
                        "%(customer)s. Availability: %(state)s. The pick list is on the delivery.",
                        customer=order.partner_id.name,
                        state=dict(picking._fields["state"].selection)[picking.state],
                    ),
                    user_id=assignee.id,
                )


class StockMove(models.Model):
    _inherit = "stock.move"

    def _oms_held_for_approval(self):
        """The moves that take goods for an order waiting on approval (pick, pack, delivery). A customer's
        return comes back from the customer: the approval has nothing to release there."""
        return self.filtered(
            lambda move: (
                move.sale_line_id
                and move.location_id.usage != "customer"
                and move.sale_line_id.order_id._oms_awaiting_approval()
            )
        )

    def _action_assign(self, force_qty=False):
        return super(StockMove, self - self._oms_held_for_approval())._action_assign(force_qty=force_qty)


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        """No stock is taken for a held order by hand either: a quantity typed on its delivery's operations
        would reserve (and pick) goods the approval has not released."""
        move_ids = {vals["move_id"] for vals in vals_list if vals.get("move_id")}
        held = self.env["stock.move"].browse(move_ids)._oms_held_for_approval().sale_line_id.order_id
        if held:
            raise UserError(
                self.env._(
                    "%(orders)s waits for approval: nothing may be reserved or picked for it until it is approved.",
                    orders=", ".join(held.mapped("name")),
                )
            )
        return super().create(vals_list)
