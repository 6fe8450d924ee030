"""Reconciliation: read the period's vouchers back from Tally and list what is missing there, what
differs in amount, and what exists only in Tally (e.g. keyed in by an accountant)."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..oms_tally import ExpectedDocument, TallyError, reconcile
from ..oms_tally.xmlutil import money


class OmsTallyReconcileWizard(models.TransientModel):
    _name = "oms.tally.reconcile.wizard"
    _description = "Reconcile with Tally"

    date_from = fields.Date(required=True, default=lambda self: fields.Date.today().replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.today)
    summary = fields.Char(readonly=True)
    line_ids = fields.One2many("oms.tally.reconcile.line", "wizard_id", readonly=True)
    missing_count = fields.Integer(readonly=True)
    differing_count = fields.Integer(readonly=True)
    tally_only_count = fields.Integer(string="Only in Tally", readonly=True)
    matched_count = fields.Integer(readonly=True)

    def _oms_expected(self):
        company = [("company_id", "=", self.env.company.id)]
        orders = self.env["sale.order"].search(
            [
                *company,
                ("state", "=", "sale"),
                ("date_order", ">=", self.date_from),
                ("date_order", "<", fields.Date.add(self.date_to, days=1)),
            ]
        )
        moves = self.env["account.move"].search(
            [
                *company,
                ("state", "=", "posted"),
                ("move_type", "in", ["out_invoice", "out_refund"]),
                ("invoice_date", ">=", self.date_from),
                ("invoice_date", "<=", self.date_to),
            ]
        )
        Mapper = self.env["oms.tally.mapper"]
        return {Mapper._oms_remote_id(document): document for document in [*orders, *moves]}

    def action_reconcile(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("Enter a date range whose start is not after its end."))
        settings = self.env["oms.tally.config"]._oms_for_company(self.env.company)
        documents = self._oms_expected()
        expected = [
            ExpectedDocument(remote_id, document.name, money(document.amount_total))
            for remote_id, document in documents.items()
        ]
        try:
            # The whole period, not only the remote ids Odoo knows, so vouchers keyed in Tally show up.
            found = settings._oms_client().fetch_period(
                settings.company_name, self.date_from, self.date_to, settings._oms_voucher_types()
            )
        except (TallyError, ValueError) as error:
            raise UserError(
                self.env._("Could not read vouchers back from Tally: %(error)s", error=error)
            ) from None
        report = reconcile(expected, [record for record in found if not record.cancelled])
        lines = [
            self._oms_line("missing", documents[item.remote_id], item.amount, 0.0) for item in report.missing
        ] + [
            self._oms_line("differing", documents[item.remote_id], item.expected_amount, item.tally_amount)
            for item in report.differing
        ]
        lines += [self._oms_tally_only_line(record) for record in report.unknown]
        lines += self._oms_receivable_lines(settings)
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(values) for values in lines]
        self.write(
            {
                "summary": report.describe(),
                "missing_count": len(report.missing),
                "differing_count": len(report.differing),
                "tally_only_count": len(report.unknown),
                "matched_count": len(report.matched),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _oms_receivable_lines(self, settings):
        """Customers whose receivable differs between Odoo and Tally's outstanding bills (as last read back),
        and receipts read back from Tally that Odoo could not apply in full."""
        if not settings.pull_enabled or not settings.last_pull_at:
            return []  # nothing read back yet: no picture of Tally's receivables to compare
        company = self.env.company
        # sudo: the figures compared are Finance's; the wizard shows amounts only.
        bills = self.env["oms.tally.outstanding"].sudo().search([("company_id", "=", company.id)])
        tally = {}
        for bill in bills.filtered("partner_id"):
            tally[bill.partner_id] = tally.get(bill.partner_id, 0.0) + bill.amount
        receivables = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("partner_id", "!=", False),
                ],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        odoo = {}
        for partner, residual in receivables:
            commercial = partner.commercial_partner_id
            odoo[commercial] = odoo.get(commercial, 0.0) + residual
        currency = company.currency_id
        lines = [
            {
                "status": "receivable",
                "document_ref": f"res.partner,{partner.id}",
                "number": partner.display_name,
                "party": partner.name,
                "odoo_amount": odoo.get(partner, 0.0),
                "tally_amount": tally.get(partner, 0.0),
            }
            for partner in sorted(set(tally) | set(odoo), key=lambda partner: partner.display_name or "")
            if not currency.is_zero(odoo.get(partner, 0.0) - tally.get(partner, 0.0))
        ]
        settlements = (
            self.env["oms.tally.settlement"]
            .sudo()
            .search([("company_id", "=", company.id), ("state", "in", ("unmatched", "partial", "changed"))])
        )
        lines += [
            {
                "status": "receipt",
                "document_ref": f"oms.tally.settlement,{settlement.id}",
                "number": settlement.number,
                "voucher_type": settlement.voucher_type,
                "voucher_date": settlement.date,
                "party": settlement.party_ledger,
                "tally_amount": settlement.unmatched_amount
                if settlement.state != "changed"
                else settlement.amount,
            }
            for settlement in settlements
        ]
        return lines

    def _oms_line(self, status, document, odoo_amount, tally_amount):
        return {
            "status": status,
            "document_ref": f"{document._name},{document.id}",
            "number": document.name,
            "odoo_amount": float(odoo_amount),
            "tally_amount": float(tally_amount),
        }

    def _oms_tally_only_line(self, record):
        """A voucher Odoo does not expect in the period: keyed in Tally, or one of ours that Odoo has
        since cancelled or re-dated (then linked to its document)."""
        document = self.env["oms.tally.mapper"]._oms_document_of_remote_id(record.remote_id)
        return {
            "status": "tally_only",
            "document_ref": f"{document._name},{document.id}" if document else False,
            "number": record.number,
            "voucher_type": record.voucher_type,
            "voucher_date": record.date,
            "party": record.party_ledger,
            "tally_amount": float(record.amount),
        }


class OmsTallyReconcileLine(models.TransientModel):
    _name = "oms.tally.reconcile.line"
    _description = "Tally Reconciliation Line"

    wizard_id = fields.Many2one("oms.tally.reconcile.wizard", required=True, ondelete="cascade")
    status = fields.Selection(
        [
            ("missing", "Missing in Tally"),
            ("differing", "Different amount"),
            ("tally_only", "Only in Tally"),
            ("receivable", "Receivable differs"),
            ("receipt", "Tally receipt to check"),
        ],
        required=True,
    )
    document_ref = fields.Reference(
        [
            ("sale.order", "Sales Order"),
            ("account.move", "Invoice"),
            ("res.partner", "Customer"),
            ("oms.tally.settlement", "Tally Receipt"),
        ],
        string="Document",
    )
    number = fields.Char()
    voucher_type = fields.Char(string="Tally Voucher Type")
    voucher_date = fields.Date(string="Tally Date")
    party = fields.Char(string="Tally Party")
    odoo_amount = fields.Float()
    tally_amount = fields.Float()
