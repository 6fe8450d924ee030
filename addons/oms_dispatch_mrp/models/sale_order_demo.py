"""Demo data only: the work of the manufacturing stages, done by Production as it does it (see
oms_handover's sale_order_demo.py): producing the order's manufacturing orders, planning and finishing the
assembly, and receiving the finished goods into the finished-goods warehouse."""

from odoo import Command, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_demo_stage_work(self, code):
        result = super()._oms_demo_stage_work(code)
        if code == "factory_order":
            self._oms_demo_produce()
        elif code == "assembly_plan":
            self._oms_demo_assemble()
        elif code == "finished_products" and self._oms_manufactured_lines():
            self._oms_demo_receive_finished()
        return result

    def _oms_demo_produce(self):
        """The factory makes what the order's manufacturing orders ask for (Produce All, Mark as Done)."""
        production_user = self._oms_demo_user("production")
        for production in self._oms_productions().with_user(production_user).with_company(self.company_id):
            if production.state == "draft":
                production.action_confirm()
            if production.state not in ("done", "cancel"):
                production.button_mark_done()

    def _oms_demo_assemble(self):
        """Production sets the assembly date and team of the plan, and the team reports every line done."""
        production = self._oms_demo_as("production")
        staff = self.env["hr.employee"].search(
            [("oms_assembly_staff", "=", True), ("company_id", "in", (False, self.company_id.id))], limit=2
        )
        production.write(
            {
                "oms_assembly_date": fields.Date.context_today(self),
                "oms_assembly_team_ids": [Command.set(staff.ids)],
            }
        )
        for line in production.oms_assembly_line_ids.filtered(lambda line: not line.done):
            line.write({"done_qty": line.planned_qty, "done": True})

    def _oms_demo_receive_finished(self):
        """Production receives the finished goods into the finished-goods warehouse; the goods are then
        reserved for the customer's delivery."""
        production = self._oms_demo_as("production")
        if not self.oms_finished_picking_ids.filtered(lambda picking: picking.state != "cancel"):
            production.action_oms_receive_finished()
        for receipt in self.oms_finished_picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
            for move in receipt.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            # sudo: the receipt is the stage's own document (made in sudo by the action above), validated
            # by Production, who need not be an inventory user.
            receipt.sudo().with_context(skip_backorder=True).button_validate()
        self._oms_demo_reserve()
