"""GST on the order: place of supply (stored, overridable by Finance) picks l10n_in's fiscal position."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE

from ..oms_gst.tax_split import EXPORT_STATE_CODE, decide_supply, place_of_supply_for_goods

ZERO_RATED_TREATMENTS = ("special_economic_zone", "overseas")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_place_of_supply_id = fields.Many2one(
        "res.country.state",
        string="Place of Supply",
        compute="_compute_oms_place_of_supply_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Where the goods' movement ends (the bill-to state for bill-to/ship-to orders); decides "
        "CGST+SGST or IGST. Only Finance may override it.",
    )
    oms_supply_kind = fields.Selection(
        [("intra", "Intra-State (CGST + SGST)"), ("inter", "Inter-State (IGST)")],
        string="Supply",
        compute="_compute_oms_supply_kind",
    )
    oms_commercial_invoice_ids = fields.One2many(
        "oms.commercial.invoice",
        "order_id",
        string="Commercial Invoices",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    oms_commercial_invoice_count = fields.Integer(compute="_compute_oms_commercial_invoice_count")
    oms_is_finance = fields.Boolean(compute="_compute_oms_is_finance")

    def _oms_is_indian(self):
        return self.company_id.country_code == "IN"

    @api.depends("partner_id", "partner_shipping_id", "company_id")
    def _compute_oms_place_of_supply_id(self):
        for order in self:
            if not order._oms_is_indian() or not order.partner_id:
                order.oms_place_of_supply_id = False
                continue
            bill_to = order.partner_id.commercial_partner_id
            ship_to = order.partner_shipping_id or order.partner_id
            bill_state = order.partner_id.state_id or bill_to.state_id or order.company_id.state_id
            ship_state = ship_to.state_id
            # Same rule as l10n_in: bill-to/ship-to (another company receives the goods) → bill-to state.
            third_party = ship_to.commercial_partner_id != bill_to
            if not (bill_state or ship_state):
                order.oms_place_of_supply_id = False
                continue
            state = bill_state if (third_party or not ship_state) else ship_state
            if state.country_id.code != "IN" or not state.l10n_in_tin:
                other_country = self.env.ref("l10n_in.state_in_oc", raise_if_not_found=False)
                order.oms_place_of_supply_id = other_country if state.country_id.code != "IN" else state
                continue
            # oms_gst's rule for goods: where the movement ends, or the bill-to state for bill-to/ship-to.
            code = place_of_supply_for_goods(bill_state.l10n_in_tin, ship_state.l10n_in_tin, third_party)
            order.oms_place_of_supply_id = bill_state if code == bill_state.l10n_in_tin else ship_state

    @api.depends("oms_place_of_supply_id", "l10n_in_gst_treatment", "company_id")
    def _compute_oms_supply_kind(self):
        for order in self:
            decision = order._oms_supply_decision()
            order.oms_supply_kind = decision.supply_kind if decision else False

    def _compute_oms_is_finance(self):
        self.oms_is_finance = self.env.user.has_group(GROUP_FINANCE)

    def _compute_oms_commercial_invoice_count(self):
        # A count on an order the user reads: Odoo's invoicing and inventory users read orders without
        # reading its proforma invoices (a field of the salespeople's).
        counts = dict(
            self.env["oms.commercial.invoice"]
            .sudo()
            ._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.oms_commercial_invoice_count = counts.get(order, 0)

    def _oms_supply_decision(self):
        """oms_gst.tax_split's decision for this order, or None (not Indian, states missing)."""
        self.ensure_one()
        supplier = self.company_id.state_id.l10n_in_tin
        if not self._oms_is_indian() or not supplier or not self.l10n_in_gst_treatment:
            return None
        place = self.oms_place_of_supply_id.l10n_in_tin or EXPORT_STATE_CODE
        try:
            return decide_supply(supplier, place, self.l10n_in_gst_treatment, lut=self.company_id.oms_gst_lut)
        except ValueError:
            return None

    @api.depends("oms_place_of_supply_id", "company_id.oms_gst_lut")
    def _compute_fiscal_position_id(self):
        result = super()._compute_fiscal_position_id()
        ChartTemplate = self.env["account.chart.template"]
        for order in self:
            if (
                not order._oms_is_indian()
                or order.partner_shipping_id.property_account_position_id
                or order.partner_id.property_account_position_id
            ):
                continue  # a partner's own fiscal position wins, as in l10n_in
            delivery_state = (order.partner_shipping_id or order.partner_id).state_id
            if (
                order.oms_place_of_supply_id == delivery_state
                and order.l10n_in_gst_treatment not in ZERO_RATED_TREATMENTS
            ):
                continue  # l10n_in already chose by the delivery state, which is the place of supply
            decision = order._oms_supply_decision()
            if decision is None:
                continue
            templates = ChartTemplate.with_company(order.company_id)
            if order.l10n_in_gst_treatment in ZERO_RATED_TREATMENTS:
                xmlid = (
                    "fiscal_position_in_lut_sez"
                    if decision.tax_kind == "zero_rated"
                    else ("fiscal_position_in_export_sez_in")
                )
                position = templates.ref(xmlid, raise_if_not_found=False)
            else:
                # l10n_in's auto-applied intra/inter positions, chosen by the place of supply.
                virtual_partner = self.env["res.partner"].new(
                    {"state_id": order.oms_place_of_supply_id.id, "country_id": self.env.ref("base.in").id}
                )
                position = (
                    self.env["account.fiscal.position"]
                    .with_company(order.company_id)
                    ._get_fiscal_position(virtual_partner)
                )
            if position:
                order.fiscal_position_id = position
        return result

    # ----- Finance alone overrides the place of supply -----

    def _oms_check_place_of_supply_override(self, vals_list):
        if self.env.su or self.env.user.has_group(GROUP_FINANCE):
            return
        if any(vals.get("oms_place_of_supply_id") for vals in vals_list):
            raise AccessError(self.env._("Only Finance may change the place of supply of an order."))

    @api.model_create_multi
    def create(self, vals_list):
        self._oms_check_place_of_supply_override(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "oms_place_of_supply_id" not in vals:
            return super().write(vals)
        changed = self.filtered(
            lambda order: order.oms_place_of_supply_id.id != vals["oms_place_of_supply_id"]
        )
        if changed:
            changed._oms_check_place_of_supply_override([vals])
        result = super().write(vals)
        # The fiscal position followed the place of supply: the lines' taxes follow it too, while no
        # tax invoice has been made from them.
        for order in changed:
            if order.invoice_ids.filtered(lambda move: move.state == "posted"):
                raise UserError(
                    self.env._(
                        "Order %(order)s already has a posted invoice: its place of supply cannot change.",
                        order=order.name,
                    )
                )
            order._recompute_taxes()
        return result

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self._oms_is_indian() and self.oms_place_of_supply_id:
            values["l10n_in_state_id"] = self.oms_place_of_supply_id.id
        return values

    # ----- commercial invoice -----

    def action_oms_create_commercial_invoice(self):
        """Generate the commercial (proforma) invoice from the order's lines, customer and terms."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(self.env._("Only Finance may create commercial invoices."))
        if self.state != "sale":
            raise UserError(self.env._("Confirm order %(order)s first.", order=self.name))
        open_ones = self.oms_commercial_invoice_ids.filtered(lambda invoice: invoice.state != "cancelled")
        invoice = open_ones[:1] or self.env["oms.commercial.invoice"].create(
            self.env["oms.commercial.invoice"]._oms_values_from_order(self)
        )
        return self.action_oms_view_commercial_invoices(invoice)

    def action_oms_view_commercial_invoices(self, invoices=None):
        invoices = invoices or self.oms_commercial_invoice_ids
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_gst_india.action_oms_commercial_invoice")
        if len(invoices) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": invoices.id})
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        return action

    def _action_cancel(self):
        # Cancelling the order voids its commercial invoices not yet paid (ARCHITECTURE.md, Cancel).
        self.oms_commercial_invoice_ids.sudo()._oms_void()
        return super()._action_cancel()
