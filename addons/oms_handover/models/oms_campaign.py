"""Campaign codes on order lines: a promotion or scheme that applies only between two dates.

A line may name a campaign only when its order's date falls within the campaign's window, and an order
whose campaign has ended by the day it is confirmed is refused until the line is changed: a scheme that
is over cannot be granted afterwards. Sales Analysis groups and filters by campaign code (a column of
``sale.report``), and a campaign's form opens its sales.

Not Odoo's ``utm.campaign``: that one says where an order came from (marketing attribution, one per order,
no dates); a campaign code is a trade scheme granted per line, and only while it runs.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OmsCampaign(models.Model):
    _name = "oms.campaign"
    _description = "Campaign Code"
    _inherit = ["mail.thread"]
    _order = "date_from desc, code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, tracking=True, help="What sales key on the line, e.g. DIWALI25.")
    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    date_from = fields.Date(string="Valid From", required=True, tracking=True)
    date_to = fields.Date(string="Valid To", required=True, tracking=True)
    active = fields.Boolean(default=True)
    note = fields.Html()

    _sql_constraints = [
        ("code_company_unique", "UNIQUE(code, company_id)", "A campaign code is used once per company."),
        ("window_order", "CHECK(date_from <= date_to)", "A campaign ends on or after the day it starts."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for campaign in self:
            campaign.display_name = f"[{campaign.code}] {campaign.name}" if campaign.code else campaign.name

    def _oms_valid_on(self, day):
        self.ensure_one()
        return self.date_from <= day <= self.date_to

    def action_view_sales(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_order_report_all")
        action["domain"] = [("oms_campaign_id", "=", self.id)]
        action["context"] = {"group_by": ["date:month"], "search_default_Sales": 1}
        return action


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_campaign_id = fields.Many2one(
        "oms.campaign",
        string="Campaign Code",
        check_company=True,
        index="btree_not_null",
        domain="[('company_id', 'in', (False, company_id))]",
    )

    @api.constrains("oms_campaign_id")
    def _check_oms_campaign_window(self):
        for line in self.filtered("oms_campaign_id"):
            day = fields.Date.to_date(line.order_id.date_order or fields.Datetime.now())
            if not line.oms_campaign_id._oms_valid_on(day):
                raise ValidationError(line._oms_campaign_refusal(day))

    def _oms_campaign_refusal(self, day):
        campaign = self.oms_campaign_id
        return self.env._(
            "Campaign %(campaign)s runs from %(start)s to %(end)s; %(order)s is dated %(day)s.",
            campaign=campaign.display_name,
            start=campaign.date_from,
            end=campaign.date_to,
            order=self.order_id.name,
            day=day,
        )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        today = fields.Date.context_today(self)
        for line in self.order_line.filtered("oms_campaign_id"):
            if not line.oms_campaign_id._oms_valid_on(today):
                raise ValidationError(line._oms_campaign_refusal(today))
        return super().action_confirm()


class SaleReport(models.Model):
    _inherit = "sale.report"

    oms_campaign_id = fields.Many2one("oms.campaign", string="Campaign Code", readonly=True)

    def _select_additional_fields(self):
        fields_sql = super()._select_additional_fields()
        fields_sql["oms_campaign_id"] = "l.oms_campaign_id"
        return fields_sql

    def _group_by_sale(self):
        return super()._group_by_sale() + ", l.oms_campaign_id"
