"""Available-to-promise per warehouse on order lines (seeds 001 step 4, 003, 004).

Available is the free quantity of the order's warehouse: confirmed on-hand stock minus what is reserved
(Odoo's ``free_qty`` with the ``warehouse_id`` context, as sale_stock's availability widget reads it), never
the forecast. A line is short by what it still has to deliver, less what is already reserved for it, less
its share of that free quantity (shared out in line order within the order).
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_available_qty = fields.Float(
        string="Available",
        compute="_compute_oms_availability",
        digits="Product Unit of Measure",
        help="On hand and not reserved in the order's warehouse (confirmed stock, not forecast).",
    )
    oms_short_qty = fields.Float(
        string="Short",
        compute="_compute_oms_availability",
        digits="Product Unit of Measure",
        help="Quantity still to deliver that neither a reservation nor the free stock covers.",
    )

    @api.depends(
        "product_id",
        "product_uom",
        "product_uom_qty",
        "qty_delivered",
        "order_id.warehouse_id",
        "move_ids.quantity",
        "move_ids.state",
    )
    @api.depends_context("company")
    def _compute_oms_availability(self):
        availability = self._oms_availability()
        for line in self:
            free, short = availability.get(line, (0.0, 0.0))
            uom = line.product_id.uom_id
            line.oms_available_qty = uom._compute_quantity(free, line.product_uom) if uom else 0.0
            line.oms_short_qty = uom._compute_quantity(short, line.product_uom) if uom else 0.0

    def _oms_availability_lines(self):
        return self.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.is_storable
                and line.order_id.warehouse_id
                and line.state != "cancel"
            )
        )

    def _oms_reserved_quantities(self):
        """{sale line id: quantity reserved on its open deliveries, in the product's unit}: one grouped
        read for all lines, whatever their number.

        Only moves of the line's own product are counted here. A kit is delivered as moves of its
        components, counted in their own units (kilograms of a component against units of the kit
        are not convertible): ``_oms_reserved_components`` turns those into kits where the BoM is known."""
        reserved = defaultdict(float)
        line_ids = [line_id for line_id in self._origin.ids if line_id]
        if not line_ids:
            return reserved
        # Reservations are shown to every role on the order; reading them needs no inventory rights.
        moves = self.env["stock.move"].sudo()
        domain = [
            ("sale_line_id", "in", line_ids),
            ("state", "not in", ("done", "cancel")),
            ("location_dest_id.usage", "=", "customer"),
        ]
        groups = moves._read_group(domain, ["sale_line_id", "product_id", "product_uom"], ["quantity:sum"])
        component_lines = self.browse()
        for sale_line, product, uom, quantity in groups:
            if product == sale_line.product_id:
                reserved[sale_line.id] += uom._compute_quantity(quantity, product.uom_id)
            else:
                component_lines |= sale_line
        if component_lines:
            component_moves = moves.search([*domain, ("sale_line_id", "in", component_lines.ids)])
            for line in component_lines:
                line_moves = component_moves.filtered(lambda move, line=line: move.sale_line_id == line)
                reserved[line.id] += line._oms_reserved_components(line_moves)
        return reserved

    def _oms_reserved_components(self, moves):
        """Kits of this line reserved through ``moves`` of other products (its components), in the
        line's product unit. Without manufacturing installed no BoM tells how many components make one
        kit, so none is counted: the line shows its whole open quantity as not yet reserved."""
        self.ensure_one()
        return 0.0

    def _oms_availability(self):
        """{line: (free quantity of its warehouse, shortage)} in the product's unit, for storable lines.

        Set-based: one grouped read of reservations and one quantity read per warehouse (Odoo's own
        ``_compute_quantities_dict`` groups the quants), whatever the number of lines."""
        lines = self._oms_availability_lines()
        reserved = lines._oms_reserved_quantities()
        free = {}
        for warehouse, warehouse_lines in lines.grouped(lambda line: line.order_id.warehouse_id).items():
            products = warehouse_lines.product_id.with_context(warehouse_id=warehouse.id)
            free.update({(warehouse.id, product.id): product.free_qty for product in products})
        # Free stock is shared out within each order, first line first (as the purchase shortage does).
        remaining = {}
        result = {}
        for line in lines.sorted(lambda record: (record.order_id.id or 0, record.sequence, record.id or 0)):
            product, warehouse = line.product_id, line.order_id.warehouse_id
            key = (line.order_id.id, warehouse.id, product.id)
            remaining.setdefault(key, max(free[(warehouse.id, product.id)], 0.0))
            to_deliver = line.product_uom._compute_quantity(
                max(line.product_uom_qty - line.qty_delivered, 0.0), product.uom_id
            )
            uncovered = max(to_deliver - reserved.get(line._origin.id, 0.0), 0.0)
            taken = min(remaining[key], uncovered)
            remaining[key] -= taken
            short = uncovered - taken
            if float_compare(short, 0.0, precision_rounding=product.uom_id.rounding) <= 0:
                short = 0.0
            result[line] = (free[(warehouse.id, product.id)], short)
        return result


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_check_all_lines_available(self):
        # sudo: stock levels are the warehouse's data; whether goods are there is a fact for every role.
        short = self.sudo().order_line.filtered(
            lambda line: (
                float_compare(line.oms_short_qty, 0.0, precision_rounding=line.product_uom.rounding) > 0
            )
        )
        return [
            self.env._(
                "%(product)s of order %(order)s is short by %(qty)s %(uom)s in %(warehouse)s.",
                product=line.product_id.display_name,
                order=self.name,
                qty=f"{line.oms_short_qty:g}",
                uom=line.product_uom.name,
                warehouse=self.warehouse_id.name,
            )
            for line in short
        ]
