"""What a computed GSTR-1 holds: each table's totals with the documents behind them, the refused documents
with their reasons, the HSN summary (table 12) and the documents issued (table 13)."""

from odoo import fields, models

SECTIONS = [
    ("b2b", "B2B: registered buyers (4A, 4B, 6B, 6C)"),
    ("b2cl", "B2C Large: inter-state above the limit (5)"),
    ("b2cs", "B2C Small (7)"),
    ("exp", "Exports (6A)"),
    ("cdnr", "Credit notes, registered (9B)"),
    ("cdnur", "Credit notes, unregistered (9B)"),
]
DOC_KINDS = [("1", "Invoices for outward supply"), ("4", "Debit Note"), ("5", "Credit Note")]


class OmsGstr1Amounts(models.AbstractModel):
    _name = "oms.gstr1.amounts"
    _description = "GSTR-1 Amounts"

    return_id = fields.Many2one("oms.gstr1.return", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="return_id.company_id")
    currency_id = fields.Many2one(related="return_id.company_id.currency_id")
    taxable = fields.Monetary(string="Taxable Value")
    igst = fields.Monetary(string="IGST")
    cgst = fields.Monetary(string="CGST")
    sgst = fields.Monetary(string="SGST")
    cess = fields.Monetary()


class OmsGstr1Section(models.Model):
    _name = "oms.gstr1.section"
    _inherit = "oms.gstr1.amounts"
    _description = "GSTR-1 Table"
    _order = "return_id, section"

    section = fields.Selection(SECTIONS, required=True)
    document_count = fields.Integer(string="Documents")
    einvoice_count = fields.Integer(
        string="E-Invoices", help="Documents with an IRN: the portal fills them in from the IRP."
    )
    value = fields.Monetary(string="Invoice Value")
    # The documents behind the table; a list of ids rather than a relation, because a month may hold tens of
    # thousands of them and they are only ever opened as a list.
    move_ids = fields.Json(readonly=True)

    def action_open_documents(self):
        self.ensure_one()
        moves = self.env["account.move"].browse(self.move_ids or [])
        return moves._get_records_action(
            name=self.env._("%(table)s of %(gstr1)s", table=self.section.upper(), gstr1=self.return_id.name)
        )


class OmsGstr1Refusal(models.Model):
    _name = "oms.gstr1.refusal"
    _description = "GSTR-1 Refused Document"
    _order = "return_id, id"

    return_id = fields.Many2one("oms.gstr1.return", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="return_id.company_id")
    move_id = fields.Many2one("account.move", string="Document", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", string="Customer")
    invoice_date = fields.Date(related="move_id.invoice_date")
    reasons = fields.Text(required=True)

    def action_open_document(self):
        self.ensure_one()
        return self.move_id._get_records_action()


class OmsGstr1Hsn(models.Model):
    _name = "oms.gstr1.hsn"
    _inherit = "oms.gstr1.amounts"
    _description = "GSTR-1 HSN Summary Row"
    _order = "return_id, table, hsn, rate"

    table = fields.Selection([("b2b", "B2B"), ("b2c", "B2C"), ("data", "All")], required=True)
    hsn = fields.Char(string="HSN/SAC", required=True)
    description = fields.Char()
    uqc = fields.Char(string="UQC")
    quantity = fields.Float(digits="Product Unit of Measure")
    rate = fields.Float(string="Rate (%)")


class OmsGstr1DocumentRange(models.Model):
    _name = "oms.gstr1.document.range"
    _description = "GSTR-1 Documents Issued"
    _order = "return_id, doc_kind, series"

    return_id = fields.Many2one("oms.gstr1.return", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="return_id.company_id")
    doc_kind = fields.Selection(DOC_KINDS, string="Document", required=True)
    series = fields.Char()
    first = fields.Char(string="From")
    last = fields.Char(string="To")
    total = fields.Integer(string="Issued")
    cancelled = fields.Integer()
    net_issued = fields.Integer(compute="_compute_net_issued")

    def _compute_net_issued(self):
        for document_range in self:
            document_range.net_issued = document_range.total - document_range.cancelled
