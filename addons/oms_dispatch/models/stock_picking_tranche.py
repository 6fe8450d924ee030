"""A delivery of a pipeline order is a tranche: one consignment with a life of its own.

planned (quantities picked: the pick confirmation) → documented (its own tax invoice, or the supply's
invoice plus a delivery challan for a later lot) → ready (e-way bill generated, or not needed for its value)
→ dispatched (the delivery validated: the goods left) → delivered (proof of delivery).

Goods of a pipeline order leave only through the engine: validating such a delivery by any path (the
Inventory button, JSON-RPC ``button_validate``, the backorder wizard) runs the order's dispatch checks in
``_action_done`` before anything moves, and a move's own ``_action_done`` refuses delivery moves that did not
pass them (stock_move_dispatch.py). Receipts, internal transfers, returns and orders outside the pipeline
are untouched.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

TRANCHE_STATES = [
    ("open", "To Plan"),
    ("planned", "Planned"),
    ("documented", "Documents Ready"),
    ("ready", "Ready to Leave"),
    ("dispatched", "Dispatched"),
    ("delivered", "Delivered"),
]
# Transaction-local set of deliveries whose dispatch checks passed in this transaction (see
# stock_move_dispatch.py). Kept on the cursor, never in the context: a JSON-RPC caller sets the context.
CLEARED_KEY = "oms_dispatch_cleared_picking_ids"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_tranche_invoice_id = fields.Many2one(
        "account.move",
        string="Tranche Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The tax invoice made for exactly this consignment's quantities (policy: an invoice per tranche).",
    )
    oms_tranche_state = fields.Selection(
        TRANCHE_STATES,
        string="Tranche",
        compute="_compute_oms_tranche_state",
        help="Where this consignment stands: planned, documents ready, ready to leave, dispatched, delivered.",
    )

    # ----- what a tranche is -----

    def _oms_is_pipeline_delivery(self):
        """An outgoing delivery to the customer of an order in the pipeline of a company whose goods leave
        only through it (``oms_dispatch_gate``)."""
        self.ensure_one()
        # sudo: a warehouse user may validate a delivery of an order they cannot read; only whether the
        # order is in the pipeline is read here, and the engine then checks that user's own rights.
        order = self.sudo().sale_id
        return bool(
            order
            and self.picking_type_code == "outgoing"
            and self.location_dest_id.usage == "customer"
            and order._oms_goods_leave_through_pipeline()
        )

    def _oms_tranche_moves(self):
        """The moves that leave when this delivery is validated: the picked ones (Odoo validates only
        those), or every move with a quantity when nothing is picked yet (Odoo then picks them all)."""
        self.ensure_one()
        moves = self.move_ids.filtered(lambda move: move.state not in ("done", "cancel"))
        picked = moves.filtered("picked")
        return (picked or moves).filtered(
            lambda move: float_compare(move.quantity, 0.0, precision_rounding=move.product_uom.rounding) > 0
        )

    def _oms_tranche_quantities(self):
        """{sale line: quantity in the line's unit} of this consignment; moves of no order line under False."""
        quantities = defaultdict(float)
        for move in self._oms_tranche_moves():
            line = move.sale_line_id
            unit = line.product_uom if line else move.product_uom
            quantities[line] += move.product_uom._compute_quantity(move.quantity, unit)
        return dict(quantities)

    def _oms_is_planned(self):
        self.ensure_one()
        return self.state not in ("done", "cancel") and bool(
            self.move_ids.filtered(lambda move: move.picked and move.quantity)
        )

    # ----- its state -----

    @api.depends("state", "move_ids.picked", "move_ids.quantity", "oms_pod_date", "oms_tranche_invoice_id")
    def _compute_oms_tranche_state(self):
        for picking in self:
            picking.oms_tranche_state = picking._oms_tranche_state_now()

    def _oms_tranche_state_now(self):
        self.ensure_one()
        if self.picking_type_code != "outgoing" or not self.sale_id or self.state == "cancel":
            return False
        if self.state == "done":
            return "delivered" if self.oms_pod_date else "dispatched"
        if not self._oms_is_planned():
            return "open"
        order = self.sudo().sale_id
        if order._oms_tranche_document_failures(self, self._oms_tranche_quantities()):
            return "planned"
        if order._oms_tranche_compliance_failures(self):
            return "documented"
        return "ready"

    # ----- validation goes through the engine -----

    def action_oms_dispatch(self):
        """Dispatch (the goods leave): validate this planned tranche; the rest stays in a backorder. The
        dispatch checks run in ``_action_done``, as for any other way of validating it."""
        self.ensure_one()
        if not self._oms_is_planned():
            raise UserError(
                self.env._(
                    "Delivery %(picking)s is not a planned tranche: plan it first (Plan Tranche on the order).",
                    picking=self.name,
                )
            )
        self.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if self.state != "done":
            raise UserError(
                self.env._(
                    "The delivery %(picking)s needs attention before it can be validated.", picking=self.name
                )
            )
        return True

    def _action_done(self):
        tranches = self.filtered(
            lambda picking: picking.state not in ("done", "cancel") and picking._oms_is_pipeline_delivery()
        )
        cleared = self.env.cr.cache.setdefault(CLEARED_KEY, set())
        for picking in tranches:
            picking.sale_id._oms_before_tranche_leaves(picking)
            cleared.add(picking.id)
        try:
            result = super()._action_done()
        finally:
            cleared.difference_update(tranches.ids)
        for picking in tranches:
            picking.sale_id._oms_after_tranche_left(picking)
        return result
