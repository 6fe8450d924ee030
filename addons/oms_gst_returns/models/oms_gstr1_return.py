"""A company's GSTR-1 for one month: computed from the posted documents on demand, exported as the GST
portal's offline-tool JSON once nothing in it would be refused."""

import base64
import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.oms_gst_india.oms_gst.gstr1 import AMOUNT_FIELDS, REFUSED, build
from odoo.addons.oms_gst_india.oms_gst.gstr1_json import HSN_SPLIT_FROM, gstr1_json, period_code
from odoo.addons.oms_gst_india.oms_gst.gstr1_summary import DOC_KINDS, document_ranges, hsn_rows

from .gstr1_source import read_period


class OmsGstr1Return(models.Model):
    _name = "oms.gstr1.return"
    _description = "GSTR-1 Return"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True, index=True
    )
    period_start = fields.Date(
        string="Month",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=1),
        help="The first day of the return's month (GSTR-1 is filed by the 11th of the next month).",
    )
    period_end = fields.Date(compute="_compute_period_end", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "Computed"), ("exported", "Exported")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    include_einvoices = fields.Boolean(
        string="Upload E-Invoices Too",
        help="The portal fills GSTR-1 with every e-invoice from the IRP by itself; leave this off unless the "
        "portal is missing some of them. The HSN and documents summaries always count them.",
    )
    computed_at = fields.Datetime(readonly=True)
    section_ids = fields.One2many("oms.gstr1.section", "return_id", readonly=True)
    refusal_ids = fields.One2many("oms.gstr1.refusal", "return_id", readonly=True)
    hsn_ids = fields.One2many("oms.gstr1.hsn", "return_id", readonly=True)
    document_range_ids = fields.One2many("oms.gstr1.document.range", "return_id", readonly=True)
    refusal_count = fields.Integer(compute="_compute_refusal_count")
    portal_file = fields.Binary(attachment=True, readonly=True, copy=False)
    portal_filename = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        (
            "period_unique",
            "unique(company_id, period_start)",
            "This company already has a GSTR-1 for that month.",
        ),
    ]

    @api.depends("period_start", "company_id")
    def _compute_name(self):
        for gstr1 in self:
            month = gstr1.period_start.strftime("%m/%Y") if gstr1.period_start else ""
            gstr1.name = self.env._("GSTR-1 %(month)s", month=month)

    @api.depends("period_start")
    def _compute_period_end(self):
        for gstr1 in self:
            start = gstr1.period_start
            gstr1.period_end = start and start + relativedelta(day=31)

    @api.depends("refusal_ids")
    def _compute_refusal_count(self):
        for gstr1 in self:
            gstr1.refusal_count = len(gstr1.refusal_ids)

    @api.constrains("period_start")
    def _check_period_start(self):
        for gstr1 in self:
            if gstr1.period_start.day != 1:
                raise ValidationError(self.env._("A GSTR-1 covers a calendar month: start it on the 1st."))

    def _oms_check_company(self):
        company = self.company_id
        if not company.vat or not company.state_id.l10n_in_tin:
            raise UserError(
                self.env._(
                    "%(company)s needs its GSTIN and its state before a GSTR-1 can be made.",
                    company=company.name,
                )
            )

    def _oms_build(self):
        """Read the month and classify it: (Gstr1, issued numbers)."""
        self.ensure_one()
        self._oms_check_company()
        documents, issued = read_period(self.env, self.company_id, self.period_start, self.period_end)
        sandbox = self.company_id.oms_gstin_sandbox
        hsn_length = int(self.company_id.l10n_in_hsn_code_digit or 4)
        return build(documents, hsn_length=hsn_length, sandbox=sandbox), issued

    def action_compute(self):
        """Compute the tables, the summaries and what would be refused, from the month's posted documents."""
        self.env["account.move"].check_access("read")
        for gstr1 in self:
            gstr1._oms_store(*gstr1._oms_build())
            gstr1.message_post(body=gstr1._oms_summary_message())
        return True

    def action_export(self):
        """Compute again (documents may have been posted since) and write the portal's JSON, which is kept on
        the return and in its chatter. Refused while any document would be refused by the portal."""
        self.ensure_one()
        self.env["account.move"].check_access("read")
        gstr1, issued = self._oms_build()
        self._oms_store(gstr1, issued)
        if gstr1.refused:
            numbers = ", ".join(placement.document.number for placement in gstr1.refused[:10])
            raise UserError(
                self.env._(
                    "%(count)s document(s) would be refused by the GST portal (%(numbers)s). Correct them, or "
                    "credit and re-issue them, then export again; the Refused tab says why each one fails.",
                    count=len(gstr1.refused),
                    numbers=numbers,
                )
            )
        portal = gstr1_json(
            gstr1,
            self.company_id.vat.upper(),
            self.period_start,
            issued,
            include_einvoices=self.include_einvoices,
        )
        # Compact: the portal does not need it indented, and indenting falls back to Python's slow encoder.
        content = json.dumps(portal, ensure_ascii=False, separators=(",", ":")).encode()
        filename = f"GSTR1_{self.company_id.vat.upper()}_{period_code(self.period_start)}.json"
        self.write(
            {"portal_file": base64.b64encode(content), "portal_filename": filename, "state": "exported"}
        )
        self.message_post(
            body=self.env._("Exported for the GST portal: %(summary)s", summary=self._oms_summary_message()),
            attachments=[(filename, content)],
        )
        return True

    def _oms_store(self, gstr1, issued):
        # sudo: the tables are Compute's output, read-only to everyone; Finance made the return and reads them.
        for lines in (self.section_ids, self.refusal_ids, self.hsn_ids, self.document_range_ids):
            lines.sudo().unlink()
        moves_by_section = {}
        for placement in gstr1.placements:
            moves_by_section.setdefault(placement.section, []).append(placement)
        sections = []
        for code, total in gstr1.totals().items():
            if code == REFUSED:
                continue
            placements = moves_by_section[code]
            values = {name: float(getattr(total, name)) for name in AMOUNT_FIELDS}
            sections.append(
                {
                    "return_id": self.id,
                    "section": code,
                    "document_count": total.count,
                    "einvoice_count": sum(1 for placement in placements if placement.document.irn),
                    "value": float(total.value),
                    "move_ids": [placement.document.key for placement in placements],
                    **values,
                }
            )
        self.env["oms.gstr1.section"].sudo().create(sections)
        self.env["oms.gstr1.refusal"].sudo().create(
            [
                {
                    "return_id": self.id,
                    "move_id": placement.document.key,
                    "reasons": "\n".join(placement.reasons),
                }
                for placement in gstr1.refused
            ]
        )
        self.env["oms.gstr1.hsn"].sudo().create(
            [
                {
                    "return_id": self.id,
                    "table": row.table,
                    "hsn": row.hsn,
                    "description": row.description,
                    "uqc": row.uqc,
                    "rate": float(row.rate),
                    "quantity": float(row.quantity),
                    **{name: float(getattr(row, name)) for name in AMOUNT_FIELDS},
                }
                for row in hsn_rows(gstr1, split=self.period_start >= HSN_SPLIT_FROM)
            ]
        )
        self.env["oms.gstr1.document.range"].sudo().create(
            [
                {
                    "return_id": self.id,
                    "doc_kind": str(DOC_KINDS[document_range.doc_type][0]),
                    "series": document_range.series,
                    "first": document_range.first,
                    "last": document_range.last,
                    "total": document_range.total,
                    "cancelled": document_range.cancelled,
                }
                for document_range in document_ranges(issued)
            ]
        )
        self.write({"state": "computed", "computed_at": fields.Datetime.now()})

    def _oms_summary_message(self):
        self.ensure_one()
        sections = ", ".join(
            f"{section.section.upper()} {section.document_count}"
            for section in self.section_ids.sorted("section")
        )
        return self.env._(
            "%(sections)s document(s); %(refused)s would be refused.",
            sections=sections or self.env._("no"),
            refused=len(self.refusal_ids),
        )

    def action_open_refusals(self):
        self.ensure_one()
        return self.refusal_ids.move_id._get_records_action(name=self.env._("Refused by the portal"))

    @api.model
    def _oms_demo_returns(self, months=1):
        """The demo company's GSTR-1 of this month and the ``months - 1`` before it, computed; the past months
        are exported when nothing in them would be refused. Idempotent: Odoo loads demo data again on upgrade."""
        company = self.env.ref("oms_handover.company_oms_demo", raise_if_not_found=False)
        if not company or not company.vat or not company.state_id.l10n_in_tin:
            return self.browse()
        this_month = fields.Date.context_today(self).replace(day=1)
        returns = self.browse()
        for back in range(months):
            start = this_month - relativedelta(months=back)
            gstr1 = self.search([("company_id", "=", company.id), ("period_start", "=", start)])
            gstr1 = gstr1 or self.with_company(company).create(
                {"company_id": company.id, "period_start": start}
            )
            gstr1.with_company(company).action_compute()
            if start < this_month and not gstr1.refusal_ids:
                gstr1.with_company(company).action_export()
            returns |= gstr1
        return returns
