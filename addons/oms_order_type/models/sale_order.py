"""An order's type in the pipeline: the stages it leaves out, the warehouses it may ship from, and the type
fixed once the quotation has been sent (the type sets the price list, the terms and the stages)."""

from dataclasses import replace

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _oms_optional_stage_codes(self, company_id):
        codes = super()._oms_optional_stage_codes(company_id)
        # sudo: the pipeline is the same for every role; types are configuration read by the engine.
        order_types = (
            self.env["sale.order.type"]
            .sudo()
            .search([("company_id", "in", (False, company_id)), ("oms_skip_stage_ids", "!=", False)])
        )
        return codes | frozenset(order_types.oms_skip_stage_ids.mapped("code"))

    def _oms_order_facts(self):
        facts = super()._oms_order_facts()
        return replace(facts, left_out=frozenset(self.type_id.oms_skip_stage_ids.mapped("code")))

    # OCA's computes set the type from the customer, then the price list and the warehouse from the type,
    # whatever the order's state: a new customer on a sent quotation would change its type and price list
    # without anyone writing them (past the price-list lock), and a new salesperson on a confirmed order its
    # warehouse. Like Odoo's own computes, they apply while the order is a draft (the warehouse: until
    # confirmed); afterwards the values stay as quoted.
    def _compute_sale_type_id(self):
        return super(SaleOrder, self.filtered(lambda order: order.state == "draft"))._compute_sale_type_id()

    def _compute_pricelist_id(self):
        return super(SaleOrder, self.filtered(lambda order: order.state == "draft"))._compute_pricelist_id()

    def _compute_warehouse_id(self):
        open_orders = self.filtered(lambda order: order.state in ("draft", "sent"))
        return super(SaleOrder, open_orders)._compute_warehouse_id()

    @api.model_create_multi
    def create(self, vals_list):
        """An order made without a type (a distribution run, an import) takes its customer's type before
        OCA's create, which numbers an order from its type's sequence only when the type is in the values."""
        missing = [vals for vals in vals_list if not vals.get("type_id") and vals.get("partner_id")]
        # One recordset, so that the customers' types are read together (prefetch), not one by one.
        partners = {
            partner.id: partner
            for partner in self.env["res.partner"].browse({vals["partner_id"] for vals in missing})
        }
        for vals in missing:
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            partner = partners[vals["partner_id"]].with_company(company)
            sale_type = partner.sale_type or partner.commercial_partner_id.sale_type
            if sale_type:
                vals["type_id"] = sale_type.id
        for vals in vals_list:
            self._oms_number_from_type(vals)
        return super().create(vals_list)

    def _oms_number_from_type(self, vals):
        """Number the order from its type's sequence as Odoo numbers from its own: dated in the user's time
        zone (OCA's create dates it in UTC, so an order of 31 December 23:30 in India took next year's
        number; Odoo's test_sale_sequence shows it). OCA's create then leaves the name alone."""
        if vals.get("name", self.env._("New")) != self.env._("New") or not vals.get("type_id"):
            return
        sequence = self.env["sale.order.type"].browse(vals["type_id"]).sequence_id
        if not sequence:
            return
        date = fields.Datetime.to_datetime(vals["date_order"]) if vals.get("date_order") else None
        sequence_date = fields.Datetime.context_timestamp(self, date) if date else None
        vals["name"] = sequence.next_by_id(sequence_date=sequence_date)

    @api.constrains("type_id", "warehouse_id")
    def _check_oms_type_warehouse(self):
        for order in self:
            allowed = order.type_id.oms_warehouse_ids
            if allowed and order.warehouse_id and order.warehouse_id not in allowed:
                raise ValidationError(
                    self.env._(
                        "Orders of type %(type)s ship only from %(allowed)s, not from %(warehouse)s.",
                        type=order.type_id.name,
                        allowed=", ".join(allowed.mapped("name")),
                        warehouse=order.warehouse_id.name,
                    )
                )

    def write(self, vals):
        if "type_id" in vals and not self.env.su:
            fixed = self.filtered(
                lambda order: order.state != "draft" and order.type_id.id != vals["type_id"]
            )
            if fixed:
                raise UserError(
                    self.env._(
                        "The order type of %(orders)s cannot change once the quotation is sent: it set the "
                        "price list, the terms and the stages the customer was quoted. Cancel the order and "
                        "enter it again with the right type.",
                        orders=", ".join(fixed.mapped("name")),
                    )
                )
        return super().write(vals)
