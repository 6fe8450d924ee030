"""Finished Products stage (seed 002): the finished quantity of each manufactured line, the destination
(finished-goods) warehouse and the transfer bringing the goods into it, linked to the order; readiness
from the finished quantities (manufactured lines) and from what Odoo has reserved or delivered (other
goods lines); a quality hold that blocks the move to invoicing."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_PRODUCTION

READINESS = [("not_ready", "Not Ready"), ("partial", "Partial"), ("ready", "Ready for Invoice")]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_qc_hold = fields.Boolean(string="Quality Hold", readonly=True, copy=False, tracking=True)
    oms_finished_readiness = fields.Selection(
        READINESS, string="Readiness", compute="_compute_oms_finished_readiness"
    )
    oms_finished_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Finished Goods Warehouse",
        compute="_compute_oms_finished_warehouse_id",
        store=True,
        readonly=False,
        copy=False,
        domain="[('company_id', '=', company_id)]",
        help="Where the finished goods are received; the order's warehouse unless Production chooses another.",
    )
    oms_finished_picking_ids = fields.One2many(
        "stock.picking", "oms_finished_order_id", string="Finished Goods Receipts", readonly=True
    )
    oms_finished_picking_count = fields.Integer(
        string="Finished Receipts", compute="_compute_oms_finished_picking_count"
    )

    @api.model
    def _oms_protected_fields(self):
        return super()._oms_protected_fields() | {"oms_qc_hold"}

    @api.model
    def _oms_production_fields(self):
        return super()._oms_production_fields() | {"oms_finished_warehouse_id"}

    @api.depends("warehouse_id")
    def _compute_oms_finished_warehouse_id(self):
        for order in self:
            if not order.oms_finished_warehouse_id:
                order.oms_finished_warehouse_id = order.warehouse_id

    @api.depends("oms_finished_picking_ids")
    def _compute_oms_finished_picking_count(self):
        for order in self:
            order.oms_finished_picking_count = len(order.oms_finished_picking_ids)

    def _oms_readiness(self, lines, facts, manufactured):
        """Readiness of the order's goods ``lines`` given its goods facts (see _oms_goods_facts) and its
        manufactured lines among them (see _oms_manufactured_among). A
        manufactured line is covered by its finished quantity; another goods line by what is delivered plus
        reserved or in progress on open deliveries. Compared at the precision of product quantities, as
        sale_stock compares ordered and delivered quantities."""
        self.ensure_one()
        covered = {
            line: line.oms_finished_qty
            if line in manufactured
            else line.qty_delivered + facts.open_quantities[line]
            for line in lines
        }
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        if lines and all(
            float_compare(covered[line], line.product_uom_qty, precision_digits=precision) >= 0
            for line in lines
        ):
            return "ready"
        if any(quantity > 0 for quantity in covered.values()):
            return "partial"
        return "not_ready"

    @api.depends("order_line.move_ids.quantity", "order_line.qty_delivered", "order_line.oms_finished_qty")
    def _compute_oms_finished_readiness(self):
        for order in self:
            lines = order._oms_goods_lines()
            facts = order._oms_goods_facts(lines)
            manufactured = order._oms_manufactured_among(lines, facts)
            order.oms_finished_readiness = order._oms_readiness(lines, facts, manufactured)

    def _oms_check_finished_goods_ready(self):
        failures = []
        lines = self._oms_goods_lines()
        facts = self._oms_goods_facts(lines)
        manufactured = self._oms_manufactured_among(lines, facts)
        if self.oms_qc_hold:
            failures.append(
                self.env._("Order %(order)s is on quality hold: QC must release it.", order=self.name)
            )
        if self._oms_readiness(lines, facts, manufactured) != "ready":
            failures.append(
                self.env._(
                    "The goods of order %(order)s are not all finished and reserved in the warehouse yet.",
                    order=self.name,
                )
            )
        if manufactured and not self.oms_finished_picking_ids.filtered(
            lambda picking: picking.state != "cancel"
        ):
            failures.append(
                self.env._(
                    "Receive the finished goods of %(order)s into %(warehouse)s first (Receive Finished Goods).",
                    order=self.name,
                    warehouse=self.oms_finished_warehouse_id.name
                    or self.env._("the finished-goods warehouse"),
                )
            )
        return failures

    # ----- finished goods receipt -----

    def _oms_finished_received(self, line):
        """Quantity of a line already on a finished-goods transfer that is not cancelled, in its unit."""
        moves = self.oms_finished_picking_ids.move_ids.filtered(
            lambda move: move.state != "cancel" and move.sale_line_id == line
        )
        return sum(
            move.product_uom._compute_quantity(move.product_uom_qty, line.product_uom) for move in moves
        )

    def _oms_finished_source_location(self):
        """Where manufacturing put the goods: the finished location of the order's manufacturing orders,
        else the order's warehouse stock."""
        productions = self._oms_productions()
        return productions[:1].location_dest_id or self.warehouse_id.lot_stock_id

    def action_oms_receive_finished(self):
        """Create the transfer bringing the finished quantities not yet received into the destination
        warehouse's stock, linked to the order."""
        self.ensure_one()
        self._oms_check_production_fields({"oms_finished_picking_ids"})
        warehouse = self.oms_finished_warehouse_id
        if not warehouse:
            raise UserError(
                self.env._("Choose the finished-goods warehouse of %(order)s first.", order=self.name)
            )
        source = self._oms_finished_source_location()
        destination = warehouse.lot_stock_id
        moves = []
        for line in self._oms_manufactured_lines():
            quantity = line.oms_finished_qty - self._oms_finished_received(line)
            if float_compare(quantity, 0.0, precision_rounding=line.product_uom.rounding) <= 0:
                continue
            moves.append(
                Command.create(
                    {
                        "name": line.name,
                        "product_id": line.product_id.id,
                        "product_uom_qty": quantity,
                        "product_uom": line.product_uom.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "sale_line_id": line.id,
                    }
                )
            )
        if not moves:
            raise UserError(
                self.env._(
                    "Nothing to receive for %(order)s: record the finished quantity of its manufactured lines "
                    "first.",
                    order=self.name,
                )
            )
        # Production need not be an inventory manager; the transfer is the stage's own document.
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": self.name,
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "oms_finished_order_id": self.id,
                    "move_ids": moves,
                }
            )
        )
        picking.action_confirm()
        self.message_post(
            body=self.env._("Finished goods transfer %(picking)s created.", picking=picking.name),
            subtype_xmlid="mail.mt_note",
        )
        return self.action_oms_view_finished_receipts()

    def action_oms_view_finished_receipts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("oms_finished_order_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.oms_finished_picking_ids) == 1:
            action.update(
                {"view_mode": "form", "views": [(False, "form")], "res_id": self.oms_finished_picking_ids.id}
            )
        return action

    def _oms_set_qc_hold(self, hold, note=None):
        if not self.env.user.has_group(GROUP_PRODUCTION):
            raise AccessError(self.env._("Only Production may put an order on quality hold or release it."))
        self._oms_write_protected({"oms_qc_hold": hold})
        for order in self:
            order.message_post(
                body=note or (self.env._("Quality hold") if hold else self.env._("Quality released"))
            )
        return True

    def action_oms_qc_hold(self):
        return self._oms_set_qc_hold(True)

    def action_oms_qc_release(self):
        return self._oms_set_qc_hold(False)
