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

    def _oms_open_customer_quantities(self, lines):
        """Quantity reserved or in progress on open deliveries to the customer, per line, in the line's unit:
        one search over the lines' moves (this runs in the Finished Products check of every move)."""
        if not lines or not all(isinstance(line_id, int) for line_id in lines.ids):
            return {
                line: sum(
                    move.product_uom._compute_quantity(move.quantity, line.product_uom)
                    for move in line.move_ids
                    if move.state not in ("done", "cancel") and move.location_dest_id.usage == "customer"
                )
                for line in lines
            }
        moves = self.env["stock.move"].search_fetch(
            [
                ("sale_line_id", "in", lines.ids),
                ("state", "not in", ("done", "cancel")),
                ("location_dest_id.usage", "=", "customer"),
            ],
            ["sale_line_id", "quantity", "product_uom"],
        )
        quantities = dict.fromkeys(lines, 0.0)
        for move in moves:
            line = move.sale_line_id
            quantities[line] += move.product_uom._compute_quantity(move.quantity, line.product_uom)
        return quantities

    def _oms_readiness(self, manufactured, goods_lines=None):
        """Readiness of the order's goods lines, given its manufactured lines (found once by the caller:
        finding them searches bills of materials and productions). A manufactured line is covered by its
        finished quantity; another goods line by what is delivered plus reserved on open deliveries."""
        self.ensure_one()
        lines = self._oms_goods_lines() if goods_lines is None else goods_lines
        open_quantities = self._oms_open_customer_quantities(lines - manufactured)
        covered = {
            line: line.oms_finished_qty
            if line in manufactured
            else line.qty_delivered + open_quantities[line]
            for line in lines
        }
        if lines and all(
            float_compare(covered[line], line.product_uom_qty, precision_rounding=line.product_uom.rounding)
            >= 0
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
            order.oms_finished_readiness = order._oms_readiness(order._oms_manufactured_lines(lines), lines)

    def _oms_check_finished_goods_ready(self):
        failures = []
        lines = self._oms_goods_lines()
        manufactured = self._oms_manufactured_lines(lines)
        if self.oms_qc_hold:
            failures.append(
                self.env._("Order %(order)s is on quality hold: QC must release it.", order=self.name)
            )
        if self._oms_readiness(manufactured, lines) != "ready":
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
