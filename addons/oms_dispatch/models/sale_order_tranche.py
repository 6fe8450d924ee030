"""The dispatch checks of a tranche and its documents, on the order that owns them.

Before a consignment leaves (``_oms_before_tranche_leaves``, called by the delivery's validation whatever
path started it), in this order, stopping at the first refusal:

1. the quantities: never more dispatched than ordered, never beyond the stock there is;
2. the engine: the order moves to Partial Dispatch, so the user's role, the order's stage and the checks of
   the stage it leaves apply exactly as for a move by hand;
3. the tranche's own blockers (``_oms_tranche_blockers``): credit cleared, the documents of exactly these
   quantities (``_oms_tranche_document_failures``) and, from the GST add-on, IRN and e-way bill
   (``_oms_tranche_compliance_failures``).

Documents follow the company's policy for goods sent in lots (CGST Rule 55(5)): an invoice per tranche, for
its picked quantities; or one invoice for the whole supply before the first lot and a numbered delivery
challan for each later lot. Either way nothing is dispatched beyond what posted invoices cover.
"""

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH, GROUP_FINANCE

LEAVING_KEY = "oms_dispatch_leaving_order_ids"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_lot_document_policy = fields.Selection(related="company_id.oms_lot_document_policy")
    oms_tranche_status = fields.Char(
        string="Open Tranche",
        compute="_compute_oms_tranche_status",
        help="The consignment being prepared and what it still needs before it may leave.",
    )

    def _compute_oms_tranche_status(self):
        labels = dict(self.env["stock.picking"]._fields["oms_tranche_state"]._description_selection(self.env))
        # sudo: the status names documents of Finance and Dispatch that a Sales user may not read; it
        # states facts of an order the user may already open, and writes nothing.
        for order in self.sudo():
            planned = order._oms_open_deliveries().filtered(lambda picking: picking._oms_is_planned())[:1]
            if not planned or order.state != "sale":
                order.oms_tranche_status = False
                continue
            blockers = order._oms_tranche_blockers(planned, planned._oms_tranche_quantities())
            order.oms_tranche_status = self.env._(
                "%(picking)s: %(state)s%(missing)s",
                picking=planned.name,
                state=labels.get(planned.oms_tranche_state, ""),
                missing=(" – " + " ".join(message for _group, message in blockers)) if blockers else "",
            )

    # ----- the gate -----

    def _oms_goods_leave_through_pipeline(self):
        """True for an order in the pipeline of a company whose goods leave only through it
        (``oms_dispatch_gate``): its deliveries pass the dispatch checks, its invoices follow the tranches."""
        self.ensure_one()
        return bool(self.oms_stage_id and self.state == "sale" and self.company_id.oms_dispatch_gate)

    def action_oms_move(self, code, note=None):
        """Partial Dispatch means goods left. Where they leave only through the pipeline
        (``oms_dispatch_gate``), the order enters it only while one of its consignments is being validated
        by ``_oms_before_tranche_leaves``: never by Next Stage, Move to… or a drag on the board, which would
        show an order as dispatched while its goods are still in the warehouse."""
        if code == "partial_dispatch":
            leaving = self.env.cr.cache.get(LEAVING_KEY, set())
            for order in self:
                if order.sudo()._oms_goods_leave_through_pipeline() and order.id not in leaving:
                    raise UserError(
                        self.env._(
                            "Order %(order)s enters Partial Dispatch when the goods of a tranche leave: plan "
                            "the tranche and use Dispatch Now (Dispatch acts).",
                            order=order.name,
                        )
                    )
        return super().action_oms_move(code, note=note)

    def _oms_before_tranche_leaves(self, picking):
        """Refuse, naming what is missing and who acts, unless the consignment ``picking`` may leave now."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_DISPATCH):
            raise AccessError(
                self.env._(
                    "Only Dispatch may let the goods of delivery %(picking)s leave: order %(order)s is in the "
                    "pipeline, and its deliveries are dispatched by the Dispatch team.",
                    picking=picking.name,
                    order=self.sudo().name,
                )
            )
        self._oms_lock_for_dispatch()
        quantities = picking._oms_tranche_quantities()
        self._oms_check_tranche_quantities(picking, quantities)
        self._oms_check_stock_for_tranche({line.id: quantity for line, quantity in quantities.items()})
        # Only here, while this consignment is being validated, may the order enter Partial Dispatch (see
        # action_oms_move below). The mark lives in the cursor's cache, which no client can set.
        leaving = self.env.cr.cache.setdefault(LEAVING_KEY, set())
        leaving.add(self.id)
        try:
            self.action_oms_move("partial_dispatch", note=self.env._("Tranche %s", picking.name))
        except UserError as error:
            raise UserError(
                self.env._(
                    "Delivery %(picking)s cannot leave yet. %(reason)s",
                    picking=picking.name,
                    reason=error.args[0],
                )
            ) from error
        finally:
            leaving.discard(self.id)
        blockers = self._oms_tranche_blockers(picking, quantities)
        if blockers:
            raise UserError(
                self.env._(
                    "Delivery %(picking)s cannot leave yet:\n%(blockers)s",
                    picking=picking.name,
                    blockers="\n".join(
                        self.env._(
                            "- %(message)s (%(team)s acts)",
                            message=message,
                            team=self._oms_group_label(group),
                        )
                        for group, message in blockers
                    ),
                )
            )

    def _oms_after_tranche_left(self, picking):
        """The consignment left: the next delivery starts from the plan; a full dispatch completes the order."""
        self.ensure_one()
        self._oms_copy_plan_to_pickings()
        self.invalidate_recordset()
        self.order_line.invalidate_recordset(["qty_delivered"])
        if self._oms_is_fully_dispatched():
            self.action_oms_move("complete_dispatch")

    def _oms_check_tranche_quantities(self, picking, quantities):
        if False in quantities:
            raise UserError(
                self.env._(
                    "Delivery %(picking)s carries goods that are not on order %(order)s; remove them first.",
                    picking=picking.name,
                    order=self.name,
                )
            )
        self._oms_checked_tranche(quantities)

    # ----- what may still block a planned tranche -----

    def _oms_tranche_blockers(self, picking, quantities):
        """(group xml id, message) pairs that keep ``picking`` from leaving; empty when it may leave."""
        self.ensure_one()
        blockers = [(GROUP_FINANCE, message) for message in self.sudo()._oms_check_credit_approved()]
        blockers += [
            (GROUP_FINANCE, message) for message in self._oms_tranche_document_failures(picking, quantities)
        ]
        blockers += self._oms_tranche_compliance_failures(picking)
        return blockers

    def _oms_tranche_compliance_failures(self, picking):
        """(group, message) pairs of the law's documents beyond the invoice; the GST add-on adds IRN and
        e-way bill. Empty here: a company outside GST needs its invoice or challan only."""
        return []

    def _oms_tranche_document_failures(self, picking, quantities):
        """Messages when the invoice or challan of exactly these quantities is missing."""
        self.ensure_one()
        order = self.sudo()  # invoices are Finance's; the dispatcher is told whether they exist
        failures = []
        policy = order.company_id.oms_lot_document_policy
        if policy == "invoice_per_tranche":
            failures += order._oms_tranche_invoice_failures(picking, quantities)
            if failures:
                return failures  # the coverage below would only repeat that the invoice is missing
        else:
            failures += order._oms_supply_invoice_failures()
            if order._oms_has_dispatched_tranche() and not picking.oms_challan_number:
                failures.append(
                    self.env._(
                        "Delivery %(picking)s is a later lot of a supply invoiced once: it travels on its own "
                        "delivery challan; plan the tranche again to number it.",
                        picking=picking.name,
                    )
                )
        covered = order._oms_posted_invoiced_quantities()
        for line, quantity in quantities.items():
            rounding = line.product_uom.rounding
            if (
                float_compare(
                    line.qty_delivered + quantity, covered.get(line, 0.0), precision_rounding=rounding
                )
                > 0
            ):
                failures.append(
                    self.env._(
                        "Line %(line)s: %(wanted)s would be dispatched in all, but posted invoices cover %(covered)s;"
                        " goods never leave beyond what is invoiced.",
                        line=line._oms_label(),
                        wanted=line.qty_delivered + quantity,
                        covered=covered.get(line, 0.0),
                    )
                )
        return failures

    def _oms_tranche_invoice_failures(self, picking, quantities):
        invoice = picking.oms_tranche_invoice_id
        if not invoice or invoice.state != "posted":
            return [
                self.env._(
                    "Post the tax invoice of delivery %(picking)s (Invoice Tranche, for its picked quantities).",
                    picking=picking.name,
                )
            ]
        differing = [line._oms_label() for line in invoice._oms_sale_lines_differing(quantities)]
        if differing:
            return [
                self.env._(
                    "Invoice %(invoice)s is not for the quantities of delivery %(picking)s (%(lines)s): "
                    "the picked quantities changed after invoicing; plan the tranche as invoiced or credit the "
                    "invoice and invoice the tranche again.",
                    invoice=invoice.name,
                    picking=picking.name,
                    lines=", ".join(differing),
                )
            ]
        return []

    def _oms_supply_invoice_failures(self):
        covered = self._oms_posted_invoiced_quantities()
        short = self._oms_goods_lines().filtered(
            lambda line: (
                float_compare(
                    covered.get(line, 0.0), line.product_uom_qty, precision_rounding=line.product_uom.rounding
                )
                < 0
            )
        )
        if not short:
            return []
        return [
            self.env._(
                "Post the tax invoice of the whole supply of order %(order)s before its first lot leaves "
                "(Invoice Whole Supply).",
                order=self.name,
            )
        ]

    def _oms_has_dispatched_tranche(self):
        return bool(self.picking_ids.filtered(lambda picking: picking._oms_is_tranche()))

    def _oms_posted_invoiced_quantities(self):
        """{sale line: quantity} on posted customer invoices less posted credit notes, in the line's unit."""
        return {
            line: line._oms_invoiced_quantity(lambda move: move.state == "posted")
            for line in self._oms_goods_lines()
        }

    # ----- documents of a tranche, made by the suite's actions -----

    def _oms_planned_tranche(self):
        self.ensure_one()
        planned = self._oms_open_deliveries().filtered(lambda picking: picking._oms_is_planned())
        if not planned:
            raise UserError(
                self.env._(
                    "Order %(order)s has no planned tranche: Dispatch plans one first (Plan Tranche).",
                    order=self.name,
                )
            )
        return planned[:1]

    def action_oms_invoice_tranche(self):
        """Finance: the draft tax invoice of the planned tranche, for exactly its picked quantities."""
        self.ensure_one()
        self._oms_check_finance()
        picking = self._oms_planned_tranche()
        existing = picking.oms_tranche_invoice_id.filtered(lambda move: move.state != "cancel")
        if existing.state == "draft":
            return existing._get_records_action()  # made earlier: Finance reviews and posts that one
        if existing:
            raise UserError(
                self.env._(
                    "Delivery %(picking)s is invoiced already (%(invoice)s).",
                    picking=picking.name,
                    invoice=existing.name,
                )
            )
        invoice = self._oms_create_invoice_for(picking._oms_tranche_quantities())
        # The link is the system's record of which consignment the invoice is for, whoever may write pickings.
        picking.sudo().oms_tranche_invoice_id = invoice
        picking.message_post(body=self.env._("Tranche invoice %s created.", invoice._get_html_link()))
        return invoice._get_records_action()

    def action_oms_invoice_supply(self):
        """Finance: one draft tax invoice for everything not yet invoiced (goods sent in lots, Rule 55(5))."""
        self.ensure_one()
        self._oms_check_finance()
        invoiced = self._oms_invoiced_quantities_not_cancelled()
        quantities = {
            line: line.product_uom_qty - invoiced.get(line, 0.0)
            for line in self._oms_goods_lines()
            if not float_is_zero(
                line.product_uom_qty - invoiced.get(line, 0.0), precision_rounding=line.product_uom.rounding
            )
        }
        if not quantities:
            raise UserError(self.env._("Order %(order)s is invoiced in full already.", order=self.name))
        invoice = self._oms_create_invoice_for(quantities)
        return invoice._get_records_action()

    def _oms_check_finance(self):
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(self.env._("Only Finance may invoice order %(order)s.", order=self.name))

    def _oms_invoiced_quantities_not_cancelled(self):
        return {
            line: line._oms_invoiced_quantity(lambda move: move.state != "cancel")
            for line in self._oms_goods_lines()
        }

    def _oms_create_invoice_for(self, quantities):
        """A draft customer invoice of ``quantities`` ({sale line: quantity}), never beyond what is ordered."""
        invoiced = self._oms_invoiced_quantities_not_cancelled()
        for line, quantity in quantities.items():
            rounding = line.product_uom.rounding
            if (
                float_compare(
                    invoiced.get(line, 0.0) + quantity, line.product_uom_qty, precision_rounding=rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Line %(line)s: %(quantity)s more would invoice it beyond the %(ordered)s ordered "
                        "(%(invoiced)s invoiced already).",
                        line=line._oms_label(),
                        quantity=quantity,
                        ordered=line.product_uom_qty,
                        invoiced=invoiced.get(line, 0.0),
                    )
                )
        values = self._prepare_invoice()
        values["invoice_line_ids"] = [
            Command.create(line._prepare_invoice_line(quantity=quantity, sequence=sequence))
            for sequence, (line, quantity) in enumerate(quantities.items(), start=1)
        ]
        # sudo(False) keeps the Finance user's own rights on the invoice; create as them.
        invoice = self.env["account.move"].with_context(default_move_type="out_invoice").create(values)
        self.message_post(body=self.env._("Tax invoice %s drafted.", invoice._get_html_link()))
        return invoice


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _oms_invoiced_quantity(self, counted):
        """Quantity of this line on the customer invoices ``counted(move)`` accepts, less their credit notes,
        in the line's unit."""
        self.ensure_one()
        quantity = 0.0
        for invoice_line in self.invoice_lines.filtered(lambda line: counted(line.move_id)):
            sign = -1 if invoice_line.move_id.move_type == "out_refund" else 1
            quantity += sign * invoice_line.product_uom_id._compute_quantity(
                invoice_line.quantity, self.product_uom
            )
        return quantity
