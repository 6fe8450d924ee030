"""What the checks of a manufacturer's order read beyond its goods lines: whether a bill of materials may
apply to its products, its manufacturing orders, and what is reserved or in progress on open deliveries to
the customer. Every stage move runs the finished-goods check, so the three are read in one statement made
of the ORM's own searches (their domains, active filters and record rules), not three queries."""

from dataclasses import dataclass

from odoo import models
from odoo.tools import SQL


@dataclass(frozen=True)
class GoodsFacts:
    may_have_bom: bool
    productions: models.BaseModel  # mrp.production, not cancelled, in sudo
    open_quantities: (
        dict  # sale.order.line -> quantity on open deliveries to the customer, in the line's unit
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_bom_domain(self, products):
        """Bills of materials that may apply to ``products`` (Odoo's _bom_find decides which does)."""
        return [
            ("type", "=", "normal"),
            "|",
            ("product_id", "in", products.ids),
            ("product_tmpl_id.product_variant_ids", "in", products.ids),
        ]

    def _oms_open_delivery_domain(self, lines):
        return [
            ("sale_line_id", "in", lines.ids),
            ("state", "not in", ("done", "cancel")),
            ("location_dest_id.usage", "=", "customer"),
        ]

    def _oms_goods_facts(self, lines):
        """The goods facts of this order for its goods ``lines`` (see the module's docstring)."""
        self.ensure_one()
        # sudo: bills of materials and manufacturing orders belong to manufacturing; every role's checks
        # need to know them. Deliveries are read with the user's own rights.
        Bom = self.env["mrp.bom"].sudo()
        Production = self.env["mrp.production"].sudo()
        if not lines:
            return GoodsFacts(False, Production, {})
        if not isinstance(self.id, int) or not all(isinstance(line_id, int) for line_id in lines.ids):
            # An unsaved order (onchange): what is in memory.
            return GoodsFacts(
                bool(Bom.search_count(self._oms_bom_domain(lines.product_id), limit=1)),
                Production,
                {
                    line: sum(
                        move.product_uom._compute_quantity(move.quantity, line.product_uom)
                        for move in line.move_ids
                        if move.state not in ("done", "cancel") and move.location_dest_id.usage == "customer"
                    )
                    for line in lines
                },
            )
        Move = self.env["stock.move"]
        moves = Move._search(self._oms_open_delivery_domain(lines))
        line_column = Move._field_to_sql(moves.table, "sale_line_id", moves)
        unit_column = Move._field_to_sql(moves.table, "product_uom", moves)
        quantity_column = Move._field_to_sql(moves.table, "quantity", moves)
        moves.groupby = SQL("%s, %s", line_column, unit_column)
        [(may_have_bom, production_ids, open_rows)] = self.env.execute_query(
            SQL(
                """SELECT EXISTS(%s), ARRAY(%s),
                          (SELECT json_agg(json_build_array(line_id, unit_id, quantity))
                             FROM (%s) AS open_moves(line_id, unit_id, quantity))""",
                Bom._search(self._oms_bom_domain(lines.product_id), limit=1).select(),
                Production._search(self._oms_production_domain()).select(),
                moves.select(line_column, unit_column, SQL("SUM(%s)", quantity_column)),
            )
        )
        open_quantities = dict.fromkeys(lines, 0.0)
        lines_by_id = {line.id: line for line in lines}
        for line_id, unit_id, quantity in open_rows or ():
            line = lines_by_id[line_id]
            if unit_id != line.product_uom.id:  # the unit is read only when it differs from the line's
                quantity = self.env["uom.uom"].browse(unit_id)._compute_quantity(quantity, line.product_uom)
            open_quantities[line] += quantity
        return GoodsFacts(may_have_bom, Production.browse(production_ids), open_quantities)
