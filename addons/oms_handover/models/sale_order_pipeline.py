"""sale.order in the pipeline: it uses the engine (oms.pipeline.mixin) and says what the engine needs to
know of an order: its goods lines and what is dispatched, the facts of its own lines, and what cancelling
and setting back to quotation do."""

from odoo import models
from odoo.tools import float_compare

from ..oms_pipeline.applicability import OrderFacts


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "oms.pipeline.mixin"]

    def _oms_order_facts(self):
        """Facts that decide which stages apply. oms_dispatch adds purchase and manufacturing needs,
        oms_gst_india the e-way bill regime."""
        self.ensure_one()
        return OrderFacts(fully_dispatched=self._oms_is_fully_dispatched())

    def _oms_goods_lines(self):
        """The lines that carry goods: not sections, notes or services."""
        if not all(isinstance(order_id, int) for order_id in self.ids):  # unsaved order (onchange)
            return self.order_line.filtered(
                lambda line: not line.display_type and line.product_id.type != "service"
            )
        # One query for the lines and the fields the checks read, rather than reading every line and its
        # product: this runs in the checks of every stage move. sudo: the lines of an order the user can
        # already read (the product's type is filtered in SQL without the product rules' own lookups);
        # the result is handed back in the caller's environment.
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search_fetch(
                [
                    ("order_id", "in", self.ids),
                    ("display_type", "=", False),
                    ("product_id.type", "!=", "service"),
                ],
                ["order_id", "product_id", "product_uom", "product_uom_qty", "qty_delivered"],
            )
        )
        return lines.with_env(self.env)

    def _oms_is_fully_dispatched(self):
        lines = self._oms_goods_lines()
        return bool(lines) and all(
            float_compare(
                line.qty_delivered, line.product_uom_qty, precision_rounding=line.product_uom.rounding
            )
            >= 0
            for line in lines
        )

    def _oms_dispatched_quantity(self):
        return sum(self._oms_goods_lines().mapped("qty_delivered"))

    def _oms_cancel_one(self, reason, note):
        self.ensure_one()
        for document in self._oms_documents_to_review():
            document._oms_schedule_queued(
                "mail.mail_activity_data_todo",
                summary=self.env._("Order %(order)s cancelled: review", order=self.name),
                note=self.env._("Reason: %(reason)s. %(note)s", reason=reason.name, note=note or ""),
                user_id=document.user_id.id or self.env.uid,
            )
        # Odoo's own cancel voids draft invoices and cancels open deliveries.
        self.with_context(disable_cancel_warning=True)._action_cancel()
        self._oms_write_protected({"oms_cancel_reason_id": reason.id})
        history_note = reason.name + (f": {note}" if note else "")
        self.env["oms.stage.history"].sudo().create(
            self._oms_history_values(self.oms_stage_id, None, "cancel", history_note)
        )
        self.message_post(body=self.env._("Order cancelled. Reason: %(reason)s", reason=history_note))
        if self.company_id.oms_send_cancel_mail:
            template = self.env.ref("sale.mail_template_sale_cancellation", raise_if_not_found=False)
            if template:
                self._oms_post_customer_mail(template)

    def action_draft(self):
        reopened = self.filtered(lambda order: order.state == "cancel" and order.oms_stage_id)
        result = super().action_draft()
        for order in reopened:
            self.env["oms.stage.history"].sudo().create(
                order._oms_history_values(
                    order.oms_stage_id, None, "reopen", self.env._("Set back to quotation")
                )
            )
            order.message_post(
                body=self.env._("Reopened: set back to quotation."), subtype_xmlid="mail.mt_note"
            )
            # Back to a quotation: the order re-enters the pipeline at Sale Order on confirmation.
            order._oms_write_protected(
                {"oms_stage_id": False, "oms_stage_date": False, "oms_cancel_reason_id": False}
            )
        return result
