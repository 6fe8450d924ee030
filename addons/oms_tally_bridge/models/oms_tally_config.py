"""Per-company Tally Prime settings (admin only) and their translation into the core's config."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..oms_tally import TallyClient, TallyCompanyConfig
from ..oms_tally import masters as tally_masters


class OmsTallyConfig(models.Model):
    _name = "oms.tally.config"
    _description = "Tally Prime Settings"
    _rec_name = "company_name"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    active = fields.Boolean(default=True)
    auto_push = fields.Boolean(
        default=True, help="Queue a voucher when an order is confirmed or an invoice is posted."
    )
    host = fields.Char(required=True, default="127.0.0.1")
    port = fields.Integer(required=True, default=9000)
    timeout = fields.Float(default=30.0, help="Seconds to wait for Tally before retrying later.")
    company_name = fields.Char(
        string="Tally Company", required=True, help="Exactly as shown in Tally (Gateway of Tally)."
    )
    encoding = fields.Selection([("utf-8", "UTF-8"), ("utf-16", "UTF-16")], required=True, default="utf-8")
    batch_size = fields.Integer(default=100, required=True)
    party_group = fields.Char(required=True, default="Sundry Debtors")
    cgst_ledger = fields.Char(string="CGST Output Ledger", required=True, default="Output CGST")
    sgst_ledger = fields.Char(string="SGST Output Ledger", required=True, default="Output SGST")
    igst_ledger = fields.Char(string="IGST Output Ledger", required=True, default="Output IGST")
    cess_ledger = fields.Char(string="Cess Output Ledger", required=True, default="Output Cess")
    round_off_ledger = fields.Char(required=True, default="Round Off")
    sales_order_voucher_type = fields.Char(required=True, default="Sales Order")
    sales_voucher_type = fields.Char(required=True, default="Sales")
    credit_note_voucher_type = fields.Char(required=True, default="Credit Note")
    sales_ledger_ids = fields.One2many("oms.tally.sales.ledger", "config_id", string="Sales Ledgers")
    unit_ids = fields.One2many("oms.tally.unit", "config_id", string="Units")
    connection_status = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        ("company_unique", "unique(company_id)", "Each company has one set of Tally settings."),
        ("port_range", "CHECK(port > 0 AND port < 65536)", "The Tally port must be between 1 and 65535."),
        ("batch_positive", "CHECK(batch_size >= 1)", "The batch size must be at least 1."),
    ]

    @api.model
    def _oms_for_company(self, company, raise_if_missing=True):
        """Return the active settings of ``company`` (sudo: jobs of any user need them, read-only)."""
        config = self.sudo().search([("company_id", "=", company.id)], limit=1)
        if not config and raise_if_missing:
            raise UserError(
                self.env._(
                    "Tally Prime is not configured for %(company)s. An administrator sets it up under "
                    "Accounting > Configuration > Tally Prime.",
                    company=company.name,
                )
            )
        return config

    def _oms_core_config(self):
        """Return the plain TallyCompanyConfig the XML builders use."""
        self.ensure_one()
        try:
            return TallyCompanyConfig(
                company_name=self.company_name,
                party_group=self.party_group,
                sales_ledgers={line.gst_rate: line.ledger_name for line in self.sales_ledger_ids},
                cgst_ledger=self.cgst_ledger,
                sgst_ledger=self.sgst_ledger,
                igst_ledger=self.igst_ledger,
                cess_ledger=self.cess_ledger,
                round_off_ledger=self.round_off_ledger,
                units={line.uom_id.name: line.tally_unit for line in self.unit_ids},
                sales_order_voucher_type=self.sales_order_voucher_type,
                sales_voucher_type=self.sales_voucher_type,
                credit_note_voucher_type=self.credit_note_voucher_type,
                encoding=self.encoding,
                batch_size=self.batch_size,
            )
        except ValueError as error:
            raise UserError(str(error)) from None

    def _oms_voucher_types(self):
        """Names of the voucher types the bridge writes, for the period read-back."""
        self.ensure_one()
        return [self.sales_order_voucher_type, self.sales_voucher_type, self.credit_note_voucher_type]

    def _oms_client(self):
        self.ensure_one()
        return TallyClient(self.host, self.port, timeout=self.timeout or 30.0, encoding=self.encoding)

    def action_oms_test_connection(self):
        """Ask Tally for its loaded companies and tell the admin whether ours is among them."""
        self.ensure_one()
        check = self._oms_client().test_connection(self.company_name)
        self.connection_status = check.message
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Tally Prime"),
                "message": check.message,
                "type": "success" if check.ok else "danger",
                "sticky": not check.ok,
            },
        }

    def action_oms_push_masters(self):
        """Queue the company ledgers (sales, GST, round-off) and mapped units for Tally."""
        self.ensure_one()
        self.env["oms.tally.sync"]._oms_enqueue(self, "masters")
        return True

    def _oms_tally_master_elements(self, config, settings):
        """The company's own ledgers and every mapped unit (the 'Push masters' button)."""
        elements = self.env["oms.tally.mapper"]._oms_master_elements(config, settings, None, [])
        for line in settings.unit_ids:
            elements.append(tally_masters.build_unit(line.tally_unit, 0, line.uqc or ""))
        return elements
